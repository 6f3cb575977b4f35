/**
 * One finding per syntax mistake, at the mistake.
 *
 * Prism reports where it got lost, not where the user went wrong: a missing
 * comma between two hash pairs shows up as "expected a `}`" at the hash's
 * opening brace lines earlier, followed by a cascade. So we search for the
 * repair instead: try the small edits users need (a missing `,`, a missing
 * `}`/`]`, a `...` elision copied from the docs, backticks used as quotes,
 * diff markers), keep the one that lets Prism read furthest, and repeat.
 * Each kept repair is one finding; what no repair explains ends the search
 * with one finding at Prism's first real error, and nothing after it.
 */
import { isSecretKey } from '../../model/settings.js';
import { SourceText } from '../../text/source-text.js';
import { NestedTooDeeply, type ParseResult, type ParseRuby } from './prism.js';

/** A syntax mistake at `[start, end)`, string indices into the parsed text. */
export interface SyntaxProblem {
  start: number;
  end: number;
  message: string;
  hint?: string;
}

export interface Repaired {
  result: ParseResult;
  text: string;
  /** A string index in the repaired text → the same place in the parsed text. */
  toOriginal(index: number): number;
}

export interface Recovery {
  problems: SyntaxProblem[];
  /** The repaired text and its parse when every mistake was explained, else null. */
  repaired: Repaired | null;
}

/** Replace `[start, start + remove)` with `insert`. */
interface Edit {
  start: number;
  remove: number;
  insert: string;
}

interface Candidate {
  edits: Edit[];
  problem: SyntaxProblem;
  /** Lower is preferred when two repairs get equally far. */
  rank: number;
  /** The mistake concerns the whole text (a pasted diff): look no further. */
  final?: boolean;
}

interface Progress {
  errors: number;
  /** Where the first real error now is, in the coordinates before the repair; Infinity when none. */
  anchor: number;
}

const MAX_ROUNDS = 25;
/** How many lines before Prism's first real error a missing `,` or `}` is looked for. */
const LOOKBACK_LINES = 60;
/** Texts above this size are repaired one top-level statement at a time. */
const WHOLE_TEXT_LIMIT = 8000;
/**
 * The trial parses of one file hand Prism at most this many times the file's
 * characters (of TRIAL_PARSE_FLOOR for smaller files, where every round fits):
 * each round parses the statement around the error once per candidate repair,
 * and a file with a thousand missing commas would otherwise make the search
 * quadratic. When the next round does not fit, the search ends at Prism's
 * first real error.
 */
export const TRIAL_PARSE_BUDGET = 40;
/** Files up to this many characters get the budget of one this size: all MAX_ROUNDS rounds. */
export const TRIAL_PARSE_FLOOR = 64 * 1024;
const CLOSERS = ['}', ']', ')'];
const CLOSER_RANK = 3;

export function recoverSyntax(text: string, parse: ParseRuby, initial: ParseResult): Recovery {
  const problems: SyntaxProblem[] = [];
  const applied: Edit[] = [];
  let current = text;
  let result = initial;
  let budget = TRIAL_PARSE_BUDGET * Math.max(text.length, TRIAL_PARSE_FLOOR);
  // Mistakes are found left to right: the next one is not before the last repair.
  let resumeAt = 0;
  for (let round = 0; round < MAX_ROUNDS && result.errors.length > 0; round++) {
    const source = new SourceText(current);
    const segment = segmentAround(source, result);
    const segmentText = current.slice(segment.start, segment.end);
    const candidates = candidatesFor(source, result, segment, source.position(resumeAt).line);
    // The baseline, each candidate (about the segment's size) and the repaired text.
    const cost = segmentText.length * (candidates.length + 1) + current.length + candidates.length * 16;
    if (cost > budget) break;
    budget -= cost;
    const segmentResult = parseUnlessTooDeep(parse, segmentText);
    if (!segmentResult) break;
    const baseline = progressOf(segmentResult, segmentText, []);
    let best: { candidate: Candidate; progress: Progress } | null = null;
    for (const candidate of candidates) {
      const local = candidate.edits.map((e) => ({ ...e, start: e.start - segment.start }));
      const edited = applyEdits(segmentText, local);
      // A repair that closes a string can turn bracket text inside it into code nested past the parser's limit.
      const trial = parseUnlessTooDeep(parse, edited);
      if (!trial) continue;
      const progress = progressOf(trial, edited, local);
      if (!improves(progress, baseline)) continue;
      if (!best || better(progress, candidate, best.progress, best.candidate)) best = { candidate, progress };
    }
    if (!best) {
      problems.push(mapProblem(unexplained(source, result), applied));
      return { problems: sortProblems(problems), repaired: null };
    }
    problems.push(mapProblem(best.candidate.problem, applied));
    if (best.candidate.final) return { problems: sortProblems(problems), repaired: null };
    const next = applyEdits(current, best.candidate.edits);
    const nextResult = parseUnlessTooDeep(parse, next);
    // Repaired in its segment but too deep as a whole: the mistake is reported, the search ends here.
    if (!nextResult) return { problems: sortProblems(problems), repaired: null };
    current = next;
    const edits = sortEdits(best.candidate.edits);
    applied.push(...edits);
    resumeAt = edits[0]?.start ?? resumeAt;
    result = nextResult;
  }
  if (result.errors.length > 0) {
    problems.push(mapProblem(unexplained(new SourceText(current), result), applied));
    return { problems: sortProblems(problems), repaired: null };
  }
  const repairedText = current;
  const toOriginal = (index: number): number => mapProblem({ start: index, end: index, message: '' }, applied).start;
  return { problems: sortProblems(problems), repaired: { result, text: repairedText, toOriginal } };
}

/** Prism's reading of `text`, or null when the text is nested too deeply to be given to it. */
function parseUnlessTooDeep(parse: ParseRuby, text: string): ParseResult | null {
  try {
    return parse(text);
  } catch (error) {
    if (error instanceof NestedTooDeeply) return null;
    throw error;
  }
}

function sortProblems(problems: SyntaxProblem[]): SyntaxProblem[] {
  return [...problems].sort((a, b) => a.start - b.start);
}

function improves(progress: Progress, baseline: Progress): boolean {
  if (progress.errors === 0) return true;
  return progress.anchor > baseline.anchor;
}

function better(p: Progress, c: Candidate, q: Progress, d: Candidate): boolean {
  if ((p.errors === 0) !== (q.errors === 0)) return p.errors === 0;
  if (p.anchor !== q.anchor) return p.anchor > q.anchor;
  if (c.rank !== d.rank) return c.rank < d.rank;
  // Equally good: a missing closer belongs right after what it closes (the
  // earliest place that works); anything else nearest to where Prism got lost.
  return c.rank === CLOSER_RANK ? c.problem.start < d.problem.start : c.problem.start > d.problem.start;
}

// ---------------------------------------------------------------- errors

interface ErrorAt {
  start: number;
  end: number;
  message: string;
  type: string;
}

function errorsOf(result: ParseResult, source: SourceText): ErrorAt[] {
  return result.errors
    .map((e) => ({
      start: source.indexOfByte(e.location.startOffset),
      end: source.indexOfByte(e.location.startOffset + e.location.length),
      message: e.message,
      type: e.type,
    }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * An error Prism places at an opening `{`, `[`, `(` or keyword because that
 * construct is never closed: it says where the trouble began, not where it is.
 */
function atOpener(error: ErrorAt, text: string): boolean {
  const at = text.slice(error.start, Math.max(error.end, error.start + 1));
  return /close|`end`/.test(error.message) && /^(?:[{[(|]|do\b|if\b|unless\b|begin\b|def\b|case\b|while\b|until\b|class\b|module\b)/.test(at);
}

/** Prism's first error that is not at an opener; null when there is none. */
function firstRealError(errors: ErrorAt[], text: string): ErrorAt | null {
  return errors.find((e) => !atOpener(e, text)) ?? null;
}

function progressOf(result: ParseResult, text: string, edits: Edit[]): Progress {
  if (result.errors.length === 0) return { errors: 0, anchor: Infinity };
  const source = new SourceText(text);
  const real = firstRealError(errorsOf(result, source), text);
  const anchor = real ? real.start : text.length;
  return { errors: result.errors.length, anchor: mapBack(anchor, sortEdits(edits)) };
}

/** What no repair explains: Prism's own first real error, once. */
function unexplained(source: SourceText, result: ParseResult): SyntaxProblem {
  const errors = errorsOf(result, source);
  const error = firstRealError(errors, source.text) ?? errors[0];
  if (!error) return { start: 0, end: 0, message: 'syntax error' };
  return { start: error.start, end: Math.max(error.end, error.start), message: `syntax error: ${error.message}` };
}

// ---------------------------------------------------------------- edits

function sortEdits(edits: Edit[]): Edit[] {
  return [...edits].sort((a, b) => a.start - b.start);
}

/** Applies non-overlapping edits given in the text's own coordinates. */
function applyEdits(text: string, edits: Edit[]): string {
  let out = text;
  for (const e of sortEdits(edits).reverse()) out = out.slice(0, e.start) + e.insert + out.slice(e.start + e.remove);
  return out;
}

/** A position in the edited text → the same place before `edits` (sorted, in pre-edit coordinates). */
function mapBack(position: number, edits: Edit[]): number {
  let shift = 0;
  for (const e of edits) {
    const start = e.start + shift; // where this edit sits in the edited text
    if (position < start) break;
    if (position < start + e.insert.length) return e.start;
    shift += e.insert.length - e.remove;
  }
  return position - shift;
}

function mapProblem(problem: SyntaxProblem, applied: Edit[]): SyntaxProblem {
  // `applied` is in application order; undo the latest first.
  let { start, end } = problem;
  for (let i = applied.length - 1; i >= 0; i--) {
    const edit = applied[i];
    if (!edit) continue;
    start = mapBack(start, [edit]);
    end = mapBack(end, [edit]);
  }
  return { ...problem, start, end: Math.max(start, end) };
}

// ---------------------------------------------------------------- where to look

interface Segment {
  start: number;
  end: number;
  firstLine: number;
  /** Line of Prism's first real error (or the last line). */
  anchorLine: number;
  lastLine: number;
}

/**
 * The lines to repair: from the statement holding Prism's first error to the
 * first real error. Large files are cut at top-level statements (a line that
 * starts in column 1 with a name) so each trial parse stays small.
 */
function segmentAround(source: SourceText, result: ParseResult): Segment {
  const errors = errorsOf(result, source);
  const first = errors[0];
  const real = firstRealError(errors, source.text);
  const firstLine = first ? source.position(first.start).line : 1;
  const anchorLine = real ? source.position(real.start).line : source.lineCount;
  if (source.text.length <= WHOLE_TEXT_LIMIT) {
    return { start: 0, end: source.text.length, firstLine, anchorLine, lastLine: source.lineCount };
  }
  let startLine = Math.max(1, Math.min(firstLine, anchorLine - LOOKBACK_LINES));
  while (startLine > 1 && !startsStatement(source.lineText(startLine))) startLine--;
  let endLine = anchorLine + 1;
  while (endLine <= source.lineCount && !startsStatement(source.lineText(endLine))) endLine++;
  const lastLine = Math.min(endLine - 1, source.lineCount);
  return {
    start: source.lineStart(startLine),
    end: lastLine >= source.lineCount ? source.text.length : source.lineStart(lastLine + 1),
    firstLine: Math.max(firstLine, startLine),
    anchorLine: Math.min(anchorLine, lastLine),
    lastLine,
  };
}

function startsStatement(line: string): boolean {
  return /^[A-Za-z_$@]/.test(line) && !/^(?:end|else|elsif|when|rescue|ensure|in)\b/.test(line);
}

// ---------------------------------------------------------------- repairs

interface Line {
  number: number;
  start: number;
  /** Index just past the last code character (before a comment and trailing blanks). */
  codeEnd: number;
  code: string;
}

function linesOf(source: SourceText, result: ParseResult, from: number, to: number): Line[] {
  const commentStarts = result.comments.map((c) => source.indexOfByte(c.location.startOffset));
  const lines: Line[] = [];
  for (let n = Math.max(1, from); n <= Math.min(to, source.lineCount); n++) {
    const start = source.lineStart(n);
    let end = source.lineEnd(n);
    for (const c of commentStarts) if (c >= start && c < end) end = c;
    const code = source.text.slice(start, end).replace(/\s+$/, '');
    lines.push({ number: n, start, codeEnd: start + code.length, code });
  }
  return lines;
}

function candidatesFor(source: SourceText, result: ParseResult, segment: Segment, resumeLine: number): Candidate[] {
  const segmentLine = source.position(segment.start).line;
  const all = linesOf(source, result, segmentLine, segment.lastLine);
  // Prism often notices a missing `,` or `]` only at the next line's first token.
  const previous = codeLines(all).filter((l) => l.number < segment.anchorLine).at(-1)?.number ?? segment.anchorLine;
  const from = Math.max(segmentLine, resumeLine, Math.min(segment.firstLine, previous), segment.anchorLine - LOOKBACK_LINES);
  const window = all.filter((l) => l.number >= from && l.number <= segment.anchorLine);
  const errors = errorsOf(result, source);
  return [
    ...backtickKeys(all),
    ...elisions(all),
    ...missingCommas(window, all),
    ...missingCommaBeforeToken(source, errors),
    ...missingClosers(window, errors, source, all, segment),
    ...unclosedAtEnd(source, segment, all),
    ...strayClosers(source, errors),
    ...unterminatedStrings(all.filter((l) => l.number <= segment.anchorLine)),
    ...diffMarkers(source, all),
    ...unquotedUrls(all),
    ...assignmentsInHash(window),
  ];
}

/** Lines that hold code, in order (blank and comment-only lines skipped). */
function codeLines(lines: Line[]): Line[] {
  return lines.filter((l) => l.code.trim() !== '');
}

/** `` `identifier`: `` in GitLab's OIDC docs: backticks run a shell command in Ruby. */
function backtickKeys(lines: Line[]): Candidate[] {
  const found: Candidate[] = [];
  for (const line of lines) {
    for (const m of line.code.matchAll(/`([^`]*)`/g)) {
      const start = line.start + (m.index ?? 0);
      const inner = m[1] ?? '';
      found.push({
        rank: 0,
        edits: [
          { start, remove: 1, insert: "'" },
          { start: start + inner.length + 1, remove: 1, insert: "'" },
        ],
        problem: {
          start,
          end: start + inner.length + 2,
          message: 'backticks are not quotes in Ruby (they run a shell command)',
          hint: `write '${inner}' instead`,
        },
      });
    }
  }
  return found;
}

/** `...` standing for settings the docs left out. */
function elisions(lines: Line[]): Candidate[] {
  const found: Candidate[] = [];
  const code = codeLines(lines);
  code.forEach((line, i) => {
    for (const m of line.code.matchAll(/(^|[\s,{[(])(\.\.\.)(?=\s*(?:,|$|[}\])]))/g)) {
      const start = line.start + (m.index ?? 0) + (m[1] ?? '').length;
      const after = line.code.slice(start - line.start + 3);
      const trailingComma = /^\s*,/.exec(after);
      const problem: SyntaxProblem = {
        start,
        end: start + 3,
        message: '`...` stands for settings the docs left out',
        hint: 'replace it with the real settings, or delete it',
      };
      const blank: Edit = { start, remove: 3 + (trailingComma ? trailingComma[0].length : 0), insert: ' '.repeat(3) };
      found.push({ rank: 1, edits: [blank], problem });
      const previous = code[i - 1];
      if (previous && !/[,{[(]$/.test(previous.code)) {
        // `name: "x"\n...\nargs: {...}`: the elided part carried the commas.
        found.push({ rank: 1, edits: [{ start: previous.codeEnd, remove: 0, insert: ',' }, blank], problem });
      }
    }
  });
  return found;
}

/** A line that ends a value without the `,` the next pair or item needs. */
function missingCommas(window: Line[], all: Line[]): Candidate[] {
  const code = codeLines(all);
  const found: Candidate[] = [];
  for (const line of codeLines(window)) {
    if (/(?:[,{[(|\\.]|=>|[=+\-*/&<>!?:]|\bdo)$/.test(line.code)) continue;
    const next = code.find((l) => l.number > line.number);
    if (!next || /^\s*[}\])]/.test(next.code) || /^\s*\./.test(next.code)) continue;
    const last = afterWhat(line.code);
    found.push({
      rank: 2,
      edits: [{ start: line.codeEnd, remove: 0, insert: ',' }],
      problem: {
        start: line.codeEnd,
        end: line.codeEnd,
        message: `missing \`,\` at the end of line ${line.number}`,
        hint: `add \`,\` after ${last}`,
      },
    });
  }
  return found;
}

/** `{ name: 'a' label: 'b' }`: a missing `,` inside a line, before the token Prism stopped at. */
function missingCommaBeforeToken(source: SourceText, errors: ErrorAt[]): Candidate[] {
  const found: Candidate[] = [];
  for (const error of errors.slice(0, 4)) {
    if (atOpener(error, source.text)) continue;
    let at = error.start;
    const lineStart = source.lineStart(source.position(at).line);
    while (at > lineStart && /\s/.test(source.text.charAt(at - 1))) at--;
    if (at === lineStart || /[,{[(]/.test(source.text.charAt(at - 1))) continue;
    const token = /^\s*([^\s,]+)/.exec(source.text.slice(error.start))?.[1] ?? '';
    if (token === '') continue;
    found.push({
      rank: 2,
      edits: [{ start: at, remove: 0, insert: ',' }],
      problem: { start: at, end: at, message: `missing \`,\` before \`${token}\``, hint: `add \`,\` after ${afterWhat(source.text.slice(lineStart, at))}` },
    });
  }
  return found;
}

/**
 * A `}`, `]` or `)` that never came, at the end of a line. Several places
 * often make the text parse again; the one that fits the indentation wins:
 * the closer goes after the last line of its block, before the first line
 * indented no deeper than the line that opened it.
 */
function missingClosers(window: Line[], errors: ErrorAt[], source: SourceText, all: Line[], segment: Segment): Candidate[] {
  const found: Candidate[] = [];
  const code = codeLines(all);
  for (const line of codeLines(window)) {
    const open = openBrackets(source.text, segment.start, line.codeEnd);
    const top = open?.at(-1);
    const closers = top === undefined ? (open ? [] : CLOSERS) : [PAIRS[source.text.charAt(top)] ?? '}'];
    const next = code.find((l) => l.number > line.number);
    for (const closer of closers) {
      const fits = top !== undefined && fitsIndentation(source, top, closer, next);
      const opener = top !== undefined ? `: the \`${source.text.charAt(top)}\` on line ${source.position(top).line} is not closed` : '';
      found.push({
        rank: fits ? CLOSER_RANK : CLOSER_RANK + 1,
        edits: [{ start: line.codeEnd, remove: 0, insert: closer }],
        problem: {
          start: line.codeEnd,
          end: line.codeEnd,
          message: `missing \`${closer}\` at the end of line ${line.number}${opener}`,
          hint: `add \`${closer}\` after ${afterWhat(line.code)}`,
        },
      });
    }
  }
  const opener = errors.find((e) => /`end`/.test(e.message) && atOpener(e, source.text));
  const last = code.at(-1);
  if (opener && last) {
    const keyword = /^\w+/.exec(source.text.slice(opener.start))?.[0] ?? 'block';
    found.push({
      rank: CLOSER_RANK,
      edits: [{ start: last.codeEnd, remove: 0, insert: '\nend' }],
      problem: {
        start: last.codeEnd,
        end: last.codeEnd,
        message: `missing \`end\`: the \`${keyword}\` on line ${source.position(opener.start).line} is not closed`,
        hint: `add \`end\` after line ${last.number}`,
      },
    });
  }
  return found;
}

function indentation(text: string): number {
  return /^[ \t]*/.exec(text)?.[0].length ?? 0;
}

/** Whether a closer inserted before `next` sits where the indentation says its block ends. */
function fitsIndentation(source: SourceText, opener: number, closer: string, next: Line | undefined): boolean {
  if (!next) return true;
  const openerIndent = indentation(source.lineText(source.position(opener).line));
  const nextIndent = indentation(next.code);
  // The next line at the opener's depth starting with the same closer is the real one.
  if (nextIndent === openerIndent && next.code.trimStart().startsWith(closer)) return false;
  return nextIndent <= openerIndent;
}

const PAIRS: Record<string, string> = { '{': '}', '[': ']', '(': ')' };

/**
 * The brackets still open at `to` (their indices), counting from `from` and
 * skipping strings and comments roughly; null when a closer does not match.
 */
function openBrackets(text: string, from: number, to: number): number[] | null {
  const open: number[] = [];
  for (let i = from; i < to; i++) {
    const c = text.charAt(i);
    if (c === '#' && text.charAt(i + 1) !== '{') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
    } else if (c === "'" || c === '"') i = closingQuote(text, i);
    else if (c in PAIRS) open.push(i);
    else if (c === '}' || c === ']' || c === ')') {
      const top = open.at(-1);
      if (top === undefined || PAIRS[text.charAt(top)] !== c) return null;
      open.pop();
    }
  }
  return open;
}

/** Brackets still open at the end of the text (a block cut off when pasted): all closed at once, one finding. */
function unclosedAtEnd(source: SourceText, segment: Segment, all: Line[]): Candidate[] {
  const last = codeLines(all).at(-1);
  if (!last) return [];
  const open = openBrackets(source.text, segment.start, last.codeEnd);
  if (!open || open.length === 0) return [];
  const text = source.text;
  const closers = open.map((i) => PAIRS[text.charAt(i)] ?? '').reverse().join('');
  const openers = [...open].reverse().map((i) => `the \`${text.charAt(i)}\` on line ${source.position(i).line}`);
  return [
    {
      rank: CLOSER_RANK,
      edits: [{ start: last.codeEnd, remove: 0, insert: closers }],
      problem: {
        start: last.codeEnd,
        end: last.codeEnd,
        message: `missing \`${closers}\` at the end: ${openers.join(' and ')} ${open.length > 1 ? 'are' : 'is'} not closed`,
        hint: `add \`${closers}\` after line ${last.number}`,
      },
    },
  ];
}

function closingQuote(text: string, at: number): number {
  const quote = text.charAt(at);
  for (let i = at + 1; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '\\') i++;
    else if (c === quote) return i;
  }
  return text.length;
}

/** A `}`, `]` or `)` that closes nothing (one too many, often after a paste). */
function strayClosers(source: SourceText, errors: ErrorAt[]): Candidate[] {
  const found: Candidate[] = [];
  for (const error of errors.slice(0, 6)) {
    const m = /unexpected '([}\])])'/.exec(error.message);
    const closer = m?.[1];
    if (!closer || source.text.charAt(error.start) !== closer) continue;
    found.push({
      rank: 2,
      edits: [{ start: error.start, remove: 1, insert: ' ' }],
      problem: {
        start: error.start,
        end: error.start + 1,
        message: `\`${closer}\` closes nothing here`,
        hint: `remove it, or add the opening bracket it belongs to`,
      },
    });
  }
  return found;
}

/** `name: 'github,`: a string whose closing quote is missing runs on into the next lines. */
function unterminatedStrings(window: Line[]): Candidate[] {
  const found: Candidate[] = [];
  for (const line of codeLines(window)) {
    for (const quote of ["'", '"']) {
      const opened = openQuoteAt(line.code, quote);
      if (opened === null) continue;
      const body = line.code.slice(opened);
      const beforeComma = /,\s*$/.exec(body);
      const at = line.start + (beforeComma ? opened + beforeComma.index : line.code.length);
      found.push({
        rank: 2,
        edits: [{ start: at, remove: 0, insert: quote }],
        problem: {
          start: line.start + opened,
          end: at,
          message: `missing closing \`${quote}\` on line ${line.number}`,
          hint: `close the string ${body.replace(/,\s*$/, '')} with \`${quote}\``,
        },
      });
    }
  }
  return found;
}

/** Where a string opened with `quote` starts on this line without being closed, or null. */
function openQuoteAt(code: string, quote: string): number | null {
  for (let i = 0; i < code.length; i++) {
    const c = code.charAt(i);
    if (c !== "'" && c !== '"') continue;
    const end = closingQuote(code, i);
    if (end >= code.length) return c === quote ? i : null;
    i = end;
  }
  return null;
}

/** `external_url https://...`: Ruby reads `https:` as a hash key and `//...` as a regexp, and reports neither as the URL. */
function unquotedUrls(lines: Line[]): Candidate[] {
  const found: Candidate[] = [];
  for (const line of codeLines(lines)) {
    for (const m of line.code.matchAll(/(?<=(?:^|[\s=>(\[{,:]))(?:https?|ldaps?):\/\/[^\s,'"}\])]+/g)) {
      const start = line.start + (m.index ?? 0);
      const url = m[0];
      found.push({
        rank: 0,
        edits: [
          { start, remove: 0, insert: "'" },
          { start: start + url.length, remove: 0, insert: "'" },
        ],
        problem: { start, end: start + url.length, message: 'a URL must be in quotes in Ruby', hint: `write '${url}'` },
      });
    }
  }
  return found;
}

/** `app_id = 'x'` inside a hash: `=` assigns in Ruby; a key and its value are joined by `:` or `=>`. */
function assignmentsInHash(lines: Line[]): Candidate[] {
  const found: Candidate[] = [];
  for (const line of codeLines(lines)) {
    const m = /^(\s*)([a-z_]\w*|'[^']*'|"[^"]*")(\s*)=(?![=>~])\s*/.exec(line.code);
    if (!m) continue;
    const key = m[2] ?? '';
    const bare = /^[a-z_]/.test(key);
    const at = line.start + (m[1] ?? '').length + key.length;
    const joiner = bare ? ':' : ' =>';
    found.push({
      rank: 1,
      edits: [{ start: at, remove: (m[3] ?? '').length + 1, insert: joiner }],
      problem: {
        start: at + (m[3] ?? '').length,
        end: at + (m[3] ?? '').length + 1,
        message: '`=` between a key and its value: in a hash they are joined by `:` or `=>`',
        hint: `write \`${key}${joiner}\``,
      },
    });
  }
  return found;
}

/** Lines starting with `+`/`-` in column 1: a diff pasted instead of applied. */
function diffMarkers(source: SourceText, lines: Line[]): Candidate[] {
  const marked = lines.filter((l) => /^ ?[+-](?![+-]|\d)/.test(source.lineText(l.number)));
  const [first] = marked;
  if (!first || marked.length < 2) return [];
  return [
    {
      rank: 4,
      final: true,
      edits: marked.map((l) => {
        const at = l.start + source.lineText(l.number).search(/[+-]/);
        return { start: at, remove: 1, insert: ' ' };
      }),
      problem: {
        start: first.start + source.lineText(first.number).search(/[+-]/),
        end: first.start + source.lineText(first.number).search(/[+-]/) + 1,
        message: 'this looks like a diff: lines start with `+` or `-`',
        hint: 'apply the change to your gitlab.rb instead of pasting the diff',
      },
    },
  ];
}

/**
 * What a hint says the repair goes after: the line's last token in backticks,
 * or "the `app_secret` value" when that token is a secret, which is never printed.
 */
function afterWhat(code: string): string {
  const trimmed = code.trimEnd();
  const token = trimmed.slice(lastTokenStart(trimmed));
  const key = keyBefore(trimmed.slice(0, trimmed.length - token.length));
  if (key !== undefined && isSecretKey(key)) return `the \`${key}\` value`;
  return `\`${token.length > 40 ? `…${token.slice(-39)}` : token}\``;
}

/**
 * Where the last token of `text` starts: a quoted string that ends the text
 * (spaces and all), else the run of characters other than spaces and commas
 * at its end. What the pattern
 * /(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,]+)$/ matches, found from the end
 * in time linear in the token: the pattern itself, tried at every start, is
 * quadratic on a line that is one long word.
 */
export function lastTokenStart(text: string): number {
  let run = text.length;
  while (run > 0 && !/[\s,]/.test(text[run - 1] as string)) run--;
  const quote = text[text.length - 1];
  if ((quote !== '"' && quote !== "'") || escaped(text, text.length - 1)) return run;
  // The opening quote: the nearest unescaped one before the closing quote, else the nearest one.
  let nearest = -1;
  for (let i = text.length - 2; i >= 0; i--) {
    if (text[i] !== quote) continue;
    if (!escaped(text, i)) return Math.min(i, run);
    if (nearest === -1) nearest = i;
  }
  return nearest === -1 ? run : Math.min(nearest, run);
}

/** Whether the character at `at` follows an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (at - slashes - 1 >= 0 && text[at - slashes - 1] === '\\') slashes++;
  return slashes % 2 === 1;
}

/**
 * The key a text ends with (`app_secret:`, `'app_secret' =>`), as the pattern
 * /["':]?(\w+)["']?\s*(?::|=>)\s*$/ captures it, read from the end in time
 * linear in the key.
 */
export function keyBefore(text: string): string | undefined {
  let i = text.length;
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  if (text[i - 1] === '>' && text[i - 2] === '=') i -= 2;
  else if (text[i - 1] === ':') i -= 1;
  else return undefined;
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--;
  if (text[i - 1] === '"' || text[i - 1] === "'") i--;
  const end = i;
  while (i > 0 && /\w/.test(text[i - 1] as string)) i--;
  return i < end ? text.slice(i, end) : undefined;
}
