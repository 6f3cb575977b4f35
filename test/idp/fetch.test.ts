/**
 * Fetching IdP documents: a real HTTPS server on 127.0.0.1 with a test CA
 * (passed as `ca`, never by turning verification off); redirects, limits,
 * plain http, DNS and TLS failures, timeouts, all as one-line messages. And
 * OpenID Connect discovery from an issuer URL → provider values.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from '../../src/idp/fetch.js';
import { documentValues } from '../../src/idp/load.js';
import { makeCertificate, type TestCertificate } from '../support/certs.js';
import { oracleAvailable } from '../support/oracle.js';

let ca: TestCertificate;
let otherCa: TestCertificate;
let server: Server;
let plain: HttpServer;
let base: string;
let plainBase: string;

const DISCOVERY = (issuer: string): string =>
  JSON.stringify({
    issuer,
    authorization_endpoint: `${issuer}/auth`,
    jwks_uri: `${issuer}/jwks`,
    scopes_supported: ['openid', 'email', 'offline_access'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt'],
  });

const listen = (s: Server | HttpServer): Promise<number> => new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as AddressInfo).port)));

describe.runIf(oracleAvailable('openssl'))('fetching over HTTPS', () => {
  beforeAll(async () => {
    ca = makeCertificate('gitlab-omniauth test CA');
    otherCa = makeCertificate('another CA');
    const leaf = makeCertificate('127.0.0.1', { ca, san: 'IP:127.0.0.1' });
    server = createServer({ key: leaf.keyPem, cert: leaf.pem }, (req, res) => {
      const url = req.url ?? '/';
      if (url === '/realms/corp/.well-known/openid-configuration') {
        res.setHeader('content-type', 'application/json');
        res.end(DISCOVERY(`${base}/realms/corp`));
      } else if (url.startsWith('/hop/')) {
        const n = Number(url.slice('/hop/'.length));
        res.writeHead(302, { location: n === 0 ? '/realms/corp/.well-known/openid-configuration' : `/hop/${n - 1}` }).end();
      } else if (url === '/big') {
        res.end('x'.repeat(1024 * 1024 + 1));
      } else if (url === '/slow') {
        setTimeout(() => res.end('late'), 2000).unref();
      } else if (url === '/to-http') {
        res.writeHead(301, { location: `${plainBase}/doc` }).end();
      } else {
        res.writeHead(404).end('not found');
      }
    });
    base = `https://127.0.0.1:${await listen(server)}`;
    plain = createHttpServer((_, res) => res.end(DISCOVERY('http://plain')));
    plainBase = `http://127.0.0.1:${await listen(plain)}`;
  });
  afterAll(() => {
    server?.close();
    plain?.close();
  });

  it('OpenID Connect discovery from the issuer URL: the well-known path appended', async () => {
    const loaded = await documentValues({ oidcDiscovery: `${base}/realms/corp` }, () => Promise.reject(new Error('no files')), { ca: ca.pem });
    if (!loaded.ok) throw new Error(loaded.message);
    expect(loaded.value.preset).toBe('openid_connect');
    expect(Object.fromEntries(loaded.value.values.sets.map((s) => [s.path.join('.'), s.value]))).toEqual({
      'args.issuer': { kind: 'string', value: `${base}/realms/corp` },
      'args.discovery': { kind: 'boolean', value: true },
      'args.response_type': { kind: 'string', value: 'code' },
      // profile is not in scopes_supported
      'args.scope': { kind: 'array', items: [{ kind: 'string', value: 'openid' }, { kind: 'string', value: 'email' }] },
      // client_secret_post: the secret in the request body
      'args.client_auth_method': { kind: 'string', value: 'query' },
    });
  });

  it('follows up to 5 redirects, not 6', async () => {
    expect(await fetchUrl(`${base}/hop/4`, { ca: ca.pem })).toMatchObject({ ok: true, status: 200 });
    expect(await fetchUrl(`${base}/hop/5`, { ca: ca.pem })).toMatchObject({ ok: false, reason: 'redirects', message: expect.stringMatching(/more than 5 redirects/) });
  });

  it.each([
    ['a certificate from another CA', () => fetchUrl(`${base}/big`, { ca: otherCa.pem }), 'tls', /127\.0\.0\.1:\d+: the TLS certificate is not trusted/],
    ['no CA given: the system store does not trust it', () => fetchUrl(`${base}/big`), 'tls', /not trusted/],
    ['more than 1 MiB', () => fetchUrl(`${base}/big`, { ca: ca.pem }), 'too-large', /larger than 1 MiB/],
    ['a timeout', () => fetchUrl(`${base}/slow`, { ca: ca.pem, timeoutMs: 300 }), 'timeout', /did not answer within 0\.3 s/],
    ['plain http', () => fetchUrl(`${plainBase}/doc`), 'usage', /plain http.*--allow-http/],
    ['a redirect to plain http', () => fetchUrl(`${base}/to-http`, { ca: ca.pem }), 'usage', /redirected from .*plain http/],
    ['a name that does not resolve', () => fetchUrl('https://idp.gitlab-omniauth.invalid/metadata'), 'dns', /cannot resolve idp\.gitlab-omniauth\.invalid/],
    ['a refused connection', () => fetchUrl('https://127.0.0.1:1/'), 'connect', /refused the connection/],
  ])('%s', async (_, fetch, reason, message) => {
    const result = await fetch();
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) {
      expect(result.message).toMatch(message);
      expect(result.message).not.toContain('\n');
    }
  });

  it('plain http with allowHttp', async () => {
    expect(await fetchUrl(`${plainBase}/doc`, { allowHttp: true })).toMatchObject({ ok: true, status: 200 });
  });

  it('a 404 is a one-line failure for a document', async () => {
    const loaded = await documentValues({ samlMetadata: `${base}/missing` }, () => Promise.reject(new Error('no files')), { ca: ca.pem });
    expect(loaded).toEqual({ ok: false, message: `${base}/missing answered HTTP 404` });
  });
});
