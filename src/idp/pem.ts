/**
 * Certificates as identity providers publish them (base64 DER inside
 * `<ds:X509Certificate>`, often wrapped and indented) and as GitLab takes them:
 * PEM, 64 characters a line, with a trailing newline.
 */
import { createHash } from 'node:crypto';

/** The base64 body of a certificate, whitespace removed; null when it is not base64. */
export function base64Body(text: string): string | null {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return body !== '' && /^[A-Za-z0-9+/]+={0,2}$/.test(body) ? body : null;
}

export function pemCertificate(base64: string): string {
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** `AB:CD:...`, upper case, as `openssl x509 -fingerprint -sha256` prints it. */
export function fingerprint(base64: string, algorithm: 'sha1' | 'sha256'): string {
  const hex = createHash(algorithm).update(Buffer.from(base64, 'base64')).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

/** The XML Signature URI of a digest, as ruby-saml's idp_cert_fingerprint_algorithm takes it. */
export const SHA256_ALGORITHM_URI = 'http://www.w3.org/2001/04/xmlenc#sha256';
