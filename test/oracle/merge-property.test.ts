/**
 * Property: a random request — new and changed top-level keys, new, changed
 * and removed keys under args at several depths, all in one command — merged
 * into a random existing provider written in a random style (gitlab.yml:
 * block, flow on one line, flow over several lines, block with flow inside;
 * gitlab.rb: symbol keys or string rockets, one line or multi-line, any
 * mix) gives, as real Ruby and ERB + Psych read the edited file, exactly the
 * merge computed on plain data here, and leaves every other value as it was.
 * One Ruby process answers every case.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderEdit } from '../../src/edit/index.js';
import type { EditRequest } from '../../src/edit/provider-input.js';
import type { PlainEntry, PlainValue } from '../../src/model/plain.js';
import { oracleAvailable } from '../support/oracle.js';
import { startOracle, type OracleProcess, type Typed } from '../render/ruby-oracle.js';

// ---- plain data: insertion-ordered trees of simple values ----

type Scalar = string | number | boolean;
type Tree = Map<string, Tree | Scalar>;

const TOP_KEYS = ['label', 'icon', 'app_id', 'app_secret', 'url', 'groups_attribute', 'note'] as const;
const ARG_KEYS = ['scope', 'prompt', 'site', 'client_options', 'info_fields', 'response_type', 'k1', 'k2', 'k3'] as const;

/** Strings that need quoting in one format or the other, beside plain words. */
const scalar: fc.Arbitrary<Scalar> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('user:email', 'api', 'read_user openid', 'https://idp.example.com/a?b=c#d', "it's", 'say "hi"', 'Zürich ✓', '#not a comment', ' lead', 'yes', 'null', '0123', '', 'a: b', '- x', '{x}') },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 100000 }) },
  { weight: 1, arbitrary: fc.boolean() },
);

const argsTree: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc
    .uniqueArray(fc.tuple(fc.constantFrom(...ARG_KEYS), fc.oneof({ depthSize: 'small', maxDepth: 2 }, { weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: tie('tree') })), {
      minLength: 1,
      maxLength: 4,
      selector: ([k]) => k,
    })
    .map((entries) => new Map(entries)),
})).tree;

const existingProvider: fc.Arbitrary<Tree> = fc
  .record({
    top: fc.uniqueArray(fc.tuple(fc.constantFrom(...TOP_KEYS), scalar), { maxLength: 4, selector: ([k]) => k }),
    args: argsTree,
    argsLast: fc.boolean(),
  })
  .map(({ top, args, argsLast }) => {
    const tree: Tree = new Map([['name', 'github']]);
    if (!argsLast) tree.set('args', args);
    for (const [k, v] of top) tree.set(k, v);
    if (argsLast) tree.set('args', args);
    return tree;
  });

/** One operation of the request, resolved against the existing provider by `pick`. */
interface Op {
  kind: 'top' | 'nested' | 'remove';
  pick: number;
  key: string;
  value: Scalar | Tree;
}
const op: fc.Arbitrary<Op> = fc.record({
  kind: fc.constantFrom('top' as const, 'nested' as const, 'nested' as const, 'remove' as const),
  pick: fc.nat(),
  key: fc.constantFrom(...TOP_KEYS, ...ARG_KEYS, 'new_key', 'other'),
  value: fc.oneof({ weight: 4, arbitrary: scalar }, { weight: 1, arbitrary: argsTree }),
});

/** Every mapping under args (args itself included), as paths from the provider. */
function containers(tree: Tree, path: string[] = []): string[][] {
  const found: string[][] = [];
  for (const [k, v] of tree) {
    if (v instanceof Map && (path.length > 0 || k === 'args')) found.push([...path, k], ...containers(v, [...path, k]));
  }
  return found;
}

/** Every key under args, as paths from the provider. */
function argPaths(tree: Tree): string[][] {
  return containers(tree).flatMap((c) => [...(getAt(tree, c) as Tree).keys()].map((k) => [...c, k]));
}

function getAt(tree: Tree, path: readonly string[]): Tree | Scalar | undefined {
  let current: Tree | Scalar | undefined = tree;
  for (const key of path) current = current instanceof Map ? current.get(key) : undefined;
  return current;
}

const overlaps = (a: readonly string[], b: readonly string[]): boolean => a.slice(0, Math.min(a.length, b.length)).every((k, i) => k === b[i]);

/** The sets and removals the ops make of this provider; later ops that would clash with earlier ones are dropped. */
function resolve(existing: Tree, ops: readonly Op[]): { sets: Array<{ path: string[]; value: Scalar | Tree }>; removals: string[][] } {
  const sets: Array<{ path: string[]; value: Scalar | Tree }> = [];
  const removals: string[][] = [];
  const homes = containers(existing);
  const keys = argPaths(existing);
  for (const o of ops) {
    let path: string[];
    if (o.kind === 'top') path = [TOP_KEYS.includes(o.key as (typeof TOP_KEYS)[number]) ? o.key : 'label'];
    else if (o.kind === 'nested') path = [...(homes[o.pick % homes.length] ?? ['args']), o.key];
    else {
      const target = keys[o.pick % keys.length];
      if (!target) continue;
      path = target;
    }
    if ([...sets.map((s) => s.path), ...removals].some((p) => overlaps(p, path))) continue;
    if (o.kind === 'remove') removals.push(path);
    else sets.push({ path, value: o.value });
  }
  return { sets, removals };
}

/** The merge as GitLab's users expect it, on plain trees: keys keep their place, new ones go last, mappings merge key by key. */
function merged(existing: Tree, sets: ReadonlyArray<{ path: string[]; value: Scalar | Tree }>, removals: readonly string[][]): Tree {
  const copy = (t: Tree): Tree => new Map([...t].map(([k, v]) => [k, v instanceof Map ? copy(v) : v]));
  const result = copy(existing);
  const mergeInto = (into: Tree, key: string, value: Scalar | Tree): void => {
    const now = into.get(key);
    if (now instanceof Map && value instanceof Map) for (const [k, v] of value) mergeInto(now, k, v);
    else into.set(key, value instanceof Map ? copy(value) : value);
  };
  for (const { path, value } of sets) {
    let at = result;
    for (const key of path.slice(0, -1)) {
      const next = at.get(key);
      if (next instanceof Map) at = next;
      else {
        const fresh: Tree = new Map();
        at.set(key, fresh);
        at = fresh;
      }
    }
    mergeInto(at, path[path.length - 1] as string, value);
  }
  for (const path of removals) (getAt(result, path.slice(0, -1)) as Tree).delete(path[path.length - 1] as string);
  return result;
}

function toPlainValue(value: Tree | Scalar): PlainValue {
  if (value instanceof Map) return { kind: 'mapping', entries: [...value].map(([key, v]): PlainEntry => ({ key, value: toPlainValue(v) })) };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'number') return { kind: 'integer', value: String(value) };
  return { kind: 'boolean', value };
}

/** The request: what `--name github --field/--arg ... --remove-arg ...` builds. */
function request(sets: ReadonlyArray<{ path: string[]; value: Scalar | Tree }>, removals: readonly string[][]): EditRequest {
  const given: Tree = new Map([['name', 'github']]);
  for (const { path, value } of sets) {
    let at = given;
    for (const key of path.slice(0, -1)) {
      const next = at.get(key);
      if (next instanceof Map) at = next;
      else at.set(key, (at = new Map()));
    }
    at.set(path[path.length - 1] as string, value);
  }
  const upserts = sets.length > 0 ? [{ entry: toPlainValue(given) as Extract<PlainValue, { kind: 'mapping' }>, replace: false }] : [];
  return { upserts, removals: [], settings: [], unsets: [], argRemovals: removals.map((path) => ({ name: 'github', path })) };
}

// ---- writing the existing provider in many styles ----

const PLAIN_WORD = /^[a-z][a-z0-9_]*$/;
const YAML_WORDS = /^(y|n|yes|no|on|off|true|false|null)$/i;

function yamlScalar(v: Scalar, quote: 'plain' | 'single' | 'double'): string {
  if (typeof v !== 'string') return String(v);
  if (quote === 'plain' && PLAIN_WORD.test(v) && !YAML_WORDS.test(v)) return v;
  return quote === 'single' ? `'${v.replace(/'/g, "''")}'` : JSON.stringify(v);
}

interface YamlLayout {
  /** Mappings this deep (0 = the provider) and deeper are flow. */
  flowFrom: number;
  /** A flow provider with one key per line, as gitlab.yml.example writes them. */
  flowLines: boolean;
  quote: 'plain' | 'single' | 'double';
}

function yamlFlow(t: Tree, q: YamlLayout['quote']): string {
  return `{ ${[...t].map(([k, v]) => `${k}: ${v instanceof Map ? yamlFlow(v, q) : yamlScalar(v, q)}`).join(', ')} }`;
}

function yamlBlock(t: Tree, indent: string, depth: number, layout: YamlLayout): string[] {
  return [...t].flatMap(([k, v]) => {
    if (!(v instanceof Map)) return [`${indent}${k}: ${yamlScalar(v, layout.quote)}`];
    if (depth + 1 >= layout.flowFrom) return [`${indent}${k}: ${yamlFlow(v, layout.quote)}`];
    return [`${indent}${k}:`, ...yamlBlock(v, `${indent}  `, depth + 1, layout)];
  });
}

function yamlItem(t: Tree, layout: YamlLayout): string {
  if (layout.flowFrom === 0 && layout.flowLines) {
    const parts = [...t].map(([k, v]) => `${k}: ${v instanceof Map ? yamlFlow(v, layout.quote) : yamlScalar(v, layout.quote)}`);
    return `      - { ${parts.join(',\n          ')} }`;
  }
  if (layout.flowFrom === 0) return `      - ${yamlFlow(t, layout.quote)}`;
  const [first, ...rest] = yamlBlock(t, '        ', 0, layout);
  return [`      - ${(first as string).trimStart()}`, ...rest].join('\n');
}

function gitlabYml(provider: Tree, layout: YamlLayout, otherFirst: boolean): string {
  const other = '      - { name: "saml", label: "Staff", args: { issuer: "gitlab" } }';
  const items = otherFirst ? [other, yamlItem(provider, layout)] : [yamlItem(provider, layout), other];
  return ['production:', '  gitlab:', '    host: gitlab.example.com', '  omniauth:', '    enabled: true', '    # the providers', '    providers:', ...items, '  ldap:', '    enabled: false', ''].join('\n');
}

interface RubyLayout {
  symbols: boolean;
  quote: 'single' | 'double';
  /** Hashes this deep (0 = the provider) and deeper are on one line. */
  oneLineFrom: number;
  trailingComma: boolean;
}

function rubyString(v: string, quote: RubyLayout['quote']): string {
  if (quote === 'single') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/#/g, '\\#')}"`;
}

function rubyHash(t: Tree, indent: string, depth: number, layout: RubyLayout): string {
  const entries = [...t].map(([k, v]) => {
    const key = layout.symbols ? `${k}: ` : `${rubyString(k, layout.quote)} => `;
    const value = v instanceof Map ? rubyHash(v, `${indent}  `, depth + 1, layout) : typeof v === 'string' ? rubyString(v, layout.quote) : String(v);
    return key + value;
  });
  if (depth >= layout.oneLineFrom) return `{ ${entries.join(', ')} }`;
  return `{\n${entries.map((e) => `${indent}  ${e}`).join(',\n')}${layout.trailingComma ? ',' : ''}\n${indent}}`;
}

function gitlabRb(provider: Tree, layout: RubyLayout, otherFirst: boolean): string {
  const other = "  { name: 'saml', label: 'Staff', args: { issuer: 'gitlab' } }";
  const mine = `  ${rubyHash(provider, '  ', 0, layout)}`;
  const items = otherFirst ? [other, mine] : [mine, other];
  return ["gitlab_rails['omniauth_enabled'] = true", '# the providers', "gitlab_rails['omniauth_providers'] = [", items.join(',\n'), ']', "gitlab_rails['time_zone'] = 'UTC'", ''].join('\n');
}

// ---- reading the oracle's answer as GitLab sees it ----

type Seen = null | boolean | string | Seen[] | Array<[string, Seen]> | { map: Array<[string, Seen]> };

/** Keys and symbols as strings (Chef and Rails stringify them), order kept. */
function seen(value: Typed | undefined): Seen {
  if (!value) return null;
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return value.value;
    case 'integer':
      return `int:${value.value}`;
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(seen);
    case 'mapping':
      return { map: value.entries.map((e) => [String((e.key as { value?: unknown }).value), seen(e.value)]) };
    default:
      return `other:${JSON.stringify(value)}`;
  }
}

function seenTree(value: Tree | Scalar): Seen {
  if (value instanceof Map) return { map: [...value].map(([k, v]) => [k, seenTree(v)]) };
  return typeof value === 'number' ? `int:${value}` : value;
}

const providersAt = (value: Typed, path: readonly string[]): Typed | undefined => {
  let current: Typed | undefined = value;
  for (const key of path) current = current?.kind === 'mapping' ? current.entries.find((e) => (e.key as { value?: unknown }).value === key)?.value : undefined;
  return current;
};

/** Everything but our provider: the edit must leave it exactly as it was. */
function withoutProvider(value: Typed, listPath: readonly string[]): Seen {
  const list = providersAt(value, listPath);
  const strip = (v: Typed): Typed => {
    if (v === list && v.kind === 'array') return { ...v, items: v.items.filter((item) => seen(item) === null || JSON.stringify(seen(item)).indexOf('["name","github"]') === -1) };
    if (v.kind === 'mapping') return { ...v, entries: v.entries.map((e) => ({ key: e.key, value: strip(e.value) })) };
    return v;
  };
  return seen(strip(value));
}

const RUNS = Number(process.env.MERGE_PROPERTY_RUNS ?? 500);

describe.skipIf(!oracleAvailable('ruby'))('merging random requests into random existing providers, read back by Ruby and Psych', () => {
  let oracle: OracleProcess;
  beforeAll(() => {
    oracle = startOracle();
  });
  afterAll(async () => {
    await oracle.close();
  });

  const yamlLayout: fc.Arbitrary<YamlLayout> = fc.record({ flowFrom: fc.constantFrom(0, 1, 2, 99), flowLines: fc.boolean(), quote: fc.constantFrom('plain' as const, 'single' as const, 'double' as const) });
  const rubyLayout: fc.Arbitrary<RubyLayout> = fc.record({ symbols: fc.boolean(), quote: fc.constantFrom('single' as const, 'double' as const), oneLineFrom: fc.constantFrom(0, 1, 2, 99), trailingComma: fc.boolean() });

  it(`gitlab.yml and gitlab.rb: ${RUNS} requests, each into both formats`, async () => {
    await fc.assert(
      fc.asyncProperty(existingProvider, fc.array(op, { minLength: 1, maxLength: 6 }), yamlLayout, rubyLayout, fc.boolean(), async (existing, ops, yLayout, rLayout, otherFirst) => {
        const { sets, removals } = resolve(existing, ops);
        fc.pre(sets.length + removals.length > 0);
        const want = seenTree(merged(existing, sets, removals));
        const files: Array<{ file: string; text: string; mode: 'yaml' | 'ruby'; list: string[] }> = [
          { file: 'gitlab.yml', text: gitlabYml(existing, yLayout, otherFirst), mode: 'yaml', list: ['production', 'omniauth', 'providers'] },
          { file: 'gitlab.rb', text: gitlabRb(existing, rLayout, otherFirst), mode: 'ruby', list: ['omniauth_providers'] },
        ];
        for (const { file, text, mode, list } of files) {
          const result = await renderEdit(text, request(sets, removals), { file });
          expect(result.status === 'refused' ? `${result.message}: ${result.reasons.join('; ')}` : 'ok', `${file}\n${text}`).toBe('ok');
          if (result.status !== 'ok') return;
          const [before, after] = await oracle.evaluate([
            { mode, text },
            { mode, text: result.after },
          ]);
          expect(before?.ok, JSON.stringify(before)).toBe(true);
          expect(after?.ok, `${JSON.stringify(after)}\n${result.after}`).toBe(true);
          if (!before?.ok || !after?.ok) return;
          const providers = providersAt(after.value, list);
          const mine = providers?.kind === 'array' ? providers.items.find((item) => JSON.stringify(seen(item)).includes('["name","github"]')) : undefined;
          expect(seen(mine), `${file}\n--- before\n${text}\n--- after\n${result.after}`).toEqual(want);
          expect(withoutProvider(after.value, list), `${file}: something else changed\n${result.after}`).toEqual(withoutProvider(before.value, list));
        }
      }),
      { numRuns: RUNS },
    );
  }, 300_000);
});
