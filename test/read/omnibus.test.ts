/**
 * Reading gitlab.rb: each construct GitLab users write, as a table of Ruby
 * text and what the model must hold.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import type { ConfigValue, MappingValue, ReadResult } from '../../src/model/types.js';
import { isWasiExperimentalWarning, parseOnce, parserSoundBeforeUse, parserStillSound, withoutWasiWarning, type ParseResult } from '../../src/read/omnibus/prism.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';
import { integerText } from '../../src/read/omnibus/literals.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/omnibus/${name}`, import.meta.url), 'utf8');
const template = (): string => readFileSync(new URL('../../../shared/corpus/omnibus/gitlab.rb.template', import.meta.url), 'utf8');

function read(text: string): Promise<ReadResult> {
  return readOmnibus(text, { file: 'gitlab.rb' });
}

async function omniauth(text: string): Promise<{ [key: string]: Json }> {
  return modelToJson((await read(text)).model, { showSecrets: true }).omniauth;
}

/** The value of `v:` in a one-provider list. */
async function providerValue(literal: string): Promise<ConfigValue> {
  const { model } = await read(`gitlab_rails['omniauth_providers'] = [{ name: 'x', v: ${literal} }]\n`);
  const provider = model.providers?.[0]?.value as MappingValue;
  const entry = provider.entries.find((e) => e.key === 'v');
  if (!entry) throw new Error('no v entry');
  return entry.value;
}

function rules(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.range?.start.line}:${d.rule}`);
}

describe('literal values', () => {
  it.each([
    ["'single'", 'string', 'single'],
    ['"double"', 'string', 'double'],
    ['"tab\\t \\"q\\" \\u00e9 \\\\"', 'string', 'tab\t "q" é \\'],
    ["'no \\n escape'", 'string', 'no \\n escape'],
    ["%q(it's)", 'string', "it's"],
    ['%Q(say "hi")', 'string', 'say "hi"'],
    ["'a' 'b'", 'string', 'ab'],
    ['<<~EOS\n    one\n      two\n    EOS\n', 'string', 'one\n  two\n'],
    ['<<-EOS\n  kept\n  EOS\n', 'string', '  kept\n'],
    [':code', 'symbol', 'code'],
    [':"with space"', 'symbol', 'with space'],
    ['42', 'integer', '42'],
    ['-7', 'integer', '-7'],
    ['1_000_000', 'integer', '1000000'],
    ['0x1F', 'integer', '31'],
    ['0o17', 'integer', '15'],
    ['017', 'integer', '15'],
    ['0b101', 'integer', '5'],
    ['0d99', 'integer', '99'],
    ['123_456_789_012_345_678_901', 'integer', '123456789012345678901'],
    ['1.5', 'float', 1.5],
    ['-0.25', 'float', -0.25],
    ['1e3', 'float', 1000],
    ['true', 'boolean', true],
    ['false', 'boolean', false],
  ])('%s is a %s', async (literal, kind, value) => {
    expect(await providerValue(literal)).toMatchObject({ kind, value });
  });

  it('reads nil, arrays, %w and %i, nested hashes', async () => {
    expect(await providerValue('nil')).toMatchObject({ kind: 'null' });
    const json = await omniauth("gitlab_rails['omniauth_providers'] = [{ name: 'x', a: %w[p q], b: %i[r s], c: [1, 'two', [3]], d: { e: { f: 'g' } } }]\n");
    expect(json.providers).toEqual([{ name: 'x', a: ['p', 'q'], b: ['r', 's'], c: [1, 'two', [3]], d: { e: { f: 'g' } } }]);
    expect(await providerValue('%i[a]')).toMatchObject({ kind: 'array', items: [{ kind: 'symbol', value: 'a' }] });
  });

  it.each([
    "ENV['GITHUB_APP_ID']",
    "ENV.fetch('X', 'default')",
    "File.read('/run/secrets/x').strip",
    '"user:#{ENV[\'USER\']}"',
    'SOME_CONSTANT',
    'OmniAuth::Strategies::SAML',
    'compute_scope(1, 2)',
    '[*base_scopes, "email"]',
    '{ **defaults, scope: "x" }',
    '`hostname`',
    '1..3',
    '3r',
  ])('keeps %s as a Ruby expression with its exact source', async (source) => {
    expect(await providerValue(source)).toMatchObject({ kind: 'ruby', source });
  });

  it('keeps a heredoc with a method call whole, body included', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'x', cert: <<~EOS.strip }]\n  abc\nEOS\n";
    const { model } = await read(text);
    const cert = (model.providers?.[0]?.value as MappingValue).entries[1]?.value;
    expect(cert).toMatchObject({ kind: 'ruby', source: '<<~EOS.strip }]\n  abc\nEOS' });
  });

  it.each([
    ['0x1F', '31'],
    ['-0x10', '-16'],
    ['0_17', '15'],
    ['00', '0'],
    ['1_2_3', '123'],
    ['18446744073709551616', '18446744073709551616'],
    ['12a', null],
  ])('integer %s is %s in decimal', (text, decimal) => {
    expect(integerText(text)).toBe(decimal);
  });
});

describe('hash keys', () => {
  it.each([
    ['{ "name" => "x" }', 'string'],
    ["{ 'name'=>'x' }", 'string'],
    ['{ name: "x" }', 'symbol'],
    ['{ :name => "x" }', 'symbol'],
    ['{ "name": "x" }', 'symbol'],
    ["{ 'name': 'x' }", 'symbol'],
  ])('%s has key name written as a %s', async (hash, keyStyle) => {
    const { model } = await read(`gitlab_rails['omniauth_providers'] = [${hash}]\n`);
    const entry = (model.providers?.[0]?.value as MappingValue).entries[0];
    expect(entry).toMatchObject({ key: 'name', keyStyle, value: { kind: 'string', value: 'x' } });
  });

  it('reads mixed key styles, trailing commas and comments inside the list', async () => {
    const text = [
      "gitlab_rails['omniauth_providers'] = [",
      '  # GitHub first',
      '  {',
      '    "name" => "github", # the provider',
      "    :label => 'GitHub',",
      '    icon: "gh.png",',
      '    "args": { "scope" => "user:email", },',
      '  },',
      '  # then nothing',
      ']',
      '',
    ].join('\n');
    expect((await omniauth(text)).providers).toEqual([{ name: 'github', label: 'GitHub', icon: 'gh.png', args: { scope: 'user:email' } }]);
  });

  it('reports a key given twice after normalization, at the second, and keeps both entries', async () => {
    const { model, diagnostics } = await read("gitlab_rails['omniauth_providers'] = [\n  { 'name' => 'a',\n    name: 'b' }\n]\n");
    const provider = model.providers?.[0]?.value as MappingValue;
    expect(provider.entries.map((e) => [e.key, e.keyStyle])).toEqual([
      ['name', 'string'],
      ['name', 'symbol'],
    ]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'duplicate-key', severity: 'warning', path: 'omniauth.providers[0].name' });
    expect(diagnostics[0]?.range?.start).toMatchObject({ line: 3, column: 5 });
    expect(modelToJson(model).omniauth.providers).toEqual([{ name: 'b' }]);
  });

  it('reports a bare word before `=>` (a method call, so reconfigure fails), but not a local variable', async () => {
    const { diagnostics } = await read("gitlab_rails['omniauth_providers'] = [{ name => 'github', label: 'x' }]\n");
    expect(diagnostics.map((d) => [d.rule, d.severity, d.range?.start.column, d.hint])).toEqual([['ruby-syntax', 'error', 41, "write `name:` or `'name' =>`"]]);
    expect((await read("name = 'n'\ngitlab_rails['omniauth_providers'] = [{ name => 'github' }]\n")).diagnostics).toEqual([]);
  });

  it('keeps a non-literal key as its source text', async () => {
    const { model } = await read("gitlab_rails['omniauth_providers'] = [{ name: 'x', ENV['K'] => 1 }]\n");
    expect((model.providers?.[0]?.value as MappingValue).entries[1]).toMatchObject({ key: "ENV['K']", keyStyle: 'other' });
  });
});

describe('statements', () => {
  it.each([
    ["gitlab_rails['omniauth_enabled'] = false", 'enabled', 'omniauth_enabled'],
    ['gitlab_rails[:omniauth_enabled] = false', 'enabled', 'omniauth_enabled'],
    ['gitlab_rails["omniauth_cas3_session_duration"] = 28800', 'cas3.session_duration', 'omniauth_cas3_session_duration'],
  ])('%s sets %s', async (text, name, sourceKey) => {
    const { model } = await read(`${text}\n`);
    expect(model.settings).toHaveLength(1);
    expect(model.settings[0]).toMatchObject({ name, sourceKey, known: true, operation: 'assign', conditional: false });
  });

  it('keeps an unknown omniauth_ key as an unknown setting under its gitlab.yml-style name', async () => {
    const { model } = await read("gitlab_rails['omniauth_provider'] = [{ name: 'github' }]\n");
    expect(model.settings[0]).toMatchObject({ name: 'provider', sourceKey: 'omniauth_provider', known: false });
    expect(model.providers).toBeNull();
  });

  it('ignores everything that is not an OmniAuth setting', async () => {
    const { model, diagnostics } = await read("nginx['enable'] = false\ngitlab_rails['time_zone'] = 'UTC'\nletsencrypt['enable'] = true\nroles ['application_role']\n");
    expect(model.settings).toEqual([]);
    expect(model.shape).toBe('gitlab_rb');
    expect(diagnostics).toEqual([]);
  });

  it.each([
    ["external_url 'https://a.example.com'", 'https://a.example.com'],
    ['external_url("https://b.example.com")', 'https://b.example.com'],
    ["external_url 'https://c.example.com/gitlab'", 'https://c.example.com/gitlab'],
  ])('%s sets external_url', async (text, url) => {
    const { model } = await read(`${text}\n`);
    expect(model.externalUrl).toMatchObject({ url, value: { kind: 'string', value: url, path: 'external_url' } });
  });

  it('keeps a computed external_url as Ruby and says it cannot be checked', async () => {
    const { model, diagnostics } = await read("external_url ENV['URL']\n");
    expect(model.externalUrl).toMatchObject({ url: null, value: { kind: 'ruby', source: "ENV['URL']" } });
    expect(rules(diagnostics)).toEqual(['1:opaque-value']);
  });

  it('applies <<, push, concat and += after an assignment, in order', async () => {
    const { model } = await read(fixture('appends.rb'));
    const names = model.providers?.map((p) => ((p.value as MappingValue).entries[0]?.value as { value: string }).value);
    expect(names).toEqual(['github', 'bitbucket', 'google_oauth2', 'gitlab', 'jwt', 'salesforce']);
    expect(model.providers?.map((p) => p.definedBy?.operation)).toEqual(['assign', 'append', 'concat', 'concat', 'concat', 'concat']);
    expect(model.providers?.map((p) => p.value.path)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `omniauth.providers[${i}]`));
    expect(model.providers?.[1]?.definedBy?.statementRange.start.line).toBe(6);
  });

  it('appends to the Omnibus default (an empty list) when nothing was assigned', async () => {
    const json = await omniauth("gitlab_rails['omniauth_providers'] << { name: 'github' }\ngitlab_rails['omniauth_providers'] << { name: 'gitlab' } << { name: 'jwt' }\n");
    expect(json.providers).toEqual([{ name: 'github' }, { name: 'gitlab' }, { name: 'jwt' }]);
  });

  it('lets the last assignment win and warns at the earlier ones', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'a' }]\ngitlab_rails['omniauth_providers'] << { name: 'b' }\ngitlab_rails['omniauth_providers'] = [{ name: 'c' }]\n";
    const { model, diagnostics } = await read(text);
    expect(modelToJson(model).omniauth.providers).toEqual([{ name: 'c' }]);
    expect(rules(diagnostics)).toEqual(['1:overridden-assignment', '2:overridden-assignment']);
    expect(diagnostics[0]?.message).toMatch(/line 3/);
  });

  it.each([
    ["if node_name == 'a'\n  gitlab_rails['omniauth_enabled'] = true\nend", '`if`'],
    ["unless ENV['X']\n  gitlab_rails['omniauth_enabled'] = true\nend", '`unless`'],
    ["case x\nwhen 1\n  gitlab_rails['omniauth_enabled'] = true\nend", '`case`'],
    ["begin\n  gitlab_rails['omniauth_enabled'] = true\nrescue\nend", '`begin`'],
    ["while false\n  gitlab_rails['omniauth_enabled'] = true\nend", '`while`'],
    ["gitlab_rails['omniauth_enabled'] = true if ENV['X']", '`if`'],
    ["x ? (gitlab_rails['omniauth_enabled'] = true) : nil", '`if`'],
    ["[1].each do |i|\n  gitlab_rails['omniauth_enabled'] = true\nend", 'a block'],
    ["gitlab_rails['omniauth_enabled'] ||= true", '`||=`'],
  ])('%s is conditional', async (text, where) => {
    const { model, diagnostics } = await read(`${text}\n`);
    expect(model.settings).toHaveLength(1);
    expect(model.settings[0]).toMatchObject({ name: 'enabled', conditional: true });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'conditional-assignment', severity: 'warning', path: 'omniauth.enabled' });
    expect(diagnostics[0]?.message).toContain(where);
  });

  it('does not call an assignment overridden by a later conditional one', async () => {
    const { diagnostics } = await read("gitlab_rails['omniauth_enabled'] = true\nif x\n  gitlab_rails['omniauth_enabled'] = false\nend\n");
    expect(rules(diagnostics)).toEqual(['3:conditional-assignment']);
  });

  it('flags a providers list it cannot see through, but not ENV secrets inside a provider', async () => {
    const opaque = await read("gitlab_rails['omniauth_providers'] = YAML.load_file('/etc/gitlab/providers.yml')\n");
    expect(opaque.model.providers).toBeNull();
    expect(opaque.diagnostics.map((d) => [d.rule, d.severity])).toEqual([['opaque-value', 'warning']]);
    const secrets = await read(fixture('env-secrets.rb'));
    expect(secrets.diagnostics.filter((d) => d.path?.startsWith('omniauth.providers'))).toEqual([]);
    expect(modelToJson(secrets.model, { showSecrets: true }).omniauth.providers).toEqual([
      {
        name: 'github',
        app_id: { $ruby: "ENV['GITHUB_APP_ID']" },
        app_secret: { $ruby: "File.read('/run/secrets/github_app_secret').strip" },
        args: { scope: { $ruby: '"user:email #{ENV[\'EXTRA_SCOPE\']}"' }, note: { $ruby: '<<-NOTE.strip\n        a method call on a heredoc is Ruby too\n      NOTE' } },
      },
    ]);
  });

  it.each([
    ["{ name: ‘github’ }", '`‘github’` has typographic quotes', "write straight quotes: ' or \""],
    ['{ name: “github”, label: "GitHub" }', '`“github”` has typographic quotes', "write straight quotes: ' or \""],
    ["{ name: 'github', verify_ssl: False }", '`False` is not a Ruby literal', 'write `false`'],
    ["{ name: 'github', verify_ssl: TRUE }", '`TRUE` is not a Ruby literal', 'write `true`'],
    ["{ name: 'github', icon: null }", '`null` is not a Ruby literal', 'write `nil`'],
  ])('%s: a literal Ruby reads as a name (reconfigure fails) is an error at the value, not an opaque value', async (provider, message, hint) => {
    const { model, diagnostics } = await read(`gitlab_rails['omniauth_providers'] = [${provider}]\n`);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ rule: 'ruby-syntax', severity: 'error', hint });
    expect(diagnostics[0]?.message).toContain(message);
    const at = diagnostics[0]?.range?.start.offset ?? -1;
    expect((model.providers?.[0]?.value as MappingValue).entries.some((e) => e.value.kind === 'ruby' && e.value.range.start.offset === at)).toBe(true);
  });

  it.each([
    ["gitlab_rails['omniauth_enabled'] = False\n", '1:36 ruby-syntax error'],
    ["gitlab_rails['omniauth_enabled'] = SSO_ENABLED\n", '1:36 opaque-value info'],
    ["gitlab_rails['omniauth_enabled'] = ENV['X'] == 'false'\n", '1:36 opaque-value info'],
    ["gitlab_rails['omniauth_providers'] = [{ name: 'a', label: ENV[‘LABEL’] }]\n", '1:59 ruby-syntax error'],
  ])('%j: one finding, the mistake rather than a note that the value is opaque', async (text, found) => {
    const { diagnostics } = await read(text);
    expect(diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.rule} ${d.severity}`)).toEqual([found]);
  });

  it.each([
    ["gitlab_rails['omniauth_enabled'] = true,\ngitlab_rails['omniauth_block_auto_created_users'] = false\n", [1, 40]],
    ["gitlab_rails['omniauth_allow_single_sign_on'] = ['saml'] , # SSO\ngitlab_rails['omniauth_providers'] = [{ name: 'saml' }]\n", [1, 58]],
  ])('a trailing `,` after a setting (Ruby then assigns a list) is one error at the comma: %j', async (text, [line, column]) => {
    const { diagnostics } = await read(text);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.range?.start.line, d.range?.start.column, d.hint])).toEqual([['ruby-syntax', 'error', line, column, 'remove the `,`']]);
  });

  it('reads `x = a, b` on one line as the list Ruby makes of it', async () => {
    const { model, diagnostics } = await read("gitlab_rails['omniauth_external_providers'] = 'github', 'gitlab'\n");
    expect(diagnostics).toEqual([]);
    expect(modelToJson(model).omniauth).toEqual({ external_providers: ['github', 'gitlab'] });
  });

  it('flags a change to the providers list it does not follow', async () => {
    const { model, diagnostics } = await read("gitlab_rails['omniauth_providers'] = [{ name: 'a' }]\ngitlab_rails['omniauth_providers'].delete_if { |p| p[:name] == 'a' }\n");
    expect(model.providers).toBeNull();
    expect(diagnostics.map((d) => [d.rule, d.range?.start.line])).toEqual([['opaque-value', 2]]);
  });

  it('reads a list item written as an assignment (as one GitLab doc shows) by its value, with a warning', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [\n  gitlab_rails['omniauth_providers'] = { name: 'github' },\n  { name: 'gitlab' }\n]\n";
    const { model, diagnostics } = await read(text);
    expect(modelToJson(model).omniauth.providers).toEqual([{ name: 'github' }, { name: 'gitlab' }]);
    expect(diagnostics.map((d) => [d.rule, d.severity, d.range?.start.line, d.range?.start.column])).toEqual([['ruby-syntax', 'warning', 2, 3]]);
  });
});

describe('positions and paths', () => {
  const text = [
    '# Zürich ✓ — multi-byte text before the provider',
    "external_url 'https://gitlab.example.com' # 🚀",
    "gitlab_rails['omniauth_allow_single_sign_on'] = ['saml'] # ✓",
    "gitlab_rails['omniauth_providers'] = [",
    "  { name: 'saml', label: 'Zürich ✓ SSO', args: { scope: ['openid', 'ü'] } }",
    ']',
    '',
  ].join('\n');

  it('gives every value its line and character column after multi-byte text', async () => {
    const { model } = await read(text);
    const provider = model.providers?.[0]?.value as MappingValue;
    const [name, label, args] = provider.entries;
    expect(name?.value.range.start).toMatchObject({ line: 5, column: 11 });
    expect(label?.keyRange.start).toMatchObject({ line: 5, column: 19 });
    expect(label?.value.range).toMatchObject({ start: { line: 5, column: 26 }, end: { line: 5, column: 40 } });
    const scope = (args?.value as MappingValue).entries[0];
    expect(scope?.value.range.start).toMatchObject({ line: 5, column: 57 });
    expect(scope?.value.path).toBe('omniauth.providers[0].args.scope');
    const ue = scope?.value.kind === 'array' ? scope.value.items[1] : undefined;
    expect(ue?.range).toMatchObject({ start: { line: 5, column: 68 }, end: { line: 5, column: 71 } });
    expect(text.slice(ue?.range.start.offset, ue?.range.end.offset)).toBe("'ü'");
  });

  it('gives statements, keys and settings their ranges and paths', async () => {
    const { model } = await read(text);
    expect(model.externalUrl?.range).toMatchObject({ start: { line: 2, column: 1 }, end: { line: 2, column: 42 } });
    expect(model.externalUrl?.value?.path).toBe('external_url');
    const sso = model.settings[0];
    expect(sso?.value.path).toBe('omniauth.allow_single_sign_on');
    expect(sso?.keyRange).toMatchObject({ start: { line: 3, column: 14 }, end: { line: 3, column: 45 } });
    expect(sso?.statementRange).toMatchObject({ start: { line: 3, column: 1 }, end: { line: 3, column: 57 } });
    expect(model.settings[1]?.statementRange).toMatchObject({ start: { line: 4, column: 1 }, end: { line: 6, column: 2 } });
  });

  it('ends a heredoc value where its terminator ends', async () => {
    const { model } = await read("gitlab_rails['omniauth_auto_sign_in_with_provider'] = <<~EOS.strip\n  saml\nEOS\ngitlab_rails['omniauth_enabled'] = true\n");
    expect(model.settings[0]?.statementRange).toMatchObject({ start: { line: 1, column: 1 }, end: { line: 3, column: 4 } });
  });
});

describe('shapes', () => {
  it.each([
    ["{ name: 'github', app_id: 'x' }\n", 'provider', [{ name: 'github', app_id: 'x' }]],
    ["[{ name: 'github' }, { name: 'gitlab' }]\n", 'providers_list', [{ name: 'github' }, { name: 'gitlab' }]],
    ["# from the docs\n{ 'name' => 'github' },\n{ 'name' => 'gitlab' }\n", 'providers_list', [{ name: 'github' }, { name: 'gitlab' }]],
    ["{ name: 'github' },\n", 'providers_list', [{ name: 'github' }]],
  ])('%j is a %s', async (text, shape, providers) => {
    const { model, diagnostics } = await read(text);
    expect(model.shape).toBe(shape);
    expect(diagnostics).toEqual([]);
    expect(modelToJson(model).omniauth.providers).toEqual(providers);
    expect(model.providers?.[0]?.value.path).toBe('omniauth.providers[0]');
  });

  it('points into the user text for comma-separated hashes (parsed inside added brackets)', async () => {
    const { model } = await read("{ name: 'a' },\n  { name: 'b' }\n");
    expect(model.providers?.[0]?.value.range.start).toMatchObject({ line: 1, column: 1, offset: 0 });
    expect(model.providers?.[1]?.value.range.start).toMatchObject({ line: 2, column: 3 });
  });

  it.each(['', '\n\n', '# only a comment\n# gitlab_rails["omniauth_enabled"] = true\n'])('%j is empty', async (text) => {
    const { model, diagnostics } = await read(text);
    expect(model).toMatchObject({ shape: 'empty', settings: [], providers: null, externalUrl: null });
    expect(diagnostics).toEqual([]);
  });

  it('reads the real gitlab.rb.template: everything OmniAuth commented out, no findings', async () => {
    const { model, diagnostics } = await read(template());
    expect(model.shape).toBe('gitlab_rb');
    expect(model.settings).toEqual([]);
    expect(model.providers).toBeNull();
    expect(diagnostics).toEqual([]);
  });
});

describe('syntax errors: one finding per mistake, at the mistake', () => {
  it.each([
    {
      what: 'a missing comma between hash pairs',
      text: "gitlab_rails['omniauth_providers'] = [\n  {\n    name: 'github',\n    label: 'GitHub' # comment\n    app_id: 'x'\n  }\n]\n",
      found: [[4, 20, /missing `,` at the end of line 4/]],
    },
    {
      what: 'a missing comma between list items',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a' }\n  { name: 'b' }\n]\n",
      found: [[2, 16, /missing `,` at the end of line 2/]],
    },
    {
      what: 'a missing comma inside a line',
      text: "gitlab_rails['omniauth_providers'] = [{ name: 'a' label: 'b' }]\n",
      found: [[1, 50, /missing `,` before `label:`/]],
    },
    {
      what: 'a hash never closed',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a',\n    args: { scope: 'x'\n  }\n]\n",
      found: [[3, 23, /missing `}` at the end of line 3/]],
    },
    {
      what: 'a list never closed',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a' }\n\ngitlab_rails['omniauth_enabled'] = true\n",
      found: [[2, 16, /missing `]`/]],
    },
    {
      what: 'a docs elision',
      text: "gitlab_rails['omniauth_providers'] = [\n  {\n    name: 'a',\n    ...\n  }\n]\n",
      found: [[4, 5, /`\.\.\.` stands for settings the docs left out/]],
    },
    {
      what: 'a backtick key',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a', args: { `identifier`: 'x' } }\n]\n",
      found: [[2, 24, /backticks/]],
    },
    {
      what: 'two mistakes',
      text: "gitlab_rails['omniauth_providers'] = [\n  {\n    name: 'a'\n    label: 'A'\n  }\n  {\n    name: 'b',\n  }\n]\n",
      found: [
        [3, 14, /line 3/],
        [5, 4, /line 5/],
      ],
    },
    {
      what: 'a string never closed',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'github,\n    label: 'GitHub' }\n]\ngitlab_rails['omniauth_enabled'] = true\n",
      found: [[2, 11, /missing closing `'` on line 2/]],
    },
    {
      what: 'a closing brace too many',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a' } }\n]\n",
      found: [[2, 17, /`}` closes nothing here/]],
    },
    {
      what: 'a block cut off at the end',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'a',\n    args: { x: 1 }\n",
      found: [[3, 19, /missing `}]` at the end: the `{` on line 2 and the `\[` on line 1 are not closed/]],
    },
    {
      what: 'an if without end',
      text: "if ENV['SSO']\n  gitlab_rails['omniauth_enabled'] = true\n",
      found: [[2, 42, /missing `end`: the `if` on line 1 is not closed/]],
    },
    {
      what: 'an unquoted external_url',
      text: "external_url https://gitlab.example.com\ngitlab_rails['omniauth_providers'] = []\n",
      found: [[1, 14, /^a URL must be in quotes in Ruby$/]],
    },
    {
      what: 'an unquoted URL in a provider',
      text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'openid_connect', args: { issuer: https://idp.example.com, scope: ['openid'] } }\n]\n",
      found: [[2, 45, /^a URL must be in quotes in Ruby$/]],
    },
    {
      what: '`=` instead of `:` or `=>` in a hash',
      text: "gitlab_rails['omniauth_providers'] = [\n  {\n    name: 'github',\n    app_id = 'x',\n    'app_secret' = 'y'\n  }\n]\n",
      found: [
        [4, 12, /^`=` between a key and its value/],
        [5, 18, /^`=` between a key and its value/],
      ],
    },
    {
      what: 'something no repair explains',
      text: "gitlab_rails['omniauth_enabled'] = = true\ngitlab_rails['omniauth_providers'] = []\n",
      found: [[1, 34, /syntax error/]],
    },
  ])('$what', async ({ text, found }) => {
    const { diagnostics, model } = await read(text);
    expect(diagnostics.map((d) => [d.range?.start.line, d.range?.start.column, d.message])).toEqual(
      found.map(([line, column, message]) => [line, column, expect.stringMatching(message as RegExp)]),
    );
    expect(diagnostics.every((d) => d.rule === 'ruby-syntax' && d.severity === 'error')).toBe(true);
    expect(model.providers).toBeNull();
  });

  it.each([
    ["{ name: 'a' label: 'b' }\n", 'provider'],
    ["{ name: 'a' label: 'b' }, # the docs' first provider\n", 'providers_list'],
    ["{ name: 'a' label: 'b' },\n{ name: 'c' }\n", 'providers_list'],
    ["[{ name: 'a' label: 'b' }]\n", 'providers_list'],
  ])('tells the shape of a broken fragment %j: %s', async (text, shape) => {
    const { model, diagnostics } = await read(text);
    expect(model.shape).toBe(shape);
    expect(diagnostics.map((d) => [d.range?.start.line, d.range?.start.column, d.message])).toEqual([[1, text.startsWith('[') ? 13 : 12, 'missing `,` before `label:`']]);
  });

  it.each([
    ["gitlab_rails['omniauth_providers'] = [\n  { name: 'github',\n    app_secret: 'S3CRET-VALUE'\n    label: 'GitHub' }\n]\n", 'add `,` after the `app_secret` value'],
    ["gitlab_rails['omniauth_providers'] = [\n  { name: 'github', \"app_secret\" => \"S3CRET-VALUE\" label: 'x' }\n]\n", 'add `,` after the `app_secret` value'],
    ["gitlab_rails['omniauth_providers'] = [\n  { name: 'github',\n    args: { client_secret: 'S3CRET-VALUE'\n  }\n]\n", 'add `}` after the `client_secret` value'],
    ["gitlab_rails['omniauth_providers'] = [\n  { name: 'github',\n    app_id: 'abc'\n    label: 'GitHub' }\n]\n", "add `,` after `'abc'`"],
  ])('names a secret in a hint by its key, never by its value: %j', async (text, hint) => {
    const { diagnostics } = await read(text);
    expect(diagnostics.map((d) => d.hint)).toEqual([hint]);
    expect(JSON.stringify(diagnostics)).not.toContain('S3CRET');
  });

  it('keeps the statements before the first mistake', async () => {
    const { model } = await read("external_url 'https://x.example'\ngitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_providers'] = [\n  { name: 'a' label: 'b' }\n]\n");
    expect(model.externalUrl?.url).toBe('https://x.example');
    expect(model.settings.map((s) => s.name)).toEqual(['enabled']);
  });

  it('says so when a diff was pasted', async () => {
    const { diagnostics } = await read("gitlab_rails['omniauth_providers'] = [\n  {\n-    name: 'a',\n+    name: 'b',\n+    label: 'B'\n  }\n]\n");
    expect(diagnostics.map((d) => [d.range?.start.line, d.message])).toEqual([[3, expect.stringMatching(/diff/)]]);
  });

  it('never throws, and every finding points into the text', async () => {
    const token = fc.constantFrom('{', '}', '[', ']', ',', ' ', '\n', "'a'", 'name:', '=>', ':sym', '...', '`k`', "gitlab_rails['omniauth_providers']", '=', '<<', '#', 'if', 'end', 'ü', '"', '1');
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 40 }), async (tokens) => {
        const text = tokens.join('');
        const { diagnostics } = await read(text);
        for (const d of diagnostics) {
          expect(d.range?.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.range?.end.offset).toBeLessThanOrEqual(text.length);
        }
        expect(diagnostics.filter((d) => d.rule === 'ruby-syntax' && d.severity === 'error').length).toBeLessThanOrEqual(26);
      }),
      { numRuns: 150 },
    );
  });

  it('finds a mistake in a large gitlab.rb quickly', async () => {
    const big = `${template()}\ngitlab_rails['omniauth_providers'] = [\n  {\n    name: 'github'\n    app_id: 'x'\n  }\n]\n`;
    const line = big.split('\n').length - 4; // `name: 'github'`, before the last 3 lines and the final newline
    const started = performance.now();
    const { diagnostics } = await read(big);
    expect(diagnostics.map((d) => d.range?.start.line)).toEqual([line]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('loading Prism', () => {
  it('drops only the WASI experimental warning while loading', async () => {
    const seen: string[] = [];
    const listener = (w: Error): void => void seen.push(`${w.name}: ${w.message}`);
    process.on('warning', listener);
    try {
      await withoutWasiWarning(async () => {
        process.emitWarning('WASI is an experimental feature and might change at any time', 'ExperimentalWarning');
        process.emitWarning('something else', 'DeprecationWarning');
      });
      process.emitWarning('WASI is an experimental feature and might change at any time', 'ExperimentalWarning');
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', listener);
    }
    expect(seen).toEqual(['DeprecationWarning: something else', 'ExperimentalWarning: WASI is an experimental feature and might change at any time']);
  });

  it.each([
    ['WASI is an experimental feature and might change at any time', 'ExperimentalWarning', true],
    ['WASI is an experimental feature and might change at any time', 'DeprecationWarning', false],
    ['Fetch is an experimental feature', 'ExperimentalWarning', false],
  ])('%s (%s) is the WASI notice: %s', (message, type, expected) => {
    expect(isWasiExperimentalWarning(message, type)).toBe(expected);
  });
});

describe('parseOnce', () => {
  it('parses a text again only when it is not one of the last two', () => {
    const parsed: string[] = [];
    const parse = parseOnce((source) => {
      parsed.push(source);
      return { source } as unknown as ParseResult;
    });
    const a = parse('a = 1');
    expect(parse('a = 1')).toBe(a);
    parse('b = 2');
    parse('a = 1');
    parse('c = 3');
    parse('a = 1');
    expect(parsed).toEqual(['a = 1', 'b = 2', 'c = 3']);
    parse('b = 2');
    expect(parsed).toEqual(['a = 1', 'b = 2', 'c = 3', 'b = 2']);
  });

  it('the loaded parser answers a text it just parsed with the same tree', async () => {
    const { loadPrism } = await import('../../src/read/omnibus/prism.js');
    const parse = await loadPrism();
    const text = "gitlab_rails['omniauth_enabled'] = true\n";
    expect(parse(text)).toBe(parse(text));
  });

  it('a parse that breaks the parser drops the remembered trees: the text is parsed again on the fresh instance', async () => {
    const { loadPrism } = await import('../../src/read/omnibus/prism.js');
    const parse = await loadPrism();
    const text = "gitlab_rails['omniauth_enabled'] = true\n";
    const before = parse(text);
    // Deeper than Prism's WASM stack (a nesting the bracket scan before each parse does not count): the
    // parse throws, and its instance is replaced.
    expect(() => parse(`x = ${'begin '.repeat(2000)}1${' end'.repeat(2000)}\n`)).toThrow(WebAssembly.RuntimeError);
    const after = parse(text);
    expect(after).not.toBe(before);
    expect(after.errors).toEqual([]);
    expect(after.value.location.length).toBe(before.value.location.length);
  });

  it('a text nested past the limit is refused before Prism sees it: the parser and its remembered trees stay', async () => {
    const { loadPrism, NestedTooDeeply, prismWork } = await import('../../src/read/omnibus/prism.js');
    const parse = await loadPrism();
    const text = "gitlab_rails['omniauth_enabled'] = false\n";
    const before = parse(text);
    const parses = prismWork.parses;
    expect(() => parse(`x = ${'('.repeat(600)}1${')'.repeat(600)}\n`)).toThrow(NestedTooDeeply);
    expect(prismWork.parses).toBe(parses);
    expect(parse(text)).toBe(before);
  });

  it('the soundness check parses its canary every time, past the remembered trees', () => {
    let parses = 0;
    const parse = parseOnce((source) => {
      parses++;
      return { errors: [], value: { location: { length: source.length - 1 } } } as unknown as ParseResult;
    });
    expect(parserStillSound(parse)).toBe(true);
    expect(parserStillSound(parse)).toBe(true);
    expect(parses).toBe(2);
  });

  it('the check before a read parses its canary only when the parser has parsed since it last passed', () => {
    const parsed: string[] = [];
    const parse = parseOnce((source) => {
      parsed.push(source);
      return { errors: [], value: { location: { length: source.length - 1 } } } as unknown as ParseResult;
    });
    // Never checked yet: the canary runs.
    expect(parserSoundBeforeUse(parse)).toBe(true);
    expect(parsed).toHaveLength(1);
    // Checked, nothing parsed since: no canary.
    expect(parserSoundBeforeUse(parse)).toBe(true);
    expect(parsed).toHaveLength(1);
    parse('a = 1');
    expect(parserSoundBeforeUse(parse)).toBe(true);
    expect(parsed).toHaveLength(3);
    // A remembered tree is no parse: still checked.
    parse('a = 1');
    expect(parserSoundBeforeUse(parse)).toBe(true);
    expect(parsed).toHaveLength(3);
    // A parse after the check is followed by a canary again, and a failed check is never taken for a pass.
    parse('b = 2');
    const failing = parseOnce(() => ({ errors: [], value: { location: { length: 0 } } }) as unknown as ParseResult);
    expect(parserSoundBeforeUse(failing)).toBe(false);
    expect(parserSoundBeforeUse(failing)).toBe(false);
    expect(parserSoundBeforeUse(parse)).toBe(true);
    expect(parsed).toHaveLength(5);
  });
});
