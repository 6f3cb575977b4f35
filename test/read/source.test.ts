/**
 * Reading gitlab.yml, its fragments and Helm values into the OmniAuth model:
 * one table per construct. Expected values are what GitLab (Psych, then Rails'
 * stringified keys) makes of the same text; test/oracle/psych-source.test.ts
 * checks that against real Ruby.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import type { ConfigValue, ReadResult } from '../../src/model/types.js';
import { readSource } from '../../src/read/source/reader.js';

function read(text: string, env?: string): ReadResult {
  return readSource(text, { file: 'gitlab.yml', ...(env ? { env } : {}) });
}

function omniauthJson(text: string, env?: string): { [key: string]: Json } {
  return modelToJson(read(text, env).model, { showSecrets: true }).omniauth;
}

function findings(text: string, rule?: string): string[] {
  return read(text)
    .diagnostics.filter((d) => !rule || d.rule === rule)
    .map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}`);
}

describe('what a file holds (shape)', () => {
  it.each([
    ['a whole gitlab.yml', 'production: &base\n  omniauth:\n    enabled: true\n', 'gitlab_yml', 'production'],
    ['a gitlab.yml with only other environments', 'test:\n  omniauth:\n    enabled: true\n', 'gitlab_yml', 'production'],
    ['an omniauth section', 'omniauth:\n  enabled: true\n', 'omniauth_section', null],
    ['Helm chart values', 'global:\n  appConfig:\n    omniauth:\n      enabled: true\n', 'omniauth_section', null],
    ['a bare providers list (flow items)', "- { name: 'github', app_id: 'x' }\n", 'providers_list', null],
    ['a bare providers list (block items)', '- name: github\n  app_id: x\n', 'providers_list', null],
    ['a single provider (YAML, a Helm secret)', 'name: saml\nlabel: SAML\nargs:\n  issuer: x\n', 'provider', null],
    ['a single provider (JSON)', '{\n  "name": "azure_oauth2",\n  "args": { "scope": ["openid"] }\n}\n', 'provider', null],
    ['another part of an environment section', 'gitlab:\n  host: gitlab.example.com\n', 'gitlab_yml', null],
    ['comments only', '# nothing here\n', 'empty', null],
    ['nothing at all', '', 'empty', null],
  ])('%s', (_name, text, shape, env) => {
    const { model } = read(text);
    expect(model.shape).toBe(shape);
    expect(model.env).toBe(env);
    expect(model.format).toBe('source');
  });

  it('warns when the chosen environment has no section', () => {
    const r = read('production:\n  omniauth:\n    enabled: true\n', 'staging');
    expect(r.model.settings).toEqual([]);
    expect(r.diagnostics.map((d) => d.rule)).toEqual(['missing-environment']);
    expect(r.diagnostics[0]?.hint).toMatch(/production/);
  });
});

describe('environments, anchors and merge keys', () => {
  const file = [
    'production: &base',
    '  gitlab:',
    '    host: gitlab.example.com',
    '  omniauth: &oa',
    '    enabled: true',
    '    allow_single_sign_on: ["saml"]',
    '    providers:',
    "      - &saml { name: 'saml', label: 'SSO' }",
    'test:',
    '  <<: *base',
    '  omniauth:',
    '    <<: *oa',
    '    enabled: false',
    '    providers:',
    '      - *saml',
    "      - { name: 'github' }",
    'staging:',
    '  <<: *base',
    '',
  ].join('\n');

  it.each([
    ['production', { enabled: true, allow_single_sign_on: ['saml'], providers: [{ name: 'saml', label: 'SSO' }] }],
    ['test', { enabled: false, allow_single_sign_on: ['saml'], providers: [{ name: 'saml', label: 'SSO' }, { name: 'github' }] }],
    ['staging', { enabled: true, allow_single_sign_on: ['saml'], providers: [{ name: 'saml', label: 'SSO' }] }],
  ])('reads the %s section', (env, omniauth) => {
    expect(omniauthJson(file, env)).toEqual(omniauth);
    expect(read(file, env).model.env).toBe(env);
  });

  it('keeps the range where a value reached through an alias is really written', () => {
    const { model } = read(file, 'staging');
    const enabled = model.settings.find((s) => s.name === 'enabled');
    expect(enabled?.value.range.start.line).toBe(5);
    expect(enabled?.keyRange.start.line).toBe(5);
    const saml = read(file, 'test').model.providers?.[0];
    expect(saml?.value.range.start.line).toBe(8);
    expect(saml?.value.path).toBe('omniauth.providers[0]');
  });

  it('applies a merge where `<<` stands, as Psych does: a key written before it is overridden', () => {
    const text = 'base: &b\n  enabled: true\nproduction:\n  omniauth:\n    enabled: false\n    <<: *b\n';
    expect(omniauthJson(text)).toEqual({ enabled: true });
  });

  it('merges a list of mappings with the earlier ones winning', () => {
    const text = 'a: &a { enabled: true }\nb: &b { enabled: false, auto_link_user: true }\nproduction:\n  omniauth:\n    <<: [*a, *b]\n';
    expect(omniauthJson(text)).toEqual({ enabled: true, auto_link_user: true });
  });

  it('replaces whole sections on merge (no deep merge)', () => {
    const text = 'production: &base\n  omniauth:\n    enabled: true\n    block_auto_created_users: true\ntest:\n  <<: *base\n  omniauth:\n    enabled: false\n';
    expect(omniauthJson(text, 'test')).toEqual({ enabled: false });
  });
});

describe('settings', () => {
  it('makes every key under omniauth an assignment, known or not', () => {
    const { model } = read('omniauth:\n  enabled: true\n  omniauth_provider: x\n  cas3:\n    session_duration: 28800\n');
    expect(model.settings.map((s) => [s.name, s.sourceKey, s.known, s.operation, s.conditional])).toEqual([
      ['enabled', 'enabled', true, 'assign', false],
      ['omniauth_provider', 'omniauth_provider', false, 'assign', false],
      ['cas3.session_duration', 'cas3.session_duration', true, 'assign', false],
    ]);
    const cas = model.settings[2];
    expect(cas?.value).toMatchObject({ kind: 'integer', value: '28800', path: 'omniauth.cas3.session_duration' });
    expect(cas?.keyRange.start).toMatchObject({ line: 5, column: 5 });
  });

  it('gives each assignment its key and whole statement range', () => {
    const { model } = read('omniauth:\n  allow_single_sign_on: ["saml", "github"]\n');
    const s = model.settings[0];
    expect(s?.keyRange).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 23 } });
    expect(s?.statementRange).toMatchObject({ start: { line: 2, column: 3 }, end: { line: 2, column: 43 } });
    expect(s?.value.path).toBe('omniauth.allow_single_sign_on');
  });

  it('links each provider to the providers assignment', () => {
    const { model } = read("omniauth:\n  providers:\n    - { name: 'github' }\n    - name: gitlab\n      args:\n        scope: api\n");
    const providers = model.settings.find((s) => s.name === 'providers');
    expect(model.providers?.map((p) => p.definedBy)).toEqual([providers, providers]);
    const gitlab = model.providers?.[1]?.value;
    expect(gitlab?.kind === 'mapping' && gitlab.entries.map((e) => e.value.path)).toEqual(['omniauth.providers[1].name', 'omniauth.providers[1].args']);
  });

  it.each([
    ['providers set to nothing', 'omniauth:\n  providers:\n', null],
    ['providers not a list', "omniauth:\n  providers: \"[{ name: 'github' }]\"\n", null],
    ['no providers key', 'omniauth:\n  enabled: true\n', null],
    ['an empty list', 'omniauth:\n  providers: []\n', 0],
  ])('model.providers with %s', (_name, text, count) => {
    const { model } = read(text);
    expect(model.providers === null ? null : model.providers.length).toBe(count);
  });

  it('keeps both entries of a duplicate key and warns at the second', () => {
    const r = read("omniauth:\n  enabled: true\n  providers:\n    - { name: 'a', name: 'b' }\n  enabled: false\n");
    expect(r.model.settings.map((s) => s.name)).toEqual(['enabled', 'providers', 'enabled']);
    expect(omniauthJson("omniauth:\n  enabled: true\n  enabled: false\n")).toEqual({ enabled: false });
    const dups = r.diagnostics.filter((d) => d.rule === 'duplicate-key').sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
    expect(dups.map((d) => [d.range?.start.line, d.range?.start.column, d.severity, d.path])).toEqual([
      [4, 20, 'warning', 'omniauth.providers[0].name'],
      [5, 3, 'warning', 'omniauth.enabled'],
    ]);
    const first = r.model.providers?.[0]?.value;
    expect(first?.kind === 'mapping' && first.entries.map((e) => e.key)).toEqual(['name', 'name']);
  });

  it.each([
    ['an environment', 'production:\n  omniauth: { enabled: true }\nproduction:\n  omniauth: { enabled: false }\n', ['3:1 warning duplicate-key'], { enabled: false }],
    ['omniauth', 'production:\n  omniauth: { enabled: true }\n  omniauth: { auto_link_user: true }\n', ['3:3 warning duplicate-key'], { auto_link_user: true }],
    ['a top-level omniauth', 'omniauth: { enabled: true }\nomniauth: { auto_link_user: true }\n', ['2:1 warning duplicate-key'], { auto_link_user: true }],
  ])('warns about %s given twice and reads the last, as GitLab does', (_name, text, expected, omniauth) => {
    expect(findings(text)).toEqual(expected);
    expect(omniauthJson(text)).toEqual(omniauth);
  });

  it('does not report keys that a merge overrides as duplicates', () => {
    expect(findings('production: &base\n  omniauth: { enabled: true }\ntest:\n  <<: *base\n  omniauth: { enabled: false }\n')).toEqual([]);
  });
});

describe('mappings and keys', () => {
  it.each([
    ['block mapping', 'omniauth:\n  providers:\n    - name: github\n      app_id: x\n'],
    ['flow mapping', "omniauth:\n  providers:\n    - { name: github, app_id: x }\n"],
    ['flow mapping over several lines with comments', "omniauth:\n  providers:\n    - { name: 'github', # the provider\n        # label: 'x',\n        app_id: \"x\" }\n"],
    ['quoted keys', "omniauth:\n  'providers':\n    - { \"name\": 'github', 'app_id': x }\n"],
    ['JSON', '{"omniauth": {"providers": [{"name": "github", "app_id": "x"}]}}\n'],
  ])('%s', (_name, text) => {
    expect(omniauthJson(text)).toEqual({ providers: [{ name: 'github', app_id: 'x' }] });
  });

  it.each([
    ['true', 'true'],
    ['yes', 'true'],
    ['off', 'false'],
    ['1', '1'],
    ['~', ''],
    ['1.5', '1.5'],
    [':sym', 'sym'],
  ])('stringifies the key %s as Rails does (%s)', (key, expected) => {
    const { model } = read(`omniauth:\n  args:\n    ${key}: v\n`);
    const args = model.settings[0]?.value;
    expect(args?.kind === 'mapping' && args.entries[0]?.key).toBe(expected);
  });
});

describe('values, as Psych reads them', () => {
  const plain = (text: string): ConfigValue | undefined => read(`omniauth:\n  x: ${text}\n`).model.settings[0]?.value;
  it.each<[string, Partial<ConfigValue>]>([
    ['true', { kind: 'boolean', value: true }],
    ['yes', { kind: 'boolean', value: true }],
    ['Yes', { kind: 'boolean', value: true }],
    ['ON', { kind: 'boolean', value: true }],
    ['no', { kind: 'boolean', value: false }],
    ['off', { kind: 'boolean', value: false }],
    ['False', { kind: 'boolean', value: false }],
    ['y', { kind: 'string', value: 'y' }],
    ['n', { kind: 'string', value: 'n' }],
    ['"yes"', { kind: 'string', value: 'yes' }],
    ["'false'", { kind: 'string', value: 'false' }],
    ['~', { kind: 'null' }],
    ['null', { kind: 'null' }],
    ['NULL', { kind: 'null' }],
    ['', { kind: 'null' }],
    ['250000', { kind: 'integer', value: '250000' }],
    ['-7', { kind: 'integer', value: '-7' }],
    ['0123', { kind: 'integer', value: '83' }],
    ['0x1F', { kind: 'integer', value: '31' }],
    ['0b101', { kind: 'integer', value: '5' }],
    ['1_000', { kind: 'integer', value: '1000' }],
    ['1,000', { kind: 'integer', value: '1000' }],
    ['123456789012345678901234567890', { kind: 'integer', value: '123456789012345678901234567890' }],
    ['08', { kind: 'string', value: '08' }],
    ['1:30:00', { kind: 'integer', value: '5400' }],
    ['1.5', { kind: 'float', value: 1.5 }],
    ['1.', { kind: 'float', value: 1 }],
    ['.5', { kind: 'float', value: 0.5 }],
    ['1e3', { kind: 'string', value: '1e3' }],
    ['1.0e+3', { kind: 'float', value: 1000 }],
    ['.inf', { kind: 'float', value: Infinity }],
    [':saml', { kind: 'symbol', value: 'saml' }],
    ["'0123'", { kind: 'string', value: '0123' }],
    ['2024-01-31', { kind: 'string', value: '2024-01-31' }],
    ['!!str 123', { kind: 'string', value: '123' }],
    ['https://gitlab.example.com', { kind: 'string', value: 'https://gitlab.example.com' }],
    ['"tab\\there"', { kind: 'string', value: 'tab\there' }],
    ['|\n    line 1\n    line 2', { kind: 'string', value: 'line 1\nline 2\n' }],
    ['>-\n    folded\n    text', { kind: 'string', value: 'folded text' }],
    ['[1, two, off]', { kind: 'array' }],
  ])('%s', (text, expected) => {
    expect(plain(text)).toMatchObject(expected);
  });
});

describe('ERB', () => {
  it.each([
    ['double-quoted', `"<%= ENV['GITHUB_APP_ID'] %>"`, `<%= ENV['GITHUB_APP_ID'] %>`],
    ['single-quoted', `'<%= ENV["GITHUB_APP_ID"] %>'`, `<%= ENV["GITHUB_APP_ID"] %>`],
    ['double-quoted with double quotes inside the tag', `"<%= ENV["GITHUB_APP_ID"] %>"`, `<%= ENV["GITHUB_APP_ID"] %>`],
    ['plain', `<%= ENV.fetch('X', 'a, b: c') %>`, `<%= ENV.fetch('X', 'a, b: c') %>`],
    ['part of a string', `"https://<%= ENV['HOST'] %>/callback"`, `https://<%= ENV['HOST'] %>/callback`],
    ['two tags', `"<%= a %>:<%= b %>"`, `<%= a %>:<%= b %>`],
  ])('an output tag %s is an ERB expression of the whole scalar', (_name, yaml, source) => {
    const r = read(`omniauth:\n  providers:\n    - { name: github, app_id: ${yaml} }\n`);
    expect(r.diagnostics).toEqual([]);
    const provider = r.model.providers?.[0]?.value;
    const appId = provider?.kind === 'mapping' ? provider.entries[1]?.value : undefined;
    expect(appId).toMatchObject({ kind: 'erb', source, path: 'omniauth.providers[0].app_id' });
    expect(appId?.range.start).toMatchObject({ line: 3, column: 31 });
  });

  it('reads `<%%` as a literal `<%`, not ERB', () => {
    expect(omniauthJson("omniauth:\n  label: '<%% literal %>'\n")).toEqual({ label: '<% literal %>' });
  });

  it('warns about control flow once per block, reads every branch and marks it conditional', () => {
    const text = [
      'production:',
      '  omniauth:',
      '    enabled: true',
      "<% if ENV['SSO'] %>",
      '    allow_single_sign_on: ["saml"]',
      '<% else %>',
      '    allow_single_sign_on: false',
      '<% end %>',
      '    block_auto_created_users: true',
      '',
    ].join('\n');
    const r = read(text);
    expect(r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}`)).toEqual([
      '4:1 warning erb-control-flow',
      '7:5 warning duplicate-key',
    ]);
    expect(r.model.settings.map((s) => [s.name, s.conditional])).toEqual([
      ['enabled', false],
      ['allow_single_sign_on', true],
      ['allow_single_sign_on', true],
      ['block_auto_created_users', false],
    ]);
  });

  it.each([
    ['trim-mode tags', "<%- if true -%>\nomniauth:\n  enabled: true\n<%- end -%>\n", 1],
    ['a loop', "omniauth:\n  providers:\n<% %w[a b].each do |n| %>\n    - { name: '<%= n %>' }\n<% end %>\n", 1],
    ['a comment tag (no finding)', 'omniauth:\n  <%# a comment %>\n  enabled: true\n', 0],
  ])('%s', (_name, text, warnings) => {
    const r = read(text);
    expect(r.diagnostics.filter((d) => d.rule === 'erb-control-flow')).toHaveLength(warnings);
    expect(r.diagnostics.filter((d) => d.rule === 'yaml-syntax')).toEqual([]);
    expect(r.model.settings.length).toBeGreaterThan(0);
  });

  it('warns about an output tag alone on its line (it writes YAML lines) and reads the rest', () => {
    const r = read("production:\n  omniauth:\n    providers:\n<%= File.read('/etc/gitlab/providers.yml') %>\n  gitlab:\n    host: gitlab.example.com\n");
    expect(r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}`)).toEqual(['4:1 warning erb-control-flow']);
    expect(r.model.externalUrl?.url).toBe('http://gitlab.example.com');
  });

  it('reports a tag that is never closed', () => {
    expect(findings("omniauth:\n  app_id: \"<%= ENV['X'] \"\n")).toEqual(['2:12 error yaml-syntax', '2:3 warning misplaced-setting']);
  });
});

describe('YAML syntax errors: one finding per mistake, where the mistake is', () => {
  it.each<[string, string, string[], RegExp]>([
    ['`=>` pasted from Ruby (flow)', "omniauth:\n  providers:\n    - { name: 'gitlab' => 'x' }\n", ['3:24 error'], /hash rocket/],
    ['`=>` pasted from Ruby (block)', 'omniauth:\n  providers:\n    - "name" => "gitlab"\n      "app_id" => "x"\n', ['3:14 error', '4:16 error'], /hash rocket/],
    ['a missing comma in a flow map', "omniauth:\n  providers:\n    - { name: 'a'\n        app_id: 'b' }\n", ['3:18 error'], /Missing `,`/],
    ['a missing comma before a comment', "omniauth:\n  providers:\n    - { name: 'a' # the name\n        app_id: 'b' }\n", ['3:18 error'], /Missing `,`/],
    ['two missing commas', "- { name: 'a'\n    label: 'b'\n    app_id: 'c' }\n", ['1:14 error', '2:15 error'], /Missing `,`/],
    ['tab indentation', 'omniauth:\n\tenabled: true\n\tproviders: []\n\tauto_link_user: true\n', ['2:1 error'], /Tab/],
    ['tab indentation in two places', 'omniauth:\n\tenabled: true\n  providers: []\n\tauto_link_user: true\n', ['2:1 error', '4:1 error'], /Tab/],
    ['a list item indented less than the one before', "omniauth:\n  providers:\n    - { name: 'a' }\n  - { name: 'c' }\n", ['4:3 error'], /List item at column 3/],
    ['`args:` indented too little (block)', 'omniauth:\n  providers:\n    - name: saml\n      label: x\n    args:\n      foo: bar\n', ['5:5 error'], /`args:` at column 5 is indented less/],
    ['`args:` between two columns', 'omniauth:\n  providers:\n    - name: saml\n      label: x\n     args:\n       foo: bar\n', ['5:6 error'], /`args:` at column 6/],
    ['a key indented too much', 'omniauth:\n  enabled: true\n   block_auto_created_users: false\n', ['3:4 error'], /indented more/],
    ['a `{` never closed', "omniauth:\n  providers:\n    - { name: 'a', args: { scope: 'x' }\n    - { name: 'b' }\n", ['3:40 error'], /never closed/],
    ['a `{` never closed at the end of the file', "- { name: 'gitlab',\n    app_id: 'x',\n", ['2:17 error'], /never closed/],
    ['a `}` indented less than its list item (GitLab accepts it)', "production:\n  omniauth:\n    providers:\n     - { name: 'a',\n         label: 'b'\n    }\n", ['6:5 warning'], /indented no further/],
    ['`...` from the docs', "name: 'saml'\nargs:\n  name: 'saml'\n  ...\n", ['4:3 error'], /`\.\.\.`/],
    ['a bad escape', 'omniauth:\n  label: "C:\\q"\n', ['2:13 error'], /escape/],
  ])('%s', (_name, text, expected, message) => {
    const r = read(text);
    const syntax = r.diagnostics.filter((d) => d.rule === 'yaml-syntax');
    expect(syntax.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}`)).toEqual(expected);
    expect(syntax[0]?.message).toMatch(message);
    expect(syntax[0]?.hint).toBeTruthy();
  });

  it.each([
    ['between two pairs', "omniauth:\n  providers:\n    - { name: 'gitlab' app_id: 'x' }\n", '3:23', 'flow mapping', '`app_id:`'],
    ['after a plain value', '- { name: gitlab app_id: x }\n', '1:17', 'flow mapping', '`app_id:`'],
    ['before a quoted key', `- { name: "gitlab" "app_id": 'x' }\n`, '1:19', 'flow mapping', '`"app_id":`'],
    ['after a nested `{ }`', "- { name: 'a', args: { x: 1 } label: 'b' }\n", '1:30', 'flow mapping', '`label:`'],
    ['on a continuation line', "- { name: 'gitlab',\n    app_id: 'x' label: 'y' }\n", '2:16', 'flow mapping', '`label:`'],
    ['between two list items', "omniauth:\n  allow_single_sign_on: ['saml' 'github']\n", '2:32', 'flow sequence', "`'github'`"],
  ])('a comma missing inside a line (%s) is found after the value, and names what follows', (_name, text, at, kind, next) => {
    const syntax = read(text).diagnostics.filter((d) => d.rule === 'yaml-syntax');
    expect(syntax.map((d) => [`${d.range?.start.line}:${d.range?.start.column}`, d.message, d.hint])).toEqual([
      [at, `Missing \`,\` between two items of a ${kind} \`${kind === 'flow mapping' ? '{ ... }' : '[ ... ]'}\``, `Add a comma before ${next}`],
    ]);
  });

  it('reports each line that misses commas once, without follow-on errors', () => {
    expect(findings("- { name: 'a' label: 'b' app_id: 'c' }\n- { name: 'd' label: 'e' }\n")).toEqual(['1:14 error yaml-syntax', '2:14 error yaml-syntax']);
  });

  describe('what the yaml parser lets through but GitLab (Psych) rejects', () => {
    it.each<[string, string, string[], RegExp]>([
      ['a `:` on the line after its key (flow)', "omniauth:\n  providers:\n    - { name\n: 'x' }\n", ['4:1 error'], /same line as the key/],
      ['a `:` on the line after its key (block)', 'omniauth:\n  enabled\n: true\n', ['3:1 error'], /has no key before it/],
      ['a value starting with `:` inside `{ }`', "omniauth:\n  providers:\n    - { name: :saml }\n", ['3:15 error'], /must be quoted/],
      ['an anchor name with `=>`', 'omniauth: &oa=>x\n  enabled: true\n', ['1:11 error'], /Anchor name/],
      ['a blank line indented with a tab', 'omniauth:\n  enabled: true\n\t\n  auto_link_user: true\n', ['3:1 error'], /Tab in the indentation of a blank line/],
      ['a key in `{ }` broken over two lines', "- { name: 'a',\n    app_\nid: 'b' }\n", ['2:5 error'], /runs over two lines/],
    ])('%s', (_name, text, expected, message) => {
      const syntax = read(text).diagnostics.filter((d) => d.rule === 'yaml-syntax');
      expect(syntax.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}`)).toEqual(expected);
      expect(syntax[0]?.message).toMatch(message);
    });

    it.each([
      ['a tab further right than the value it follows', 'omniauth:\n  label: first\n   \t\n  enabled: true\n', { label: 'first', enabled: true }],
      ['a `{ }` entry over two lines without `:`', "omniauth:\n  providers:\n    - { name: 'a', app_id\n 'b' }\n", { providers: [{ name: 'a', "app_id 'b'": null }] }],
    ])('accepts what GitLab accepts: %s', (_name, text, omniauth) => {
      const r = read(text);
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(modelToJson(r.model, { showSecrets: true }).omniauth).toEqual(omniauth);
    });

    it('reads a quoted string whose next line is not indented, as GitLab does (a warning)', () => {
      const r = read("omniauth:\n  label: 'Our\nSAML'\n  enabled: true\n");
      expect(r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}`)).toEqual(['2:10 warning yaml-syntax', '2:3 warning misplaced-setting']);
      expect(modelToJson(r.model).omniauth).toEqual({ label: 'Our SAML', enabled: true });
    });
  });

  it('reads a badly indented `{ }` as GitLab does, each one a warning', () => {
    const text = "production:\n  omniauth:\n    providers:\n      - { name: 'a',\n      args: { x: 1 } }\n      - { name: 'b',\n    label: x }\n";
    const r = read(text);
    expect(r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity} ${d.rule}`)).toEqual([
      '5:7 warning yaml-syntax',
      '7:5 warning yaml-syntax',
    ]);
    expect(modelToJson(r.model).omniauth).toEqual({ providers: [{ name: 'a', args: { x: 1 } }, { name: 'b', label: 'x' }] });
  });

  it.each([
    ['flow', "omniauth:\n  providers:\n    - { name => 'x', app_id => 'y' }\n", ['3:14 warning', '3:29 warning']],
    ['block', 'omniauth:\n  providers:\n    - name => x\n', ['3:12 warning']],
  ])('warns about `=>` that YAML reads as part of a string (%s)', (_name, text, expected) => {
    const syntax = read(text).diagnostics.filter((d) => d.rule === 'yaml-syntax');
    expect(syntax.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}`)).toEqual(expected);
    expect(syntax[0]?.hint).toMatch(/`name:`/);
  });

  it('masks a secret in a `key => value` it quotes', () => {
    const [rocket] = read('omniauth:\n  providers:\n    - { name: github, app_secret => S3CRET-VALUE }\n').diagnostics.filter((d) => d.rule === 'yaml-syntax');
    expect(rocket?.message).toBe('Ruby hash rocket `=>` in YAML: `app_secret => ********` is read as one string');
  });

  it('still reads what it can around an error', () => {
    const r = read("omniauth:\n  enabled: true\n  providers:\n    - { name: 'a'\n        app_id: 'b' }\n");
    expect(modelToJson(r.model, { showSecrets: true }).omniauth).toEqual({ enabled: true, providers: [{ name: 'a', app_id: 'b' }] });
  });

  it.each([
    ['unbalanced brackets', '}}}]]][[[{{{\n'],
    ['a lone quote', '"\n'],
    ['an anchor without a node', '&a\n'],
    ['an unknown alias', 'omniauth: *nope\n'],
    ['a self-referencing alias', 'omniauth: &a\n  providers: [*a]\n'],
    ['a diff', "  - { name: 'x',\n-      args: { a: 1 } }\n+      args: { a: 2 } }\n"],
    ['binary-looking text', '\u0000\u0001\u0002: \u0003\n'],
    ['several documents', 'omniauth:\n  enabled: true\n---\nomniauth:\n  enabled: false\n'],
  ])('never crashes: %s', (_name, text) => {
    expect(() => read(text)).not.toThrow();
  });
});

describe('external URL, as GitLab builds it from gitlab.host/port/https/relative_url_root', () => {
  const gitlab = (lines: string): string => `production:\n  gitlab:\n${lines}\n`;
  it.each([
    ['    host: gitlab.example.com', 'http://gitlab.example.com'],
    ['    host: gitlab.example.com\n    port: 80\n    https: false', 'http://gitlab.example.com'],
    ['    host: gitlab.example.com\n    port: 443\n    https: true', 'https://gitlab.example.com'],
    ['    host: gitlab.example.com\n    https: true', 'https://gitlab.example.com'],
    ['    host: gitlab.example.com\n    port: 8443\n    https: true', 'https://gitlab.example.com:8443'],
    ['    host: gitlab.example.com\n    port: 443', 'http://gitlab.example.com:443'],
    ['    host: gitlab.example.com\n    port: "8080"', 'http://gitlab.example.com:8080'],
    ['    host: gitlab.example.com\n    https: "false"', 'https://gitlab.example.com'],
    ['    host: example.com\n    relative_url_root: /gitlab', 'http://example.com/gitlab'],
    ["    host: <%= ENV['HOST'] %>", null],
  ])('%s', (lines, url) => {
    const ext = read(gitlab(lines)).model.externalUrl;
    expect(ext?.url).toBe(url);
    expect(ext?.range.start).toMatchObject({ line: 3, column: 11 });
  });

  it('is null without gitlab.host', () => {
    expect(read('production:\n  omniauth:\n    enabled: true\n').model.externalUrl).toBeNull();
  });
});

describe('Helm chart values and provider secrets', () => {
  it('maps camelCase keys to gitlab.yml names', () => {
    const r = read("global:\n  appConfig:\n    omniauth:\n      enabled: true\n      allowSingleSignOn: ['saml']\n      blockAutoCreatedUsers: false\n      autoLinkSamlUser: true\n      syncProfileFromProvider: []\n");
    expect(r.model.settings.map((s) => [s.name, s.sourceKey, s.known])).toEqual([
      ['enabled', 'enabled', true],
      ['allow_single_sign_on', 'allowSingleSignOn', true],
      ['block_auto_created_users', 'blockAutoCreatedUsers', true],
      ['auto_link_saml_user', 'autoLinkSamlUser', true],
      ['sync_profile_from_provider', 'syncProfileFromProvider', true],
    ]);
    expect(r.model.settings[1]?.value.path).toBe('omniauth.allow_single_sign_on');
  });

  it('recognises chart keys in a top-level omniauth section too', () => {
    expect(omniauthJson('omniauth:\n  enabled: false\n  autoSignInWithProvider: saml\n')).toEqual({ enabled: false, auto_sign_in_with_provider: 'saml' });
  });

  it('leaves camelCase keys of a gitlab.yml alone (they are mistakes there)', () => {
    expect(omniauthJson('production:\n  omniauth:\n    allowSingleSignOn: true\n')).toEqual({ allowSingleSignOn: true });
  });

  it('does not take `{secret, key}` references for provider entries, and says where the block is', () => {
    const r = read('global:\n  appConfig:\n    omniauth:\n      providers:\n        - secret: gitlab-saml\n          key: saml\n        - secret: gitlab-google\n        - name: group_saml\n');
    expect(modelToJson(r.model).omniauth).toEqual({ providers: [{ name: 'group_saml' }] });
    expect(r.diagnostics.map((d) => [d.rule, d.severity, d.range?.start.line, d.path])).toEqual([
      ['helm-provider-secret', 'info', 5, 'omniauth.providers[0]'],
      ['helm-provider-secret', 'info', 7, 'omniauth.providers[1]'],
    ]);
    expect(r.diagnostics[1]?.message).toMatch(/`gitlab-google` \(key `provider`\)/);
  });

  it('reads a provider secret in JSON', () => {
    const r = read('{\n  "name": "saml",\n  "label": "SAML",\n  "args": {"issuer": "https://gitlab.example.com"}\n}\n');
    expect(r.model.providers?.map((p) => p.definedBy)).toEqual([null]);
    expect(modelToJson(r.model).omniauth).toEqual({ providers: [{ name: 'saml', label: 'SAML', args: { issuer: 'https://gitlab.example.com' } }] });
  });
});

describe('positions', () => {
  it('reads Windows line endings and a byte order mark', () => {
    const r = read('\uFEFFproduction:\r\n  gitlab:\r\n    host: x.example.com\r\n  omniauth:\r\n    providers:\r\n      - { name: "a"\r\n          label: "b" }\r\n');
    expect(r.model.externalUrl?.url).toBe('http://x.example.com');
    expect(modelToJson(r.model).omniauth).toEqual({ providers: [{ name: 'a', label: 'b' }] });
    expect(findings('production:\r\n  omniauth:\r\n    providers:\r\n      - { name: "a"\r\n          label: "b" }\r\n')).toEqual(['4:20 error yaml-syntax']);
  });

  it('counts columns in characters after multi-byte text', () => {
    const r = read("# Zürich ✓ 🚀\nomniauth: # ✓✓\n  providers: [ { name: '✓', label: 'x' } ]\n");
    const provider = r.model.providers?.[0]?.value;
    const label = provider?.kind === 'mapping' ? provider.entries[1] : undefined;
    expect(label?.keyRange.start).toMatchObject({ line: 3, column: 29 });
    const withErb = read("# 🚀🚀\nomniauth:\n  x: \"<%= '🚀' %>\"\n  y: { a: '🚀'\n    b: 1 }\n");
    expect(withErb.model.settings[0]?.value).toMatchObject({ kind: 'erb', source: "<%= '🚀' %>" });
    expect(withErb.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column}`)).toEqual(['4:14']);
  });
});
