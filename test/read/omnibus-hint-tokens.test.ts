/**
 * The repair hints name the token a mistake comes after, and hide it when it
 * is a secret's value. Those tokens are found from the end of the line, in
 * time linear in the token; the patterns they replace (tried at every start,
 * quadratic on a line that is one long word: a 40 KB line took a minute) are
 * the reference here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyBefore, lastTokenStart } from '../../src/read/omnibus/recovery.js';

const TOKEN = /(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^\s,]+)$/;
const KEY = /["':]?(\w+)["']?\s*(?::|=>)\s*$/;
const line = fc.string({ unit: fc.constantFrom('a', '9', '_', ' ', ',', '"', "'", '\\', ':', '=', '>', '\t'), maxLength: 14 });

describe('hint tokens read from the end of a line', () => {
  it('the last token is what the reference pattern matches', () => {
    fc.assert(
      fc.property(line, (text) => {
        const m = TOKEN.exec(text);
        expect(text.slice(lastTokenStart(text))).toBe(m ? m[0] : '');
      }),
      { numRuns: 5000 },
    );
  });

  it('the key before it is what the reference pattern captures', () => {
    fc.assert(
      fc.property(line, (text) => {
        expect(keyBefore(text)).toBe(KEY.exec(text)?.[1]);
      }),
      { numRuns: 5000 },
    );
  });

  it('a line that is one 200,000-character word is read in one pass', () => {
    const word = `x = ${'9'.repeat(200_000)}`;
    expect(lastTokenStart(word)).toBe(4);
    expect(keyBefore(`${'a'.repeat(200_000)} y`)).toBeUndefined();
  });
});
