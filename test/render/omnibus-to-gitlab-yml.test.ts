import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PlainValue } from '../../src/model/plain.js';
import type { OmniauthModel, SettingAssignment } from '../../src/model/types.js';
import type { SourceRange } from '../../src/text/source-text.js';
import { gitlabYmlFromOmnibus, rubyJson } from '../../src/render/omnibus-to-gitlab-yml.js';
import { DOCS_RUBY_STYLE, rubyLiteral } from '../../src/render/ruby-literal.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { str, sym, int, bool, arr, map } from '../support/plain.js';

const nil: PlainValue = { kind: 'null' };

const gitlab = map({ name: str('gitlab'), app_id: str('0123'), app_secret: str('s"e\\c#{r}et'), args: map({ scope: str('api') }) });

describe('gitlabYmlFromOmnibus', () => {
  it('writes Omnibus defaults for an empty gitlab.rb: allow_single_sign_on ["saml"], no providers', () => {
    expect(gitlabYmlFromOmnibus({ settings: {}, providers: null })).toBe(
      [
        '  omniauth:',
        '    enabled:',
        '    auto_sign_in_with_provider:',
        '    allow_single_sign_on: ["saml"]',
        '    block_auto_created_users:',
        '    auto_link_ldap_user:',
        '    auto_link_saml_user: null',
        '    auto_link_user: null',
        '    external_providers: null',
        '    allow_bypass_two_factor: null',
        '    providers:',
        '',
      ].join('\n'),
    );
  });

  it('writes one JSON line per provider, symbol keys and values as strings', () => {
    const text = gitlabYmlFromOmnibus({ settings: {}, providers: [gitlab, map({ name: sym('saml'), label: str('SSO') })] }, { indent: '' });
    expect(text).toContain(
      [
        'providers:',
        '    - {"name":"gitlab","app_id":"0123","app_secret":"s\\"e\\\\c#{r}et","args":{"scope":"api"}}',
        '    - {"name":"saml","label":"SSO"}',
      ].join('\n'),
    );
  });

  const lines: [string, string, PlainValue, string | null][] = [
    ['raw: true', 'enabled', bool(true), '    enabled: true'],
    ['raw: a provider name, unquoted', 'auto_sign_in_with_provider', str('saml'), '    auto_sign_in_with_provider: saml'],
    ['raw: a symbol prints its name', 'auto_sign_in_with_provider', sym('saml'), '    auto_sign_in_with_provider: saml'],
    ['raw: false stays', 'block_auto_created_users', bool(false), '    block_auto_created_users: false'],
    ['json: list', 'allow_single_sign_on', arr(str('saml'), sym('gitlab')), '    allow_single_sign_on: ["saml","gitlab"]'],
    ['nil is the Omnibus default: allow_single_sign_on ["saml"]', 'allow_single_sign_on', nil, '    allow_single_sign_on: ["saml"]'],
    ['json: boolean', 'auto_link_saml_user', bool(false), '    auto_link_saml_user: false'],
    ['json: list', 'external_providers', arr(str('twitter')), '    external_providers: ["twitter"]'],
    ['inspect when set: string', 'sync_email_from_provider', str('saml'), '    sync_email_from_provider: "saml"'],
    ['inspect when set: symbol stays a symbol', 'sync_email_from_provider', sym('saml'), '    sync_email_from_provider: :saml'],
    ['inspect when set: false is set', 'sync_email_from_provider', bool(false), '    sync_email_from_provider: false'],
    ['inspect when set: nil is dropped', 'sync_email_from_provider', nil, null],
    ['json when truthy: list', 'sync_profile_from_provider', arr(str('saml')), '    sync_profile_from_provider: ["saml"]'],
    ['json when truthy: false is dropped', 'sync_profile_from_provider', bool(false), null],
    ['json when truthy: true', 'sync_profile_attributes', bool(true), '    sync_profile_attributes: true'],
    ['raw when truthy: integer', 'saml_message_max_byte_size', int('100000'), '    saml_message_max_byte_size: 100000'],
    ['raw when truthy: 0 is truthy in Ruby', 'saml_message_max_byte_size', int('0'), '    saml_message_max_byte_size: 0'],
    ['raw when truthy: nil is dropped', 'saml_message_max_byte_size', nil, null],
    ['raw when truthy: nested key', 'cas3.session_duration', int('28800'), '    cas3:\n      session_duration: 28800'],
  ];
  it.each(lines)('%s (%s)', (_name, setting, value, expected) => {
    const text = gitlabYmlFromOmnibus({ settings: { [setting]: value }, providers: [] });
    const key = setting.split('.')[0] ?? setting;
    if (expected === null) expect(text).not.toMatch(new RegExp(`^\\s*${key}:`, 'm'));
    else expect(text).toContain(`${expected}\n`);
  });

  it('drops settings GitLab does not know, as reconfigure does', () => {
    expect(gitlabYmlFromOmnibus({ settings: { provider: str('x') }, providers: [] })).not.toMatch(/^\s*provider:/m);
  });

  it('escapes a literal <% so GitLab’s ERB pass cannot run it', () => {
    const text = gitlabYmlFromOmnibus({ settings: {}, providers: [map({ name: str('x'), label: str('<%= `id` %>') })] });
    expect(text).toContain('"label":"<%%= `id` %>"');
  });

  it('writes ENV[...] as an ERB tag GitLab evaluates when it loads gitlab.yml', () => {
    const provider = map({ name: str('gitlab'), app_secret: { kind: 'ruby', source: "ENV['GITLAB_SECRET']" }, app_id: { kind: 'env', variable: 'GITLAB_ID' } });
    expect(gitlabYmlFromOmnibus({ settings: {}, providers: [provider] })).toContain(
      `- {"name":"gitlab","app_secret":"<%= ENV['GITLAB_SECRET'] %>","app_id":"<%= ENV['GITLAB_ID'] %>"}`,
    );
  });

  const refused: [string, Record<string, PlainValue>, PlainValue[], RegExp][] = [
    ['a raw setting whose text would inject YAML', { auto_sign_in_with_provider: str('saml\nenabled: false') }, [], /corrupt gitlab\.yml/],
    ['a Ruby expression reconfigure would evaluate', { enabled: { kind: 'ruby', source: "File.exist?('/x')" } }, [], /cannot be known/],
    ['a provider holding a Ruby expression', {}, [map({ name: str('x'), app_secret: { kind: 'ruby', source: "File.read('/s')" } })], /omniauth\.providers\[0\]\.app_secret/],
    ['a non-finite float', {}, [map({ name: str('x'), n: { kind: 'float', value: NaN } })], /no literal form/],
  ];
  it.each(refused)('refuses %s', (_name, settings, providers, message) => {
    expect(() => gitlabYmlFromOmnibus({ settings, providers })).toThrow(message);
  });

  it('reads the effective settings and providers of a model', () => {
    const model = omnibusModel(
      [assignment('allow_single_sign_on', arr(str('gitlab'))), assignment('allow_single_sign_on', arr(str('saml'))), assignment('provider', str('typo'), false)],
      [gitlab],
    );
    const text = gitlabYmlFromOmnibus(model);
    expect(text).toContain('allow_single_sign_on: ["saml"]\n');
    expect(text).not.toContain('typo');
    expect(text).toContain('- {"name":"gitlab"');
  });

  it('refuses a gitlab.yml model: only gitlab.rb goes through reconfigure', () => {
    expect(() => gitlabYmlFromOmnibus({ ...omnibusModel([], []), format: 'source', file: 'gitlab.yml' })).toThrow(/gitlab\.yml/);
  });

  it('rubyJson matches Ruby’s JSON generator on ordinary values', () => {
    expect(rubyJson(map({ a: sym('b'), c: nil, d: arr(int('1'), { kind: 'float', value: 1e20 }, bool(true)) }))).toBe(
      '{"a":"b","c":null,"d":[1,1.0e+20,true]}',
    );
    expect(rubyJson(str('a\u0001\u001f\b\f\n\r\t"\\/é😀'))).toBe('"a\\u0001\\u001f\\b\\f\\n\\r\\t\\"\\\\/é😀"');
  });
});

/**
 * Reconfigure, simulated: the omniauth part of gitlab.yml.erb as Chef renders
 * it (same expressions per setting: raw, `.to_json`, `.inspect`, the
 * `if`/`unless` guards), with the gitlab.rb values as Ruby evaluates them and
 * the Omnibus defaults. Then both texts go through what GitLab does with
 * gitlab.yml (ERB, then Psych) and must load to the same values.
 */
const RECONFIGURE = String.raw`
require 'json'
require 'erb'
require 'psych'

FRAGMENT = <<~'ERB'
  omniauth:
    enabled: <%= @omniauth_enabled %>
    auto_sign_in_with_provider: <%= @omniauth_auto_sign_in_with_provider %>
  <% unless @omniauth_sync_email_from_provider.nil? %>
    sync_email_from_provider: <%= @omniauth_sync_email_from_provider.inspect %>
  <% end %>
  <% if @omniauth_sync_profile_from_provider %>
    sync_profile_from_provider: <%= @omniauth_sync_profile_from_provider.to_json %>
  <% end %>
  <% if @omniauth_sync_profile_attributes %>
    sync_profile_attributes: <%= @omniauth_sync_profile_attributes.to_json %>
  <% end %>
    allow_single_sign_on: <%= @omniauth_allow_single_sign_on.to_json %>
    block_auto_created_users: <%= @omniauth_block_auto_created_users %>
    auto_link_ldap_user: <%= @omniauth_auto_link_ldap_user %>
    auto_link_saml_user: <%= @omniauth_auto_link_saml_user.to_json %>
    auto_link_user: <%= @omniauth_auto_link_user.to_json %>
    external_providers: <%= @omniauth_external_providers.to_json %>
    allow_bypass_two_factor: <%= @omniauth_allow_bypass_two_factor.to_json %>
  <% if @omniauth_cas3_session_duration %>
    cas3:
      session_duration: <%= @omniauth_cas3_session_duration %>
  <% end %>
  <% if @omniauth_saml_message_max_byte_size %>
    saml_message_max_byte_size: <%= @omniauth_saml_message_max_byte_size %>
  <% end %>
    providers:
  <% @omniauth_providers.each do |provider| %>
      - <%= provider.to_json %>
  <% end %>
ERB

DEFAULTS = { 'allow_single_sign_on' => ['saml'], 'providers' => [] }

def load_like_gitlab(text)
  Psych.unsafe_load(ERB.new(text).result)
end

$stdin.each_line do |line|
  c = JSON.parse(line)
  ctx = Object.new
  # Omnibus drops nil attributes before the template renders, so nil in gitlab.rb gives the default.
  given = c['settings'].transform_values { |source| eval(source) }.reject { |_, value| value.nil? }
  DEFAULTS.merge(given).each { |name, value| ctx.instance_variable_set("@omniauth_#{name}", value) }
  rendered = ERB.new(FRAGMENT).result(ctx.instance_eval { binding })
  out = { 'reconfigure' => load_like_gitlab(rendered).inspect, 'ours' => load_like_gitlab(c['ours']).inspect }
  $stdout.puts JSON.generate(out)
end
`;

/** Settings as gitlab.rb would hold them: names of the settings table, values a provider name list, a name, a boolean... */
const providerName = fc.constantFrom('saml', 'gitlab', 'github', 'google_oauth2', 'openid_connect', 'openid_connect_2fa');
const settingValue = fc.oneof(
  fc.constant(nil),
  fc.boolean().map(bool),
  providerName.map(str),
  providerName.map(sym),
  fc.array(providerName.map(str), { maxLength: 3 }).map((items) => arr(...items)),
  fc.nat({ max: 500000 }).map((n) => int(String(n))),
);
const settingNames = [
  'enabled',
  'allow_single_sign_on',
  'sync_email_from_provider',
  'sync_profile_from_provider',
  'sync_profile_attributes',
  'auto_sign_in_with_provider',
  'block_auto_created_users',
  'auto_link_ldap_user',
  'auto_link_saml_user',
  'auto_link_user',
  'external_providers',
  'allow_bypass_two_factor',
  'cas3.session_duration',
  'saml_message_max_byte_size',
];
/** Text reconfigure itself writes correctly: no `<%`, no characters YAML folds or rejects. */
const safeText = fc
  .string({ unit: 'grapheme', maxLength: 40 })
  .map((s) => s.replace(/<%/g, '<').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, ''));
const providerValue = fc.record({
  name: providerName,
  label: safeText,
  app_id: fc.oneof(safeText, fc.constant('0123')),
  app_secret: safeText,
  scope: safeText,
});

describe.skipIf(!oracleAvailable('ruby'))('matches what gitlab-ctl reconfigure writes, value for value', () => {
  it('for generated gitlab.rb settings and providers', () => {
    const samples = fc.sample(
      fc.record({
        settings: fc.dictionary(fc.constantFrom(...settingNames), settingValue, { maxKeys: 8 }),
        providers: fc.option(fc.array(providerValue, { maxLength: 3 }), { nil: null }),
      }),
      { numRuns: 300, seed: 7 },
    );
    const inputs = samples.map(({ settings, providers }) => ({
      settings: settings as Record<string, PlainValue>,
      providers: providers?.map((p) => map({ name: str(p.name), label: str(p.label), app_id: str(p.app_id), app_secret: str(p.app_secret), args: map({ scope: str(p.scope) }) })) ?? null,
    }));
    const cases = inputs.flatMap((input) => {
      let ours: string;
      try {
        ours = gitlabYmlFromOmnibus(input, { indent: '' });
      } catch {
        // A raw setting holding a list has no stable text form; reconfigure writes Ruby's inspect.
        return [];
      }
      const settings: Record<string, string> = {};
      for (const [name, value] of Object.entries(input.settings)) settings[name.replace('.', '_')] = rubyLiteral(value, DOCS_RUBY_STYLE);
      if (input.providers) settings.providers = rubyLiteral(arr(...input.providers), DOCS_RUBY_STYLE);
      return [{ settings, ours }];
    });
    expect(cases.length).toBeGreaterThan(200);
    const run = runRuby(RECONFIGURE, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    expect(run.stderr).toBe('');
    const results = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { reconfigure: string; ours: string });
    expect(results).toHaveLength(cases.length);
    results.forEach((r, i) => expect(r.ours, cases[i]?.ours).toBe(r.reconfigure));
  });
});

const range: SourceRange = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } } as SourceRange;

function assignment(name: string, value: PlainValue, known = true): SettingAssignment {
  return {
    name,
    sourceKey: `omniauth_${name}`,
    known,
    operation: 'assign',
    value: withRange(value, `omniauth.${name}`),
    keyRange: range,
    statementRange: range,
    conditional: false,
  };
}

function withRange(value: PlainValue, path: string): SettingAssignment['value'] {
  switch (value.kind) {
    case 'array':
      return { kind: 'array', range, path, items: value.items.map((v, i) => withRange(v, `${path}[${i}]`)) };
    case 'mapping':
      return {
        kind: 'mapping',
        range,
        path,
        entries: value.entries.map((e) => ({ key: e.key, keyStyle: 'symbol', keyRange: range, range, value: withRange(e.value, `${path}.${e.key}`) })),
      };
    case 'env':
      return { kind: 'ruby', range, path, source: `ENV['${value.variable}']` };
    case 'null':
      return { kind: 'null', range, path };
    case 'ruby':
    case 'erb':
      return { kind: value.kind, range, path, source: value.source };
    default:
      return { ...value, range, path } as SettingAssignment['value'];
  }
}

function omnibusModel(settings: SettingAssignment[], providers: PlainValue[]): OmniauthModel {
  const providersSetting = assignment('providers', arr(...providers));
  const items = providersSetting.value.kind === 'array' ? providersSetting.value.items : [];
  return {
    file: 'gitlab.rb',
    format: 'omnibus',
    shape: 'gitlab_rb',
    env: null,
    externalUrl: null,
    settings: [...settings, providersSetting],
    providers: items.map((value) => ({ value, definedBy: providersSetting })),
  };
}

