/**
 * Secrets from the environment at any key: --arg-env / --field-env (dotted
 * keys nest), the preset's own secret place for --app-secret-env, and the
 * `show --json` forms `{"$ruby": "ENV['X']"}` / `{"$erb": ...}` in provider
 * files. Checked through what GitLab runs: gitlab.rb evaluated by Ruby,
 * gitlab.yml through ERB then Psych, with the variables set.
 */
import { describe, expect, it } from 'vitest';
import { buildEditRequest } from '../../src/edit/provider-input.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { edited } from '../edit/helpers.js';

const VARS = { OIDC_SECRET: 'oidc-from-env-1', SAML_KEY: 'key-from-env-2', BIND_PW: 'pw-from-env-3' };

const EVAL_RB = `
require 'json'
class Recorder
  attr_reader :values
  def initialize; @values = {}; end
  def method_missing(name, *args)
    return (@values[name.to_s] ||= {}) if args.empty?
    @values[name.to_s] = args[0]
  end
  def respond_to_missing?(*) = true
end
r = Recorder.new
r.instance_eval($stdin.read)
puts JSON.generate(r.values['gitlab_rails']['omniauth_providers'])
`;
const EVAL_YML = `
require 'json'; require 'erb'; require 'yaml'
data = YAML.load(ERB.new($stdin.read).result, aliases: true)
puts JSON.generate(data['production']['omniauth']['providers'])
`;

function evaluate(script: string, text: string): Array<Record<string, unknown>> {
  const env = Object.entries(VARS).map(([k, v]) => `ENV[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join('; ');
  const result = runRuby(`${env}\n${script}`, text);
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as Array<Record<string, unknown>>;
}

const TARGETS: Array<[string, string, string]> = [
  ['gitlab.rb', "external_url 'https://gitlab.corp.test'\n", EVAL_RB],
  ['gitlab.yml', 'production: &base\n  gitlab:\n    host: gitlab.corp.test\n    https: true\n  omniauth:\n    enabled: true\n', EVAL_YML],
];

describe.runIf(oracleAvailable('ruby'))('ENV references reach GitLab as the variable\'s value', () => {
  it.each(TARGETS)('%s: --app-secret-env on openid_connect, --arg-env and --field-env at nested keys', async (file, text, script) => {
    const after = await edited(text, {
      preset: 'openid_connect',
      label: 'Corp',
      appId: 'client-1',
      appSecretEnv: 'OIDC_SECRET',
      arg: ['issuer=https://idp.corp.test', 'uid_field=sub'],
      argEnv: ['client_options.private_key=SAML_KEY'],
      fieldEnv: ['extra.bind.password=BIND_PW'],
    }, file);
    expect(after).toContain(file === 'gitlab.rb' ? "ENV['OIDC_SECRET']" : "<%= ENV['OIDC_SECRET'] %>");
    const [provider] = evaluate(script, after);
    expect(provider).toMatchObject({
      extra: { bind: { password: VARS.BIND_PW } },
      args: { client_options: { identifier: 'client-1', secret: VARS.OIDC_SECRET, private_key: VARS.SAML_KEY } },
    });
  });

  it.each(TARGETS)('%s: a provider file with the show --json ENV forms', async (file, text, script) => {
    const providerFile = {
      name: 'p.json',
      text: JSON.stringify({
        name: 'saml',
        label: 'Corp',
        args: {
          assertion_consumer_service_url: 'https://gitlab.corp.test/users/auth/saml/callback',
          idp_sso_target_url: 'https://idp.corp.test/sso',
          idp_cert_fingerprint: 'ab:'.repeat(31) + 'ab',
          issuer: 'https://gitlab.corp.test',
          private_key: { $ruby: "ENV['SAML_KEY']" },
          certificate: { $erb: "<%= ENV['BIND_PW'] %>" },
        },
      }),
    };
    const [provider] = evaluate(script, await edited(text, { providerFile }, file));
    expect(provider).toMatchObject({ args: { private_key: VARS.SAML_KEY, certificate: VARS.BIND_PW } });
  });
});

describe('refused', () => {
  it.each([
    [{ arg: ["client_options.secret=ENV['X']"] }, /--arg client_options\.secret: .*looks like Ruby or ERB.*--arg-env client_options\.secret=VAR/],
    [{ arg: ["secret=ENV.fetch('X', 'd')"] }, /--arg-env secret=VAR/],
    [{ field: ["x=<%= ENV['X'] %>"] }, /--field-env x=VAR/],
    [{ argYaml: ["secret=\"ENV['X']\""] }, /--arg-env secret=VAR/],
    [{ appSecret: "ENV['X']" }, /--app-secret-env VAR/],
    [{ argEnv: ['secret=not a name'] }, /--arg-env secret takes an environment variable name/],
  ])('%j', async (flags, message) => {
    const result = await buildEditRequest({ name: 'github', ...flags });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it.each([
    [{ $ruby: "File.read('/etc/secret')" }, /args\.secret: \$ruby "File\.read\('\/etc\/secret'\)" is not an environment reference/],
    [{ $erb: "<%= `id` %>" }, /\$erb .* is not an environment reference/],
    [{ $ruby: 42 }, /\$ruby must hold the expression as a string/],
  ])('a provider file with %j', async (value, message) => {
    const result = await buildEditRequest({ providerFile: { name: 'p.json', text: JSON.stringify({ name: 'jwt', args: { secret: value } }) } });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
