/**
 * Presets bound to the target file: callback, ACS and redirect URLs and the
 * SAML issuer from external_url (gitlab.rb) or gitlab.host/port/https/
 * relative_url_root (gitlab.yml); `--name` on a kind GitLab can have several
 * of sets args.name and args.strategy_class; the client secret goes where the
 * preset's strategy reads it.
 */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../src/read/index.js';
import { checkModel } from '../../src/check/index.js';
import { buildEditRequest } from '../../src/edit/provider-input.js';
import { renderFresh } from '../../src/edit/fresh.js';
import { edited } from './helpers.js';

// The host as typed, in both files: callback URLs keep its letter case, as Omnibus does.
const RB = "external_url 'https://Git.Corp.test:8443/gitlab/'\n";
const YML = `production: &base
  gitlab:
    host: Git.Corp.test
    port: 8443
    https: true
    relative_url_root: /gitlab
  omniauth:
    enabled: true
`;

async function providerOf(text: string, file: string): Promise<Record<string, unknown>> {
  const read = await readConfig(text, { file });
  const errors = checkModel(read.model).filter((d) => d.severity === 'error');
  expect(errors).toEqual([]);
  const { modelToJson } = await import('../../src/model/to-json.js');
  const providers = modelToJson(read.model, { showSecrets: true }).omniauth.providers as Array<Record<string, unknown>>;
  return providers[providers.length - 1] as Record<string, unknown>;
}

const SAML_FLAGS = { preset: 'saml', arg: ['idp_sso_target_url=https://idp.corp.test/sso', 'idp_cert_fingerprint=' + 'ab:'.repeat(31) + 'ab'], label: 'Corp SSO' };

describe('SAML preset', () => {
  it.each([
    ['gitlab.rb', RB],
    ['gitlab.yml', YML],
  ])('%s: ACS URL and issuer come from the file', async (file, text) => {
    const provider = await providerOf(await edited(text, SAML_FLAGS, file), file);
    expect(provider.args).toMatchObject({
      assertion_consumer_service_url: 'https://Git.Corp.test:8443/gitlab/users/auth/saml/callback',
      issuer: 'https://Git.Corp.test:8443/gitlab',
    });
  });

  it('--name sets args.name and strategy_class, first in args, and the ACS URL path', async () => {
    const after = await edited(RB, { ...SAML_FLAGS, name: 'saml_corp' }, 'gitlab.rb');
    const provider = await providerOf(after, 'gitlab.rb');
    expect(provider.name).toBe('saml_corp');
    const args = provider.args as Record<string, unknown>;
    expect(Object.keys(args).slice(0, 2)).toEqual(['name', 'strategy_class']);
    expect(args).toMatchObject({
      name: 'saml_corp',
      strategy_class: 'OmniAuth::Strategies::SAML',
      assertion_consumer_service_url: 'https://Git.Corp.test:8443/gitlab/users/auth/saml_corp/callback',
    });
  });

  it('--arg issuer= wins over the file', async () => {
    const provider = await providerOf(await edited(RB, { ...SAML_FLAGS, arg: [...SAML_FLAGS.arg, 'issuer=urn:gitlab:corp'] }, 'gitlab.rb'), 'gitlab.rb');
    expect((provider.args as Record<string, unknown>).issuer).toBe('urn:gitlab:corp');
  });

  it('without a file: the docs host, with the provider name in the path', async () => {
    const request = await buildEditRequest({ ...SAML_FLAGS, name: 'saml2' });
    if (!request.ok) throw new Error(request.message);
    const result = await renderFresh(request.value, { format: 'omnibus' });
    if (result.status !== 'ok') throw new Error(result.message);
    expect(result.section).toContain('assertion_consumer_service_url: "https://gitlab.example.com/users/auth/saml2/callback"');
  });
});

describe('OpenID Connect preset', () => {
  const flags = {
    preset: 'openid_connect',
    name: 'azure_oidc',
    label: 'Entra ID',
    appId: 'client-123',
    appSecretEnv: 'OIDC_SECRET',
    arg: ['issuer=https://login.corp.test/v2.0', 'uid_field=sub'],
  };

  it.each([
    ['gitlab.rb', RB],
    ['gitlab.yml', YML],
  ])('%s: redirect_uri from the file, id and secret in client_options, name and strategy_class in args', async (file, text) => {
    const after = await edited(text, flags, file);
    const provider = await providerOf(after, file);
    expect(provider).not.toHaveProperty('app_id');
    expect(provider).not.toHaveProperty('app_secret');
    expect(provider.args).toMatchObject({
      name: 'azure_oidc',
      strategy_class: 'OmniAuth::Strategies::OpenIDConnect',
      client_options: {
        identifier: 'client-123',
        secret: file === 'gitlab.rb' ? { $ruby: "ENV['OIDC_SECRET']" } : { $erb: "<%= ENV['OIDC_SECRET'] %>" },
        redirect_uri: 'https://Git.Corp.test:8443/gitlab/users/auth/azure_oidc/callback',
      },
    });
  });

  it('its own name adds no strategy_class', async () => {
    const provider = await providerOf(await edited(RB, { ...flags, name: 'openid_connect' }, 'gitlab.rb'), 'gitlab.rb');
    expect(provider.args).not.toHaveProperty('strategy_class');
  });
});

describe('placeholders name the flag that fills them', () => {
  it('a bare OpenID Connect preset', async () => {
    const request = await buildEditRequest({ preset: 'openid_connect' });
    if (!request.ok) throw new Error(request.message);
    const result = await renderFresh(request.value, { format: 'omnibus' });
    if (result.status !== 'ok') throw new Error(result.message);
    const hints = Object.fromEntries(result.diagnostics.filter((d) => d.rule === 'placeholder-value').map((d) => [d.path, d.hint]));
    expect(hints).toMatchObject({
      'omniauth.providers[0].args.client_options.identifier': 'set it with --arg client_options.identifier=ID',
      'omniauth.providers[0].args.client_options.secret': 'set it with --arg-env client_options.secret=VAR, read from the environment variable VAR',
      'omniauth.providers[0].args.issuer': 'set it with --arg issuer=URL',
    });
  });
});
