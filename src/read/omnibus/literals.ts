/**
 * Ruby literals → model values, without evaluating anything. What is not a
 * literal (`ENV['X']`, `File.read(...).strip`, `"#{x}"`, constants, calls)
 * stays a Ruby expression with its exact source text.
 *
 * Keys are normalized the way Chef does (symbols become strings, all the way
 * down); a key given twice after that is reported, and both entries are kept.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ConfigValue, KeyStyle, MappingEntry } from '../../model/types.js';
import type { SourceRange } from '../../text/source-text.js';
import type { Locator } from './locator.js';
import { byteExtent, gitlabRailsAssignment, isNode, type Node } from './nodes.js';

export interface ValueContext {
  loc: Locator;
  file: string;
  /** Reader findings found inside values (duplicate keys, assignments nested in a list). */
  diagnostics: Diagnostic[];
}

/** `firstIndex`: where an array's items start in the list they join (`.concat` onto a list of 2 → `[2]`). */
export function toValue(node: Node, path: string, ctx: ValueContext, firstIndex = 0): ConfigValue {
  const range = valueRange(node, ctx);
  const opaque = (): ConfigValue => ({ kind: 'ruby', source: ctx.loc.source.slice(range), range, path });

  if (isNode(node, 'StringNode')) {
    return node.unescaped.validEncoding ? { kind: 'string', value: node.unescaped.value, range, path } : opaque();
  }
  if (isNode(node, 'InterpolatedStringNode')) {
    const text = staticText(node);
    return text === null ? opaque() : { kind: 'string', value: text, range, path };
  }
  if (isNode(node, 'SymbolNode')) {
    return node.unescaped.validEncoding ? { kind: 'symbol', value: node.unescaped.value, range, path } : opaque();
  }
  if (isNode(node, 'InterpolatedSymbolNode')) {
    const text = staticText(node);
    return text === null ? opaque() : { kind: 'symbol', value: text, range, path };
  }
  if (isNode(node, 'IntegerNode')) {
    const value = integerText(ctx.loc.source.slice(range));
    return value === null ? opaque() : { kind: 'integer', value, range, path };
  }
  if (isNode(node, 'FloatNode')) {
    return Number.isFinite(node.value) ? { kind: 'float', value: node.value, range, path } : opaque();
  }
  if (isNode(node, 'TrueNode')) return { kind: 'boolean', value: true, range, path };
  if (isNode(node, 'FalseNode')) return { kind: 'boolean', value: false, range, path };
  if (isNode(node, 'NilNode')) return { kind: 'null', range, path };
  if (isNode(node, 'ArrayNode')) {
    if (node.elements.some((e) => isNode(e, 'SplatNode'))) return opaque();
    if (node.openingLoc === null && endsLineWithComma(node.elements, ctx)) return listWithoutBrackets(node.elements, range, path, ctx);
    return { kind: 'array', items: node.elements.map((e, i) => toValue(e, `${path}[${firstIndex + i}]`, ctx)), range, path };
  }
  if (isNode(node, 'HashNode') || isNode(node, 'KeywordHashNode')) {
    if (node.elements.some((e) => !isNode(e, 'AssocNode'))) return opaque(); // `**other`
    return { kind: 'mapping', entries: entriesOf(node.elements, path, ctx), range, path };
  }
  const elided = elision(node, ctx);
  if (elided) return toValue(elided, path, ctx, firstIndex);
  const nested = gitlabRailsAssignment(node);
  if (nested) return nestedAssignment(node, nested, path, ctx);
  const mistake = notTheLiteralMeant(ctx.loc.source.slice(range));
  if (mistake) ctx.diagnostics.push({ rule: 'ruby-syntax', severity: 'error', file: ctx.file, range, path, ...mistake });
  return opaque();
}

const TYPOGRAPHIC_QUOTES = /[\u2018\u2019\u201C\u201D]/;
const STRAIGHT_QUOTED = /'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g;
const LITERAL_SPELLINGS: Readonly<Record<string, string>> = { true: 'true', false: 'false', nil: 'nil', null: 'nil', none: 'nil' };

/**
 * Text meant as a literal that Ruby reads as a name, so `gitlab-ctl reconfigure`
 * stops with a NameError: quotes pasted from a word processor (`‘github’` is a
 * method call to Ruby) and `False`, `NULL` and the like (constants or methods).
 */
function notTheLiteralMeant(source: string): { message: string; hint: string } | null {
  if (TYPOGRAPHIC_QUOTES.test(source.replace(STRAIGHT_QUOTED, ''))) {
    return {
      message: `\`${source.length > 40 ? `${source.slice(0, 37)}...` : source}\` has typographic quotes, which Ruby reads as part of a name: gitlab-ctl reconfigure fails`,
      hint: 'write straight quotes: \' or "',
    };
  }
  const misspelled = source === 'null' || source === 'none' || (/^[A-Za-z]+$/.test(source) && source !== source.toLowerCase());
  const literal = misspelled ? LITERAL_SPELLINGS[source.toLowerCase()] : undefined;
  if (literal === undefined) return null;
  return { message: `\`${source}\` is not a Ruby literal but an undefined name: gitlab-ctl reconfigure fails`, hint: `write \`${literal}\`` };
}

/** Where the text between two list elements starts, and that text as written. */
function gapBetween(first: Node, second: Node, ctx: ValueContext): { start: number; text: string } {
  const start = valueRange(first, ctx).end.offset;
  return { start, text: ctx.loc.source.text.slice(start, valueRange(second, ctx).start.offset) };
}

/** `a = 1, 2` is a deliberate list; a `,` that ends the line is a hash's comma copied along. */
function endsLineWithComma(elements: Node[], ctx: ValueContext): boolean {
  const [first, second] = elements;
  return first !== undefined && second !== undefined && /^\s*,[^\n]*\n/.test(gapBetween(first, second, ctx).text);
}

/**
 * `gitlab_rails['a'] = true,` followed by another statement: the trailing
 * comma (copied from a hash) makes Ruby assign a list of both values. The
 * comma is the mistake; the next line's assignment still runs, so it gets no
 * finding of its own.
 */
function listWithoutBrackets(elements: Node[], range: SourceRange, path: string, ctx: ValueContext): ConfigValue {
  const own: Diagnostic[] = [];
  const items = elements.map((e, i) => toValue(e, `${path}[${i}]`, { ...ctx, diagnostics: own }));
  ctx.diagnostics.push(...own.filter((d) => d.severity === 'error'));
  const [first, second] = elements;
  if (first && second) {
    const gap = gapBetween(first, second, ctx);
    const comma = gap.start + gap.text.indexOf(',');
    ctx.diagnostics.push({
      rule: 'ruby-syntax',
      severity: 'error',
      message: `\`,\` after the value on line ${ctx.loc.source.position(comma).line}: Ruby makes the value a list, with what follows the comma in it`,
      file: ctx.file,
      range: ctx.loc.source.range(comma, comma + 1),
      path,
      hint: 'remove the `,`',
    });
  }
  return { kind: 'array', items, range, path };
}

function valueRange(node: Node, ctx: ValueContext): SourceRange {
  const [start, end] = byteExtent(node);
  return ctx.loc.bytes(start, end);
}

/**
 * A string or symbol made only of literal parts: adjacent literals
 * (`"a" "b"`) and squiggly heredocs, which Prism splits into one part per line.
 */
function staticText(node: Node): string | null {
  if (isNode(node, 'StringNode') || isNode(node, 'SymbolNode')) {
    return node.unescaped.validEncoding ? node.unescaped.value : null;
  }
  if (isNode(node, 'InterpolatedStringNode') || isNode(node, 'InterpolatedSymbolNode')) {
    let text = '';
    for (const part of node.parts) {
      const piece = staticText(part);
      if (piece === null) return null;
      text += piece;
    }
    return text;
  }
  return null;
}

/**
 * Decimal digits of a Ruby integer literal, exactly (Prism's JS binding
 * loses precision beyond 32 bits): `0x1F` → `31`, `0o17`/`017` → `15`,
 * `0b11` → `3`, `1_000` → `1000`, `-5` → `-5`.
 */
export function integerText(source: string): string | null {
  const m = /^([+-]?)(.*)$/s.exec(source.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? -1n : 1n;
  const body = (m[2] ?? '').replace(/_/g, '').toLowerCase();
  let digits: string;
  if (/^0x[0-9a-f]+$/.test(body) || /^0b[01]+$/.test(body) || /^0o[0-7]+$/.test(body)) digits = body;
  else if (/^0d\d+$/.test(body)) digits = body.slice(2);
  else if (/^0_?[0-7]+$/.test(body)) digits = `0o${body.slice(1)}`;
  else if (/^\d+$/.test(body)) digits = body;
  else return null;
  return (sign * BigInt(digits)).toString();
}

function entriesOf(elements: Node[], path: string, ctx: ValueContext): MappingEntry[] {
  const entries: MappingEntry[] = [];
  const seen = new Map<string, MappingEntry>();
  for (const element of elements) {
    if (!isNode(element, 'AssocNode')) continue;
    const keyNode = elision(element.key, ctx) ?? element.key;
    const { key, keyStyle } = keyOf(keyNode, ctx);
    const keyRange = valueRange(keyNode, ctx);
    const [start] = byteExtent(element);
    const [, end] = byteExtent(element.value);
    const entryPath = `${path}.${key}`;
    // `{ name: }` (Ruby 3.1 shorthand) reads a variable: not a literal.
    const value = isNode(element.value, 'ImplicitNode')
      ? ({ kind: 'ruby', source: ctx.loc.source.slice(keyRange), range: keyRange, path: entryPath } as const)
      : toValue(element.value, entryPath, ctx);
    const entry: MappingEntry = { key, keyStyle, keyRange, value, range: ctx.loc.bytes(start, Math.max(end, start)) };
    if (keyStyle === 'other' && isNode(keyNode, 'CallNode') && /^[a-z_]\w*$/.test(key)) {
      ctx.diagnostics.push({
        rule: 'ruby-syntax',
        severity: 'error',
        message: `\`${key}\` before \`=>\` is a method call in Ruby, not a key: gitlab-ctl reconfigure fails`,
        file: ctx.file,
        range: keyRange,
        path: entryPath,
        hint: `write \`${key}:\` or \`'${key}' =>\``,
      });
    }
    const earlier = seen.get(key);
    if (earlier && keyStyle !== 'other') {
      ctx.diagnostics.push({
        rule: 'duplicate-key',
        severity: 'warning',
        message: `key \`${key}\` is given twice in this hash (first on line ${earlier.keyRange.start.line}); GitLab uses the last one`,
        file: ctx.file,
        range: keyRange,
        path: entryPath,
        hint: keyStyle !== earlier.keyStyle ? 'string and symbol keys mean the same to GitLab (Chef turns symbols into strings)' : 'remove one of them',
      });
    }
    seen.set(key, entry);
    entries.push(entry);
  }
  return entries;
}

function keyOf(node: Node, ctx: ValueContext): { key: string; keyStyle: KeyStyle } {
  const symbol = isNode(node, 'SymbolNode') || isNode(node, 'InterpolatedSymbolNode');
  const string = isNode(node, 'StringNode') || isNode(node, 'InterpolatedStringNode');
  if (symbol || string) {
    const text = staticText(node);
    if (text !== null) return { key: text, keyStyle: symbol ? 'symbol' : 'string' };
  }
  return { key: ctx.loc.source.slice(valueRange(node, ctx)), keyStyle: 'other' };
}

/**
 * `...\n 'redirect_uri' => 'x'`: a docs elision that Ruby happens to read as
 * a range without a start (`...'redirect_uri'`). Reported as the mistake it
 * is; the value after it is what the user meant. Returns that value's node.
 */
function elision(node: Node, ctx: ValueContext): Node | null {
  if (!isNode(node, 'RangeNode') || node.left !== null || node.right === null) return null;
  const start = node.operatorLoc.startOffset;
  if (ctx.loc.text(start, start + node.operatorLoc.length) !== '...') return null;
  ctx.diagnostics.push({
    rule: 'ruby-syntax',
    severity: 'error',
    message: '`...` stands for settings the docs left out',
    file: ctx.file,
    range: ctx.loc.of(node.operatorLoc),
    hint: 'replace it with the real settings, or delete it',
  });
  return node.right;
}

/**
 * `[gitlab_rails['omniauth_providers'] = { ... }, ...]` (copied from a GitLab
 * doc): Ruby runs the inner assignment, then uses its value as the list item,
 * and the outer assignment replaces it. The item is what counts; the inner
 * assignment is a mistake worth a warning.
 */
function nestedAssignment(
  node: Node,
  nested: { key: string; value: Node },
  path: string,
  ctx: ValueContext,
): ConfigValue {
  const [start, end] = byteExtent(node);
  const [valueStart] = byteExtent(nested.value);
  const prefix = ctx.loc.text(start, valueStart).trim();
  ctx.diagnostics.push({
    rule: 'ruby-syntax',
    severity: 'warning',
    message: `assignment to gitlab_rails['${nested.key}'] inside a value: only its value is used here`,
    file: ctx.file,
    range: ctx.loc.bytes(start, Math.min(end, valueStart)),
    path,
    hint: `remove \`${prefix}\``,
  });
  return toValue(nested.value, path, ctx);
}
