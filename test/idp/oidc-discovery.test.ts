/**
 * `render --from-oidc-discovery FILE`: the provider's own discovery document
 * (fixtures/idp/keycloak-discovery.json) → an OpenID Connect provider with the
 * issuer exactly as the document states it, the redirect URI from the file's
 * external_url, and the CLI's one-line errors.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';

describe('render --from-oidc-discovery', () => {
  it('a Keycloak discovery document → provider that validates', async () => {
    const run = await runInProcess([
      'render', 'fixtures/idp/gitlab.rb', '--from-oidc-discovery', 'fixtures/idp/keycloak-discovery.json',
      '--name', 'keycloak', '--label', 'Corp', '--app-id', 'gitlab', '--app-secret-env', 'KEYCLOAK_SECRET', '--stdout',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`args: {
      name: "keycloak",
      strategy_class: "OmniAuth::Strategies::OpenIDConnect",
      scope: ["openid", "profile", "email"],
      response_type: "code",
      issuer: "https://keycloak.corp.test/realms/corp",
      discovery: true,
      client_auth_method: "basic",
      pkce: true,
      client_options: {
        identifier: "gitlab",
        secret: ENV['KEYCLOAK_SECRET'],
        redirect_uri: "https://gitlab.corp.test/users/auth/keycloak/callback"
      }
    }`);
  });

  it.each([
    [['--from-oidc-discovery', 'fixtures/idp/missing.json'], /cannot read fixtures\/idp\/missing\.json: no such file/],
    [['--from-oidc-discovery', 'fixtures/idp/keycloak.xml'], /keycloak\.xml: not JSON/],
    [['--from-saml-metadata', 'fixtures/idp/keycloak-discovery.json'], /not XML/],
    [['--from-oidc-discovery', 'http://127.0.0.1:1/realms/corp'], /plain http.*--allow-http/],
    [['--fingerprint'], /--entity-id and --fingerprint go with --from-saml-metadata/],
  ])('%j: one line, exit 2', async (flags, message) => {
    const run = await runInProcess(['render', 'fixtures/idp/gitlab.rb', ...flags]);
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(message);
  });
});
