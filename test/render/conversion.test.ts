/**
 * Converting a whole file into the other format (`render FILE --format
 * source|omnibus`): nothing the tool cannot read is ever written as something
 * else, nil is the Omnibus default, environment references are said for what
 * they are, and the section prints with no change requested, secrets masked.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readConfig } from '../../src/read/index.js';
import { assertConvertible, unconvertibleValues } from '../../src/render/convertible.js';
import { gitlabYmlFromOmnibus } from '../../src/render/omnibus-to-gitlab-yml.js';
import { repoRoot, runInProcess } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-convert-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function render(text: string, args: string[], name = 'gitlab.rb') {
  await writeFile(path.join(dir, name), text);
  return runInProcess(['render', name, ...args], { cwd: dir });
}

const github = `{ name: 'github', app_id: 'gh-id', app_secret: 'gh-secret-123', args: { scope: 'user:email' } }`;

describe('a value the tool cannot read refuses the conversion (exit 2), naming its line', () => {
  const refused: Array<[string, string, RegExp]> = [
    ['a list read from a file', `external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_providers'] = JSON.parse(File.read('/etc/gitlab/providers.json'))\n`, /^gitlab\.rb:2:38 error unrenderable-value the provider list is set to a Ruby expression .* on line 2/m],
    ['`+=` of a list read from a file', `gitlab_rails['omniauth_providers'] = [${github}]\ngitlab_rails['omniauth_providers'] += JSON.parse(File.read('/x.json'))\n`, /^gitlab\.rb:2:39 error .*the provider list is extended with a Ruby expression .* on line 2/m],
    ['a literal list changed by a statement the reader does not follow', `gitlab_rails['omniauth_providers'] = [${github}]\ngitlab_rails['omniauth_providers'].first[:label] = 'GitHub Enterprise'\n`, /^gitlab\.rb:2:1 error .*changed on line 2 with `\.first`/m],
    ['`<<` onto a list that is already unknown', `gitlab_rails['omniauth_providers'] = PROVIDERS\ngitlab_rails['omniauth_providers'] << ${github}\n`, /^gitlab\.rb:1:38 error .*set to a Ruby expression .* on line 1/m],
    ['a setting that is an expression', `gitlab_rails['omniauth_block_auto_created_users'] = File.exist?('/etc/gitlab/block')\n`, /^gitlab\.rb:1:53 error .*omniauth\.block_auto_created_users is a Ruby expression \(line 1\)/m],
    ['a setting changed by a statement the reader does not follow', `gitlab_rails['omniauth_external_providers'] = ['github', 'saml']\ngitlab_rails['omniauth_external_providers'] -= ['saml']\n`, /^gitlab\.rb:2:1 error .*omniauth\.external_providers is changed on line 2 with `-=`/m],
    ['an expression inside a provider', `gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'x', app_secret: File.read('/etc/gitlab/gh').strip }\n]\n`, /^gitlab\.rb:2:46 error .*omniauth\.providers\[0\]\.app_secret is a Ruby expression \(line 2\)/m],
  ];
  it.each(refused)('%s', async (_name, text, message) => {
    for (const args of [['--format', 'source'], ['--format', 'source', '--name', 'gitlab', '--app-id', 'a', '--app-secret-env', 'S']]) {
      const r = await render(text, args);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/gitlab\.rb cannot be converted/);
      // The expression's text is not quoted back: it may hold a secret.
      expect(r.stderr).not.toContain('File.read');
    }
  });

  it('converts when a later literal assignment makes every provider known again', async () => {
    const r = await render(`gitlab_rails['omniauth_providers'] = JSON.parse(File.read('/x.json'))\ngitlab_rails['omniauth_providers'] = [${github}]\n`, ['--format', 'source']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('- {"name":"github","app_id":"gh-id","app_secret":"********","args":{"scope":"user:email"}}');
  });

  it('converts when the command replaces the setting the file computes', async () => {
    const r = await render(`gitlab_rails['omniauth_block_auto_created_users'] = File.exist?('/x')\n`, ['--format', 'source', '--set', 'block_auto_created_users=false']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  block_auto_created_users: false\n');
  });

  it('ENV[...] references convert (the one expression both formats state)', async () => {
    const r = await render(`gitlab_rails['omniauth_auto_sign_in_with_provider'] = ENV['AUTO']\ngitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x', app_secret: ENV.fetch('GH') }]\n`, ['--format', 'source']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`auto_sign_in_with_provider: "<%= ENV['AUTO'] %>"`);
    expect(r.stdout).toContain(`"app_secret":"<%= ENV['GH'] %>"`);
  });

  it('gitlab.yml into gitlab.rb: an ERB expression other than ENV refuses too', async () => {
    const yml = `production:\n  omniauth:\n    providers:\n      - { name: github, app_id: x, app_secret: "<%= File.read('/s').strip %>" }\n`;
    const r = await render(yml, ['--format', 'omnibus'], 'gitlab.yml');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^gitlab\.yml:4:\d+ error .*omniauth\.providers\[0\]\.app_secret is an ERB expression \(line 4\)/m);
  });
});

describe('the shared conversion function', () => {
  it('unconvertibleValues lists each unreadable value with its range; assertConvertible throws on the first', async () => {
    const text = `gitlab_rails['omniauth_enabled'] = File.exist?('/x')\ngitlab_rails['omniauth_providers'] = JSON.parse(File.read('/p.json'))\n`;
    const { model } = await readConfig(text, { file: 'gitlab.rb' });
    const found = unconvertibleValues(model);
    expect(found.map((v) => [v.path, v.range?.start.line])).toEqual([
      ['omniauth.providers', 2],
      ['omniauth.enabled', 1],
    ]);
    expect(() => assertConvertible(model)).toThrow(/provider list .* line 2\b.*\(and 1 more\)/);
    // gitlabYmlFromOmnibus on a model goes through it: never an empty `providers:` for an unread list.
    expect(() => gitlabYmlFromOmnibus(model)).toThrow(/provider list .* line 2\b/);
    expect(unconvertibleValues(model, { replacedSettings: ['enabled'] }).map((v) => v.path)).toEqual(['omniauth.providers']);
  });

  it('a file with literal values only converts', async () => {
    const { model } = await readConfig(`gitlab_rails['omniauth_providers'] = [${github}]\ngitlab_rails['omniauth_providers'] << { name: 'saml', args: { issuer: ENV['ISSUER'] } }\n`, { file: 'gitlab.rb' });
    expect(unconvertibleValues(model)).toEqual([]);
    expect(gitlabYmlFromOmnibus(model)).toContain(`"issuer":"<%= ENV['ISSUER'] %>"`);
  });
});

describe('nil means the Omnibus default', () => {
  const text = `gitlab_rails['omniauth_allow_single_sign_on'] = nil\ngitlab_rails['omniauth_providers'] = nil\n`;

  it('converts omniauth_allow_single_sign_on = nil to ["saml"] and omniauth_providers = nil to no providers', async () => {
    const r = await render(text, ['--format', 'source']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('  allow_single_sign_on: ["saml"]\n');
    expect(r.stdout).toMatch(/ {2}providers:\n$/);
  });

  it('validate agrees: omniauth_providers = nil is not an error', async () => {
    await writeFile(path.join(dir, 'gitlab.rb'), text);
    const r = await runInProcess(['validate', 'gitlab.rb'], { cwd: dir });
    expect(r.stdout).not.toContain('providers-not-list');
    expect(r.code).toBe(0);
  });
});

describe('with no change requested, the whole section in the other format', () => {
  it('gitlab.rb → gitlab.yml: exit 0, every provider, secrets masked', async () => {
    const r = await runInProcess(['render', 'fixtures/omnibus/gitlab-com-saml.rb', '--format', 'source'], { cwd: repoRoot });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^omniauth:$/m);
    expect(r.stdout).toMatch(/^ {4}- \{"name":"gitlab",/m);
    expect(r.stdout).toMatch(/^ {4}- \{"name":"saml",/m);
    expect(r.stdout).not.toMatch(/"app_secret":"(?!\*{8}|<%= ENV)/);
  });

  it('--show-secrets prints them', async () => {
    const text = `gitlab_rails['omniauth_providers'] = [${github}]\n`;
    expect((await render(text, ['--format', 'source'])).stdout).not.toContain('gh-secret-123');
    expect((await render(text, ['--format', 'source'])).stdout).toContain('"app_secret":"********"');
    expect((await render(text, ['--format', 'source', '--show-secrets'])).stdout).toContain('"app_secret":"gh-secret-123"');
  });

  it('gitlab.yml → gitlab.rb: the providers in Ruby, secrets masked', async () => {
    const yml = `production:\n  omniauth:\n    enabled: true\n    providers:\n      - { name: github, app_id: gh-id, app_secret: gh-secret-123 }\n`;
    const r = await render(yml, ['--format', 'omnibus'], 'gitlab.yml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^gitlab_rails\['omniauth_enabled'\] = true$/m);
    expect(r.stdout).toContain('name: "github"');
    expect(r.stdout).not.toContain('gh-secret-123');
  });

  it('the same format with no change is still "nothing to render"', async () => {
    const r = await render(`gitlab_rails['omniauth_providers'] = [${github}]\n`, []);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to render');
  });
});

describe('ENV[...] values: the header says what is written instead of claiming reconfigure’s output', () => {
  it('names the variables and where they must be set', async () => {
    const r = await render(`gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: ENV['GH_ID'], app_secret: ENV['GH_SECRET'] }]\n`, ['--format', 'source']);
    expect(r.code, r.stderr).toBe(0);
    const header = r.stdout.slice(0, r.stdout.indexOf('\nomniauth:'));
    expect(header).toContain('GH_ID, GH_SECRET');
    expect(header).toMatch(/except for environment variables/);
    expect(header).toMatch(/GitLab processes/);
    // A comment goes through GitLab's ERB pass as well: it holds no ERB tag.
    expect(header).not.toContain('<%');
  });

  it('without ENV references the header says the section is reconfigure’s, value for value', async () => {
    // --show-secrets: the section starts with this header, not with the note on masked secrets.
    const r = await render(`gitlab_rails['omniauth_providers'] = [${github}]\n`, ['--format', 'source', '--show-secrets']);
    expect(r.stdout).toMatch(/^# The omniauth: section gitlab-ctl reconfigure writes into gitlab\.yml for gitlab\.rb,\n# value for value/);
    expect(r.stdout).not.toContain('environment variables');
  });
});
