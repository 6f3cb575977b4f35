import { describe, expect, it } from 'vitest';
import { applyEdits, insertAfterLast } from '../../src/edit/text-edits.js';

const RUBY_COMMENT = /^[ \t]*#/;

/** Inserts `new: 3` after the element ending just before the marker `|`. */
function after(text: string, multiline: boolean, items = ['new: 3']): string {
  const end = text.indexOf('|');
  const plain = text.replace('|', '');
  return applyEdits(plain, insertAfterLast(plain, end, items, { multiline, indent: '  ', comment: RUBY_COMMENT }));
}

describe('insertAfterLast: new items after the last element of a collection', () => {
  it.each([
    ['one line', '{ a: 1| }', false, '{ a: 1, new: 3 }'],
    ['one line, trailing comma', '{ a: 1|, }', false, '{ a: 1, new: 3, }'],
    ['lines of their own', '{\n  a: 1|\n}', true, '{\n  a: 1,\n  new: 3\n}'],
    ['trailing comma style kept', '{\n  a: 1|,\n}', true, '{\n  a: 1,\n  new: 3,\n}'],
    ['after the comment that ends the line', '{\n  a: 1| # note\n}', true, '{\n  a: 1, # note\n  new: 3\n}'],
    ['trailing comma and comment', '{\n  a: 1|, # note\n}', true, '{\n  a: 1, # note\n  new: 3,\n}'],
  ])('%s', (_, text, multiline, expected) => {
    expect(after(text, multiline)).toBe(expected);
  });

  it('puts commas between several new items, none after the last', () => {
    expect(after('{\n  a: 1| # note\n}', true, ['b: 2', 'c: 3'])).toBe('{\n  a: 1, # note\n  b: 2,\n  c: 3\n}');
  });
});
