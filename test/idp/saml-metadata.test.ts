/**
 * `--from-saml-metadata`: IdP metadata as Keycloak, AD FS, Entra ID, Okta and
 * a Shibboleth federation aggregate publish it (fixtures/idp/, certificates
 * made by openssl here) → a SAML provider that validates and that Ruby
 * evaluates to the IdP's values; the SP side from the file's external_url.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModel } from '../../src/check/index.js';
import { documentValues } from '../../src/idp/load.js';
import { parseSamlMetadata } from '../../src/idp/saml-metadata.js';
import { readConfig } from '../../src/read/index.js';
import { certificateDir, makeCertificate, opensslFingerprint, type TestCertificate } from '../support/certs.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { edited } from '../edit/helpers.js';

const RB = "external_url 'https://gitlab.corp.test'\n";
const YML = 'production: &base\n  gitlab:\n    host: gitlab.corp.test\n    https: true\n  omniauth:\n    enabled: true\n    providers:\n      - name: github\n        app_id: "id"\n        app_secret: "<%= ENV[\'GH\'] %>"\n';

const EVAL_RB = `require 'json'
class R; attr_reader :v; def initialize; @v = {}; end
  def method_missing(n, *a); return (@v[n.to_s] ||= {}) if a.empty?; @v[n.to_s] = a[0]; end
  def respond_to_missing?(*) = true; end
r = R.new; r.instance_eval($stdin.read)
puts JSON.generate(r.v['gitlab_rails']['omniauth_providers'].last)`;
const EVAL_YML = `require 'json'; require 'erb'; require 'yaml'
puts JSON.generate(YAML.load(ERB.new($stdin.read).result, aliases: true)['production']['omniauth']['providers'].last)`;

const run = oracleAvailable('openssl') && oracleAvailable('ruby');
let signing: TestCertificate;
let signing2: TestCertificate;
let encryption: TestCertificate;

function metadataFile(name: string): string {
  const template = readFileSync(fileURLToPath(new URL(`../../fixtures/idp/${name}`, import.meta.url)), 'utf8');
  const wrapped = signing.base64.match(/.{1,76}/g)?.join('\n') ?? '';
  const text = template
    .replaceAll('@SIGNING_CERT_ONE_LINE@', signing.base64)
    .replaceAll('@SIGNING_CERT_2@', signing2.base64)
    .replaceAll('@SIGNING_CERT@', wrapped)
    .replaceAll('@ENCRYPTION_CERT@', encryption.base64);
  const file = path.join(certificateDir(), name);
  writeFileSync(file, text);
  return file;
}

async function renderFrom(name: string, target: [string, string], extra: { entityId?: string; fingerprint?: boolean; arg?: string[] } = {}): Promise<string> {
  const loaded = await documentValues(
    { samlMetadata: metadataFile(name), ...(extra.entityId ? { entityId: extra.entityId } : {}), ...(extra.fingerprint ? { fingerprint: true } : {}) },
    async (file) => ({ name: file, text: readFileSync(file, 'utf8') }),
    {},
  );
  if (!loaded.ok) throw new Error(loaded.message);
  return edited(target[1], { preset: loaded.value.preset, document: loaded.value.values, label: 'Corp SSO', ...(extra.arg ? { arg: extra.arg } : {}) }, target[0]);
}

async function expectValid(text: string, file: string): Promise<void> {
  const read = await readConfig(text, { file });
  expect(checkModel(read.model).filter((d) => d.severity !== 'info').map((d) => `${d.rule}: ${d.message}`)).toEqual([]);
}

function evaluate(text: string, file: string): { name: string; args: Record<string, unknown> } {
  const result = runRuby(file.endsWith('.rb') ? EVAL_RB : EVAL_YML, text);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { name: string; args: Record<string, unknown> };
}

const SP = { assertion_consumer_service_url: 'https://gitlab.corp.test/users/auth/saml/callback', issuer: 'https://gitlab.corp.test' };

describe.runIf(run)('SAML metadata → provider', () => {
  beforeAll(() => {
    signing = makeCertificate('idp-signing');
    signing2 = makeCertificate('idp-signing-next');
    encryption = makeCertificate('idp-encryption');
  });

  it.each([
    ['keycloak.xml', 'https://keycloak.corp.test/realms/corp/protocol/saml', 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    ['adfs.xml', 'https://adfs.corp.test/adfs/ls/', 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    ['okta.xml', 'https://corp.okta.test/app/corp_gitlab_1/exk1fcia6d6EMsf4Q0h8/sso/saml', 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
  ])('%s, gitlab.rb: the signing certificate as a <<~CERT heredoc', async (name, sso, nameId) => {
    const after = await renderFrom(name, ['gitlab.rb', RB]);
    expect(after).toMatch(/^ {6}idp_cert: <<~CERT,?\n {8}-----BEGIN CERTIFICATE-----\n/m);
    await expectValid(after, 'gitlab.rb');
    const provider = evaluate(after, 'gitlab.rb');
    expect(provider.args).toEqual({ ...SP, idp_sso_target_url: sso, name_identifier_format: nameId, idp_cert: signing.pem });
  });

  it.each(['keycloak.xml', 'adfs.xml', 'okta.xml'])('%s, gitlab.yml: the certificate as a literal block', async (name) => {
    const after = await renderFrom(name, ['gitlab.yml', YML]);
    expect(after).toContain('idp_cert: |\n            -----BEGIN CERTIFICATE-----\n');
    await expectValid(after, 'gitlab.yml');
    expect(evaluate(after, 'gitlab.yml').args).toMatchObject({ ...SP, idp_cert: signing.pem });
  });

  it('--fingerprint: SHA-256 as openssl prints it, with the algorithm', async () => {
    const after = await renderFrom('adfs.xml', ['gitlab.rb', RB], { fingerprint: true });
    await expectValid(after, 'gitlab.rb');
    const args = evaluate(after, 'gitlab.rb').args;
    expect(args.idp_cert_fingerprint).toBe(opensslFingerprint(signing));
    expect(args.idp_cert_fingerprint_algorithm).toBe('http://www.w3.org/2001/04/xmlenc#sha256');
    expect(args).not.toHaveProperty('idp_cert');
  });

  it('Entra ID during a key rollover: both signing certificates in idp_cert_multi', async () => {
    const after = await renderFrom('entra-id.xml', ['gitlab.rb', RB], { arg: ['issuer=urn:gitlab:corp'] });
    await expectValid(after, 'gitlab.rb');
    const args = evaluate(after, 'gitlab.rb').args;
    expect(args.idp_cert_multi).toEqual({ signing: [signing.pem, signing2.pem] });
    expect(args.issuer).toBe('urn:gitlab:corp');
    expect(args).not.toHaveProperty('idp_cert_fingerprint');
  });

  it('a federation aggregate needs --entity-id; the encryption-only key is never taken', async () => {
    await expect(renderFrom('shibboleth-federation.xml', ['gitlab.rb', RB])).rejects.toThrow(/2 identity providers: choose one with --entity-id \(https:\/\/idp\.corp\.test\/idp\/shibboleth, https:\/\/idp2/);
    const after = await renderFrom('shibboleth-federation.xml', ['gitlab.rb', RB], { entityId: 'https://idp.corp.test/idp/shibboleth' });
    const args = evaluate(after, 'gitlab.rb').args;
    expect(args.idp_sso_target_url).toBe('https://idp.corp.test/idp/profile/SAML2/Redirect/SSO');
    expect(args.idp_cert).toBe(signing.pem);
    expect(args.name_identifier_format).toBe('urn:oasis:names:tc:SAML:2.0:nameid-format:transient');
  });

  it('only transient NameIDs: a warning', async () => {
    const loaded = await documentValues({ samlMetadata: metadataFile('shibboleth-federation.xml'), entityId: 'https://idp.corp.test/idp/shibboleth' }, async (file) => ({ name: file, text: readFileSync(file, 'utf8') }), {});
    expect(loaded.ok && loaded.value.values.notes).toEqual([expect.stringMatching(/offers only transient NameIDs/)]);
  });
});

describe('metadata refused', () => {
  it.each([
    ['<x/>', /not SAML metadata: the root element is x/],
    ['<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="e"><md:SPSSODescriptor/></md:EntityDescriptor>', /no identity provider/],
    ['<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', /DOCTYPE/],
    ['<EntityDescriptor', /not XML/],
  ])('%s', (xml, message) => {
    const result = parseSamlMetadata(xml);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
