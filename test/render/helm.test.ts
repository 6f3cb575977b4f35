/**
 * render --format helm: each provider becomes a Kubernetes Secret whose
 * `provider` key Psych reads back as exactly the provider GitLab would have
 * from the source file, and the chart values use the chart's own names
 * (checked against the chart's documentation in the corpus).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HELM_SETTING_NAMES, helmKeyToGitlabYml } from '../../src/read/source/helm.js';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';

const RB = path.join(repoRoot, 'fixtures/helm/providers.gitlab.rb');
const YML = path.join(repoRoot, 'fixtures/render/block-providers.gitlab.yml');
const NO_OP = ['--set', 'block_auto_created_users=false'];

/** Psych loads the stream; each Secret's provider is loaded again, as the chart does. */
const PSYCH_SECRETS = String.raw`
require 'json'
require 'yaml'
docs = YAML.load_stream($stdin.read)
secrets = docs.select { |d| d['kind'] == 'Secret' }.map do |s|
  { 'name' => s['metadata']['name'], 'type' => s['type'], 'provider' => YAML.safe_load(s['stringData']['provider']) }
end
puts JSON.generate({ 'secrets' => secrets, 'values' => docs.last })
`;

/** gitlab.rb evaluated by Ruby; providers with keys and symbols as strings, as Chef hands them to GitLab. */
const RUBY_PROVIDERS = String.raw`
require 'json'
class Omnibus
  attr_reader :rails
  def initialize = @rails = {}
  def gitlab_rails = @rails
  def external_url(_) = nil
end
def plain(v)
  case v
  when Hash then v.to_h { |k, x| [k.to_s, plain(x)] }
  when Array then v.map { |x| plain(x) }
  when Symbol then v.to_s
  else v
  end
end
o = Omnibus.new
o.instance_eval($stdin.read)
puts JSON.generate(plain(o.rails['omniauth_providers']))
`;

const PSYCH_GITLAB_YML = String.raw`
require 'json'
require 'yaml'
puts JSON.generate(YAML.safe_load($stdin.read, aliases: true)['production']['omniauth']['providers'])
`;

interface Loaded {
  secrets: Array<{ name: string; type: string; provider: Record<string, unknown> }>;
  values: { global: { appConfig: { omniauth: Record<string, unknown> } } };
}

function ruby<T>(script: string, input: string): T {
  const r = runRuby(script, input);
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** The chart's names under global.appConfig.omniauth: its documentation's table and example block. */
function chartNames(): Set<string> {
  const doc = readFileSync(path.join(corpusRoot, 'helm/doc_charts_globals_omniauth_section.md'), 'utf8');
  const table = [...doc.matchAll(/^\| `([A-Za-z]+)` +\|/gm)].map((m) => m[1] as string);
  expect(table.length).toBeGreaterThanOrEqual(12);
  return new Set(table);
}

describe('render --format helm', () => {
  it.runIf(oracleAvailable('ruby'))('from a gitlab.rb: every Secret reads back with Psych as the provider Ruby evaluates', async () => {
    const r = await runInProcess(['render', RB, '--format', 'helm', '--show-secrets', ...NO_OP]);
    expect(r.code, r.stderr).toBe(0);
    const loaded = ruby<Loaded>(PSYCH_SECRETS, r.stdout);
    const source = ruby<unknown[]>(RUBY_PROVIDERS, readFileSync(RB, 'utf8'));
    expect(loaded.secrets.map((s) => s.name)).toEqual(['gitlab-omniauth-saml', 'gitlab-omniauth-openid-connect']);
    expect(loaded.secrets.every((s) => s.type === 'Opaque')).toBe(true);
    expect(loaded.secrets.map((s) => s.provider)).toEqual(source);
    expect(loaded.values.global.appConfig.omniauth.providers).toEqual([
      { secret: 'gitlab-omniauth-saml', key: 'provider' },
      { secret: 'gitlab-omniauth-openid-connect', key: 'provider' },
    ]);
  });

  it.runIf(oracleAvailable('ruby'))('from a gitlab.yml: the Secrets hold the providers Psych reads from the file', async () => {
    const r = await runInProcess(['render', YML, '--format', 'helm', '--show-secrets', ...NO_OP]);
    expect(r.code, r.stderr).toBe(0);
    const loaded = ruby<Loaded>(PSYCH_SECRETS, r.stdout);
    expect(loaded.secrets.map((s) => s.provider)).toEqual(ruby<unknown[]>(PSYCH_GITLAB_YML, readFileSync(YML, 'utf8')));
  });

  it('the values use the chart\'s own names, with the gitlab.rb settings', async () => {
    const r = await runInProcess(['render', RB, '--format', 'helm', ...NO_OP]);
    const docs = parseAllDocuments(r.stdout).map((d) => d.toJS() as Record<string, unknown>);
    const values = docs.at(-1) as Loaded['values'];
    const names = chartNames();
    for (const key of Object.keys(values.global.appConfig.omniauth)) expect(names.has(key), key).toBe(true);
    expect(values.global.appConfig.omniauth).toMatchObject({
      enabled: true,
      allowSingleSignOn: ['saml', 'openid_connect'],
      blockAutoCreatedUsers: false,
      autoLinkUser: ['openid_connect'],
      syncProfileFromProvider: ['saml'],
      syncProfileAttributes: ['email', 'name'],
      externalProviders: ['saml'],
      allowBypassTwoFactor: ['saml'],
      autoLinkLdapUser: false,
      autoLinkSamlUser: true,
      autoSignInWithProvider: 'saml',
    });
  });

  it('the one table of chart names matches the chart docs and reads back to the gitlab.yml names', () => {
    const names = chartNames();
    names.delete('providers');
    expect(new Set(Object.values(HELM_SETTING_NAMES))).toEqual(names);
    for (const [gitlabYml, chart] of Object.entries(HELM_SETTING_NAMES)) expect(helmKeyToGitlabYml(chart)).toBe(gitlabYml);
  });

  it('the preview masks secrets; --show-secrets shows them', async () => {
    const masked = await runInProcess(['render', RB, '--format', 'helm', ...NO_OP]);
    expect(masked.stdout).not.toContain('s3cr3t');
    expect(masked.stdout).toContain("secret: '********'");
    const shown = await runInProcess(['render', RB, '--format', 'helm', '--show-secrets', ...NO_OP]);
    expect(shown.stdout).toContain('s3cr3t: with colon');
  });

  it('--helm-secret names the Secret of a single provider, and is refused for several', async () => {
    const one = await runInProcess(['render', '--format', 'helm', '--preset', 'github', '--app-id', 'id', '--app-secret', 'x', '--helm-secret', 'my-github']);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('  name: my-github\n');
    expect(one.stdout).toContain('- secret: my-github\n          key: provider');
    const several = await runInProcess(['render', RB, '--format', 'helm', '--helm-secret', 'x', ...NO_OP]);
    expect(several.code).toBe(2);
    expect(several.stderr).toContain('--helm-secret names one Secret, but there are 2 providers');
  });

  it('--write DIR writes one file per Secret and values-omniauth.yaml, mode 600, and says what to run', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-helm-'));
    try {
      const out = path.join(dir, 'k8s');
      const r = await runInProcess(['render', RB, '--format', 'helm', '--write', out, ...NO_OP]);
      expect(r.code, r.stderr).toBe(0);
      for (const file of ['gitlab-omniauth-saml.yaml', 'gitlab-omniauth-openid-connect.yaml', 'values-omniauth.yaml']) {
        expect(statSync(path.join(out, file)).mode & 0o777, file).toBe(0o600);
      }
      // The files are for kubectl: the secret itself, not the mask.
      expect(readFileSync(path.join(out, 'gitlab-omniauth-openid-connect.yaml'), 'utf8')).toContain('s3cr3t: with colon');
      expect(r.stderr).toContain(`kubectl apply -n NAMESPACE -f ${path.join(out, 'gitlab-omniauth-saml.yaml')}`);
      expect(r.stderr).toContain('kubectl create secret generic -n NAMESPACE NAME --from-file=provider=provider.yaml');
      expect(r.stderr).toContain(`-f ${path.join(out, 'values-omniauth.yaml')}`);
      expect(r.stdout).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
