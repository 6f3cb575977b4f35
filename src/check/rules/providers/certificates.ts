/**
 * What the SAML certificate checks share: reading a certificate or key the way
 * ruby-saml does (a PEM pasted on one line or without its BEGIN/END lines is
 * accepted: ruby-saml re-wraps the base64), and pointing at the certificate's
 * first line when it sits in a heredoc or block scalar.
 *
 * node:crypto is loaded only when a file has a certificate to check
 * (`process.getBuiltinModule`, synchronous like the checks): validating a file
 * without one never pays for it.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { ConfigValue } from '../../../model/types.js';
import type { SourceRange } from '../../../text/source-text.js';

type Crypto = typeof import('node:crypto');

function crypto(): Crypto {
  return process.getBuiltinModule('node:crypto');
}

/** ruby-saml's format_cert: the base64 body re-wrapped as PEM; null when there is no base64 body. */
export function normalizedPem(text: string): string | null {
  const body = text.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (body === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return null;
  return `-----BEGIN CERTIFICATE-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----\n`;
}

export function parseCertificate(text: string): X509Certificate | null {
  const pem = normalizedPem(text);
  if (pem === null) return null;
  try {
    return new (crypto().X509Certificate)(pem);
  } catch {
    return null;
  }
}

export function parsePrivateKey(text: string): KeyObject | null {
  try {
    return crypto().createPrivateKey(text.trim().includes('-----BEGIN') ? text : `-----BEGIN PRIVATE KEY-----\n${text.replace(/\s+/g, '')}\n-----END PRIVATE KEY-----\n`);
  } catch {
    return null;
  }
}

/** `AB:CD:...` digest of the certificate's DER. */
export function certificateFingerprint(cert: X509Certificate, algorithm: string): string {
  const hex = crypto().createHash(algorithm).update(cert.raw).digest('hex').toUpperCase();
  return hex.match(/../g)?.join(':') ?? '';
}

/**
 * Where a finding about a multi-line certificate goes: its first line. In a
 * heredoc (`<<~CERT`) or block scalar (`|`) the value's range starts at the
 * opener, and the text begins on the next line; a value that spans as many
 * lines as its text has line breaks opened on a line of its own.
 */
export function certificateRange(value: ConfigValue & { value: string }): SourceRange {
  const range = value.range;
  const breaks = value.value.split('\n').length - 1;
  if (breaks === 0 || range.end.line - range.start.line < breaks) return range;
  const line = range.start.line + 1;
  const position = { line, column: 1, offset: range.start.offset };
  return { start: position, end: position };
}
