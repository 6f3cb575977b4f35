import { describe, expect, test } from 'vitest';
import { placeholderIn, placeholderValueRule } from '../../src/check/rules/placeholder-value.js';
import type { ConfigValue } from '../../src/model/types.js';
import { ruby, type ModelSpec } from './support/model.js';
import { providers, run } from './support/run.js';

const text = (value: string): ConfigValue => ({
  kind: 'string',
  value,
  path: 'x',
  range: { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } },
});

describe('placeholder detector, on values from the GitLab docs snippets', () => {
  // Every value here is copied from ../shared/corpus/snippets.
  test.each<[string, string, string]>([
    ['app_id', 'YOUR_APP_ID', 'your'],
    ['app_secret', 'YOUR_APP_SECRET', 'your'],
    ['identifier', '<YOUR APP CLIENT ID>', 'angle'],
    ['client_id', '<client_id>', 'angle'],
    ['issuer', 'https://login.microsoftonline.com/<YOUR-TENANT-ID>/v2.0', 'angle'],
    ['redirect_uri', '<your_gitlab_url>/users/auth/openid_connect/callback', 'angle'],
    ['icon', 'data:image/png;base64,<base64-data>', 'angle'],
    ['idp_cert', '-----BEGIN CERTIFICATE-----\n<redacted>\n-----END CERTIFICATE-----', 'angle'],
    ['issuer', 'https://...', 'ellipsis'],
    ['redirect_uri', 'https://.../users/auth/openid_connect/callback', 'ellipsis'],
    ['label', '...', 'ellipsis'],
    ['app_id', 'SALESFORCE_CLIENT_ID', 'caps'],
    ['app_secret', 'OPENID_CLIENT_SECRET', 'caps'],
    ['url', 'CAS_SERVER', 'caps'],
    ['login_url', '/CAS_PATH/login', 'caps'],
    ['name', 'PROVIDER_NAME', 'caps'],
    ['idp_cert_fingerprint', '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8', 'docs-example'],
    ['idp_cert_fingerprint', 'XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX:XX', 'masked'],
    ['label', 'Provider name', 'docs-label'],
    ['app_secret', 'YOUR APP SECRET', 'your'],
    ['client_secret', 'your_client_secret', 'your'],
  ])('%s: %j is a placeholder (%s)', (key, value, kind) => {
    expect(placeholderIn(text(value), key)).toBe(kind);
  });

  test.each<[string, string]>([
    ['issuer', 'https://gitlab.example.com'],
    ['assertion_consumer_service_url', 'https://gitlab.example.com/users/auth/saml/callback'],
    ['idp_sso_target_url', 'https://login.example.com/idp'],
    ['site', 'https://your-gitlab.example.com'], // example hosts are real names in many lab setups
    ['name_identifier_format', 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
    ['uid_field', 'HTTP_EPPN'], // Shibboleth attribute names
    ['shib_session_id_field', 'HTTP_SHIB_SESSION_ID'],
    ['strategy_class', 'OmniAuth::Strategies::OpenIDConnect'],
    ['scope', 'openid profile email'],
    ['scope', 'user:email'],
    ['label', 'Sign in...'],
    ['label', 'Provider 1'],
    ['label', 'Your company SSO'],
    ['response_type', 'code'],
    ['idp_cert_fingerprint', '9a:2f:4d:11:0c:83:aa:01:17:e2:5b:77:30:6c:2e:91:5d:03:b8:42'],
    ['app_id', 'a1b2c3d4e5f6'],
    ['app_secret', 'S3CR3T_VALUE'], // upper case, but no placeholder word
    ['issuer', 'https://login.microsoftonline.com/common/v2.0'],
    ['uid_field', 'preferred_username'],
    ['app_secret', ''],
  ])('%s: %j is a real value', (key, value) => {
    expect(placeholderIn(text(value), key)).toBeNull();
  });

  test('ERB in a literal is not an angle placeholder', () => {
    expect(placeholderIn(text("<%= ENV['X'] %>"), 'app_secret')).toBeNull();
  });
});

describe('rule: placeholder-value', () => {
  test.each<[string, ModelSpec]>([
    ['real values', providers({ name: 'github', app_id: 'a1b2c3', app_secret: ruby("ENV['GITHUB_SECRET']"), args: { scope: 'user:email' } })],
    ['expressions are never placeholders', providers({ name: 'github', app_id: ruby('YOUR_APP_ID') })],
    ['settings with real names', { settings: { omniauth_allow_single_sign_on: ['saml'], omniauth_auto_sign_in_with_provider: 'saml' } }],
  ])('passes: %s', (_, spec) => {
    expect(run(placeholderValueRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, Array<{ severity: string; message: string; at: string; path: string; hint?: string }>]>([
    [
      'the GitHub example as published',
      providers({ name: 'github', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { scope: 'user:email' } }),
      [
        { severity: 'error', message: '`app_id` is still the placeholder `YOUR_APP_ID` from the docs', at: '"YOUR_APP_ID"', path: 'omniauth.providers[0].app_id', hint: 'set it with --app-id ID' },
        // The value of a secret key is never echoed, even a placeholder.
        { severity: 'error', message: '`app_secret` still holds a placeholder, not the real value', at: '"YOUR_APP_SECRET"', path: 'omniauth.providers[0].app_secret', hint: 'set it with --app-secret-env VAR, read from the environment variable VAR' },
      ],
    ],
    [
      'nested OIDC client options and the docs label',
      providers({ name: 'openid_connect', label: 'Provider name', args: { client_options: { identifier: '<your_oidc_client_id>' } } }),
      [
        { severity: 'warning', message: '`label` `Provider name` is the example text from the GitLab docs: the sign-in button will show it', at: '"Provider name"', path: 'omniauth.providers[0].label', hint: 'set it with --label TEXT' },
        { severity: 'error', message: '`identifier` is still the placeholder `<your_oidc_client_id>` from the docs', at: '"<your_oidc_client_id>"', path: 'omniauth.providers[0].args.client_options.identifier', hint: 'set it with --arg client_options.identifier=ID' },
      ],
    ],
    [
      'the docs SAML fingerprint',
      { format: 'source', fragmentProviders: [{ name: 'saml', args: { idp_cert_fingerprint: '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8' } }] },
      [{ severity: 'error', message: '`idp_cert_fingerprint` is the example value from the GitLab docs, not your own', at: '"43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8"', path: 'omniauth.providers[0].args.idp_cert_fingerprint', hint: 'set it with --arg idp_cert_fingerprint=FINGERPRINT' }],
    ],
    [
      'a placeholder in a setting',
      { settings: { omniauth_auto_sign_in_with_provider: '<provider>' } },
      [{ severity: 'error', message: '`auto_sign_in_with_provider` is still the placeholder `<provider>` from the docs', at: '"<provider>"', path: 'omniauth.auto_sign_in_with_provider' }],
    ],
  ])('fails: %s', (_, spec, expected) => {
    expect(run(placeholderValueRule, spec)).toEqual(expected.map((e) => ({ rule: 'placeholder-value', ...e })));
  });
});

test('a multi-line placeholder is shown on one line', () => {
  const [found] = run(placeholderValueRule, providers({ name: 'saml', args: { idp_cert: '-----BEGIN CERTIFICATE-----\n<redacted>\n-----END CERTIFICATE-----' } }));
  expect(found?.message).toBe('`idp_cert` is still the placeholder `-----BEGIN CERTIFICATE-----\\n<redacted>\\n-----END CERTIFICAT…` from the docs');
});
