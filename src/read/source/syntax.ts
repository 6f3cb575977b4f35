/**
 * YAML errors as users need them: one finding per mistake, at the place of
 * the mistake, with a hint for the mistakes people really make in gitlab.yml
 * (DOMAIN.md §7). The `yaml` parser reports where it got stuck, which is often
 * not where the mistake is (a missing comma is reported at the start of the
 * next item), and one mistake can produce a cascade of follow-on errors.
 */
import { isMap, isScalar, isSeq, visit, type Document, type YAMLError } from 'yaml';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { isSecretKey } from '../../model/settings.js';
import { SourceText } from '../../text/source-text.js';

/** How a finding relates to others: `structural` ones after the first are usually its cascade. */
type FindingClass = 'comma' | 'elision' | 'tab' | 'rocket' | 'escape' | 'lenient' | 'structural';

interface Finding {
  cls: FindingClass;
  severity: Severity;
  offset: number;
  end: number;
  message: string;
  hint?: string;
}

const INDEPENDENT: ReadonlySet<FindingClass> = new Set(['comma', 'elision', 'tab', 'rocket', 'escape', 'lenient']);

/**
 * Parser errors analysed per file. A file with tens of thousands of mistakes
 * (a mangled paste) is reported by its first ones and a note: each analysis
 * looks around its error, and more findings would not help anyone fix it.
 */
export const MAX_ANALYSED_ERRORS = 50_000;
/** Parser errors analysed per line: one line's later errors are its cascade (one finding per line and class is kept). */
export const MAX_ERRORS_PER_LINE = 16;

export interface SyntaxLimits {
  errors: number;
  perLine: number;
}

const LIMITS: SyntaxLimits = { errors: MAX_ANALYSED_ERRORS, perLine: MAX_ERRORS_PER_LINE };

/** The errors to analyse, in order: the first few of each line, up to MAX_ANALYSED_ERRORS in all. */
function errorsToAnalyse(sorted: readonly YAMLError[], src: SourceText, limits: SyntaxLimits): { analysed: YAMLError[]; truncated: boolean } {
  const analysed: YAMLError[] = [];
  let line = 0;
  let onLine = 0;
  for (const e of sorted) {
    const l = src.position(e.pos[0]).line;
    if (l !== line) {
      line = l;
      onLine = 0;
    }
    if (++onLine > limits.perLine) continue;
    if (analysed.length === limits.errors) return { analysed, truncated: true };
    analysed.push(e);
  }
  return { analysed, truncated: false };
}

export function syntaxDiagnostics(errors: readonly YAMLError[], yamlText: string, original: SourceText, file: string, limits = LIMITS): Diagnostic[] {
  if (errors.length === 0 && !/^[ ]*\t/m.test(yamlText)) return [];
  // Same offsets and lines as the user's text, with ERB tags masked (their `=>` or `#` is Ruby, not YAML).
  const src = yamlText === original.text ? original : new SourceText(yamlText);
  const flow = new FlowIndex(scanFlowCollections(yamlText));
  const all = [...errors].sort((a, b) => a.pos[0] - b.pos[0]);
  const { analysed: sorted, truncated } = errorsToAnalyse(all, src, limits);
  const facts = new LineFacts(src);
  let findings = [...sorted.map((e) => classify(e, yamlText, src, flow, facts)), ...blankLineTabs(src, flow)];

  const covered = errorLineSpans(sorted, src);
  const rockets = findRubyRockets(src).filter((r) => covered.has(src.position(r.offset).line));
  findings.push(...rockets);
  // A `=>` pasted from Ruby or a tab in the indentation derails the parser for the rest of the
  // block: the parser's own complaints after it are its cascade.
  const rootCause = findings.filter((f) => f.cls === 'rocket' || f.cls === 'tab').sort((a, b) => a.offset - b.offset)[0];
  if (rootCause) {
    const from = src.lineStart(src.position(rootCause.offset).line);
    findings = findings.filter((f) => INDEPENDENT.has(f.cls) || f.offset < from);
  }
  const diagnostics = dedupe(findings, src).map((f) => toDiagnostic(f, original, file));
  const last = sorted[sorted.length - 1];
  if (truncated && last) {
    const skipped = all.filter((e) => e.pos[0] > last.pos[0]).length;
    diagnostics.push({
      rule: 'yaml-syntax',
      severity: 'info',
      message: `${skipped} more YAML syntax error${skipped === 1 ? '' : 's'} after line ${src.position(last.pos[0]).line} were not analysed`,
      file,
      range: original.range(last.pos[0], last.pos[0]),
      hint: 'Fix the errors above and run again: many of the later ones are usually their cascade',
    });
  }
  return diagnostics;
}

/** Whether some error's range covers a line: each range marked at its ends, then one running sum over the lines. */
function errorLineSpans(errors: readonly YAMLError[], src: SourceText): { has(line: number): boolean } {
  const starts = new Int32Array(src.lineCount + 2);
  for (const e of errors) {
    const first = src.position(e.pos[0]).line;
    const last = src.position(Math.max(e.pos[0], e.pos[1] - 1)).line;
    starts[first] = (starts[first] ?? 0) + 1;
    starts[last + 1] = (starts[last + 1] ?? 0) - 1;
  }
  let open = 0;
  for (let l = 1; l <= src.lineCount; l++) {
    open += starts[l] ?? 0;
    starts[l] = open;
  }
  return { has: (line) => (starts[line] ?? 0) > 0 };
}

/**
 * Per-line facts the analyses of many errors share, each worked out once:
 * a line masked by `maskQuoted`, and the content line before a line (the
 * walk back over blank and comment lines, done for the whole file at once).
 */
class LineFacts {
  private readonly cache = new Map<number, string>();
  private readonly matches = new Map<string, RegExpExecArray | null>();
  /** `before[l]`: the last line before `l` with content, 0 for none. */
  private before: Int32Array | undefined;
  constructor(private readonly src: SourceText) {}
  line(line: number): string {
    let masked = this.cache.get(line);
    if (masked === undefined) {
      masked = maskQuoted(this.src.lineText(line));
      this.cache.set(line, masked);
    }
    return masked;
  }
  /** The first match of `pattern` (global) in `masked()`, the line from `from` on: the same for every error there. */
  firstMatch(line: number, from: number, pattern: RegExp, masked: () => string): RegExpExecArray | null {
    const key = `${line}:${from}`;
    let m = this.matches.get(key);
    if (m === undefined) {
      pattern.lastIndex = 0;
      m = pattern.exec(masked());
      pattern.lastIndex = 0;
      this.matches.set(key, m);
    }
    return m;
  }
  previousContentLine(line: number): number | null {
    if (!this.before) {
      const before = new Int32Array(this.src.lineCount + 2);
      let last = 0;
      for (let l = 1; l <= this.src.lineCount + 1; l++) {
        before[l] = last;
        if (l <= this.src.lineCount) {
          const t = this.src.lineText(l);
          if (t.slice(0, contentEnd(t)).trim() !== '') last = l;
        }
      }
      this.before = before;
    }
    const found = this.before[Math.min(Math.max(line, 1), this.src.lineCount + 1)] ?? 0;
    return found >= 1 ? found : null;
  }
}

function toDiagnostic(f: Finding, original: SourceText, file: string): Diagnostic {
  return {
    rule: 'yaml-syntax',
    severity: f.severity,
    message: f.message,
    file,
    range: original.range(f.offset, f.end),
    ...(f.hint ? { hint: f.hint } : {}),
  };
}

/** One finding per line and class; after the first structural finding the later ones are its cascade. */
function dedupe(findings: Finding[], src: SourceText): Finding[] {
  const sorted = [...findings].sort((a, b) => a.offset - b.offset);
  const seen = new Set<string>();
  const kept: Finding[] = [];
  let structuralSeen = false;
  for (const f of sorted) {
    const line = src.position(f.offset).line;
    const key = `${f.cls}:${line}`;
    // Tabs on consecutive lines are one mistake (an editor set to indent with tabs).
    const tabRun = f.cls === 'tab' && seen.has(`tab:${line - 1}`);
    if (seen.has(key) || tabRun) {
      seen.add(key);
      continue;
    }
    seen.add(key);
    if (!INDEPENDENT.has(f.cls)) {
      if (structuralSeen) continue;
      structuralSeen = true;
    }
    kept.push(f);
  }
  return kept;
}

function classify(error: YAMLError, text: string, src: SourceText, flow: FlowIndex, facts: LineFacts): Finding {
  const [start, end] = error.pos;
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? error.code;
  const at = firstNonSpace(text, start);
  const token = text.slice(at, at + 3);
  if (token === '...') return elision(at);
  const inline = inlineMissingComma(text, src, error, flow, facts);
  if (inline) return inline;
  switch (error.code) {
    case 'TAB_AS_INDENT':
      return {
        cls: 'tab',
        severity: 'error',
        offset: start,
        end: start + 1,
        message: 'Tab used for indentation',
        hint: 'YAML indentation must be spaces: replace the tab with spaces',
      };
    case 'BAD_DQ_ESCAPE':
      return {
        cls: 'escape',
        severity: 'error',
        offset: start,
        end: Math.max(end, start + 1),
        message: 'Invalid escape sequence in a double-quoted string',
        hint: 'Use single quotes for text with backslashes, or write \\\\ for one backslash',
      };
    case 'MISSING_CHAR':
      if (/^Missing , (or : )?between flow (map|sequence) items/.test(message)) return missingComma(text, src, start, message.includes('sequence'), facts);
      if (/^Missing closing .?quote/.test(message)) return unclosedQuote(text, src, start);
      break;
    case 'BAD_INDENT':
      if (/^Flow (map|sequence) in block collection/.test(message)) return flowInBlock(text, src, start, flow, facts);
      break;
    default:
      break;
  }
  if (isIndentationError(error.code, message)) return badIndentation(text, src, error, facts);
  return { cls: 'structural', severity: 'error', offset: at, end: Math.max(at + 1, Math.min(end, src.lineEnd(src.position(at).line))), message: `YAML syntax error: ${message}` };
}

function elision(offset: number): Finding {
  return {
    cls: 'elision',
    severity: 'error',
    offset,
    end: offset + 3,
    message: '`...` marks settings left out in the docs; it is not YAML',
    hint: 'Replace `...` with the settings it stands for, or delete it',
  };
}

/** The item after a missing comma (sticky: matched in place, without copying the rest of the text). */
const NEXT_ITEM = /('[^'\n]*'?|"[^"\n]*"?|[^\s,{}[\]]+)/y;

function missingComma(text: string, src: SourceText, nextItem: number, sequence: boolean, facts: LineFacts): Finding {
  const after = previousContentEnd(text, src, nextItem, facts);
  const line = src.position(after).line;
  const kind = sequence ? 'flow sequence `[ ... ]`' : 'flow mapping `{ ... }`';
  const sameLine = line === src.position(nextItem).line;
  NEXT_ITEM.lastIndex = nextItem;
  const next = NEXT_ITEM.exec(text)?.[0] ?? '';
  return {
    cls: 'comma',
    severity: 'error',
    offset: after,
    end: after,
    message: `Missing \`,\` between two items of a ${kind}`,
    hint: sameLine && next !== '' ? `Add a comma before \`${next.length > 30 ? `${next.slice(0, 27)}...` : next}\`` : `Add a comma at the end of line ${line}`,
  };
}

/**
 * A value followed by `key:` on the same line of a `{ }` (`{ name: 'a' app_id: 'b' }`):
 * the parser reports a block mapping inside the flow one, or an unexpected
 * scalar, at the value; the mistake is the missing comma after it.
 */
const VALUE_THEN_KEY = /(?::\s+[^\s,{}[\]][^,{}[\]]*?|[}\]])(\s+)([^\s,:{}[\]]+:)(?=\s|$)/g;

function inlineMissingComma(text: string, src: SourceText, error: YAMLError, flow: FlowIndex, facts: LineFacts): Finding | null {
  const relevant =
    error.code === 'BLOCK_IN_FLOW' ||
    error.code === 'BLOCK_AS_IMPLICIT_KEY' ||
    (error.code === 'UNEXPECTED_TOKEN' && /^Unexpected (scalar|[\w-]*scalar token)/.test(error.message)) ||
    (error.code === 'MISSING_CHAR' && /^Missing , (or : )?between flow map items/.test(error.message));
  if (!relevant) return null;
  const [start, end] = error.pos;
  const open = flow.innermost(start, (c) => c.end === null || c.end >= start);
  if (!open || text[open.start] !== '{') return null;
  const line = src.position(start).line;
  const lineStart = src.lineStart(line);
  const from = Math.max(open.start + 1, lineStart);
  // Masking the whole line, then cutting, is masking the cut when no quote opens before `from` on the line.
  const m = facts.firstMatch(line, from, VALUE_THEN_KEY, () => {
    const quoteBefore = /["']/.test(text.slice(lineStart, from));
    return quoteBefore ? maskQuoted(text.slice(from, src.lineEnd(line))) : facts.line(line).slice(from - lineStart);
  });
  if (m) {
    const keyAt = from + m.index + m[0].length - (m[2]?.length ?? 0);
    if (keyAt > Math.max(start, end)) return null;
    const after = keyAt - (m[1]?.length ?? 0);
    const key = text.slice(keyAt, from + m.index + m[0].length);
    return {
      cls: 'comma',
      severity: 'error',
      offset: after,
      end: after,
      message: 'Missing `,` between two items of a flow mapping `{ ... }`',
      hint: `Add a comma before \`${key.length > 30 ? `${key.slice(0, 27)}...` : key}\``,
    };
  }
  return null;
}

/** A `{`/`[` that the parser found not closed, or whose lines are indented no further than the block around it. */
function flowInBlock(text: string, src: SourceText, reported: number, flow: FlowIndex, facts: LineFacts): Finding {
  const at = offendingLineStart(text, reported);
  const open = flow.outermost(at, (c) => c.end === null || c.end >= at);
  if (!open || open.end === null) {
    const after = previousContentEnd(text, src, at, facts);
    const opener = open ? text[open.start] ?? '{' : '{';
    const closer = opener === '[' ? ']' : '}';
    const where = open ? src.position(open.start) : null;
    return {
      cls: 'structural',
      severity: 'error',
      offset: after,
      end: after,
      message: where
        ? `The \`${opener}\` opened at line ${where.line}, column ${where.column} is never closed`
        : `Missing \`${closer}\``,
      hint: `Add \`${closer}\` at the end of line ${src.position(after).line}`,
    };
  }
  const line = src.position(at).line;
  const lineStart = at;
  const parent = src.position(open.start).line;
  const opener = text[open.start] ?? '{';
  if (/^-(\s|$)/.test(text.slice(lineStart, lineStart + 2))) {
    // A block list item inside `{ }`: Psych rejects it as well (a pasted diff, a list written half in each style).
    return {
      cls: 'structural',
      severity: 'error',
      offset: lineStart,
      end: lineStart + 1,
      message: `\`-\` starts a block list item, which cannot stand inside the \`${opener}\` opened on line ${parent}`,
      hint: `Close the \`${opener}\` before this line, or write the items of the flow collection separated by commas`,
    };
  }
  // libyaml (Psych, what GitLab uses) does not check indentation inside `{ }` / `[ ]`, so GitLab
  // reads this; stricter parsers (and editors) reject it.
  return {
    cls: 'lenient',
    severity: 'warning',
    offset: lineStart,
    end: lineStart + 1,
    message: `Line ${line} is indented no further than the list item or key on line ${parent} that its \`${text[open.start] ?? '{'}\` belongs to`,
    hint: `GitLab accepts this, but it is not valid YAML: indent every line of the \`${text[open.start] ?? '{'}...\` further than line ${parent} starts`,
  };
}

function isIndentationError(code: YAMLError['code'], message: string): boolean {
  return (
    code === 'BAD_INDENT' ||
    code === 'BLOCK_AS_IMPLICIT_KEY' ||
    code === 'MULTILINE_IMPLICIT_KEY' ||
    (code === 'MISSING_CHAR' && /Sequence item without - indicator|Implicit map keys need to be followed by map values/.test(message))
  );
}

/**
 * A key or list item at the wrong column (`args:` indented too little, a list
 * item indented less than the one before). The parser reports the line where
 * the structure broke; the message names the column it should have.
 */
function badIndentation(text: string, src: SourceText, error: YAMLError, facts: LineFacts): Finding {
  // A multi-line "implicit key" ends at the line that is indented wrongly.
  // "Nested mappings are not allowed in compact mappings": a value followed by a key indented too far.
  const nested = error.code === 'BLOCK_AS_IMPLICIT_KEY' && /Nested mappings/.test(error.message);
  const anchor =
    error.code === 'MULTILINE_IMPLICIT_KEY'
      ? Math.max(error.pos[0], error.pos[1] - 1)
      : nested
        ? src.lineStart(Math.min(src.position(error.pos[0]).line + 1, src.lineCount))
        : error.pos[0];
  const line = src.position(anchor).line;
  const at = firstNonSpace(text, src.lineStart(line));
  const column = src.position(at).column;
  const own = src.lineText(line).trim();
  const previous = facts.previousContentLine(line);
  const item = /^- /.test(own);
  const keyMatch = /^(?:- )?(["']?[^\s:"']+["']?)\s*:(\s|$)/.exec(own);
  if (previous) {
    const prevText = src.lineText(previous);
    const prevDash = /^(\s*)- /.exec(prevText);
    const prevKeyColumn = prevDash ? (/^\s*-\s+/.exec(prevText)?.[0].length ?? 0) + 1 : (prevText.length - prevText.trimStart().length) + 1;
    if (item && prevDash) {
      const prevColumn = (prevDash[1]?.length ?? 0) + 1;
      if (prevColumn !== column) {
        return indentFinding(at, `List item at column ${column} is not aligned with the list item on line ${previous} (column ${prevColumn})`, 'All items of one list start at the same column, under the same parent key');
      }
    }
    if (keyMatch && !item && prevKeyColumn !== column) {
      const key = keyMatch[1] ?? '';
      const direction = column < prevKeyColumn ? 'less' : 'more';
      return indentFinding(
        at,
        `\`${key}:\` at column ${column} is indented ${direction} than the keys of the mapping on line ${previous} (column ${prevKeyColumn})`,
        `Keys of one mapping start at the same column: move \`${key}:\` to column ${prevKeyColumn} if it belongs to that mapping`,
      );
    }
  }
  const message = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
  return indentFinding(at, `Wrong indentation on line ${line}: ${message}`, 'Indent with spaces so that keys of one mapping, and items of one list, start at the same column');
}

function indentFinding(offset: number, message: string, hint: string): Finding {
  return { cls: 'structural', severity: 'error', offset, end: offset + 1, message, hint };
}

/** `"name" => "x"`, `:name => 'x'`, `name => x` where YAML expects `name: x`. */
const ROCKET_KEY = /(?:^|[\s{,[])(:?["']?[\w-]+["']?)\s*=>/;

function findRubyRockets(src: SourceText): Finding[] {
  const found: Finding[] = [];
  for (let line = 1; line <= src.lineCount; line++) {
    const lineText = src.lineText(line);
    const content = lineText.slice(0, contentEnd(lineText));
    if (!content.includes('=>')) continue;
    const masked = maskQuoted(content);
    const m = ROCKET_KEY.exec(masked);
    if (!m) continue;
    const col = masked.indexOf('=>', m.index);
    const offset = src.lineStart(line) + col;
    found.push({
      cls: 'rocket',
      severity: 'error',
      offset,
      end: offset + 2,
      message: 'Ruby hash rocket `=>` in YAML',
      hint: `YAML mappings are written \`key: value\`: replace \`${content.slice(m.index, col + 2).trim()}\` with \`${unquoteKey(m[1] ?? '')}:\``,
    });
  }
  return found;
}

/** The `key => value` text for a message, shortened, and with a secret's value masked. */
function rocketText(text: string, key: string): string {
  const shown = isSecretKey(key) ? `${text.slice(0, text.indexOf('=>') + 2)} ********` : text;
  return shown.length > 40 ? `${shown.slice(0, 37)}...` : shown;
}

function unquoteKey(key: string): string {
  return key.replace(/^:/, '').replace(/^["']|["']$/g, '');
}

/** Characters `maskQuoted` has been handed since the process started: the work the analyses do, for tests of how it grows. */
export const syntaxWork = { masked: 0 };

/** Replaces the insides of quoted strings with `_`, so `=>` or `#` in a value is not taken for syntax. */
function maskQuoted(line: string): string {
  syntaxWork.masked += line.length;
  let out = '';
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? '';
    if (quote) {
      if (ch === quote) {
        quote = null;
        out += ch;
      } else out += '_';
    } else {
      if (ch === '"' || ch === "'") quote = ch;
      out += ch;
    }
  }
  return out;
}

/** Index where a line's content ends: before a trailing comment and whitespace. */
function contentEnd(line: string): number {
  const masked = maskQuoted(line);
  let end = masked.length;
  for (let i = 0; i < masked.length; i++) {
    if (masked[i] === '#' && (i === 0 || /\s/.test(masked[i - 1] ?? ''))) {
      end = i;
      break;
    }
  }
  return line.slice(0, end).trimEnd().length;
}

function firstNonSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

/** Index just after the last character of content before `offset`, skipping blank lines and comments. */
function previousContentEnd(text: string, src: SourceText, offset: number, facts: LineFacts): number {
  const line = src.position(offset).line;
  const before = text.slice(src.lineStart(line), offset);
  const own = contentEnd(before);
  if (before.slice(0, own).trim() !== '') return src.lineStart(line) + own;
  const previous = facts.previousContentLine(line);
  return previous === null ? offset : src.lineStart(previous) + contentEnd(src.lineText(previous));
}

interface FlowCollection {
  /** Index of `{` or `[`. */
  start: number;
  /** Index of the matching closer, null when never closed. */
  end: number | null;
  /** The collection this one is nested in. */
  parent: FlowCollection | null;
}

/**
 * Flow collections in the order they open, for "which collection is this
 * offset in" without scanning all of them: a binary search finds the last
 * one opened before the offset, and the ones around it are its parents.
 */
class FlowIndex {
  constructor(private readonly all: readonly FlowCollection[]) {}

  /** The last collection opened before `offset`, then its parents (innermost first). */
  private *around(offset: number): Generator<FlowCollection> {
    let lo = 0;
    let hi = this.all.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.all[mid]?.start ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    for (let c = this.all[lo - 1] ?? null; c; c = c.parent) yield c;
  }

  /** The innermost collection opened before `offset` that `test` accepts (`test` says whether it reaches `offset`). */
  innermost(offset: number, test: (c: FlowCollection) => boolean): FlowCollection | undefined {
    for (const c of this.around(offset)) if (test(c)) return c;
    return undefined;
  }

  /** The outermost collection opened before `offset` that `test` accepts. */
  outermost(offset: number, test: (c: FlowCollection) => boolean): FlowCollection | undefined {
    let found: FlowCollection | undefined;
    for (const c of this.around(offset)) if (test(c)) found = c;
    return found;
  }
}

/**
 * Where flow collections open and close, by a scan that knows just enough
 * YAML (quotes, comments, where a collection may start) to match brackets in
 * text the parser rejected.
 */
function scanFlowCollections(text: string): FlowCollection[] {
  const all: FlowCollection[] = [];
  const stack: FlowCollection[] = [];
  let prev = '\n';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] ?? '';
    if (ch === '\n') {
      prev = '\n';
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const startsToken = '\n-:?{[,'.includes(prev);
    if (ch === '#' && /\s/.test(text[i - 1] ?? '\n')) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if ((ch === '"' || ch === "'") && startsToken) {
      i = skipQuoted(text, i);
      prev = ch;
      continue;
    }
    if ((ch === '{' || ch === '[') && (stack.length > 0 || startsToken)) {
      const c: FlowCollection = { start: i, end: null, parent: stack[stack.length - 1] ?? null };
      all.push(c);
      stack.push(c);
    } else if ((ch === '}' || ch === ']') && stack.length > 0) {
      const c = stack.pop();
      if (c) c.end = i;
    }
    prev = ch;
    i++;
  }
  return all;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i += 2;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i += 2;
      else return i + 1;
    } else i++;
  }
  return i;
}

/**
 * What the `yaml` parser lets through but Psych (libyaml) rejects, so GitLab
 * would fail to boot: a key inside `{ }` that runs over two lines. It comes
 * from a missing comma (`label: 'x'` then a new line) or a `...` elision, and
 * `yaml` reads it as one key (`"... args"`).
 */
export function psychStrictness(doc: Document, yamlText: string, original: SourceText, file: string): Diagnostic[] {
  // `yamlText` is the text as written (ERB masked): `doc` may come from a re-parse with
  // some `{ }` put on one line, at the same offsets, so line breaks are looked up here.
  const src = yamlText === original.text ? original : new SourceText(yamlText);
  const findings: Finding[] = [];
  const badName = (name: string | undefined, at: number | undefined, what: string): void => {
    if (name === undefined || at === undefined || /^[A-Za-z0-9_-]+$/.test(name)) return;
    findings.push({
      cls: 'structural',
      severity: 'error',
      offset: at,
      end: at + 1,
      message: `${what} name \`${name}\` has characters GitLab's YAML parser does not accept`,
      hint: 'Use only letters, digits, `_` and `-` in anchor and alias names',
    });
  };
  const badAnchor = (node: { anchor?: string; range?: readonly [number, number, number] | null }): void => {
    if (node.anchor === undefined || !node.range) return;
    const amp = yamlText.lastIndexOf(`&${node.anchor}`, node.range[0] + node.anchor.length + 1);
    badName(node.anchor, amp >= 0 ? amp : node.range[0], 'Anchor');
  };
  visit(doc, {
    // `Node` only visits the node types without a visitor of their own (maps, lists): scalars check theirs in `Scalar`.
    Node(_key, node) {
      badAnchor(node);
    },
    Alias(_key, node) {
      badName(node.source, node.range?.[0], 'Alias');
    },
    Scalar(_key, node, path) {
      // libyaml does not start a plain value with `:` inside `{ }` / `[ ]` (Ruby's `name: :saml`).
      if (node.type === 'PLAIN' && node.range && yamlText[node.range[0]] === ':' && path.some((p) => (isMap(p) || isSeq(p)) && p.flow)) {
        findings.push({
          cls: 'structural',
          severity: 'error',
          offset: node.range[0],
          end: node.range[0] + 1,
          message: 'A value starting with `:` inside `{ }` or `[ ]` must be quoted',
          hint: `Write '${String(node.value)}' (GitLab reads symbols and strings alike)`,
        });
      }
      badAnchor(node);
      // Valid YAML, but `name => 'x'` is one string to YAML: a hash rocket pasted from gitlab.rb.
      if (node.type !== 'PLAIN' || !node.range || typeof node.value !== 'string') return;
      const m = /^(:?["']?[\w-]+["']?)\s*=>/.exec(node.value);
      if (!m) return;
      const offset = node.range[0] + node.value.indexOf('=>');
      findings.push({
        cls: 'rocket',
        severity: 'warning',
        offset,
        end: offset + 2,
        message: `Ruby hash rocket \`=>\` in YAML: \`${rocketText(node.value, unquoteKey(m[1] ?? ''))}\` is read as one string`,
        hint: `YAML mappings are written \`key: value\`: write \`${unquoteKey(m[1] ?? '')}:\``,
      });
    },
    Pair(_key, pair, path) {
      const key = pair.key;
      if (!isScalar(key) || !key.range) return;
      const [start, end] = key.range;
      const colon = colonOnNextLine(yamlText, start, end);
      if (colon !== null) {
        findings.push({
          cls: 'structural',
          severity: 'error',
          offset: colon,
          end: colon + 1,
          message: 'The `:` after a key must be on the same line as the key',
          hint: `Join line ${src.position(colon).line} to the line before it`,
        });
        return;
      }
      const parent = path[path.length - 1];
      if (key.type === 'PLAIN' && start === end && yamlText[start] === ':' && isMap(parent) && !parent.flow) {
        // libyaml has no empty keys in block mappings: the key is on an earlier line.
        const line = src.position(start).line;
        findings.push({
          cls: 'structural',
          severity: 'error',
          offset: start,
          end: start + 1,
          message: `The \`:\` on line ${line} has no key before it`,
          hint: 'Put the `:` right after its key, on the same line',
        });
        return;
      }
      if (!isMap(parent) || !parent.flow || key.type !== 'PLAIN' || !yamlText.slice(start, end).includes('\n')) return;
      // A line break in a `{ }` entry without `:` is one multi-line value to libyaml too.
      if (pair.value === null && yamlText[firstNonSpaceOrBreak(yamlText, end)] !== ':') return;
      if (yamlText.startsWith('...', start)) {
        findings.push(elision(start));
        return;
      }
      const firstLine = src.position(start).line;
      const words = yamlText.slice(start, end).replace(/\s+/g, ' ');
      findings.push({
        cls: 'comma',
        severity: 'error',
        offset: start,
        end,
        message: `The key \`${words.length > 40 ? `${words.slice(0, 37)}...` : words}\` runs over two lines, which GitLab's YAML parser rejects`,
        hint: `If line ${firstLine} ends an item of the \`{ }\`, add a comma there; otherwise put the key on one line`,
      });
    },
  });
  return findings.map((f) => toDiagnostic(f, original, file));
}

/**
 * Flow collections (`{ ... }`, `[ ... ]`) whose lines are indented no further
 * than the block around them. libyaml, and so GitLab, reads them anyway; the
 * `yaml` parser recovers from its error by guessing, sometimes moving keys out
 * of the collection. Returns each such collection as `[start, end]` (the
 * brackets' indices) so the reader can read it as GitLab does.
 */
export function tolerableFlowCollections(errors: readonly YAMLError[], yamlText: string): Array<{ region: [number, number]; error: YAMLError }> {
  const relevant = errors.filter((error) => error.code === 'BAD_INDENT' && /^Flow (map|sequence) in block collection/.test(error.message));
  if (relevant.length === 0) return [];
  const flow = new FlowIndex(scanFlowCollections(yamlText));
  const found: Array<{ region: [number, number]; error: YAMLError }> = [];
  // The outermost closed collection around an offset: two of them are the same or do not overlap.
  const starts = new Set<number>();
  for (const error of relevant) {
    const at = offendingLineStart(yamlText, error.pos[0]);
    const open = flow.outermost(at, (c) => c.end !== null && c.end >= at);
    if (!open || open.end === null || /^-(\s|$)/.test(yamlText.slice(at, at + 2))) continue;
    if (starts.has(open.start)) continue;
    starts.add(open.start);
    found.push({ region: [open.start, open.end], error });
  }
  return found;
}

/**
 * The same text with each region on one line: line breaks become spaces and
 * comments blanks, so every offset stays where it was and indentation inside
 * the region no longer matters.
 */
export function flattenRegions(text: string, regions: ReadonlyArray<[number, number]>): string {
  // A region starting with a quote is one string: its line breaks fold to spaces, nothing in it is a comment.
  let out = '';
  let last = 0;
  for (const [start, end] of [...regions].sort((a, b) => a[0] - b[0])) {
    if (start < last) continue;
    out += text.slice(last, start);
    const region = text.slice(start, end + 1);
    if (region.startsWith('"') || region.startsWith("'")) {
      out += region.replace(/[\r\n]/g, ' ');
      last = end + 1;
      continue;
    }
    out += region
      .split('\n')
      .map((line) => {
        const cut = contentEnd(line);
        const kept = line.slice(0, cut);
        return kept + ' '.repeat(line.length - kept.length);
      })
      .join(' ')
      .replace(/\r/g, ' ');
    last = end + 1;
  }
  return out + text.slice(last);
}

/** Index of a `:` that follows its key only after a line break (`name` / `: x`), which libyaml rejects. */
function colonOnNextLine(text: string, keyStart: number, keyEnd: number): number | null {
  let before = keyStart - 1;
  while (before >= 0 && (text[before] === ' ' || text[before] === '\t')) before--;
  if (text[before] === '?') return null; // an explicit key: `? key` / `: value` is valid
  let i = keyEnd;
  let sawBreak = false;
  while (i < text.length && /[ \t\r\n]/.test(text[i] ?? '')) {
    if (text[i] === '\n') sawBreak = true;
    i++;
  }
  return sawBreak && text[i] === ':' ? i : null;
}

/**
 * Blank or comment-only lines with a tab in their indentation. The `yaml`
 * parser skips them; libyaml (GitLab) stops on them ("found character that
 * cannot start any token"), except where the tab still belongs to the plain
 * value on the line before (further right than that line's indentation).
 */
function blankLineTabs(src: SourceText, flow: FlowIndex): Finding[] {
  const found: Finding[] = [];
  // The last line before this one that is not blank (the walk back, done once for the whole file).
  let prev = 0;
  for (let line = 1; line <= src.lineCount; line++) {
    const lineText = src.lineText(line);
    const before = prev;
    if (lineText.trim() !== '') prev = line;
    const m = /^([ \t]*)(#.*)?$/.exec(lineText);
    const indent = m?.[1] ?? '';
    const tab = indent.indexOf('\t');
    if (!m || tab < 0) continue;
    const offset = src.lineStart(line) + tab;
    if (flow.innermost(offset, (c) => c.end === null || c.end > offset)) continue;
    const prevText = before >= 1 ? src.lineText(before).trimEnd() : '';
    const prevIndent = prevText.length - prevText.trimStart().length;
    const endsPlain = prevText !== '' && contentEnd(prevText) === prevText.length && !/['"\]}|>:,]$/.test(prevText);
    if (endsPlain && tab > prevIndent) continue;
    found.push({
      cls: 'tab',
      severity: 'error',
      offset,
      end: offset + 1,
      message: 'Tab in the indentation of a blank line',
      hint: "GitLab's YAML parser rejects tabs used as indentation, even on blank lines: remove it",
    });
  }
  return found;
}

/** The parser may report a badly indented line at the line break before it: the first character of the line meant. */
function offendingLineStart(text: string, at: number): number {
  let i = at;
  while (i < text.length && /[ \t\r]/.test(text[i] ?? '')) i++;
  if (text[i] === '\n') i++;
  return firstNonSpace(text, i);
}

/** The quoted string an "unclosed quote" error at `at` belongs to: `[opening quote, closing quote or null]`. */
function quotedStringAround(text: string, src: SourceText, at: number): [number, number | null] | null {
  const line = src.position(Math.max(0, Math.min(at, text.length) - (text[at] === '\n' ? 1 : 0))).line;
  const start = src.lineStart(line);
  const lineText = text.slice(start, src.lineEnd(line));
  let open: number | null = null;
  for (let i = 0; i < lineText.length; i++) {
    const ch = lineText[i];
    if (open === null) {
      if (ch === '#' && (i === 0 || /\s/.test(lineText[i - 1] ?? ''))) break;
      if ((ch === '"' || ch === "'") && (i === 0 || /[\s:,[{-]/.test(lineText[i - 1] ?? ''))) open = i;
    } else {
      const q = lineText[open];
      if (q === '"' && ch === '\\') i++;
      else if (ch === q) {
        if (q === "'" && lineText[i + 1] === "'") i++;
        else open = null;
      }
    }
  }
  if (open === null) return null;
  const end = skipQuoted(text, start + open);
  const closed = end <= text.length && text[end - 1] === lineText[open] && end - 1 > start + open;
  return [start + open, closed ? end - 1 : null];
}

function unclosedQuote(text: string, src: SourceText, at: number): Finding {
  const found = quotedStringAround(text, src, at);
  if (found && found[1] !== null) {
    const line = src.position(found[0]).line;
    // libyaml (GitLab) does not check how the lines of a quoted string are indented.
    return {
      cls: 'lenient',
      severity: 'warning',
      offset: found[0],
      end: found[0] + 1,
      message: `The quoted string on line ${line} goes on at a column left of its key; GitLab reads it, stricter YAML parsers do not`,
      hint: 'Put the string on one line, or indent its next lines further than the key',
    };
  }
  const offset = found ? found[0] : at;
  return {
    cls: 'structural',
    severity: 'error',
    offset,
    end: offset + 1,
    message: `The string opened with ${text[offset] === '"' ? '`"`' : "`'`"} on line ${src.position(offset).line} is never closed`,
    hint: 'Add the closing quote',
  };
}

/** Quoted strings the parser found unclosed because their next lines are indented too little (GitLab reads them). */
export function tolerableQuotedStrings(errors: readonly YAMLError[], yamlText: string): Array<{ region: [number, number]; error: YAMLError }> {
  // Line starts only when there is an unclosed quote: a file that parses cleanly skips the scan.
  let src: SourceText | undefined;
  const found: Array<{ region: [number, number]; error: YAMLError }> = [];
  for (const error of errors) {
    if (error.code !== 'MISSING_CHAR' || !/^Missing closing .?quote/.test(error.message)) continue;
    src ??= new SourceText(yamlText);
    const q = quotedStringAround(yamlText, src, error.pos[0]);
    if (q && q[1] !== null) found.push({ region: [q[0], q[1]], error });
  }
  return found;
}

function firstNonSpaceOrBreak(text: string, from: number): number {
  let i = from;
  while (i < text.length && /[ \t\r\n]/.test(text[i] ?? '')) i++;
  return i;
}
