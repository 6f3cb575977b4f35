import { describe, expect, test } from 'vitest';
import { envVariableFor, plaintextSecretRule } from '../../src/check/rules/plaintext-secret.js';
import { erb, int, ruby, type ModelSpec } from './support/model.js';
import { providers, run } from './support/run.js';

const SECRET = 'f3a9c1d2e4b5a6978877665544332211';

describe('rule: plaintext-secret', () => {
  test.each<[string, ModelSpec]>([
    ['ENV in gitlab.rb', providers({ name: 'github', app_id: 'abc123', app_secret: ruby("ENV['GITHUB_SECRET']") })],
    ['ERB in gitlab.yml', { format: 'source', fragmentProviders: [{ name: 'github', app_secret: erb("<%= ENV['GITHUB_SECRET'] %>") }] }],
    ['an app_id is not a secret', providers({ name: 'github', app_id: 'abc123' })],
    ['a placeholder is not a secret yet', providers({ name: 'github', app_secret: 'YOUR_APP_SECRET' })],
    ['an empty value', providers({ name: 'github', app_secret: '' })],
    ['a certificate is public', providers({ name: 'saml', args: { idp_cert: '-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----' } })],
  ])('passes: %s', (_, spec) => {
    expect(run(plaintextSecretRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, Array<{ message: string; at: string; path: string; hint: string }>]>([
    [
      'app_secret in gitlab.rb',
      providers({ name: 'github', app_id: 'abc', app_secret: SECRET }),
      [{ message: '`app_secret` is written in the file as plain text; read it from the environment instead', at: `"${SECRET}"`, path: 'omniauth.providers[0].app_secret', hint: "use ENV['GITLAB_OMNIAUTH_GITHUB_APP_SECRET'] instead of the literal" }],
    ],
    [
      'OIDC client secret in gitlab.yml',
      { format: 'source', fragmentProviders: [{ name: 'openid_connect', args: { client_options: { identifier: 'gitlab', secret: SECRET } } }] },
      [{ message: '`secret` is written in the file as plain text; read it from the environment instead', at: `"${SECRET}"`, path: 'omniauth.providers[0].args.client_options.secret', hint: `use "<%= ENV['GITLAB_OMNIAUTH_OPENID_CONNECT_SECRET'] %>" instead of the literal` }],
    ],
    [
      'a numeric secret',
      providers({ name: 'jwt', args: { secret: int('123456789') } }),
      [{ message: '`secret` is written in the file as plain text; read it from the environment instead', at: '123456789', path: 'omniauth.providers[0].args.secret', hint: "use ENV['GITLAB_OMNIAUTH_JWT_SECRET'] instead of the literal" }],
    ],
  ])('notes: %s', (_, spec, expected) => {
    const found = run(plaintextSecretRule, spec);
    expect(found).toEqual(expected.map((e) => ({ rule: 'plaintext-secret', severity: 'info', ...e })));
    for (const f of found) expect(`${f.message} ${f.hint ?? ''}`).not.toContain(SECRET);
  });

  test.each([
    ['github', ['app_secret'], 'GITLAB_OMNIAUTH_GITHUB_APP_SECRET'],
    ['saml_2', ['args', 'private_key'], 'GITLAB_OMNIAUTH_SAML_2_PRIVATE_KEY'],
    [null, ['secret'], 'GITLAB_OMNIAUTH_SECRET'],
    ['my-idp', ['client_secret'], 'GITLAB_OMNIAUTH_MY_IDP_CLIENT_SECRET'],
  ] as const)('variable name for %s %j is %s', (name, keys, variable) => {
    expect(envVariableFor(name, keys)).toBe(variable);
  });
});
