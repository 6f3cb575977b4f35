/**
 * `invisible-character` in gitlab.rb: a byte-order mark, zero-width space,
 * zero-width (non-)joiner, word joiner or soft hyphen in Ruby code. Ruby
 * takes every non-ASCII character for part of an identifier, so
 * `\u200Bgitlab_rails` is a method nobody defined and `na\u00ADme:` a key
 * nobody reads, though both look right in an editor. Inside string literals
 * and comments the characters are text, and left alone; so is a byte-order
 * mark at the very start of the file, which Ruby skips.
 */
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { SourceText } from '../../text/source-text.js';
import type { ParseResult } from './prism.js';
import { children, isNode, type Location, type Node } from './nodes.js';

/** The invisible characters Ruby reads into a name, by code point, with their Unicode names. */
const INVISIBLE: ReadonlyMap<number, string> = new Map([
  [0x00ad, 'soft hyphen'],
  [0x200b, 'zero width space'],
  [0x200c, 'zero width non-joiner'],
  [0x200d, 'zero width joiner'],
  [0x2060, 'word joiner'],
  [0xfeff, 'byte order mark'],
]);

const INVISIBLE_CLASS = '[\\u00AD\\u200B\\u200C\\u200D\\u2060\\uFEFF]';
const INVISIBLE_PATTERN = new RegExp(INVISIBLE_CLASS, 'g');
const HAS_INVISIBLE = new RegExp(INVISIBLE_CLASS);

/** Whether a name read from the tree holds one of the invisible characters. */
export function hasInvisibleCharacter(name: string): boolean {
  return HAS_INVISIBLE.test(name);
}

/** Half-open string-index spans `[start, end)`. */
type Span = readonly [number, number];

/**
 * One error per invisible character in the code of `text` (not in its
 * strings, comments or `__END__` data). `result` is Prism's parse of exactly
 * `text`, broken or not.
 */
export function invisibleCharacters(source: SourceText, result: ParseResult, file: string): Diagnostic[] {
  const text = source.text;
  let textSpans: Span[] | null = null;
  const found: Diagnostic[] = [];
  for (const match of text.matchAll(INVISIBLE_PATTERN)) {
    const at = match.index;
    if (at === 0 && text.charCodeAt(0) === 0xfeff) continue;
    textSpans ??= literalTextSpans(source, result);
    if (textSpans.some(([start, end]) => at >= start && at < end)) continue;
    found.push(finding(source, at, file));
  }
  return found;
}

function finding(source: SourceText, at: number, file: string): Diagnostic {
  const code = source.text.charCodeAt(at);
  const name = `U+${code.toString(16).toUpperCase().padStart(4, '0')} (${INVISIBLE.get(code) ?? 'invisible'})`;
  return {
    rule: 'invisible-character',
    severity: 'error',
    message: `invisible character ${name} ${placeInName(source.text, at)}: Ruby reads it as part of the name; delete it`,
    file,
    range: source.range(at, at + 1),
    hint: 'Delete the character, or retype the name; text copied from web pages and chats often carries such characters',
  };
}

/** Where the character stands in the name around it: `before \`gitlab_rails\``, `inside \`name\``. */
function placeInName(text: string, at: number): string {
  let start = at;
  while (start > 0 && isNameCharacter(text.charCodeAt(start - 1))) start--;
  let end = at + 1;
  while (end < text.length && isNameCharacter(text.charCodeAt(end))) end++;
  const visible = (from: number, to: number): string => text.slice(from, to).replace(INVISIBLE_PATTERN, '');
  const before = visible(start, at);
  const after = visible(at + 1, end);
  const name = before + after;
  if (name === '') return 'between names';
  if (before === '') return `before \`${name}\``;
  if (after === '') return `after \`${name}\``;
  return `inside \`${name}\``;
}

/** Ruby's identifier characters: ASCII letters, digits, `_`, and every non-ASCII character. */
function isNameCharacter(code: number): boolean {
  return code >= 0x80 || code === 0x5f || (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a);
}

/** Where characters are text, not code: string, regexp and quoted-symbol contents, comments, `__END__` data. */
function literalTextSpans(source: SourceText, result: ParseResult): Span[] {
  const spans: Span[] = [];
  const add = (loc: Location | null | undefined): void => {
    if (loc) spans.push([source.indexOfByte(loc.startOffset), source.indexOfByte(loc.startOffset + loc.length)]);
  };
  const visit = (node: Node): void => {
    // String, `x`-string and regexp nodes (interpolated ones hold such nodes for their text parts).
    if ('contentLoc' in node) {
      add(node.contentLoc as Location);
    } else if (isNode(node, 'SymbolNode') && isQuotedSymbol(source, node.openingLoc, node.closingLoc)) {
      add(node.valueLoc);
    }
    for (const child of children(node)) visit(child);
  };
  visit(result.value);
  for (const comment of result.comments) add(comment.location);
  add(result.dataLoc);
  return spans;
}

/** `:"na me"`, `"name":`, `%s(name)`: the name is a string, not an identifier. `name:` and `:name` are identifiers. */
function isQuotedSymbol(source: SourceText, opening: Location | null, closing: Location | null): boolean {
  const text = (loc: Location | null): string => (loc ? source.sliceBytes(loc.startOffset, loc.length) : ':');
  return text(opening) !== ':' || text(closing) !== ':';
}
