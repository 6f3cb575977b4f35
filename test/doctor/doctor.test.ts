/**
 * `doctor` against real servers on 127.0.0.1 only: a certified OpenID
 * Provider (the oidc-provider package) and a Node HTTPS server serving SAML
 * metadata, both with certificates made for the test; plus DNS failure (a
 * name under .invalid), TLS failure, timeout and a wrong issuer.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor } from '../../src/doctor/doctor.js';
import { readConfig } from '../../src/read/index.js';
import { runInProcess } from '../support/cli.js';
import { certificateDir, makeCertificate, type TestCertificate } from '../support/certs.js';
import { oracleAvailable } from '../support/oracle.js';

let ca: TestCertificate;
let idpCert: TestCertificate;
let rotated: TestCertificate;
let oidc: Server;
let saml: Server;
let silent: Server;
let oidcBase: string;
let samlBase: string;
let silentBase: string;
let caFile: string;

const listen = (s: Server): Promise<string> => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(`https://127.0.0.1:${(s.address() as AddressInfo).port}`)));

function metadata(cert: TestCertificate): string {
  const template = readFileSync(fileURLToPath(new URL('../../fixtures/idp/keycloak.xml', import.meta.url)), 'utf8');
  return template.replaceAll('@SIGNING_CERT@', cert.base64).replaceAll('https://keycloak.corp.test', samlBase);
}

function gitlabRb(issuer: string, options: { redirect?: string } = {}): string {
  return `external_url 'https://gitlab.corp.test'
gitlab_rails['omniauth_providers'] = [
  { name: 'openid_connect', label: 'Corp', args: { name: 'openid_connect', issuer: '${issuer}', discovery: true,
    client_options: { identifier: 'gitlab', secret: ENV['S'], redirect_uri: '${options.redirect ?? 'https://gitlab.corp.test/users/auth/openid_connect/callback'}' } } },
  { name: 'saml', label: 'Corp SSO', args: { idp_sso_target_url: '${samlBase}/realms/corp/protocol/saml', issuer: 'https://gitlab.corp.test',
    assertion_consumer_service_url: 'https://gitlab.corp.test/users/auth/saml/callback', idp_cert: '${idpCert.base64}' } },
  { name: 'gitlab', app_id: 'a', app_secret: ENV['G'], args: { client_options: { site: '${samlBase}' } } },
  { name: 'twitter', app_id: 'a', app_secret: ENV['T'] }
]
`;
}

function file(name: string, text: string): string {
  const target = path.join(certificateDir(), name);
  writeFileSync(target, text);
  return target;
}

describe.runIf(oracleAvailable('openssl'))('doctor', () => {
  beforeAll(async () => {
    ca = makeCertificate('doctor test CA');
    idpCert = makeCertificate('idp signing');
    rotated = makeCertificate('idp signing, rotated');
    const leaf = makeCertificate('127.0.0.1', { ca, san: 'IP:127.0.0.1' });
    caFile = file('doctor-ca.pem', ca.pem);
    let handler: Parameters<typeof createServer>[1] = () => undefined;
    oidc = createServer({ key: leaf.keyPem, cert: leaf.pem }, (req, res) => handler?.(req, res));
    oidcBase = await listen(oidc);
    const { default: Provider } = await import('oidc-provider');
    const provider = new Provider(oidcBase, {
      clients: [{ client_id: 'gitlab', client_secret: 'secret', redirect_uris: ['https://gitlab.corp.test/users/auth/openid_connect/callback'] }],
    });
    handler = provider.callback();
    saml = createServer({ key: leaf.keyPem, cert: leaf.pem }, (req, res) => {
      if (req.url === '/metadata') res.setHeader('content-type', 'application/samlmetadata+xml').end(metadata(idpCert));
      else if (req.url === '/metadata-rotated') res.end(metadata(rotated));
      else if (req.url?.startsWith('/realms/corp/protocol/saml')) res.writeHead(400).end('SAMLRequest missing');
      else res.writeHead(404).end();
    });
    samlBase = await listen(saml);
    silent = createServer({ key: leaf.keyPem, cert: leaf.pem }, () => undefined);
    silentBase = await listen(silent);
  }, 60_000);
  afterAll(() => {
    for (const s of [oidc, saml, silent]) s?.close();
  });

  it('everything matches: a table, exit 0', async () => {
    const config = file('ok.rb', gitlabRb(oidcBase));
    const run = await runInProcess(['doctor', config, '--saml-metadata', `${samlBase}/metadata`, '--ca-file', caFile]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^openid_connect\n {2}issuer +ok +matches https:\/\/127\.0\.0\.1:\d+\/\.well-known\/openid-configuration$/m);
    expect(run.stdout).toMatch(/^ {2}jwks_uri +ok +https:\/\/127\.0\.0\.1:\d+\/jwks answers with keys$/m);
    expect(run.stdout).toMatch(/^saml\n {2}idp_sso_target_url +ok +answers \(HTTP 400\) over valid TLS\n {2}certificate +ok +the configured certificate is the IdP's signing certificate$/m);
    expect(run.stdout).toMatch(/^gitlab\n {2}authorize +ok +https:\/\/127\.0\.0\.1:\d+\/oauth\/authorize answers \(HTTP 404\)$/m);
    expect(run.stdout).toMatch(/^twitter\n {2}provider +skipped +doctor has no network check for twitter$/m);
    expect(run.code).toBe(0);
  });

  it('a wrong issuer, a rotated IdP key and an http redirect_uri: problems, exit 1, JSON', async () => {
    const config = file('wrong.rb', gitlabRb(`${oidcBase}/`, { redirect: 'http://gitlab.corp.test/users/auth/openid_connect/callback' }));
    const run = await runInProcess(['doctor', config, '--saml-metadata', `${samlBase}/metadata-rotated`, '--ca-file', caFile, '--reporter', 'json']);
    expect(run.code).toBe(1);
    const { providers } = JSON.parse(run.stdout) as { providers: Array<{ provider: string; checks: Array<{ check: string; status: string; detail: string }> }> };
    const status = Object.fromEntries(providers.flatMap((p) => p.checks.map((c) => [`${p.provider}.${c.check}`, c.status])));
    expect(status).toMatchObject({ 'openid_connect.issuer': 'problem', 'openid_connect.redirect_uri': 'problem', 'openid_connect.jwks_uri': 'ok', 'saml.certificate': 'problem', 'gitlab.authorize': 'ok' });
    expect(providers[0]?.checks[0]?.detail).toBe(`the provider says its issuer is ${oidcBase}, the file says ${oidcBase}/: ID tokens will be rejected (they must be equal)`);
  });

  it('TLS not trusted (no CA given), DNS failure, timeout: one-line problems', async () => {
    const untrusted = await runInProcess(['doctor', file('tls.rb', gitlabRb(oidcBase))]);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stdout).toMatch(/^ {2}discovery +problem +127\.0\.0\.1:\d+: the TLS certificate is not trusted/m);

    const read = await readConfig(gitlabRb('https://idp.gitlab-omniauth.invalid/realms/corp').replace(samlBase, silentBase).replace(samlBase, silentBase), { file: 'gitlab.rb' });
    const reports = await runDoctor(read.model, { fetch: { ca: ca.pem, timeoutMs: 500 }, readFile: () => Promise.reject(new Error('no files')) });
    const detail = (provider: string, check: string): string | undefined => reports.find((r) => r.provider === provider)?.checks.find((c) => c.check === check)?.detail;
    expect(detail('openid_connect', 'discovery')).toBe('cannot resolve idp.gitlab-omniauth.invalid: no such host (DNS)');
    expect(detail('saml', 'idp_sso_target_url')).toMatch(/^127\.0\.0\.1:\d+ did not answer within 0\.5 s$/);
    expect(detail('gitlab', 'authorize')).toMatch(/did not answer within 0\.5 s/);
  });
});
