/**
 * render on a Docker Compose file: the Ruby inside GITLAB_OMNIBUS_CONFIG is
 * edited in place, in every YAML form the value can take, and what the
 * container finally evaluates is checked the way it really happens: YAML
 * parsed by Psych, Compose's interpolation (a small oracle below), then Ruby.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ProviderFlags } from '../../src/edit/provider-input.js';
import { findOmnibusConfig } from '../../src/read/docker/compose.js';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { edited, render } from './helpers.js';

const FORMS_DIR = path.join(repoRoot, 'fixtures/docker/forms');
const form = (name: string): string => readFileSync(path.join(FORMS_DIR, name), 'utf8');
const SINGLE_SERVICE_FORMS = readdirSync(FORMS_DIR).filter((f) => f !== 'two-services.yml');

/**
 * Compose's interpolation of a value, as the Compose spec states it: `$$` is a
 * literal `$`, `${VAR}` and `$VAR` take the variable's value (empty when unset).
 */
function composeInterpolate(value: string, env: Readonly<Record<string, string>>): string {
  return value.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, bare?: string) =>
    match === '$$' ? '$' : (env[braced ?? bare ?? ''] ?? ''),
  );
}

/** Psych reads the compose file and hands back the service's environment, uninterpolated. */
const PSYCH_VALUE = String.raw`
require 'json'
require 'yaml'
out = JSON.parse($stdin.read).map do |input|
  env = YAML.safe_load(input['compose'], aliases: true).dig('services', input['service'], 'environment')
  env = env.to_h { |item| item.split('=', 2) } if env.is_a?(Array)
  { 'environment' => env.transform_values(&:to_s) }
end
puts JSON.generate(out)
`;

/** Evaluates gitlab.rb Ruby as the image does (gitlab_rails a Hash, external_url a call) and returns the providers, keys as strings. */
const RUBY_EVAL = String.raw`
require 'json'
class Omnibus
  attr_reader :rails
  def initialize = @rails = {}
  def gitlab_rails = @rails
  def external_url(url) = @url = url
end
def plain(v)
  case v
  when Hash then v.to_h { |k, x| [k.to_s, plain(x)] }
  when Array then v.map { |x| plain(x) }
  when Symbol then v.to_s
  else v
  end
end
out = JSON.parse($stdin.read).map do |environment|
  ENV.replace(environment)
  o = Omnibus.new
  o.instance_eval(environment['GITLAB_OMNIBUS_CONFIG'])
  { 'providers' => plain(o.rails['omniauth_providers']), 'settings' => plain(o.rails.reject { |k, _| k == 'omniauth_providers' }) }
rescue Exception => e
  { 'error' => "#{e.class}: #{e.message}" }
end
puts JSON.generate(out)
`;

interface Evaluated {
  providers?: unknown;
  settings?: Record<string, unknown>;
  error?: string;
}

function runJson<T>(script: string, input: unknown): T {
  const r = runRuby(script, JSON.stringify(input));
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** What the container of each (compose text, service) evaluates, after Psych, Compose and Ruby. */
function containerSees(cases: ReadonlyArray<{ compose: string; service: string }>, env: Readonly<Record<string, string>>): Evaluated[] {
  const services = runJson<Array<{ environment: Record<string, string> }>>(PSYCH_VALUE, cases);
  // The container's environment: each value interpolated from the host's.
  const containers = services.map((s) => Object.fromEntries(Object.entries(s.environment).map(([k, v]) => [k, composeInterpolate(v, env)])));
  return runJson<Evaluated[]>(RUBY_EVAL, containers);
}

const HOSTILE: ProviderFlags = {
  name: 'github',
  appId: `it's "quoted" #{1+1} #$0 \\ back`,
  appSecret: '$ ${X} $X $$ $',
  label: 'Sign in ✓ #{',
  arg: ['scope=line1\nline2 <%= 1 %> ${HOME}', 'client_options.site=https://x.example.com/$'],
};
const HOSTILE_PROVIDER = {
  name: 'github',
  app_id: `it's "quoted" #{1+1} #$0 \\ back`,
  app_secret: '$ ${X} $X $$ $',
  label: 'Sign in ✓ #{',
  args: { scope: 'line1\nline2 <%= 1 %> ${HOME}', client_options: { site: 'https://x.example.com/$' } },
};
const EXISTING = { name: 'gitlab', app_id: 'abc', app_secret: 'from-the-host', label: 'Cost $5' };
/** The host's environment: if a `$` the tool wrote were not escaped, these would leak into the values. */
const HOST_ENV = { GITLAB_SECRET: 'from-the-host', X: 'INTERPOLATED', HOME: '/root' };

/** The scalar holding GITLAB_OMNIBUS_CONFIG of a service: [start, end] in the file. */
function scalarRange(text: string, service: string): [number, number] {
  const site = findOmnibusConfig(parseDocument(text)).find((s) => s.service === service);
  const range = site?.scalar.range;
  if (!range) throw new Error(`no GITLAB_OMNIBUS_CONFIG for ${service}`);
  return [range[0], range[1]];
}

describe('render edits GITLAB_OMNIBUS_CONFIG in each YAML form', () => {
  it.each(SINGLE_SERVICE_FORMS)('%s: the text around the value is untouched, the edit is idempotent', async (file) => {
    const before = form(file);
    const after = await edited(before, HOSTILE, file);
    const [start, end] = scalarRange(before, 'gitlab');
    expect(after.slice(0, start)).toBe(before.slice(0, start));
    expect(after.endsWith(before.slice(before.indexOf('\n', end - 1) + 1))).toBe(true);
    // The existing provider is still written as it was, `${VAR}` and `$$` included.
    expect(after).toContain('${GITLAB_SECRET}');
    expect(after).toContain('Cost $$5');
    const again = await render(after, HOSTILE, file);
    expect(again).toMatchObject({ status: 'ok', edits: [] });
    expect(again.status === 'ok' && again.after).toBe(after);
  });

  it.each(SINGLE_SERVICE_FORMS.filter((f) => f.startsWith('literal') || f === 'list-block.yml'))('%s: every line of the block stays, byte for byte', async (file) => {
    const before = form(file);
    const after = await edited(before, HOSTILE, file);
    const afterLines = new Set(after.split('\n'));
    for (const line of before.split('\n')) {
      // The line closing the list gets a comma in the one-provider list: the only changed line.
      if (!line.includes('{ name: ')) expect(afterLines.has(line), line).toBe(true);
    }
  });

  it.runIf(oracleAvailable('ruby'))('hostile values come back exactly through Psych, Compose interpolation and Ruby', async () => {
    const cases = await Promise.all(SINGLE_SERVICE_FORMS.map(async (file) => ({ compose: await edited(form(file), HOSTILE, file), service: 'gitlab' })));
    const seen = containerSees(cases, HOST_ENV);
    seen.forEach((result, i) => {
      expect(result.error, SINGLE_SERVICE_FORMS[i]).toBeUndefined();
      expect(result.providers, SINGLE_SERVICE_FORMS[i]).toEqual([EXISTING, HOSTILE_PROVIDER]);
    });
  });

  it.runIf(oracleAvailable('ruby'))('a new setting statement and an ENV secret, in each form', async () => {
    const flags: ProviderFlags = { name: 'saml2', field: ['label=$HOME'], set: ['auto_sign_in_with_provider=$x', 'block_auto_created_users=true'], appSecretEnv: 'SAML_SECRET' };
    const cases = await Promise.all(SINGLE_SERVICE_FORMS.map(async (file) => ({ compose: await edited(form(file), flags, file), service: 'gitlab' })));
    const seen = containerSees(cases, HOST_ENV);
    seen.forEach((result, i) => {
      expect(result.error, SINGLE_SERVICE_FORMS[i]).toBeUndefined();
      expect(result.settings, SINGLE_SERVICE_FORMS[i]).toMatchObject({ omniauth_auto_sign_in_with_provider: '$x', omniauth_block_auto_created_users: true });
    });
    for (const { compose } of cases) expect(compose).toContain("ENV['SAML_SECRET']");
  });

  it('a value a one-line style cannot hold becomes a literal block, said in a note', async () => {
    const result = await render(form('single-quoted.yml'), { set: ['block_auto_created_users=true'] }, 'single-quoted.yml');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).toMatch(/GITLAB_OMNIBUS_CONFIG: \|-\n {8}external_url "https:\/\/gitlab\.example\.com"; gitlab_rails\['omniauth_providers'\]/);
    expect(result.plan.notes.join('\n')).toMatch(/rewritten as a literal block/);
  });

  it('a one-line value keeps its style when the edit stays on the line', async () => {
    const after = await edited(form('double-quoted.yml'), { name: 'gitlab', label: 'New "label"' }, 'double-quoted.yml');
    expect(after).toContain(String.raw`label: 'New \"label\"' }]\n" # one line`);
  });
});

describe('several services', () => {
  const text = form('two-services.yml');

  it('without --service: refused, naming the candidates', async () => {
    const result = await render(text, { name: 'github', appId: 'a', appSecretEnv: 'S' }, 'docker-compose.yml');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringContaining('(`gitlab`, `gitlab-staging`): name one with --service') });
  });

  it('--service edits that one and nothing else', async () => {
    const r = await runInProcess(['render', '-', '--service', 'gitlab-staging', '--name', 'github', '--app-id', 'a', '--app-secret-env', 'S', '--stdout'], { stdin: text });
    expect(r.code).toBe(0);
    const [start] = scalarRange(text, 'gitlab-staging');
    expect(r.stdout.slice(0, start)).toBe(text.slice(0, start));
    expect(r.stdout.slice(start)).toContain("app_secret: ENV['S']");
  });

  it('an unknown --service: refused, naming the candidates', async () => {
    const r = await runInProcess(['render', '-', '--service', 'web', '--name', 'github'], { stdin: text });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('service `web` does not set GITLAB_OMNIBUS_CONFIG in <stdin>; the services that do: `gitlab`, `gitlab-staging`');
  });
});

describe('values the Compose editor refuses', () => {
  it('a value shared through a YAML anchor is refused: editing it would change every service using it', async () => {
    const text = 'x-config: &cfg |\n  external_url "https://gitlab.example.com"\nservices:\n  gitlab:\n    environment:\n      GITLAB_OMNIBUS_CONFIG: *cfg\n';
    const result = await render(text, { name: 'github', appId: 'a', appSecretEnv: 'S' }, 'docker-compose.yml');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringContaining('shared through the YAML anchor &cfg') });
  });

  it('a folded block (>) is refused and nothing is written', async () => {
    const text = 'services:\n  gitlab:\n    environment:\n      GITLAB_OMNIBUS_CONFIG: >\n        external_url "https://gitlab.example.com"\n';
    const result = await render(text, { name: 'github', appId: 'a', appSecretEnv: 'S' }, 'docker-compose.yml');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringContaining('folded block scalar') });
  });
});

describe('render --write on a compose file', () => {
  it('writes, then says which variable to pass and how to apply the change', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-compose-'));
    try {
      const file = path.join(dir, 'docker-compose.yml');
      writeFileSync(file, form('literal-clip.yml'));
      const r = await runInProcess(['render', file, '--preset', 'github', '--app-id', 'id', '--app-secret-env', 'GITHUB_SECRET', '--write']);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain("The Ruby reads ENV['GITHUB_SECRET']: pass it to the container, under services.gitlab.environment add:  GITHUB_SECRET: ${GITHUB_SECRET}");
      expect(r.stderr).toContain('docker compose up -d gitlab');
      expect(readFileSync(file, 'utf8')).toContain("app_secret: ENV['GITHUB_SECRET']");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the list form gets the line in list form; a variable the service passes already is not mentioned', async () => {
    const r = await runInProcess(['render', '-', '--preset', 'github', '--app-id', 'id', '--app-secret-env', 'GITHUB_SECRET', '--stdout'], { stdin: form('list-plain.yml') });
    expect(r.code).toBe(0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-compose-'));
    try {
      const file = path.join(dir, 'compose.yaml');
      writeFileSync(file, form('list-plain.yml'));
      const w = await runInProcess(['render', file, '--preset', 'github', '--app-id', 'id', '--app-secret-env', 'GITHUB_SECRET', '--write']);
      expect(w.stderr).toContain('add:  - GITHUB_SECRET=${GITHUB_SECRET}');
      writeFileSync(file, form('list-plain.yml').replace('- OTHER=1', '- GITHUB_SECRET'));
      const again = await runInProcess(['render', file, '--preset', 'github', '--app-id', 'id', '--app-secret-env', 'GITHUB_SECRET', '--write']);
      expect(again.stderr).not.toContain('pass it to the container');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface ManifestEntry {
  file: string;
  kind: string;
  embedded_ruby_syntax_ok?: boolean;
}

describe('the GitLab docs\' Docker snippets', () => {
  const dir = path.join(corpusRoot, 'snippets');
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as ManifestEntry[];
  const docker = manifest.filter((e) => e.kind === 'docker');

  it('there are Docker snippets to test', () => {
    expect(docker.length).toBeGreaterThanOrEqual(20);
  });

  it.each(docker.map((e) => [e.file, e.embedded_ruby_syntax_ok !== false] as const))('%s (Ruby parses: %s)', async (file, parses) => {
    const before = readFileSync(path.join(dir, file), 'utf8');
    const flags: ProviderFlags = { preset: 'github', appId: 'id', appSecretEnv: 'GITHUB_SECRET' };
    const result = await render(before, flags, file);
    if (!parses) {
      expect(result).toMatchObject({ status: 'refused', message: `${file} does not parse; fix it first` });
      return;
    }
    expect(result.status, result.status === 'refused' ? `${result.message} ${result.reasons.join('; ')}` : '').toBe('ok');
    if (result.status !== 'ok') return;
    const [start] = scalarRange(before, 'gitlab');
    expect(result.after.slice(0, start)).toBe(before.slice(0, start));
    // Only lines added: every line of the snippet is still there.
    const lines = new Set(result.after.split('\n'));
    for (const line of before.split('\n')) if (!/[\]}],?\s*$/.test(line)) expect(lines.has(line), line).toBe(true);
    const names = (result.afterModel.providers ?? []).map((p) => (p.value.kind === 'mapping' ? p.value.entries.find((e) => e.key === 'name')?.value : undefined));
    expect(names.some((n) => n?.kind === 'string' && n.value === 'github')).toBe(true);
    const again = await render(result.after, flags, file);
    expect(again).toMatchObject({ status: 'ok', edits: [] });
  });
});

describe('render --format docker', () => {
  /** The printed entry pasted under a service, as its users do. */
  const pasted = (entry: string): string => `services:\n  gitlab:\n    image: gitlab/gitlab-ee:latest\n${entry.replace(/^(?=.)/gm, '    ')}`;

  it.runIf(oracleAvailable('ruby'))('from a gitlab.rb: the entry, pasted, gives the container exactly the providers', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-compose-'));
    try {
      const file = path.join(dir, 'gitlab.rb');
      writeFileSync(file, "external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_providers'] = [{ name: 'gitlab', app_id: 'abc', app_secret: ENV['GITLAB_SECRET'], label: 'Cost $5' }]\n");
      const args = ['render', file, '--format', 'docker', '--name', HOSTILE.name as string, '--app-id', HOSTILE.appId as string, '--app-secret', HOSTILE.appSecret as string, '--label', HOSTILE.label as string];
      for (const a of HOSTILE.arg ?? []) args.push('--arg', a);
      const r = await runInProcess(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^environment:\n {2}GITLAB_OMNIBUS_CONFIG: \|\n/);
      expect(r.stdout).toContain('\n  GITLAB_SECRET: ${GITLAB_SECRET}\n');
      const [seen] = containerSees([{ compose: pasted(r.stdout), service: 'gitlab' }], HOST_ENV);
      expect(seen?.error).toBeUndefined();
      expect(seen?.providers).toEqual([EXISTING, HOSTILE_PROVIDER]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a provider list it cannot read rather than leave it out', async () => {
    const r = await runInProcess(['render', '-', '--format', 'docker', '--name', 'github', '--app-id', 'a', '--app-secret-env', 'S'], {
      stdin: "gitlab_rails['omniauth_providers'] = JSON.parse(File.read('/etc/gitlab/providers.json'))\n",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a literal gitlab-omniauth can read');
    expect(r.stdout).toBe('');
  });

  it('a compose file is rendered in place, not as an entry', async () => {
    const r = await runInProcess(['render', '-', '--format', 'docker', '--name', 'github'], { stdin: form('literal-clip.yml') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is already a Compose file');
  });
});
