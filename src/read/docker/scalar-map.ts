/**
 * Where each character of a YAML string scalar's value was written in the
 * file. The value itself always comes from the YAML parser (it is what
 * Compose hands the container); this only aligns it with the source so that
 * findings in the Ruby inside can point into the compose file.
 *
 * - Block literal (`|`): every character is exact (line offset + block
 *   indentation).
 * - Block folded (`>`), plain and quoted scalars: characters copied from the
 *   source are exact; characters YAML makes up (the space a folded line
 *   break becomes, the newline of `\n`, the `'` of `''`) point at the end of
 *   the copied text before them (the end of the line before, the character
 *   before the escape).
 * - A value this walk cannot reproduce maps every index to the scalar's start.
 */
import type { Scalar } from 'yaml';

/** A run of value characters copied verbatim from the source. */
interface Piece {
  /** Index into the value. */
  value: number;
  /** Index into the file. */
  source: number;
  length: number;
}

export interface ScalarMap {
  /** The scalar's string value (what the container sees). */
  value: string;
  /** File index of a value index; an index inside a made-up character maps to the end of the copied text before it. */
  toSource(valueIndex: number): number;
}

export function mapScalar(node: Scalar, text: string): ScalarMap {
  const value = typeof node.value === 'string' ? node.value : String(node.value ?? '');
  const [start, end] = node.range ?? [0, 0];
  const pieces = isBlock(node) ? blockPieces(value, text, start, end) : flowPieces(node, value, text, start, end);
  const bodyStart = isBlock(node) ? nextLineStart(text, start) : start + (isQuoted(node) ? 1 : 0);
  return { value, toSource: (i) => lookup(pieces, i, bodyStart) };
}

function isBlock(node: Scalar): boolean {
  return node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED';
}

function isQuoted(node: Scalar): boolean {
  return node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE';
}

function lookup(pieces: readonly Piece[], index: number, fallback: number): number {
  let lo = 0;
  let hi = pieces.length - 1;
  let found: Piece | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = pieces[mid];
    if (p && p.value <= index) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!found) return fallback;
  return found.source + Math.min(index - found.value, found.length);
}

function nextLineStart(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl + 1;
}

/**
 * Block scalars: each body line, less the block's indentation, appears in the
 * value in order; only the separators between lines (newline, a folding
 * space, kept blank lines) are made up.
 */
function blockPieces(value: string, text: string, start: number, end: number): Piece[] {
  const pieces: Piece[] = [];
  let v = 0;
  let indent: number | null = null;
  for (let lineStart = nextLineStart(text, start); lineStart < end; lineStart = nextLineStart(text, lineStart)) {
    const nl = text.indexOf('\n', lineStart);
    const lineEnd = Math.min(nl < 0 ? text.length : nl, end);
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const lead = line.length - line.trimStart().length;
    if (line.trim() === '') continue;
    indent ??= lead;
    const content = line.slice(Math.min(indent, lead));
    const at = value.indexOf(content, v);
    // Only whitespace (the separators) may stand between two lines' text.
    if (at < 0 || value.slice(v, at).trim() !== '') continue;
    pieces.push({ value: at, source: lineStart + Math.min(indent, lead), length: content.length });
    v = at + content.length;
  }
  return pieces;
}

/**
 * Plain and quoted scalars: walk the source between the quotes, copying
 * ordinary characters and decoding escapes, `''` and line folding as YAML
 * does. When the result differs from the parser's value (a case this walk
 * does not know), no character is placed and every index maps to the
 * scalar's start.
 */
function flowPieces(node: Scalar, value: string, text: string, start: number, end: number): Piece[] {
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : '';
  const from = start + quote.length;
  const to = quote ? Math.max(from, lastIndexBefore(text, quote, end)) : end;
  const decoded = decodeFlow(text, from, to, quote);
  return decoded.text === value ? decoded.pieces : [];
}

function lastIndexBefore(text: string, quote: string, end: number): number {
  const i = text.lastIndexOf(quote, end - 1);
  return i < 0 ? end : i;
}

interface Decoded {
  text: string;
  pieces: Piece[];
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};
const HEX_LENGTH: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

function decodeFlow(text: string, from: number, to: number, quote: string): Decoded {
  let out = '';
  const pieces: Piece[] = [];
  const copy = (at: number, s: string): void => {
    const last = pieces[pieces.length - 1];
    if (last && last.value + last.length === out.length && last.source + last.length === at) last.length += s.length;
    else pieces.push({ value: out.length, source: at, length: s.length });
    out += s;
  };
  const lines = splitLines(text, from, to);
  lines.forEach((line, n) => {
    const first = n === 0;
    const last = n === lines.length - 1;
    // Folding trims the whitespace around a line break (YAML 1.2 §7.3).
    let i = first ? line.start : skipSpace(text, line.start, line.end);
    const stop = last ? line.end : trimEndIndex(text, i, line.end);
    if (!first) {
      if (line.blank && !last) return; // an empty line: counted as a break before the next
      out += breaksBefore(lines, n);
    }
    while (i < stop) {
      const c = text.charAt(i);
      if (quote === "'" && c === "'" && text.charAt(i + 1) === "'") {
        out += "'";
        i += 2;
      } else if (quote === '"' && c === '\\') {
        const e = text.charAt(i + 1);
        const hex = HEX_LENGTH[e];
        if (hex !== undefined) {
          out += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hex), 16) || 0);
          i += 2 + hex;
        } else if (i + 1 >= stop) {
          i = stop; // an escaped line break: the lines join without a space
          line.joined = true;
        } else {
          out += ESCAPES[e] ?? e;
          i += 2;
        }
      } else {
        copy(i, c);
        i++;
      }
    }
  });
  return { text: out, pieces };
}

interface Line {
  start: number;
  end: number;
  /** Only spaces or tabs. */
  blank: boolean;
  /** Ends in an escaped line break (`\\` last): joins the next line without a space. */
  joined?: boolean;
}

function splitLines(text: string, from: number, to: number): Line[] {
  const lines: Line[] = [];
  let start = from;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 || nl >= to ? to : text.charAt(nl - 1) === '\r' ? nl - 1 : nl;
    lines.push({ start, end, blank: text.slice(start, end).trim() === '' });
    if (nl < 0 || nl >= to) return lines;
    start = nl + 1;
  }
}

/** One line break folds to a space; n breaks (n - 1 empty lines) keep n - 1 newlines; an escaped break joins. */
function breaksBefore(lines: readonly Line[], n: number): string {
  let empty = 0;
  let k = n - 1;
  while (k > 0 && lines[k]?.blank) {
    empty++;
    k--;
  }
  if (lines[k]?.joined) return '';
  return empty === 0 ? ' ' : '\n'.repeat(empty);
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && (text.charAt(i) === ' ' || text.charAt(i) === '\t')) i++;
  return i;
}

function trimEndIndex(text: string, from: number, end: number): number {
  let e = end;
  while (e > from && (text.charAt(e - 1) === ' ' || text.charAt(e - 1) === '\t')) e--;
  return e;
}
