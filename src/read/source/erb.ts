/**
 * GitLab runs ERB over gitlab.yml before the YAML parser sees it
 * (ActiveSupport::ConfigurationFile). The tool never runs that Ruby, so before
 * parsing it rewrites the text, keeping every offset where it was:
 * - output tags (`<%= ENV['X'] %>`) become a placeholder of the same length made
 *   of private-use characters, which YAML reads as plain text in any context
 *   (inside `"..."` too, where the tag's own quotes would otherwise end the
 *   string); the scalar that holds one becomes an ERB expression with the
 *   original text put back;
 * - control tags (`<% if ... %>`, `<% end %>`, `<%- ... -%>`), comments
 *   (`<%# ... %>`) and output tags alone on their line (which write YAML
 *   lines, not a value) become spaces. GitLab keeps the lines of the branch that
 *   runs; the tool cannot know which, so it reads the lines of every branch,
 *   marks what they set as conditional, and says so (`erb-control-flow`).
 *   Blanking only the tags keeps the YAML around them intact, so the rest of
 *   the file still reads instead of failing on a `<%` where YAML expects a key.
 * `<%%` is ERB's escape for a literal `<%`: not a tag.
 */

/** First character of an output-tag placeholder; the rest of it is FILL. */
const ERB_MARK = '\uE000';
const ERB_FILL = '\uE001';
const PLACEHOLDER = /\uE000\uE001*/g;

export type ErbTagKind = 'output' | 'control' | 'comment';

export interface ErbTag {
  kind: ErbTagKind;
  /** Index of `<%` in the text. */
  start: number;
  /** Index just past `%>` (or the end of the text when unterminated). */
  end: number;
  /** The tag as written. */
  source: string;
  /** The Ruby code between the delimiters, trimmed. */
  code: string;
  terminated: boolean;
  /**
   * An output tag alone on its line (`<%= File.read('providers.yml') %>`): it
   * writes YAML lines the tool cannot see, rather than one value.
   */
  standalone: boolean;
}

export interface ErbScan {
  /** The text the YAML parser reads: same length and line breaks as the original. */
  yamlText: string;
  tags: ErbTag[];
  /** Index ranges `[start, end)` that lie inside an ERB conditional or loop. */
  conditionalRanges: Array<[number, number]>;
}

export function scanErb(text: string): ErbScan {
  const tags = findTags(text);
  if (tags.length === 0) return { yamlText: text, tags, conditionalRanges: [] };
  let yamlText = '';
  let last = 0;
  for (const tag of tags) {
    // An unclosed tag is reported, and left as text so the YAML around it still reads.
    if (!tag.terminated) continue;
    yamlText += text.slice(last, tag.start) + maskTag(tag);
    last = tag.end;
  }
  yamlText += text.slice(last);
  return { yamlText, tags, conditionalRanges: conditionalRanges(tags, text.length) };
}

function findTags(text: string): ErbTag[] {
  const tags: ErbTag[] = [];
  let i = text.indexOf('<%');
  while (i >= 0) {
    if (text[i + 2] === '%') {
      i = text.indexOf('<%', i + 3);
      continue;
    }
    const close = text.indexOf('%>', i + 2);
    const terminated = close >= 0;
    const end = terminated ? close + 2 : text.length;
    const source = text.slice(i, end);
    const marker = text[i + 2];
    const kind: ErbTagKind = marker === '=' ? 'output' : marker === '#' ? 'comment' : 'control';
    const inner = source.slice(2, terminated ? -2 : undefined);
    const code = inner.replace(/^[=#-]+/, '').replace(/-$/, '').trim();
    const lineStart = text.lastIndexOf('\n', i - 1) + 1;
    const lineEnd = text.indexOf('\n', end);
    const standalone =
      kind === 'output' && text.slice(lineStart, i).trim() === '' && text.slice(end, lineEnd < 0 ? text.length : lineEnd).trim() === '';
    tags.push({ kind, start: i, end, source, code, terminated, standalone });
    i = terminated ? text.indexOf('<%', end) : -1;
  }
  return tags;
}

function maskTag(tag: ErbTag): string {
  let out = '';
  for (let k = 0; k < tag.source.length; k++) {
    const ch = tag.source[k] ?? ' ';
    if (ch === '\n' || ch === '\r') out += ch;
    else if (tag.kind === 'output' && !tag.standalone) out += k === 0 ? ERB_MARK : ERB_FILL;
    else out += ' ';
  }
  return out;
}

/** Ruby keywords that open a block closed by `end`. */
const OPENS_BLOCK = /^(if|unless|case|while|until|for|begin)\b|\bdo(\s*\|[^|]*\|)?\s*$/;
const CLOSES_BLOCK = /^(end\b|\})/;

/** Which parts of the text only apply when an ERB condition holds (or repeat in a loop). */
function conditionalRanges(tags: readonly ErbTag[], length: number): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const open: number[] = [];
  for (const tag of tags) {
    if (tag.kind !== 'control') continue;
    if (CLOSES_BLOCK.test(tag.code)) {
      const start = open.pop();
      if (start !== undefined && open.length === 0) ranges.push([start, tag.start]);
    } else if (OPENS_BLOCK.test(tag.code)) {
      open.push(tag.end);
    }
  }
  const unclosed = open[0];
  if (unclosed !== undefined) ranges.push([unclosed, length]);
  return ranges;
}

export function isConditional(scan: ErbScan, offset: number): boolean {
  return scan.conditionalRanges.some(([start, end]) => offset >= start && offset < end);
}

export function containsErbOutput(value: string): boolean {
  return value.includes(ERB_MARK);
}

/**
 * Puts the original ERB text back into a scalar's value. The placeholders in
 * `value` appear in the same order as the output tags inside the scalar's
 * source range `[start, end)`.
 */
export function restoreErb(value: string, scan: ErbScan, start: number, end: number): string {
  const inside = scan.tags.filter((t) => t.kind === 'output' && t.terminated && !t.standalone && t.start >= start && t.start < end);
  let n = 0;
  return value.replace(PLACEHOLDER, (match) => {
    const tag = inside[n++];
    return tag ? tag.source : match;
  });
}

/** ERB's `<%%` escape: GitLab's YAML parser sees a literal `<%`. */
export function unescapeErb(value: string): string {
  return value.includes('<%%') ? value.replaceAll('<%%', '<%') : value;
}
