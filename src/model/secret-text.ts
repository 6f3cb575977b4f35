/**
 * Secrets found in the text itself, line by line, whatever the parse state:
 * a value after a secret key (`app_secret: x`, `'app_secret' => x`,
 * `gitlab_rails['smtp_password'] = x`, `"clientSecret": x`), the lines of a
 * block scalar, heredoc or nested mapping under one, and the value of an
 * anchor that a secret key uses as an alias. The model knows its secrets
 * more precisely, but only where it parsed and only inside OmniAuth; every
 * line a user is shown passes through here too.
 */
import { isSecretKey, maskUrlUserinfo, maskValueText, SECRET_MASK } from './secrets.js';

export interface SecretSpan {
  start: number;
  end: number;
}

interface Line {
  start: number;
  end: number;
  text: string;
  /** Bracket depths along the line, worked out the first time a value on it asks. */
  brackets?: LineBrackets;
  /** Whether the line (or one next to it) has a Helm `key:`, worked out the first time a `secret:` on it asks. */
  helmKey?: boolean;
}

// `['key'] = v`, `["key"] = v`, `[:key] = v` (an Omnibus attribute).
const INDEX_ASSIGN = /\[\s*(?:'([^'\n]+)'|"([^"\n]+)"|:(\w+))\s*\]\s*=(?![=~>])[ \t]*/g;
// `'key' => v`, `"key" => v`, `:key => v`, `key => v`. A bare key starts where a word starts: tried from
// inside a long word, the pattern would rescan the rest of the word at every character.
const ROCKET = /(?:'([^'\n]+)'|"([^"\n]+)"|:?(?<![\w-])([A-Za-z_][\w-]*))\s*=>[ \t]*/g;
// `key: v` (YAML, Ruby symbol keys), `"key": v` / `'key': v` (JSON style, YAML quoted keys). A bare YAML key
// may start with a digit or `-` (`-0secret:` is still read as a key, and its value printed), and starts
// after any character that is not part of a word, a quote or a colon: a control or invisible character
// (`\u200bapp_secret:`) or a stray `\secret:` hides nothing from a reader.
const COLON = /(?:^|(?<=[^\w'":]))(?:'([^'\n]+)'|"([^"\n]+)"|([\w-]+))[ \t]*:(?=[\s]|$|(?<=['"][ \t]*:))[ \t]*/gu;
// `name = v`, `gitlab_rails.smtp_password = v` (a Ruby variable or attribute writer).
const PLAIN_ASSIGN = /(?:^|(?<=[\s.;]))([A-Za-z_]\w*)[ \t]*=(?![=~>])[ \t]*/g;

const KEY_PATTERNS = [INDEX_ASSIGN, ROCKET, COLON, PLAIN_ASSIGN];

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    lines.push({ start, end, text: text.slice(start, end).replace(/\r$/, '') });
    if (nl === -1) break;
    start = nl + 1;
  }
  return lines;
}

const indentOf = (line: string): number => /^[ \t]*/.exec(line)?.[0].length ?? 0;

/** Where each value at a secret key sits in `text`, sorted, not overlapping. */
export function findSecretSpans(text: string): SecretSpan[] {
  const lines = splitLines(text);
  const spans: SecretSpan[] = [];
  const aliases = new Set<string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    for (const pattern of KEY_PATTERNS) {
      pattern.lastIndex = 0;
      for (const m of line.text.matchAll(pattern)) {
        const key = m[1] ?? m[2] ?? m[3] ?? '';
        if (!isSecretKey(key) || (key === 'secret' && namesKubernetesSecret(lines, i))) continue;
        const valueStart = (m.index ?? 0) + m[0].length;
        spans.push(...valueSpans(lines, i, valueStart, aliases));
      }
    }
  }
  if (aliases.size > 0) spans.push(...anchorSpans(lines, aliases));
  return mergeSpans(spans);
}

/**
 * A Helm chart provider item (`{secret: NAME, key: provider}`) names the
 * Kubernetes Secret that holds the provider: the name is not a secret, and
 * findings about the reference must be able to say it. Its `key:` stands on
 * the same line or the one before or after, or the item is `- secret: NAME`
 * alone (the default key).
 */
function namesKubernetesSecret(lines: Line[], i: number): boolean {
  const line = lines[i] as Line;
  line.helmKey ??=
    // `- secret: gitlab-saml` alone: the chart's item with its default key, a Kubernetes object name.
    /^[ \t]*-[ \t]+["']?secret["']?[ \t]*:[ \t]*["']?[a-z0-9]([-a-z0-9.]*[a-z0-9])?["']?[ \t]*(#.*)?$/.test(line.text) ||
    // `[{secret: gitlab-saml}, ...]`: the same item in a flow list.
    /(?:^|[[,])[ \t]*\{[ \t]*["']?secret["']?[ \t]*:[ \t]*["']?[a-z0-9]([-a-z0-9.]*[a-z0-9])?["']?[ \t]*\}/.test(line.text) ||
    [lines[i - 1], line, lines[i + 1]].some((l) => l !== undefined && /(?:^|[{,\s])["']?key["']?[ \t]*:/.test(l.text));
  return line.helmKey;
}

/** The value that starts at `col` of line `i`, and the lines that continue it. */
function valueSpans(lines: Line[], i: number, col: number, aliases: Set<string>): SecretSpan[] {
  const line = lines[i] as Line;
  let rest = line.text.slice(col);
  let at = col;
  const anchor = /^&[^\s,[\]{}]+[ \t]*/.exec(rest);
  if (anchor) {
    at += anchor[0].length;
    rest = rest.slice(anchor[0].length);
  }
  const alias = /^\*([^\s,[\]{}]+)/.exec(rest);
  if (alias?.[1] !== undefined) {
    aliases.add(alias[1]);
    return [];
  }
  const base = line.start + at;
  const first = rest[0];
  if (rest.trim() === '' || /^[ \t]*#/.test(rest) || /^[|>][-+0-9]*/.test(rest) || /^<<[~-]?['"]?[A-Za-z_]/.test(rest)) {
    // Nothing on the line (a nested mapping or list follows), a block scalar or a heredoc:
    // the header and every following line indented further than the key's line.
    const spans: SecretSpan[] = [];
    if (rest.trim() !== '' && !/^[ \t]*#/.test(rest)) spans.push({ start: base, end: line.end });
    const heredoc = /^<<[~-]?(['"]?)([A-Za-z_]\w*)\1/.exec(rest);
    spans.push(...followingLines(lines, i, heredoc?.[2]));
    return spans;
  }
  if (first === '"' || first === "'") return [quotedSpan(lines, i, base, first)];
  if (first === '{' || first === '[') return [bracketSpan(lines, i, base)];
  const inFlow = depthBefore(line, col) > 0;
  let end = 0;
  for (let depth = 0; end < rest.length; end++) {
    const c = rest[end] as string;
    if (c === '#' && end > 0 && /\s/.test(rest[end - 1] ?? '')) break;
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0 && inFlow) break;
  }
  const value = rest.slice(0, end).trimEnd();
  return value === '' ? [] : [{ start: base, end: base + value.length }];
}

/** Lines after `i` that belong to its value: indented further, or up to a heredoc's terminator. */
function followingLines(lines: Line[], i: number, heredocEnd: string | undefined): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const keyIndent = indentOf((lines[i] as Line).text);
  for (let j = i + 1; j < lastLineOfSpan(lines, i); j++) {
    const next = lines[j] as Line;
    if (heredocEnd !== undefined) {
      if (next.text.trim() === heredocEnd) break;
    } else if (next.text.trim() !== '' && indentOf(next.text) <= keyIndent) break;
    const content = indentOf(next.text);
    if (next.text.trim() !== '') spans.push({ start: next.start + content, end: next.start + next.text.length });
  }
  return spans;
}

/** A quoted value, over as many lines as it takes to close (or to the end of the text). */
function quotedSpan(lines: Line[], i: number, start: number, quote: string): SecretSpan {
  for (let j = i; j < lastLineOfSpan(lines, i); j++) {
    const line = lines[j] as Line;
    let k = j === i ? start - line.start + 1 : 0;
    for (; k < line.text.length; k++) {
      const c = line.text[k];
      if (c === '\\' && quote === '"') k++;
      else if (c === quote) {
        if (quote === "'" && line.text[k + 1] === "'") k++;
        else return { start, end: line.start + k + 1 };
      }
    }
  }
  return untilLimit(lines, i, start);
}

/** A flow collection or array literal, to its matching bracket. */
function bracketSpan(lines: Line[], i: number, start: number): SecretSpan {
  let depth = 0;
  let quote: string | null = null;
  for (let j = i; j < lastLineOfSpan(lines, i); j++) {
    const line = lines[j] as Line;
    for (let k = j === i ? start - line.start : 0; k < line.text.length; k++) {
      const c = line.text[k] as string;
      if (quote !== null) {
        if (c === '\\') k++;
        else if (c === quote) quote = null;
      } else if (c === '"' || c === "'") quote = c;
      else if ('[{('.includes(c)) depth++;
      else if (']})'.includes(c) && --depth === 0) return { start, end: line.start + k + 1 };
    }
  }
  return untilLimit(lines, i, start);
}

// A quote or bracket never closed would otherwise run to the end of the file once per
// secret key: a bound keeps the scan linear on hostile input, and real values are shorter.
const MAX_SPAN_LINES = 500;

function lastLineOfSpan(lines: Line[], i: number): number {
  return Math.min(lines.length, i + MAX_SPAN_LINES);
}

function untilLimit(lines: Line[], i: number, start: number): SecretSpan {
  const last = lines[lastLineOfSpan(lines, i) - 1] as Line;
  return { start, end: last.start + last.text.length };
}

/**
 * `depth[col]`: how many brackets are open before `col` of the line, quoted
 * strings closed before `col` left out; `quoteAt[col]`: where the string that
 * `col` is inside of starts, or -1. One pass over the line answers every
 * value on it (a one-line file has thousands).
 */
interface LineBrackets {
  depth: Int32Array;
  quoteAt: Int32Array;
}

/** The index of the quote closing the string opened at `at`, or -1 when it is not closed on the line. */
function closingQuoteOf(code: string, at: number): number {
  const quote = code[at];
  for (let k = at + 1; k < code.length; k++) {
    const c = code[k];
    if (quote === '"' && c === '\\') {
      if (k + 1 >= code.length) return -1;
      k++;
    } else if (c === quote) return k;
  }
  return -1;
}

function lineBrackets(code: string): LineBrackets {
  const depth = new Int32Array(code.length + 1);
  const quoteAt = new Int32Array(code.length + 1).fill(-1);
  let d = 0;
  let i = 0;
  while (i < code.length) {
    const c = code[i] as string;
    if (c === "'" || c === '"') {
      const close = closingQuoteOf(code, i);
      if (close >= 0) {
        for (let k = i + 1; k <= close; k++) {
          depth[k] = d;
          quoteAt[k] = i;
        }
        i = close + 1;
        depth[i] = d;
        continue;
      }
    }
    if ('[{('.includes(c)) d++;
    else if (']})'.includes(c)) d = Math.max(0, d - 1);
    i++;
    depth[i] = d;
  }
  return { depth, quoteAt };
}

/** Brackets open before `col` of the line, quoted strings that close before `col` left out. */
function depthBefore(line: Line, col: number): number {
  line.brackets ??= lineBrackets(line.text);
  const { depth, quoteAt } = line.brackets;
  const q = quoteAt[col] ?? -1;
  if (q < 0) return depth[col] ?? 0;
  // Inside a string that closes later: up to `col` its quote is not closed, so it counts as text.
  return bracketDepth(line.text.slice(q + 1, col), depth[q] ?? 0);
}

function bracketDepth(code: string, from = 0): number {
  let depth = from;
  for (const c of code.replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '')) {
    if ('[{('.includes(c)) depth++;
    else if (']})'.includes(c)) depth = Math.max(0, depth - 1);
  }
  return depth;
}

/** The values of `&name` anchors that a secret key reads through `*name`. */
function anchorSpans(lines: Line[], aliases: Set<string>): SecretSpan[] {
  const spans: SecretSpan[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as Line;
    for (const m of line.text.matchAll(/&([^\s,[\]{}]+)[ \t]*/g)) {
      if (!aliases.has(m[1] ?? '')) continue;
      spans.push(...valueSpans(lines, i, (m.index ?? 0) + m[0].length, new Set()));
    }
  }
  return spans;
}

function mergeSpans(spans: SecretSpan[]): SecretSpan[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: SecretSpan[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start < last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
}

/**
 * The text with every secret value masked and every URL password hidden; the
 * line structure stays (a multi-line value keeps its lines), so a diff of two
 * masked texts still shows which lines changed.
 */
export function maskSecretText(text: string): string {
  let out = '';
  let last = 0;
  for (const span of findSecretSpans(text)) {
    out += text.slice(last, span.start);
    out += text
      .slice(span.start, span.end)
      .split('\n')
      .map((part) => {
        const body = part.replace(/\r$/, '');
        const indent = /^[ \t]*/.exec(body)?.[0] ?? '';
        return body.trim() === '' ? part : `${indent}${maskValueText(body.slice(indent.length))}${part.endsWith('\r') ? '\r' : ''}`;
      })
      .join('\n');
    last = span.end;
  }
  return maskUrlUserinfo(out + text.slice(last));
}

// Words too common to be worth hiding when they are (part of) a secret value.
const KEEP_WORDS = new Set(['ENV', 'fetch', 'true', 'false', 'null', 'nil']);
const WORD = /[^\s'"`,;:=<>(){}[\]|&*!#%…]{4,}/g;

/**
 * Takes the words of a text's secret values out of messages and hints about
 * that text: reader messages quote the text near a mistake, and the mistake
 * may be inside a secret (`close the string "abc`). A message may quote a
 * word cut short (`abcdef...`, `…uvwxyz`): a start or end of a secret word
 * of four characters or more is masked too.
 */
export class SecretWords {
  private readonly words: Set<string>;
  private readonly sorted: string[];
  private readonly reversed: string[];

  constructor(source: string) {
    this.words = new Set();
    for (const span of findSecretSpans(source)) {
      for (const word of source.slice(span.start, span.end).match(WORD) ?? []) {
        if (!KEEP_WORDS.has(word) && !word.includes(SECRET_MASK)) this.words.add(word);
      }
    }
    this.sorted = [...this.words].sort();
    this.reversed = this.sorted.map(reverse).sort();
  }

  get size(): number {
    return this.words.size;
  }

  redact(message: string): string {
    const out = maskUrlUserinfo(message);
    if (this.words.size === 0) return out;
    return out.replace(WORD, (token) => {
      // `abcdef...` is a shortened quote: the dots are not part of the word.
      const word = token.replace(/^\.+|\.+$/g, '');
      return this.isSecret(word) ? token.replace(word, SECRET_MASK) : token;
    });
  }

  private isSecret(word: string): boolean {
    if (word.length < 4) return false;
    return this.words.has(word) || hasPrefix(this.sorted, word) || hasPrefix(this.reversed, reverse(word));
  }
}

const reverse = (s: string): string => [...s].reverse().join('');

/** Whether some word in the sorted list starts with `prefix`. */
function hasPrefix(sorted: readonly string[], prefix: string): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as string) < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && (sorted[lo] as string).startsWith(prefix);
}
