/**
 * Putting a new string value back into the YAML scalar it was read from, in
 * that scalar's own style, changing as few bytes of the file as possible:
 *
 * - a literal block (`|`, `|-`, `|+`) keeps its header, indentation and every
 *   line whose text did not change (trailing spaces included); new lines get
 *   the block's indentation;
 * - a quoted or plain scalar written on one line is re-encoded in the same
 *   style, which leaves the unchanged characters as they were;
 * - a value that style cannot hold (a line break in a plain or single-quoted
 *   scalar, or a flow scalar folded over several lines) becomes a literal block.
 *
 * The result is always read back by the caller: this only writes.
 */
import { diffArrays } from 'diff';
import type { Scalar } from 'yaml';
import { indentOf, lineEndOf, nextLineStart, type TextEdit } from './text-edits.js';

export type ScalarRewrite = { ok: true; edit: TextEdit; restyled: boolean } | { ok: false; message: string };

export function rewriteScalar(text: string, node: Scalar, before: string, after: string, eol: string): ScalarRewrite {
  const [start, end] = node.range ?? [0, 0];
  switch (node.type) {
    case 'BLOCK_LITERAL':
      return { ok: true, edit: rewriteLiteralBody(text, start, before, after, eol), restyled: false };
    case 'BLOCK_FOLDED':
      return { ok: false, message: 'the value is a folded block scalar (>), which joins Ruby lines with spaces: write it as a literal block (|) to have it edited' };
    case 'QUOTE_DOUBLE':
    case 'QUOTE_SINGLE':
    case 'PLAIN': {
      const encode = FLOW_ENCODERS[node.type];
      const current = encode(before);
      const next = encode(after);
      if (current === text.slice(start, end) && next !== null) return { ok: true, edit: { start, end, text: next }, restyled: false };
      return asLiteralBlock(text, start, end, after, eol);
    }
    default:
      return { ok: false, message: 'the value is not a string scalar' };
  }
}

/** The value's lines as a literal block holds them: its final line break ends the last line, not a new one. */
function valueLines(value: string): string[] {
  if (value === '') return [];
  return (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
}

/**
 * A literal block's body, line by line: a Ruby line that did not change keeps
 * its source line byte for byte; new ones are indented like the block.
 */
function rewriteLiteralBody(text: string, headerStart: number, before: string, after: string, eol: string): TextEdit {
  const oldLines = valueLines(before);
  const bodyStart = nextLineStart(text, headerStart);
  const sourceLines: string[] = [];
  let bodyEnd = bodyStart;
  for (let i = 0; i < oldLines.length; i++) {
    sourceLines.push(text.slice(bodyEnd, lineEndOf(text, bodyEnd)));
    bodyEnd = nextLineStart(text, bodyEnd);
  }
  const indent = blockIndent(text, headerStart, oldLines, sourceLines);
  const endsWithBreak = bodyEnd > bodyStart && text[bodyEnd - 1] === '\n';
  const out: string[] = [];
  let oldIndex = 0;
  for (const change of diffArrays(oldLines, valueLines(after))) {
    if (change.removed) {
      oldIndex += change.value.length;
      continue;
    }
    for (const line of change.value) {
      out.push(change.added ? (line === '' ? '' : indent + line) : (sourceLines[oldIndex++] as string));
    }
  }
  const body = out.map((line, i) => line + (i < out.length - 1 || endsWithBreak || bodyEnd === bodyStart ? eol : '')).join('');
  return { start: bodyStart, end: bodyEnd, text: body };
}

/**
 * The block's indentation: what its first non-empty line has in front of the
 * value's text (right with an explicit indentation indicator too); for an
 * empty block, two spaces more than the line of its key.
 */
function blockIndent(text: string, headerStart: number, oldLines: readonly string[], sourceLines: readonly string[]): string {
  const i = oldLines.findIndex((line) => line !== '');
  if (i >= 0) {
    const source = sourceLines[i] as string;
    return source.slice(0, source.length - (oldLines[i] as string).length);
  }
  return `${indentOf(text, headerStart)}  `;
}

/** A string in one style on one line, or null when that style cannot hold it. */
type FlowEncoder = (value: string) => string | null;

const DOUBLE_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

const FLOW_ENCODERS: Readonly<Record<'QUOTE_DOUBLE' | 'QUOTE_SINGLE' | 'PLAIN', FlowEncoder>> = {
  QUOTE_DOUBLE: (value) =>
    `"${value.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (ch) => DOUBLE_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`,
  // A line break in a single-quoted scalar is folded: it cannot be written on one line.
  QUOTE_SINGLE: (value) => (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value) ? null : `'${value.replaceAll("'", "''")}'`),
  PLAIN: (value) => (isPlainSafe(value) ? value : null),
};

/** Text YAML reads back as the same plain scalar in a block mapping or sequence, on one line. */
function isPlainSafe(value: string): boolean {
  if (value === '' || value !== value.trim()) return false;
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value)) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`]/.test(value)) return false;
  return !/: |:$| #/.test(value);
}

/**
 * The scalar rewritten as a literal block, at the indentation of its line plus
 * two. A comment after it stays on the header line; anything else after it
 * (the rest of a flow collection) makes the rewrite impossible.
 */
function asLiteralBlock(text: string, start: number, end: number, value: string, eol: string): ScalarRewrite {
  const lineEnd = lineEndOf(text, end);
  const rest = text.slice(end, lineEnd);
  if (rest.trim() !== '' && !/^\s+#/.test(rest)) {
    return { ok: false, message: 'the value sits inside a flow collection ({...} or [...]), where its new lines cannot be written' };
  }
  const lines = valueLines(value);
  const trailing = value.length - value.replace(/\n+$/, '').length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // An indentation indicator when the first line starts with a space (YAML would take it as the block's indentation).
  const indicator = /^[ \t]|^$/.test(lines[0] ?? 'x') && lines.length > 0 ? '2' : '';
  const indent = `${indentOf(text, start)}  `;
  const header = `|${indicator}${chomp}${rest.trimEnd()}`;
  const body = lines.map((line) => eol + (line === '' ? '' : indent + line)).join('');
  return { ok: true, edit: { start, end: lineEnd, text: header + body }, restyled: true };
}
