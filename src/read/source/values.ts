/**
 * YAML nodes → model values, as GitLab's Psych load followed by Rails'
 * `deep_stringify_keys` sees them: aliases followed, merge keys (`<<: *base`)
 * applied the way Psych applies them, keys as strings, plain scalars typed by
 * Psych's rules, ERB output kept as an expression. Every value keeps the range
 * where it is really written, also when it is reached through an alias.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ConfigValue, MappingEntry } from '../../model/types.js';
import type { SourceRange, SourceText } from '../../text/source-text.js';
import type { AnchorTable } from './anchors.js';
import { containsErbOutput, restoreErb, unescapeErb, type ErbScan } from './erb.js';
import { resolvePlainScalar, rubyFloatToS } from './psych-scalar.js';

export interface ValueContext {
  doc: Document;
  src: SourceText;
  erb: ErbScan;
  file: string;
  diagnostics: Diagnostic[];
  /**
   * The document was parsed with some regions put on one line (see
   * parseLikePsych): a scalar that spans lines in the user's text is read
   * again from that text, so its line breaks fold as YAML folds them.
   */
  refold: boolean;
  /** What each alias names, resolved once for the document (see anchors.ts). */
  anchors: AnchorTable;
}

/** One key of a mapping after merges, before its value is converted. */
export interface RawEntry {
  key: string;
  keyNode: unknown;
  valueNode: unknown;
  keyRange: SourceRange;
  /** The whole `key: value` pair. */
  range: SourceRange;
}

const STR_TAG = 'tag:yaml.org,2002:str';
/** Deeper than any real configuration; stops a self-referencing alias (`a: &x [*x]`). */
const MAX_DEPTH = 64;

/** The node an alias points to (itself when it is not an alias). */
export function resolveNode(node: unknown, ctx: ValueContext): unknown {
  let current = node;
  for (let hops = 0; isAlias(current) && hops < MAX_DEPTH; hops++) current = ctx.anchors.targets.get(current);
  return current;
}

function nodeRange(node: unknown, ctx: ValueContext, fallback: SourceRange): SourceRange {
  const range = (node as Node | null)?.range;
  return range ? ctx.src.range(range[0], range[1]) : fallback;
}

/**
 * The entries of a mapping in the order a Ruby Hash ends up with them, merge
 * keys applied as Psych does (`hash.merge!` at the place of `<<`, so a key
 * written before `<<` is overridden by the merged one, a key after it wins).
 * Keys written twice are kept both and reported when `reportDuplicates` says.
 */
export function rawEntries(
  map: unknown,
  ctx: ValueContext,
  path: string,
  reportDuplicates: boolean | ((key: string) => boolean),
  depth = 0,
): RawEntry[] {
  const node = resolveNode(map, ctx);
  if (!isMap(node) || depth > MAX_DEPTH) return [];
  const entries: RawEntry[] = [];
  const explicit = new Map<string, RawEntry>();
  for (const pair of node.items as Array<Pair<unknown, unknown>>) {
    const keyNode = pair.key;
    const key = keyString(keyNode, ctx);
    const keyRange = nodeRange(keyNode, ctx, nodeRange(pair.value, ctx, ctx.src.range(0, 0)));
    if (key === '<<' && !(isScalar(keyNode) && keyNode.tag === STR_TAG)) {
      const merged = mergedEntries(pair.value, ctx, path, depth);
      if (merged) {
        entries.push(...merged);
        continue;
      }
    }
    const valueEnd = (pair.value as Node | null)?.range?.[1] ?? keyRange.end.offset;
    const entry: RawEntry = { key, keyNode, valueNode: pair.value, keyRange, range: ctx.src.range(keyRange.start.offset, valueEnd) };
    const earlier = explicit.get(key);
    if (earlier && (typeof reportDuplicates === 'function' ? reportDuplicates(key) : reportDuplicates)) {
      ctx.diagnostics.push({
        rule: 'duplicate-key',
        severity: 'warning',
        message: `Key \`${key}\` is given twice in this mapping (first on line ${earlier.keyRange.start.line}); GitLab uses the last one`,
        file: ctx.file,
        range: keyRange,
        path: joinPath(path, key),
        hint: 'Remove one of the two',
      });
    }
    explicit.set(key, entry);
    entries.push(entry);
  }
  return entries;
}

/** Psych: `<<` takes a mapping, an alias of one, or a list of them (earlier ones win); anything else is an ordinary key. */
function mergedEntries(value: unknown, ctx: ValueContext, path: string, depth: number): RawEntry[] | null {
  if (isAlias(value) && ctx.anchors.selfMerges.has(value)) return [];
  const target = resolveNode(value, ctx);
  if (isMap(target)) return lastWins(rawEntries(target, ctx, path, false, depth + 1));
  if (!isSeq(target)) return null;
  const sources = target.items.filter((item) => !(isAlias(item) && ctx.anchors.selfMerges.has(item))).map((item) => resolveNode(item, ctx));
  if (!sources.every((s) => isMap(s))) return null;
  const combined = new Map<string, RawEntry>();
  for (const source of [...sources].reverse()) {
    for (const entry of lastWins(rawEntries(source, ctx, path, false, depth + 1))) combined.set(entry.key, entry);
  }
  return [...combined.values()];
}

/** The effective entries of a mapping: each key once, with its last value, at its first place. */
function lastWins(entries: readonly RawEntry[]): RawEntry[] {
  const byKey = new Map<string, RawEntry>();
  for (const e of entries) byKey.set(e.key, e);
  return [...byKey.values()];
}

export function lookup(entries: readonly RawEntry[], key: string): RawEntry | undefined {
  let found: RawEntry | undefined;
  for (const e of entries) if (e.key === key) found = e;
  return found;
}

/** A key as Rails sees it after `deep_stringify_keys` (`true:` is "true", `1:` is "1"). */
function keyString(node: unknown, ctx: ValueContext): string {
  const target = resolveNode(node, ctx);
  if (target === null || target === undefined) return '';
  if (isScalar(target)) return rubyKeyString(scalarToValue(target, '', ctx, ctx.src.range(0, 0)));
  const range = (target as Node).range;
  return range ? ctx.src.text.slice(range[0], range[1]) : '';
}

export function toValue(node: unknown, path: string, ctx: ValueContext, fallback: SourceRange, depth = 0): ConfigValue {
  const target = resolveNode(node, ctx);
  const range = nodeRange(target, ctx, nodeRange(node, ctx, fallback));
  if (depth > MAX_DEPTH || target === null || target === undefined) return { kind: 'null', range, path };
  if (isScalar(target)) return scalarToValue(target, path, ctx, range);
  if (isMap(target)) {
    const entries: MappingEntry[] = rawEntries(target, ctx, path, true).map((e) => ({
      key: e.key,
      keyStyle: 'yaml',
      keyRange: e.keyRange,
      value: toValue(e.valueNode, joinPath(path, e.key), ctx, e.keyRange, depth + 1),
      range: e.range,
    }));
    return { kind: 'mapping', entries, range, path };
  }
  if (isSeq(target)) {
    const items = target.items.map((item, i) => toValue(item, `${path}[${i}]`, ctx, range, depth + 1));
    return { kind: 'array', items, range, path };
  }
  return { kind: 'null', range, path };
}

function scalarToValue(node: Scalar, path: string, ctx: ValueContext, range: SourceRange): ConfigValue {
  const raw = refolded(node, ctx) ?? (typeof node.value === 'string' ? node.value : String(node.value ?? ''));
  if (containsErbOutput(raw)) {
    const [start, , end] = node.range ?? [range.start.offset, range.end.offset, range.end.offset];
    return { kind: 'erb', source: restoreErb(raw, ctx.erb, start, end), range, path };
  }
  const text = unescapeErb(raw);
  if (node.type !== 'PLAIN') return { kind: 'string', value: text, range, path };
  if (node.tag === STR_TAG || node.tag === '!str') return { kind: 'string', value: text, range, path };
  const resolved = resolvePlainScalar(text);
  if (node.tag === 'tag:yaml.org,2002:float' && resolved.kind === 'integer') {
    return { kind: 'float', value: Number(resolved.value), range, path };
  }
  return { ...resolved, range, path };
}

function joinPath(path: string, key: string): string {
  const segment = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${segment}` : segment;
}

/** How Rails' `deep_stringify_keys` spells a key Psych read as a non-string (`true:` → "true", `1:` → "1"). */
function rubyKeyString(value: ConfigValue): string {
  switch (value.kind) {
    case 'string':
    case 'symbol':
    case 'integer':
      return value.value;
    case 'boolean':
      return String(value.value);
    case 'float':
      return rubyFloatToS(value.value);
    case 'erb':
    case 'ruby':
      return value.source;
    default:
      return '';
  }
}

/** A multi-line scalar of a region read on one line, read again alone from the text as written (a lone scalar may span lines at any indentation). */
function refolded(node: Scalar, ctx: ValueContext): string | null {
  if (!ctx.refold || !node.range) return null;
  const written = ctx.erb.yamlText.slice(node.range[0], node.range[1]);
  if (!written.includes('\n')) return null;
  const alone = parseDocument(written, { version: '1.1', schema: 'failsafe' });
  return alone.errors.length === 0 && isScalar(alone.contents) ? String(alone.contents.value) : null;
}
