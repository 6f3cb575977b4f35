/**
 * Text edits on the user's file: replacements of exact ranges, everything
 * else untouched. Both editors produce them; verification checks them.
 */

export interface TextEdit {
  /** UTF-16 offsets into the original text; `start === end` inserts. */
  start: number;
  end: number;
  text: string;
  /**
   * How deeply nested the collection is that an insertion adds to (0 for the
   * outermost the editor touches). Collections ending at one offset are
   * nested in each other (`args:` as the last key of a block provider ends
   * where the provider ends), so there the inner one's new entries must come
   * first: the outer one's go after the whole inner collection.
   */
  depth?: number;
}

/**
 * Applies non-overlapping edits (any order). At one offset, insertions come
 * before a replacement, deeper insertions before shallower ones, and
 * otherwise the given order is kept.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const ordered = edits.map((edit, i) => ({ edit, i })).sort((a, b) => a.edit.start - b.edit.start || a.edit.end - b.edit.end || (b.edit.depth ?? 0) - (a.edit.depth ?? 0) || a.i - b.i);
  let out = '';
  let at = 0;
  for (const { edit } of ordered) {
    if (edit.start < at) throw new Error(`overlapping edits at offset ${edit.start}`);
    out += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** Where the text at an old offset lands in the edited text (an insertion at the offset goes before it). */
export function mapOffset(offset: number, edits: readonly TextEdit[]): number {
  let delta = 0;
  for (const edit of edits) {
    if (edit.end <= offset) delta += edit.text.length - (edit.end - edit.start);
  }
  return offset + delta;
}

/** The line ending the file uses (CRLF when its first line break is one). */
export function lineEnding(text: string): string {
  const lf = text.indexOf('\n');
  return lf > 0 && text[lf - 1] === '\r' ? '\r\n' : '\n';
}

/** Rendered text uses `\n`; a CRLF file gets CRLF between lines. */
export function withLineEnding(rendered: string, eol: string): string {
  return eol === '\n' ? rendered : rendered.replace(/\r?\n/g, eol);
}

export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Index of the line break ending the line that holds `offset` (before `\r\n`), or the text length. */
export function lineEndOf(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  if (lf === -1) return text.length;
  return lf > 0 && text[lf - 1] === '\r' ? lf - 1 : lf;
}

/** The whitespace that starts the line holding `offset`. */
export function indentOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, offset))?.[0] ?? '';
}

/** Whether only whitespace precedes `offset` on its line. */
export function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** The offset just past the line break after `offset`'s line (or the text end). */
export function nextLineStart(text: string, offset: number): number {
  const lf = text.indexOf('\n', offset);
  return lf === -1 ? text.length : lf + 1;
}

/**
 * What follows `offset` on its line: a trailing comma (skipped over when
 * present) and whether only a comment or nothing comes after it. Used to
 * place a new entry after the last one without breaking its comment.
 */
export function afterOnLine(text: string, offset: number, comment: RegExp): { comma: number | null; restIsComment: boolean } {
  const end = lineEndOf(text, offset);
  const rest = text.slice(offset, end);
  const m = /^[ \t]*(,)?/.exec(rest);
  const comma = m?.[1] ? offset + (m[0].length - 1) : null;
  const after = rest.slice(m?.[0].length ?? 0);
  return { comma, restIsComment: /^[ \t]*$/.test(after) || comment.test(after) };
}

/**
 * Edits that add `items` after the element of a hash, array or flow
 * collection ending at `end`. Multi-line: each on a new line starting with
 * `indent`, after a comment that ends the element's line, keeping a trailing
 * comma style if the element has one. One line: `, item` after it (or
 * ` item,` after its trailing comma). Both formats write collections this way.
 */
export function insertAfterLast(
  text: string,
  end: number,
  items: readonly string[],
  layout: { multiline: boolean; indent: string; comment: RegExp; depth?: number; removedUntil?: number; commaAt?: number },
): TextEdit[] {
  const depth = layout.depth ?? 0;
  if (layout.commaAt !== undefined) {
    // A Ruby heredoc: the comma follows its opener (`<<~EOS,`), the new items its closing line.
    const hasComma = /,[ \t]*$/.test(text.slice(0, layout.commaAt));
    const lines = items.map((item, i) => `\n${layout.indent}${item}${hasComma || i < items.length - 1 ? ',' : ''}`).join('');
    const after: TextEdit = { start: lineEndOf(text, end), end: lineEndOf(text, end), text: lines, depth };
    return hasComma ? [after] : [{ start: layout.commaAt, end: layout.commaAt, text: ',', depth }, after];
  }
  // Elements after this one that the same edit removes take the separator after it with them: what follows them counts.
  const removed = layout.removedUntil;
  const { comma, restIsComment } = removed === undefined ? afterOnLine(text, end, layout.comment) : { comma: null, restIsComment: afterOnLine(text, removed, layout.comment).restIsComment };
  const insert = (at: number, t: string): TextEdit => ({ start: at, end: at, text: t, depth });
  if (!layout.multiline) {
    return [comma !== null ? insert(comma + 1, items.map((item) => ` ${item},`).join('')) : insert(end, items.map((item) => `, ${item}`).join(''))];
  }
  const pad = layout.indent;
  if (comma !== null) {
    return [insert(restIsComment ? lineEndOf(text, end) : comma + 1, items.map((item) => `\n${pad}${item},`).join(''))];
  }
  if (restIsComment) {
    // The comma goes right after the element, the new items after its comment.
    return [insert(end, ','), insert(lineEndOf(text, removed ?? end), items.map((item, i) => `\n${pad}${item}${i < items.length - 1 ? ',' : ''}`).join(''))];
  }
  return [insert(end, items.map((item) => `,\n${pad}${item}`).join(''))];
}

/**
 * Edits that take the elements marked in `removed` out of a collection whose
 * elements span `elements` (in order; at least one stays). An element on
 * lines of its own goes with its lines (and the comment ending them);
 * otherwise a run of removed elements goes with the separator after it, or,
 * at the end of the collection, with the separator before it. Both formats
 * write hashes and flow collections this way.
 */
export function removeElements(text: string, elements: ReadonlyArray<{ start: number; end: number }>, removed: ReadonlySet<number>, comment: RegExp): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let i = 0; i < elements.length; i++) {
    if (!removed.has(i)) continue;
    let j = i;
    while (removed.has(j + 1)) j++;
    const run = elements.slice(i, j + 1);
    const ownLines = run.every((e) => startsLine(text, e.start) && afterOnLine(text, e.end, comment).restIsComment);
    const next = elements[j + 1];
    const previous = elements[i - 1];
    if (ownLines) {
      for (const e of run) edits.push({ start: lineStartOf(text, e.start), end: nextLineStart(text, e.end), text: '' });
    } else if (next) {
      edits.push({ start: (run[0] as { start: number }).start, end: next.start, text: '' });
    } else if (previous) {
      edits.push({ start: previous.end, end: (run[run.length - 1] as { end: number }).end, text: '' });
    } else {
      throw new Error('removeElements: every element removed');
    }
    i = j;
  }
  return edits;
}
