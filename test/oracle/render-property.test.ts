/**
 * Property: any provider — with hostile text as secret, label, argument
 * values and keys (quotes, backslashes, `#{}`, `<%= %>`, newlines, tabs,
 * control characters, any Unicode, very long) — rendered into gitlab.rb or
 * gitlab.yml, comes back exactly as it went in when real Ruby evaluates the
 * gitlab.rb text, and when ERB then Psych load the gitlab.yml text as GitLab
 * does. One Ruby process answers every case of every run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PlainEntry, PlainValue } from '../../src/model/plain.js';
import { gitlabYmlFromOmnibus } from '../../src/render/omnibus-to-gitlab-yml.js';
import type { RubyStyle } from '../../src/render/ruby-literal.js';
import { renderOmnibusSection, renderSourceSection } from '../../src/render/templates.js';
import type { YamlStyle } from '../../src/render/yaml-literal.js';
import { oracleAvailable } from '../support/oracle.js';
import { expectedTyped, startOracle, typedAt, type ExpectOptions, type OracleProcess, type Typed } from '../render/ruby-oracle.js';
import { str } from '../support/plain.js';

const ENV = { RENDER_PROPERTY_SECRET: 'secret-from-env_42' };

const wellFormed = (s: string): boolean => !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);

/** Characters that break naive serializers, mixed with ordinary ones. */
const hostileChar = fc.constantFrom(
  '"', "'", '\\', '#', '{', '}', '$', '@', '<', '%', '=', '>', '`', ':', '-', '?', '&', '*', '!', '|', ',', '[', ']',
  '\n', '\r', '\t', ' ', '\u0000', '\u0001', '\u001b', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufeff', '\ufffe',
  'a', 'Z', '0', '9', '_', '.', 'é', 'ß', '日', '😀', '\u0301',
);
const hostileFragment = fc.constantFrom(
  '#{x}', '#{`id`}', '#@x', '#$0', '<%= `id` %>', '<% system("id") %>', '<%%', '%>', '<%#', "ENV['X']", '\\#{', '\\\\',
  '0123', '0x1F', '1e3', '1_000', '.5', 'yes', 'No', 'off', 'y', '~', 'null', ':saml', '<<', '- x', '? x', '*a', '&a',
  '2001-12-14', '1:20', "'", '"', '---', '...', '#', ': ', ' #', 'key: value',
);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.array(fc.oneof(hostileChar, hostileFragment), { maxLength: 30 }).map((parts) => parts.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).filter(wellFormed) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.oneof(hostileChar, hostileFragment), minLength: 1100, maxLength: 2500 }) },
);


const scalarValue: fc.Arbitrary<PlainValue> = fc.oneof(
  { weight: 6, arbitrary: hostileString.map(str) },
  { weight: 1, arbitrary: hostileString.map((value): PlainValue => ({ kind: 'symbol', value })) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map((n): PlainValue => ({ kind: 'integer', value: n.toString() })) },
  { weight: 1, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value): PlainValue => ({ kind: 'float', value })) },
  { weight: 1, arbitrary: fc.boolean().map((value): PlainValue => ({ kind: 'boolean', value })) },
  { weight: 1, arbitrary: fc.constant<PlainValue>({ kind: 'null' }) },
);

const argsValue: fc.Arbitrary<PlainValue> = fc.letrec<{ value: PlainValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 5, arbitrary: scalarValue },
    { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((items): PlainValue => ({ kind: 'array', items })) },
    {
      weight: 1,
      arbitrary: fc
        .array(fc.record({ key: hostileString, value: tie('value') }), { maxLength: 4 })
        .map((entries): PlainValue => ({ kind: 'mapping', entries })),
    },
  ),
})).value;

const secretValue: fc.Arbitrary<PlainValue> = fc.oneof(
  { weight: 4, arbitrary: hostileString.map(str) },
  { weight: 1, arbitrary: fc.constant<PlainValue>({ kind: 'env', variable: 'RENDER_PROPERTY_SECRET' }) },
);

const provider: fc.Arbitrary<PlainValue> = fc
  .record({
    name: fc.oneof(fc.constantFrom('gitlab', 'github', 'saml', 'openid_connect'), hostileString),
    label: hostileString,
    appId: hostileString,
    appSecret: secretValue,
    scope: hostileString,
    clientSecret: secretValue,
    extra: fc.array(fc.record({ key: hostileString, value: argsValue }), { maxLength: 3 }),
  })
  .map(({ name, label, appId, appSecret, scope, clientSecret, extra }): PlainValue => {
    const args: PlainEntry[] = [
      { key: 'scope', value: str(scope) },
      { key: 'client_options', value: { kind: 'mapping', entries: [{ key: 'secret', value: clientSecret }] } },
      ...extra,
    ];
    return {
      kind: 'mapping',
      entries: [
        { key: 'name', value: str(name) },
        { key: 'label', value: str(label) },
        { key: 'app_id', value: str(appId) },
        { key: 'app_secret', value: appSecret },
        { key: 'args', value: { kind: 'mapping', entries: args } },
      ],
    };
  });

const rubyStyle: fc.Arbitrary<RubyStyle> = fc.record({
  keys: fc.constantFrom('string' as const, 'symbol' as const),
  quote: fc.constantFrom('single' as const, 'double' as const),
  multiline: fc.boolean(),
  indentUnit: fc.constantFrom('  ', '    ', '\t'),
});
const yamlStyle: fc.Arbitrary<YamlStyle> = fc.record({
  flow: fc.boolean(),
  quote: fc.constantFrom('single' as const, 'double' as const),
  quoteStrings: fc.boolean(),
  indentUnit: fc.constantFrom('  ', '    '),
});

const KNOWN_SETTINGS = [
  'enabled', 'allow_single_sign_on', 'sync_email_from_provider', 'sync_profile_from_provider', 'sync_profile_attributes',
  'auto_sign_in_with_provider', 'block_auto_created_users', 'auto_link_ldap_user', 'auto_link_saml_user', 'auto_link_user',
  'external_providers', 'allow_bypass_two_factor', 'cas3.session_duration', 'saml_message_max_byte_size',
];
/** Setting names: GitLab's, and misspelled ones (hostile text; no dot, which would nest in gitlab.yml). */
const settingName = fc.oneof(
  fc.constantFrom(...KNOWN_SETTINGS),
  hostileString.filter((n) => !n.includes('.') && !KNOWN_SETTINGS.includes(n) && n !== 'cas3' && n !== 'providers'),
);
const settings = fc.dictionary(settingName, argsValue, { maxKeys: 6 }).map((d) => d as Record<string, PlainValue>);

/** Settings in the order the templates write them: GitLab's table first, then unknown names as given. */
function settingOrder(given: Record<string, PlainValue>): string[] {
  return [...KNOWN_SETTINGS.filter((n) => n in given), ...Object.keys(given).filter((n) => !KNOWN_SETTINGS.includes(n))];
}

/** `gitlab_rails` after the section runs: string keys `omniauth_<name>`, values as Ruby reads them. */
function expectedGitlabRails(given: Record<string, PlainValue>, providers: PlainValue[], options: ExpectOptions): Typed {
  const entries = settingOrder(given).map((n) => ({
    key: { kind: 'string', value: `omniauth_${n.replace('.', '_')}` } as Typed,
    value: expectedTyped(given[n] as PlainValue, options),
  }));
  entries.push({ key: { kind: 'string', value: 'omniauth_providers' }, value: expectedTyped({ kind: 'array', items: providers }, options) });
  return { kind: 'mapping', entries };
}

function expectedSourceSettings(given: Record<string, PlainValue>, providers: PlainValue[]): PlainValue {
  const entries: PlainEntry[] = [];
  for (const n of settingOrder(given)) {
    const value = given[n] as PlainValue;
    entries.push(n === 'cas3.session_duration' ? { key: 'cas3', value: { kind: 'mapping', entries: [{ key: 'session_duration', value }] } } : { key: n, value });
  }
  entries.push({ key: 'providers', value: { kind: 'array', items: providers } });
  return { kind: 'mapping', entries };
}

describe.skipIf(!oracleAvailable('ruby'))('rendered providers survive real Ruby and ERB + Psych exactly', () => {
  let oracle: OracleProcess;
  beforeAll(() => {
    oracle = startOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  it('gitlab.rb (eval), gitlab.yml (ERB then Psych) and reconfigure’s gitlab.yml, 400 providers', async () => {
    await fc.assert(
      fc.asyncProperty(provider, rubyStyle, yamlStyle, async (p, rStyle, yStyle) => {
        const rb = renderOmnibusSection({}, [p], rStyle);
        const yml = `production:\n${renderSourceSection({}, [p], yStyle, { indent: '  ' })}`;
        const generated = `production:\n${gitlabYmlFromOmnibus({ settings: {}, providers: [p] })}`;
        const [rbResult, ymlResult, generatedResult] = await oracle.evaluate([
          { mode: 'ruby', text: rb, env: ENV },
          { mode: 'yaml', text: yml, env: ENV },
          { mode: 'yaml', text: generated, env: ENV },
        ]);

        const inRuby = expectedTyped(p, { keys: rStyle.keys, symbolsAsStrings: false, env: ENV });
        const inYaml = expectedTyped(p, { keys: 'string', symbolsAsStrings: true, env: ENV });
        expect(rbResult?.ok, JSON.stringify(rbResult)).toBe(true);
        expect(ymlResult?.ok, JSON.stringify(ymlResult)).toBe(true);
        expect(generatedResult?.ok, JSON.stringify(generatedResult)).toBe(true);
        if (!rbResult?.ok || !ymlResult?.ok || !generatedResult?.ok) return;
        expect(typedAt(rbResult.value, ['omniauth_providers']), rb).toEqual({ kind: 'array', items: [inRuby] });
        expect(typedAt(ymlResult.value, ['production', 'omniauth', 'providers']), yml).toEqual({ kind: 'array', items: [inYaml] });
        expect(typedAt(generatedResult.value, ['production', 'omniauth', 'providers']), generated).toEqual({ kind: 'array', items: [inYaml] });
      }),
      { numRuns: Number(process.env.RENDER_PROPERTY_RUNS ?? 400) },
    );
  }, 120_000);

  it('whole sections with hostile general settings and setting names, 300 cases', async () => {
    await fc.assert(
      fc.asyncProperty(settings, fc.array(provider, { maxLength: 2 }), rubyStyle, yamlStyle, async (given, providers, rStyle, yStyle) => {
        const rb = renderOmnibusSection(given, providers, rStyle);
        const yml = `production:\n${renderSourceSection(given, providers, yStyle, { indent: '  ' })}`;
        const [rbResult, ymlResult] = await oracle.evaluate([
          { mode: 'ruby', text: rb, env: ENV },
          { mode: 'yaml', text: yml, env: ENV },
        ]);
        const inRuby = expectedGitlabRails(given, providers, { keys: rStyle.keys, symbolsAsStrings: false, env: ENV });
        const inYaml = expectedTyped(expectedSourceSettings(given, providers), { keys: 'string', symbolsAsStrings: true, env: ENV });
        expect(rbResult, rb).toEqual({ ok: true, value: inRuby });
        expect(ymlResult?.ok, JSON.stringify(ymlResult)).toBe(true);
        if (ymlResult?.ok) expect(typedAt(ymlResult.value, ['production', 'omniauth']), yml).toEqual(inYaml);
      }),
      { numRuns: Number(process.env.RENDER_PROPERTY_RUNS ?? 300) },
    );
  }, 120_000);
});
