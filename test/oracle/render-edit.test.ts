/**
 * Real Ruby as the oracle for in-place edits: the file is evaluated before and
 * after the edit the way GitLab reads it (gitlab.rb through instance_eval with
 * recording stubs for gitlab_rails[...], nginx[...], external_url ...;
 * gitlab.yml through ERB then Psych). The edit must give exactly the intended
 * providers and settings and leave every other value as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEdit } from '../../src/edit/index.js';
import { buildEditRequest, looksLikeExpression, type ProviderFlags } from '../../src/edit/provider-input.js';
import type { PlainValue } from '../../src/model/plain.js';
import { settingByName } from '../../src/model/settings.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { corpus, fixture } from '../edit/helpers.js';
import { expectedTyped, startOracle, typedAt, type OracleProcess } from '../render/ruby-oracle.js';

const ENV = { GITLAB_OAUTH_SECRET: 'from-env-6f1e', GITHUB_SECRET: 'gh-env', GOOGLE_SECRET: 'google-env' };

/**
 * Evaluates gitlab.rb with every top-level call recorded: `x['k'] = v` on an
 * auto-created hash per name, `name value` as a plain record. Prints the
 * values twice: exactly (key order, symbols tagged) and as GitLab sees them
 * (keys and symbols stringified, as Chef does).
 */
const EVAL_GITLAB_RB = `
require 'json'
class Recorder
  attr_reader :values
  def initialize; @values = {}; end
  def method_missing(name, *args, &blk)
    return (@values[name.to_s] ||= {}) if args.empty? && blk.nil?
    @values[name.to_s] = args.length == 1 ? args[0] : args
  end
  def respond_to_missing?(*) = true
end
def exact(v)
  case v
  when Hash then { 'hash' => v.map { |k, x| [exact(k), exact(x)] } }
  when Array then v.map { |x| exact(x) }
  when Symbol then { 'sym' => v.to_s }
  else v
  end
end
def plain(v)
  case v
  when Hash then v.each_with_object({}) { |(k, x), h| h[k.to_s] = plain(x) }
  when Array then v.map { |x| plain(x) }
  when Symbol then v.to_s
  else v
  end
end
r = Recorder.new
r.instance_eval($stdin.read, 'gitlab.rb')
puts JSON.generate({ 'exact' => r.values.transform_values { |v| exact(v) }, 'plain' => plain(r.values) })
`;

/** GitLab's loader: ERB over the whole text, then YAML with aliases (Psych 4). */
const LOAD_GITLAB_YML = `
require 'json'; require 'erb'; require 'yaml'
text = ERB.new($stdin.read).result
data = YAML.respond_to?(:unsafe_load) ? YAML.load(text, aliases: true) : YAML.load(text)
puts JSON.generate(data)
`;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function evaluate(script: string, text: string): Record<string, Json> {
  const result = runRuby(`${Object.entries(ENV).map(([k, v]) => `ENV[${JSON.stringify(k)}] = ${JSON.stringify(v)}`).join('; ')}\n${script}`, text);
  if (result.status !== 0) throw new Error(`ruby failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Record<string, Json>;
}

/** The value GitLab should end up with for an intended PlainValue (symbols as strings, ENV resolved). */
function expected(value: PlainValue): Json {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return value.value;
    case 'integer':
      return Number(value.value);
    case 'float':
      return value.value;
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(expected);
    case 'mapping':
      return Object.fromEntries(value.entries.map((e) => [e.key, expected(e.value)]));
    case 'env':
      return ENV[value.variable as keyof typeof ENV] ?? null;
    case 'ruby':
    case 'erb': {
      const variable = /ENV\[['"](\w+)['"]\]/.exec(value.source)?.[1];
      return variable ? (ENV[variable as keyof typeof ENV] ?? null) : value.source;
    }
  }
}

async function edit(text: string, flags: ProviderFlags, file: string) {
  const request = await buildEditRequest(flags);
  if (!request.ok) throw new Error(request.message);
  const result = await renderEdit(text, request.value, { file });
  if (result.status !== 'ok') throw new Error(`${result.message} ${result.reasons.join('; ')}`);
  expect(result.after).not.toBe(text);
  return result;
}

const gitlabCom: ProviderFlags = { name: 'gitlab', appId: 'f6a0e2a1c3b4', appSecret: 'gloas-9d8c7b6a5f4e', arg: ['scope=api'] };

const RB_CASES: Array<[string, string, ProviderFlags]> = [
  ['gitlab.rb.template + the GitLab.com provider', corpus('omnibus/gitlab.rb.template'), gitlabCom],
  ['busy gitlab.rb + GitHub by env, settings', fixture('busy.gitlab.rb'), { preset: 'github', appId: 'gh-id', appSecretEnv: 'GITHUB_SECRET', set: ['allow_single_sign_on=saml,github', 'external_providers=github', 'block_auto_created_users=false'] }],
  ['busy gitlab.rb: a nested arg of SAML updated, a new one added', fixture('busy.gitlab.rb'), { name: 'saml', arg: ['issuer=https://gitlab.example.com/saml', 'attribute_statements.name=cn'], argYaml: ['allowed_clock_drift=5'] }],
  ['busy gitlab.rb: SAML replaced', fixture('busy.gitlab.rb'), { name: 'saml', label: 'SSO', replace: true }],
  ['busy gitlab.rb: SAML removed', fixture('busy.gitlab.rb'), { remove: ['saml'], set: ['auto_sign_in_with_provider=false'] }],
  ['string rockets + GitLab.com by env', fixture('string-rockets.gitlab.rb'), { ...gitlabCom, appSecret: undefined, appSecretEnv: 'GITLAB_OAUTH_SECRET' } as ProviderFlags],
  ['symbol keys, << provider updated', fixture('symbol-keys.gitlab.rb'), { name: 'google_oauth2', label: 'Google', arg: ['prompt=consent'] }],
  ['symbol keys, appended after <<', fixture('symbol-keys.gitlab.rb'), gitlabCom],
  ['CRLF', fixture('crlf.gitlab.rb'), gitlabCom],
  ['hostile text', fixture('busy.gitlab.rb'), { name: 'gitlab', label: `it's "#{x}" \\ <%= 1 %>\n\tZürich ✓`, appId: '0123', appSecret: '#@x #$y `id`', arg: ['scope=1e3'] }],
];

describe.skipIf(!oracleAvailable('ruby'))('gitlab.rb edits evaluated by real Ruby', () => {
  it.each(RB_CASES)('%s', async (_, text, flags) => {
    const result = await edit(text, flags, 'gitlab.rb');
    const before = evaluate(EVAL_GITLAB_RB, text);
    const after = evaluate(EVAL_GITLAB_RB, result.after);

    // Intended providers and settings, as GitLab sees them.
    const rails = (after.plain as { gitlab_rails?: Record<string, Json> }).gitlab_rails ?? {};
    expect(rails.omniauth_providers ?? []).toEqual(result.plan.intendedProviders.map(expected));
    for (const [name, value] of result.plan.intendedSettings) {
      expect(rails[settingByName(name)?.omnibusKey ?? `omniauth_${name}`]).toEqual(expected(value));
    }

    // Everything else exactly as before: other gitlab_rails keys, nginx[...], external_url, ...
    const withoutOmniauth = (values: Json): Json => {
      const exact = structuredClone(values) as Record<string, Json>;
      const railsPairs = exact.gitlab_rails as { hash: Array<[Json, Json]> } | undefined;
      if (railsPairs) railsPairs.hash = railsPairs.hash.filter(([k]) => !(typeof k === 'string' && k.startsWith('omniauth_')));
      // A file that had no gitlab_rails[...] at all gets the hash with the first OmniAuth key.
      if (railsPairs?.hash.length === 0) delete exact.gitlab_rails;
      return exact;
    };
    expect(withoutOmniauth(after.exact as Json)).toEqual(withoutOmniauth(before.exact as Json));
  });
});

const YML_CASES: Array<[string, string, ProviderFlags, string]> = [
  ['gitlab.yml.example + the GitLab.com provider (production)', corpus('source/gitlab.yml.example'), gitlabCom, 'production'],
  ['gitlab.yml.example: settings and a provider by env', corpus('source/gitlab.yml.example'), { ...gitlabCom, appSecret: undefined, appSecretEnv: 'GITLAB_OAUTH_SECRET', set: ['allow_single_sign_on=gitlab', 'auto_link_user=gitlab', 'block_auto_created_users=false'] } as ProviderFlags, 'production'],
  ['block providers: GitHub updated, GitLab added', fixture('block-providers.gitlab.yml'), { name: 'github', arg: ['scope=read:user'], argYaml: ['allow_signup=false'] }, 'production'],
  ['block providers: SAML removed', fixture('block-providers.gitlab.yml'), { remove: ['saml'] }, 'production'],
  ['no omniauth section yet', fixture('no-omniauth.gitlab.yml'), { ...gitlabCom, set: ['block_auto_created_users=true'] }, 'production'],
  ['CRLF', fixture('crlf.gitlab.yml'), gitlabCom, 'production'],
  [
    'keys beyond the 1024-character implicit key limit, in flow mappings',
    "production:\n  omniauth:\n    providers:\n      - { name: 'github',\n          args: { scope: 'user:email' } }\n",
    { name: 'github', arg: [`${'a'.repeat(1100)}=v`], field: [`${'b'.repeat(1100)}=w`] },
    'production',
  ],
  ['hostile text', fixture('block-providers.gitlab.yml'), { name: 'gitlab', label: `it's "#{x}" \\ <%= 1 %> <% raise %>\n\tZürich ✓`, appId: '0123', appSecret: 'yes', arg: ['scope=1e3', 'x=~'] }, 'production'],
];

describe.skipIf(!oracleAvailable('ruby'))('gitlab.yml edits loaded by ERB then Psych', () => {
  it.each(YML_CASES)('%s', async (_, text, flags, env) => {
    const result = await edit(text, flags, 'gitlab.yml');
    const before = evaluate(LOAD_GITLAB_YML, text);
    const after = evaluate(LOAD_GITLAB_YML, result.after);
    const omniauth = ((after[env] as Record<string, Json>).omniauth ?? {}) as Record<string, Json>;
    expect(omniauth.providers ?? []).toEqual(result.plan.intendedProviders.map(expected));
    for (const [name, value] of result.plan.intendedSettings) expect(omniauth[name]).toEqual(expected(value));

    const strip = (data: Record<string, Json>): Record<string, Json> => {
      const copy = structuredClone(data);
      delete (copy[env] as Record<string, Json>).omniauth;
      return copy;
    };
    // Other environments inherit production through <<: *base, so only production's omniauth may differ.
    expect(strip(after)[env]).toEqual(strip(before)[env]);
    for (const other of Object.keys(before).filter((k) => k !== env)) {
      const b = structuredClone(before[other]) as Record<string, Json>;
      const a = structuredClone(after[other]) as Record<string, Json>;
      if (b && a && typeof b === 'object' && typeof a === 'object') {
        const inherits = /<<: \*base/.test(text);
        if (inherits && JSON.stringify(b.omniauth) === JSON.stringify((before[env] as Record<string, Json>).omniauth)) {
          delete b.omniauth;
          delete a.omniauth;
        }
      }
      expect(a).toEqual(b);
    }
  });
});

/**
 * Property: hostile text (quotes, backslashes, `#{}`, `<%= %>`, newlines,
 * tabs, control characters, any Unicode, long) as label, app_id, secret and
 * arg value, merged in place into an existing gitlab.rb or gitlab.yml,
 * verifies, and real Ruby (eval / ERB then Psych) reads back exactly it.
 */
const hostileString = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(
        fc.constantFrom('"', "'", '\\', '#{x}', '#@x', '#$0', '<%= 1 %>', '<%', '%>', '\n', '\r\n', '\t', ' ', ': ', ' #', '- ', '0123', 'yes', '~', 'é', '日', '😀', '\u0000', '\u2028', 'a', 'Z', '_'),
        { maxLength: 25 },
      )
      .map((parts) => parts.join('')),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 300, maxLength: 600 }) },
);

/** The file's own `<%= ENV['X'] %>` values, as the ENV references they are. */
function envReferences(value: PlainValue): PlainValue {
  if (value.kind === 'erb' || value.kind === 'ruby') {
    const variable = /^\s*(?:<%=\s*)?ENV\[['"](\w+)['"]\]\s*(?:%>)?\s*$/.exec(value.source)?.[1];
    return variable ? { kind: 'env', variable } : value;
  }
  if (value.kind === 'array') return { kind: 'array', items: value.items.map(envReferences) };
  if (value.kind === 'mapping') return { kind: 'mapping', entries: value.entries.map((e) => ({ key: e.key, value: envReferences(e.value) })) };
  return value;
}

const RB_BASE = `# only gitlab_rails statements: evaluated with a gitlab_rails Hash in scope
gitlab_rails['omniauth_allow_single_sign_on'] = ['saml']
gitlab_rails['omniauth_providers'] = [
  {
    "name" => "saml",
    "label" => "Staff SSO", # Zürich ✓
    "args" => { "issuer" => "https://gitlab.example.com" }
  }
]
gitlab_rails['time_zone'] = 'UTC'
`;

describe.skipIf(!oracleAvailable('ruby'))('hostile values survive an in-place edit', () => {
  let oracle: OracleProcess;
  beforeAll(() => {
    oracle = startOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  // A flag value starting like Ruby or ERB (`<%`, `ENV[`) is refused (env-flags.test.ts); a letter before it keeps the text hostile.
  const flagValue = hostileString.map((v) => (looksLikeExpression(v) ? `x${v}` : v));
  const cases = fc.record({
    target: fc.constantFrom('saml', 'gitlab'),
    label: flagValue,
    appId: flagValue,
    secret: flagValue,
    arg: flagValue,
  });

  it('gitlab.rb: 150 edits evaluated by Ruby', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ target, label, appId, secret, arg }) => {
        const result = await edit(RB_BASE, { name: target, label, appId, appSecret: secret, arg: [`issuer=${arg}`] }, 'gitlab.rb');
        const [answer] = await oracle.evaluate([{ mode: 'ruby', text: result.after }]);
        expect(answer?.ok).toBe(true);
        if (!answer?.ok) return;
        const providers = typedAt(answer.value, ['omniauth_providers']);
        expect(providers?.kind).toBe('array');
        const wanted = result.plan.intendedProviders.map((p) => expectedTyped(p, { keys: 'string', symbolsAsStrings: false, env: {} }));
        // Keys come back as written: the file's own entries use string keys, and so do the new ones.
        expect(providers).toEqual({ kind: 'array', items: wanted });
        expect(typedAt(answer.value, ['time_zone'])).toEqual({ kind: 'string', value: 'UTC' });
      }),
      { numRuns: 150 },
    );
  }, 120_000);

  it('gitlab.yml: 150 edits loaded by ERB then Psych', async () => {
    const base = fixture('block-providers.gitlab.yml');
    await fc.assert(
      fc.asyncProperty(cases, async ({ target, label, appId, secret, arg }) => {
        const name = target === 'saml' ? 'github' : 'gitlab';
        const result = await edit(base, { name, label, appId, appSecret: secret, arg: [`scope=${arg}`] }, 'gitlab.yml');
        const [answer] = await oracle.evaluate([{ mode: 'yaml', text: result.after, env: { GITHUB_SECRET: 'gh-env' } }]);
        expect(answer?.ok).toBe(true);
        if (!answer?.ok) return;
        const providers = typedAt(answer.value, ['production', 'omniauth', 'providers']);
        const wanted = result.plan.intendedProviders.map((p) => expectedTyped(envReferences(p), { keys: 'string', symbolsAsStrings: true, env: { GITHUB_SECRET: 'gh-env' } }));
        expect(providers).toEqual({ kind: 'array', items: wanted });
        expect(typedAt(answer.value, ['production', 'gitlab', 'relative_url_root'])).toEqual({ kind: 'string', value: '/gitlab' });
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
