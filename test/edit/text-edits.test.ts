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

describe('applyEdits: several insertions at one offset', () => {
  it('puts the deeper collection’s new entries first, whatever order they were made in', () => {
    // `args:` ends where its provider ends: its new key must land inside it, the provider's after it.
    const text = '- name: x\n  args:\n    a: 1\nnext: 2\n';
    const at = text.indexOf('\nnext');
    const outer = { start: at, end: at, text: '\n  label: L', depth: 0 };
    const inner = { start: at, end: at, text: '\n    b: 2', depth: 1 };
    const expected = '- name: x\n  args:\n    a: 1\n    b: 2\n  label: L\nnext: 2\n';
    expect(applyEdits(text, [outer, inner])).toBe(expected);
    expect(applyEdits(text, [inner, outer])).toBe(expected);
  });

  it('keeps the given order at one depth, and inserts before a replacement starting there', () => {
    expect(applyEdits('abc', [{ start: 1, end: 1, text: 'X' }, { start: 1, end: 1, text: 'Y' }])).toBe('aXYbc');
    expect(applyEdits('abc', [{ start: 1, end: 2, text: 'R' }, { start: 1, end: 1, text: 'I' }])).toBe('aIRc');
  });
});
