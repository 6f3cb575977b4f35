/**
 * The SAML certificate checks with real certificates (made by openssl):
 * saml-certificate (unparsable, expired, not yet valid, expiring),
 * saml-fingerprint-mismatch, saml-key-pair, and the SHA-1 note; each finding
 * at the certificate's own line inside a heredoc or block scalar.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { validateText } from '../../../src/validate.js';
import { makeCertificate, opensslFingerprint, type TestCertificate } from '../../support/certs.js';
import { oracleAvailable } from '../../support/oracle.js';

let idp: TestCertificate;
let sp: TestCertificate;
let other: TestCertificate;

const indent = (text: string, pad: string): string => text.trimEnd().split('\n').map((l) => pad + l).join('\n');

/** A gitlab.rb with one SAML provider; `extra` entries (each with its comma) go into args. Line 9 is the certificate's first line. */
function gitlabRb(cert: string, extra: string[] = []): string {
  return `external_url 'https://gitlab.corp.test'
gitlab_rails['omniauth_providers'] = [
  {
    name: 'saml',
    label: 'Corp',
    args: {
      assertion_consumer_service_url: 'https://gitlab.corp.test/users/auth/saml/callback',
      idp_cert: <<~CERT,
${indent(cert, '        ')}
      CERT
      idp_sso_target_url: 'https://idp.corp.test/sso',
      issuer: 'https://gitlab.corp.test',
${extra.map((l) => `      ${l}`).join('\n')}
      name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'
    }
  }
]
`;
}

function gitlabYml(cert: string): string {
  return `production:
  gitlab:
    host: gitlab.corp.test
    https: true
  omniauth:
    providers:
      - name: saml
        label: Corp
        args:
          assertion_consumer_service_url: https://gitlab.corp.test/users/auth/saml/callback
          idp_cert: |
${indent(cert, '            ')}
          idp_sso_target_url: https://idp.corp.test/sso
          issuer: https://gitlab.corp.test
`;
}

/** 1-based line of the first line holding `needle`. */
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function findings(text: string, file = 'gitlab.rb', options: { certExpiryDays?: number } = {}): Promise<string[]> {
  const { diagnostics } = await validateText(text, { file, ...options });
  return diagnostics.filter((d) => d.rule.startsWith('saml-')).map((d) => `${d.range?.start.line}: ${d.severity} ${d.rule} ${d.message}`);
}

describe.runIf(oracleAvailable('openssl'))('SAML certificate checks', () => {
  beforeAll(() => {
    idp = makeCertificate('idp.corp.test', { days: 365 });
    sp = makeCertificate('gitlab.corp.test', { days: 365 });
    other = makeCertificate('other', { days: 365 });
  });
  afterEach(() => void vi.useRealTimers());

  it('a valid certificate: nothing to report, in either format', async () => {
    expect(await findings(gitlabRb(idp.pem))).toEqual([]);
    expect(await findings(gitlabYml(idp.pem), 'gitlab.yml')).toEqual([]);
  });

  it('pasted on one line or without BEGIN/END lines, as ruby-saml accepts it', async () => {
    expect(await findings(gitlabRb(idp.base64))).toEqual([]);
    expect(await findings(gitlabRb(`-----BEGIN CERTIFICATE-----${idp.base64}-----END CERTIFICATE-----`))).toEqual([]);
  });

  it('unparsable: at its line in the heredoc and in the block scalar', async () => {
    const broken = idp.pem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
    expect(await findings(gitlabRb(broken))).toEqual(['9: error saml-certificate idp_cert is not an X.509 certificate GitLab can read']);
    expect(await findings(gitlabYml(broken), 'gitlab.yml')).toEqual(['12: error saml-certificate idp_cert is not an X.509 certificate GitLab can read']);
  });

  it('expired, not yet valid, expiring (with --cert-expiry-days)', async () => {
    const text = gitlabRb(idp.pem);
    const now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now + 400 * 86_400_000);
    expect(await findings(text)).toEqual([expect.stringMatching(/^9: error saml-certificate idp_cert \(CN=idp\.corp\.test\) expired on \d{4}-\d\d-\d\d$/)]);
    vi.setSystemTime(now - 1 * 86_400_000);
    expect(await findings(text)).toEqual([expect.stringMatching(/^9: error saml-certificate idp_cert \(CN=idp\.corp\.test\) is not valid before /)]);
    vi.setSystemTime(now + 350 * 86_400_000);
    expect(await findings(text)).toEqual([expect.stringMatching(/^9: warning saml-certificate idp_cert \(CN=idp\.corp\.test\) expires on .*, in (14|15) days$/)]);
    expect(await findings(text, 'gitlab.rb', { certExpiryDays: 7 })).toEqual([]);
  });

  it('a fingerprint of another certificate, and the SHA-1 note', async () => {
    const text = gitlabRb(idp.pem, [`idp_cert_fingerprint: '${opensslFingerprint(other)}',`]);
    const line = lineOf(text, 'idp_cert_fingerprint');
    const sha256 = await findings(text);
    expect(sha256).toEqual([expect.stringMatching(new RegExp(`^${line}: error saml-fingerprint-mismatch idp_cert_fingerprint is not the SHA256 fingerprint of idp_cert \\(([0-9A-F]{2}:){31}[0-9A-F]{2}\\): GitLab checks responses against idp_cert_fingerprint`))]);
    expect(await findings(gitlabRb(idp.pem, [`idp_cert_fingerprint: '${opensslFingerprint(idp)}',`]))).toEqual([]);
    expect(await findings(gitlabRb(idp.pem, [`idp_cert_fingerprint: '${opensslFingerprint(idp, 'sha1')}',`]))).toEqual([
      `${line}: info saml-fingerprint-format idp_cert_fingerprint is a SHA-1 fingerprint: SHA-256 is recommended (or the whole certificate as idp_cert)`,
    ]);
  });

  it('SP certificate and private key: a pair, not a pair, not a key', async () => {
    const heredoc = (tag: string, text: string): string => `<<~${tag},\n${indent(text, '        ')}\n      ${tag}`;
    const pair = [`certificate: ${heredoc('CERT', sp.pem)}`, `private_key: ${heredoc('KEY', sp.keyPem)}`];
    expect(await findings(gitlabRb(idp.pem, pair))).toEqual([]);
    const mismatched = gitlabRb(idp.pem, [`certificate: ${heredoc('CERT', sp.pem)}`, `private_key: ${heredoc('KEY', other.keyPem)}`]);
    expect(await findings(mismatched)).toEqual([`${lineOf(mismatched, 'BEGIN PRIVATE KEY')}: error saml-key-pair private_key does not belong to certificate (CN=gitlab.corp.test)`]);
    const notKey = gitlabRb(idp.pem, [`private_key: 'not a key',`]);
    expect(await findings(notKey)).toEqual([`${lineOf(notKey, 'private_key')}: error saml-key-pair private_key is not a private key GitLab can read (PEM, PKCS#8 or PKCS#1)`]);
  });
});
