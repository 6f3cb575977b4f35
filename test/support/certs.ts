/**
 * Certificates made for the tests with openssl (an oracle: its fingerprint
 * output is what users compare with). EC keys: fast to generate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  pem: string;
  /** The base64 body on one line, as metadata carries it. */
  base64: string;
  keyPem: string;
  certFile: string;
  keyFile: string;
}

let dir: string | undefined;
let count = 0;

export function certificateDir(): string {
  dir ??= mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-certs-'));
  return dir;
}

/** A certificate for `cn`, valid for `days` from now: self-signed, or signed by `ca` (a TLS server's). */
export function makeCertificate(cn: string, options: { days?: number; san?: string; ca?: TestCertificate } = {}): TestCertificate {
  const base = path.join(certificateDir(), `cert-${++count}`);
  const keyFile = `${base}.key`;
  const certFile = `${base}.pem`;
  const days = String(options.days ?? 365);
  execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-out', keyFile], { stdio: 'pipe' });
  if (options.ca) {
    const csr = `${base}.csr`;
    const ext = `${base}.ext`;
    writeFileSync(ext, `basicConstraints=CA:FALSE\n${options.san ? `subjectAltName=${options.san}\n` : ''}`);
    execFileSync('openssl', ['req', '-new', '-key', keyFile, '-subj', `/CN=${cn}`, '-out', csr], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', options.ca.certFile, '-CAkey', options.ca.keyFile, '-days', days, '-extfile', ext, '-out', certFile], { stdio: 'pipe' });
  } else {
    execFileSync('openssl', ['req', '-x509', '-key', keyFile, '-subj', `/CN=${cn}`, '-days', days, ...(options.san ? ['-addext', `subjectAltName=${options.san}`] : []), '-out', certFile], { stdio: 'pipe' });
  }
  const pem = readFileSync(certFile, 'utf8');
  return { pem, base64: pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), keyPem: readFileSync(keyFile, 'utf8'), certFile, keyFile };
}

/** `AB:CD:...` as `openssl x509 -fingerprint -sha256` prints it. */
export function opensslFingerprint(cert: TestCertificate, algorithm: 'sha1' | 'sha256' = 'sha256'): string {
  const out = execFileSync('openssl', ['x509', '-in', cert.certFile, '-noout', '-fingerprint', `-${algorithm}`], { encoding: 'utf8' });
  return out.trim().replace(/^.*=/, '');
}
