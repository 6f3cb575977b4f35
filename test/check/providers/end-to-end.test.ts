/**
 * The provider checks on files read by the real readers: each finding at the
 * line and column of the value concerned, in gitlab.rb and gitlab.yml alike.
 */
import { describe, expect, it } from 'vitest';
import { PROVIDER_RULES } from '../../../src/check/rules/providers/index.js';
import { validateText } from '../../../src/validate.js';

const OURS = new Set(PROVIDER_RULES.map((r) => r.meta.id));

async function findings(text: string, file: string, gitlabVersion?: string): Promise<string[]> {
  const { diagnostics } = await validateText(text, { file, ...(gitlabVersion ? { gitlabVersion } : {}) });
  return diagnostics
    .filter((d) => OURS.has(d.rule))
    .map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}${d.hint ? ` (${d.hint})` : ''}`);
}

describe('gitlab.rb', () => {
  it('a second SAML provider copied from the first, and an OIDC provider with its mistakes', async () => {
    const text = [
      "external_url 'https://gitlab.example.com'", // 1
      "gitlab_rails['omniauth_providers'] = [", // 2
      '  {', // 3
      "    'name' => 'saml_2',", // 4
      "    'args' => {", // 5
      "      'name' => 'saml',", // 6
      "      'strategy_class' => 'OmniAuth::Strategies::SAML',", // 7
      "      'assertion_consumer_service_url' => 'https://gitlab.example.com/users/auth/saml/callback',", // 8
      "      'idp_cert_fingerprint' => 'SHA1 Fingerprint=9F:A8:B2:4C:55:10:3E:1A:00:FF:12:34:56:78:9A:BC:DE:F0:11:22',", // 9
      "      'issuer' => 'https://gitlab.example.com ',", // 10
      "      'groups_attribute' => 'Groups'", // 11
      '    }', // 12
      '  },', // 13
      '  {', // 14
      '    name: "openid_connect", # Zürich ✓', // 15
      '    app_id: "abc",', // 16
      '    args: {', // 17
      '      issuer: "https://sso.example.com/.well-known/openid-configuration",', // 18
      '      discovery: true,', // 19
      '      client_options: { identifier: "abc", redirect_uri: "http://gitlab.example.com/users/auth/openid_connect/callback" }', // 20
      '    }', // 21
      '  }', // 22
      ']', // 23
      '',
    ].join('\n');
    expect(await findings(text, 'gitlab.rb')).toEqual([
      '6:17 error strategy-name-mismatch',
      '8:43 error callback-mismatch',
      '9:33 error saml-fingerprint-format (use only the part after `=`: `9F:A8:B2:4C:55:10:3E:1A:00:FF:12:34:56:78:9A:BC:DE:F0:11:22`)',
      '10:19 error saml-issuer-whitespace',
      '11:7 error saml-groups-in-args',
      '16:5 error unknown-arg (the client ID and secret go in args.client_options as identifier and secret)',
      '18:15 error oidc-issuer-format',
      '20:58 error callback-mismatch',
    ]);
  });

  it('removed and deprecated providers follow --gitlab-version', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'twitter', app_id: ENV['TW_KEY'], app_secret: ENV['TW_SECRET'] }]\n";
    expect(await findings(text, 'gitlab.rb', '16.2')).toEqual([]);
    expect(await findings(text, 'gitlab.rb', '16.11')).toEqual(['1:47 warning deprecated-provider']);
    expect(await findings(text, 'gitlab.rb', '17.0')).toEqual(['1:47 error removed-provider']);
  });
});

describe('gitlab.yml', () => {
  it('open sign-up and http through gitlab.host/https', async () => {
    const text = [
      'production: &base', // 1
      '  gitlab:', // 2
      '    host: gitlab.example.com', // 3
      '    https: false', // 4
      '  omniauth:', // 5
      '    allow_single_sign_on: ["github", "saml"]', // 6
      '    block_auto_created_users: false', // 7
      '    providers:', // 8
      "      - { name: 'github', app_id: \"<%= ENV['GH_ID'] %>\", app_secret: \"<%= ENV['GH_SECRET'] %>\", args: { scopes: 'user:email' } }", // 9
      '',
    ].join('\n');
    const found = await findings(text, 'gitlab.yml');
    expect(found).toContainEqual('6:27 warning open-signup');
    expect(found).toContainEqual('9:105 warning unknown-arg (did you mean `scope`?)');
    expect(found).toContainEqual('3:11 warning insecure-external-url');
  });
});
