/**
 * `misplaced-setting`: OmniAuth settings written where GitLab does not read
 * them (DOMAIN.md §7, "a setting at the wrong level"). Each failing case
 * lists its findings as `line:column severity`, at the misplaced key; passing
 * cases are the right places and the look-alikes that belong to other
 * sections. The GitLab docs snippets and the shipped example files must not
 * get a single finding.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { readConfig } from '../../src/read/index.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';
import { readSource } from '../../src/read/source/reader.js';
import { validateText } from '../../src/validate.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
const corpusText = (file: string): string => readFileSync(path.join(corpus, file), 'utf8');

function misplaced(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.rule === 'misplaced-setting');
}

const where = (d: Diagnostic): string => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}`;

function yml(text: string, env?: string): Diagnostic[] {
  return misplaced(readSource(text, { file: 'gitlab.yml', ...(env ? { env } : {}) }).diagnostics);
}

async function rb(text: string): Promise<Diagnostic[]> {
  return misplaced((await readOmnibus(text, { file: 'gitlab.rb' })).diagnostics);
}

const lines = (...l: string[]): string => `${l.join('\n')}\n`;

describe('gitlab.yml: settings GitLab does not read', () => {
  it.each([
    [
      '`omniauth:` left empty, its settings not indented (the providers lost: an error)',
      lines('production: &base', '  omniauth:', '  enabled: true', '  allow_single_sign_on: ["saml"]', '  providers:', '    - { name: saml }'),
      ['3:3 warning', '4:3 warning', '5:3 error'],
    ],
    [
      '`providers` directly under the environment beside a real list (a leftover: a warning)',
      lines('production:', '  providers:', '    - { name: saml }', '  omniauth:', '    providers:', '      - { name: github }'),
      ['2:3 warning'],
    ],
    [
      'an empty `providers:` directly under the environment carries nothing to lose',
      lines('production:', '  providers: []', '  omniauth:', '    enabled: true'),
      ['2:3 warning'],
    ],
    [
      'a setting under `gitlab:` instead of `omniauth:`',
      lines('production:', '  gitlab:', '    host: gitlab.example.com', '    block_auto_created_users: false', '  omniauth:', '    enabled: true'),
      ['4:5 warning'],
    ],
    [
      'the provider list under `gitlab:` with none under `omniauth:`',
      lines('production:', '  gitlab:', '    host: gitlab.example.com', '    providers:', '      - { name: saml }'),
      ['4:5 error'],
    ],
    [
      'a whole `omniauth:` section nested under `gitlab:`',
      lines('production:', '  gitlab:', '    host: gitlab.example.com', '    omniauth:', '      enabled: true', '      providers:', '        - { name: saml }'),
      ['4:5 error'],
    ],
    [
      'a nested `omniauth:` without providers',
      lines('production:', '  gitlab:', '    omniauth:', '      auto_sign_in_with_provider: saml'),
      ['3:5 warning'],
    ],
    [
      'the section name misspelled',
      lines('production:', '  omni_auth:', '    enabled: true'),
      ['2:3 warning'],
    ],
    [
      'a misspelled section holding the providers, `enabled:` beside it left alone',
      lines('production:', '  enabled: true', '  OmniAuth:', '    providers:', '      - { name: saml }'),
      ['3:3 error'],
    ],
    [
      'gitlab.rb spelling directly under the environment',
      lines('production:', '  omniauth_providers:', '    - { name: saml }', '  omniauth:', '    enabled: true'),
      ['2:3 error'],
    ],
    [
      'provider keys directly under `omniauth:`',
      lines('production:', '  omniauth:', '    enabled: true', '    app_id: "x"', '    app_secret: "y"', '    args: { scope: email }', '    label: Sign in', '    providers: []'),
      ['4:5 warning', '5:5 warning', '6:5 warning', '7:5 warning'],
    ],
    [
      'a provider whose `- ` was left out (`providers:` empty, its keys beside it)',
      lines('production:', '  omniauth:', '    providers:', '    name: github', '    app_id: "x"'),
      ['4:5 warning', '5:5 warning'],
    ],
    [
      '`omniauth:` at the top level of a gitlab.yml, outside every environment',
      lines('omniauth:', '  providers:', '    - { name: saml }', 'production:', '  gitlab:', '    host: gitlab.example.com'),
      ['1:1 error'],
    ],
    [
      'a setting at the top level of a gitlab.yml',
      lines('production:', '  omniauth:', '    enabled: true', 'auto_sign_in_with_provider: saml'),
      ['4:1 warning'],
    ],
    [
      'chart values: a provider key directly under `global.appConfig.omniauth`',
      lines('global:', '  appConfig:', '    omniauth:', '      enabled: true', '      label: Company SSO', '      providers:', '        - secret: gitlab-saml'),
      ['5:7 warning'],
    ],
    [
      'a fragment: settings beside `omniauth:` at the top level',
      lines('omniauth:', '  enabled: true', 'allow_single_sign_on: true'),
      ['3:1 warning'],
    ],
    [
      'a fragment of an environment section: a setting under `gitlab:` (its providers may be elsewhere: a warning)',
      lines('gitlab:', '  host: gitlab.example.com', '  providers:', '    - { name: saml }'),
      ['3:3 warning'],
    ],
    [
      'a mistake in `production` counts for every environment merging it in',
      lines('production: &base', '  providers:', '    - { name: saml }', 'test:', '  <<: *base'),
      ['2:3 error'],
      'test',
    ],
  ])('%s', (_name, text, expected, env?: string) => {
    expect(yml(text, env).map(where)).toEqual(expected);
  });

  it.each([
    ['settings in place', lines('production:', '  omniauth:', '    enabled: true', '    providers:', '      - { name: saml, label: SAML, args: { issuer: x } }')],
    ['`enabled:` alone under the environment may belong to anything', lines('production:', '  enabled: true', '  omniauth:', '    enabled: true')],
    ['`enabled:` of another section', lines('production:', '  kerberos:', '    enabled: true', '  incoming_email:', '    enabled: false')],
    ['only the environment GitLab runs as is checked', lines('production:', '  omniauth:', '    enabled: true', 'development:', '  providers: []')],
    ['an omniauth section fragment', lines('omniauth:', '  allow_single_sign_on: ["saml"]', '  block_auto_created_users: false')],
    ['a bare settings fragment (a piece of `omniauth:`)', lines('allow_single_sign_on: ["saml"]', 'providers:', '  - { name: saml }')],
    ['a single provider', lines('name: saml', 'label: SAML', 'args:', '  issuer: x')],
    ['a providers list', lines('- { name: github, app_id: x, app_secret: y }')],
    ['Helm chart values (camelCase under global.appConfig)', lines('global:', '  appConfig:', '    omniauth:', '      enabled: true', '      allowSingleSignOn: ["saml"]', '      providers:', '        - secret: gitlab-saml')],
    ['Helm chart omniauth section', lines('omniauth:', '  enabled: true', '  blockAutoCreatedUsers: false', '  providers:', '    - secret: gitlab-saml')],
  ])('%s: nothing', (_name, text) => {
    expect(yml(text)).toEqual([]);
  });

  it('is the one finding at a provider key under `omniauth:` (not also an unknown setting)', async () => {
    const text = lines('production:', '  omniauth:', '    app_id: x', '    providers: []');
    const { diagnostics } = await validateText(text, { file: 'gitlab.yml' });
    expect(diagnostics.filter((d) => d.range?.start.line === 3).map((d) => d.rule)).toEqual(['misplaced-setting']);
  });

  it('says where the key is and where GitLab reads it', () => {
    const [under, nested, provider] = [
      yml(lines('production:', '  omniauth:', '  providers:', '    - { name: saml }'))[0],
      yml(lines('production:', '  gitlab:', '    omniauth:', '      enabled: true'))[0],
      yml(lines('production:', '  omniauth:', '    app_id: x'))[0],
    ];
    expect(under?.message).toBe('`providers` under `production:` is ignored: GitLab reads `production.omniauth.providers`, and finds no provider there');
    expect(under?.path).toBe('providers');
    expect(nested?.message).toBe('`omniauth` under `production.gitlab:` is ignored: GitLab reads `production.omniauth`');
    expect(nested?.hint).toMatch(/out of `gitlab:`/);
    expect(provider?.message).toBe('`app_id` under `production.omniauth:` is ignored: GitLab reads it from a provider entry in `production.omniauth.providers`');
  });
});

describe('gitlab.rb: settings Omnibus does not read', () => {
  it.each([
    ['`providers` without the `omniauth_` prefix (the providers lost: an error)', "gitlab_rails['providers'] = [{ name: 'saml' }]", ['1:14 error']],
    ['a symbol key without the prefix', "gitlab_rails[:allow_single_sign_on] = ['saml']", ['1:14 warning']],
    [
      'a prefix-less list beside the real one (a leftover: a warning)',
      lines("gitlab_rails['omniauth_providers'] = [{ name: 'github' }]", "gitlab_rails['providers'] = [{ name: 'saml' }]"),
      ['2:14 warning'],
    ],
    ['an empty prefix-less list carries nothing to lose', "gitlab_rails['providers'] = []", ['1:14 warning']],
    ['appended to the prefix-less key', "gitlab_rails['providers'] << { name: 'saml' }", ['1:14 error']],
    ['assigned with `||=`', "gitlab_rails['block_auto_created_users'] ||= false", ['1:14 warning']],
    [
      'the settings as one `omniauth` hash',
      lines('gitlab_rails[\'omniauth\'] = {', "  enabled: true,", "  providers: [{ name: 'saml' }]", '}'),
      ['1:14 error'],
    ],
    ['an `omniauth` hash without providers', "gitlab_rails['omniauth'] = { 'block_auto_created_users' => false }", ['1:14 warning']],
    ['written into an `omniauth` hash', "gitlab_rails['omniauth']['providers'] = []", ['1:14 warning']],
    ['`omniauth_providers` on another object', "gitlab['omniauth_providers'] = [{ name: 'saml' }]", ['1:8 error']],
    ['an OmniAuth setting on gitlab_workhorse', "gitlab_workhorse['omniauth_enabled'] = true", ['1:18 warning']],
    ['inside a condition', lines("if ENV['SSO']", "  gitlab_rails['auto_link_user'] = true", 'end'), ['2:16 warning']],
    [
      'before a syntax error, in the statements still readable',
      lines("gitlab_rails['providers'] = [{ name: 'saml' }]", "gitlab_rails['omniauth_enabled'] = {"),
      ['1:14 error'],
    ],
  ])('%s', async (_name, text, expected) => {
    expect((await rb(text)).map(where)).toEqual(expected);
  });

  it.each([
    ['settings in place', lines("gitlab_rails['omniauth_enabled'] = true", "gitlab_rails['omniauth_providers'] = [{ name: 'saml' }]")],
    ['a typo of the prefixed key (that is `unknown-setting`)', "gitlab_rails['omniauth_provider'] = []"],
    ['`enabled` alone names nothing OmniAuth', "gitlab_rails['enabled'] = true"],
    ['other settings of other objects', lines("nginx['enable'] = true", "gitlab_rails['ldap_enabled'] = true", "registry['enable'] = false")],
    ['a local hash named like a setting', lines('settings = {}', "settings['omniauth_providers'] = []")],
    ['a single provider hash', "{ name: 'saml', app_id: 'x', args: {} }"],
  ])('%s: nothing', async (_name, text) => {
    expect(await rb(text)).toEqual([]);
  });

  it('says which key Omnibus reads instead', async () => {
    const [prefixless] = await rb("gitlab_rails['providers'] = [{ name: 'saml' }]");
    const [whole] = await rb("gitlab_rails['omniauth'] = { enabled: true, providers: [] }");
    const [object] = await rb("gitlab_workhorse['omniauth_enabled'] = true");
    expect(prefixless?.message).toBe("`gitlab_rails['providers']` is ignored: Omnibus reads `gitlab_rails['omniauth_providers']`, which sets no provider");
    expect(whole?.hint).toBe("Assign each setting on its own: `gitlab_rails['omniauth_enabled']`, `gitlab_rails['omniauth_providers']`");
    expect(object?.message).toBe("`gitlab_workhorse['omniauth_enabled']` configures no OmniAuth: Omnibus reads `gitlab_rails['omniauth_enabled']`");
  });
});

describe('real GitLab material has no misplaced setting', () => {
  interface ManifestEntry {
    file: string;
    kind: string;
  }
  const manifest = JSON.parse(corpusText('snippets/manifest.json')) as ManifestEntry[];
  const snippets = manifest.filter((e) => ['omnibus', 'source', 'helm', 'docker'].includes(e.kind));

  it('covers every docs snippet of gitlab.rb, gitlab.yml, Helm values and Docker Compose', () => {
    expect(snippets.length).toBeGreaterThan(220);
  });

  it.each(snippets.map((e) => [e.file]))('%s', async (file) => {
    const { diagnostics } = await readConfig(corpusText(`snippets/${file}`), { file });
    expect(misplaced(diagnostics)).toEqual([]);
  });

  it.each(['production', 'development', 'test', 'staging'])('gitlab.yml.example read as %s', (env) => {
    expect(yml(corpusText('source/gitlab.yml.example'), env)).toEqual([]);
  });

  it('gitlab.rb.template, with its OmniAuth block uncommented as users do', async () => {
    const template = corpusText('omnibus/gitlab.rb.template');
    const uncommented = template.replace(/^# (gitlab_rails\['omniauth_\w+'\].*)$/gm, '$1');
    expect(uncommented).not.toBe(template);
    expect(await rb(template)).toEqual([]);
    expect(await rb(uncommented)).toEqual([]);
  });
});
