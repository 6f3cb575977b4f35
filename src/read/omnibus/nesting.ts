/**
 * How deeply a gitlab.rb nests, measured before Prism sees it.
 *
 * Prism (compiled to WASM) recurses once per level of nesting on a small C
 * stack with no guard page: at about 110 levels of `f(` or `"#{`, 120 of
 * `{a: `, 135 of `(` or 140 of `!` it throws, reports errors that are not
 * there, or corrupts its memory. Ruby itself reads such a file. Files
 * nested deeper than MAX_NESTING are therefore not given to Prism at all,
 * and the finding points at the bracket where the limit was passed.
 *
 * The scan is a tokenizer of brackets only: comments and the text of strings
 * do not count, string interpolation `#{` does, and so does a run of prefix
 * operators (`!!!x`, `- - x`), which Prism also reads recursively.
 */

/** Well below the shallowest depth measured to break Prism (110), far above any real configuration. */
export const MAX_NESTING = 100;

const OPENERS = new Set(['(', '[', '{']);
const CLOSERS = new Set([')', ']', '}']);
const PREFIX_OPERATORS = new Set(['!', '~', '-', '+', '*', '&']);

type Frame = 'code' | 'string' | 'interpolation';

/** The offset of the first character nested deeper than MAX_NESTING, or null. */
export function tooDeeplyNestedAt(text: string): number | null {
  const stack: Frame[] = [];
  let prefixRun = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    const inString = stack.at(-1) === 'string';
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') stack.pop();
      else if (c === '#' && text[i + 1] === '{') {
        stack.push('interpolation');
        i++;
        if (stack.length > MAX_NESTING) return i - 1;
      }
      continue;
    }
    if (PREFIX_OPERATORS.has(c)) {
      prefixRun++;
      if (stack.length + prefixRun > MAX_NESTING) return i;
      continue;
    }
    if (c !== ' ' && c !== '\t') prefixRun = 0;
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end;
    } else if (c === "'") {
      i = endOfSingleQuoted(text, i);
    } else if (c === '"') {
      stack.push('string');
      if (stack.length > MAX_NESTING) return i;
    } else if (OPENERS.has(c)) {
      stack.push('code');
      if (stack.length > MAX_NESTING) return i;
    } else if (CLOSERS.has(c)) {
      stack.pop();
    }
  }
  return null;
}

/** The index of the quote that closes the single-quoted string opened at `start` (or the end of the text). */
function endOfSingleQuoted(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === "'") return i;
  }
  return text.length;
}
