import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceText } from '../../src/text/source-text.js';

describe('SourceText', () => {
  const text = '# Zürich ✓\r\nname: "x" 😀 y\nlast';
  const src = new SourceText(text);

  it('counts columns in characters, not UTF-16 units or bytes', () => {
    const y = text.indexOf('y');
    expect(src.position(y)).toEqual({ offset: y, line: 2, column: 13 });
  });

  it('maps UTF-8 byte offsets (as Prism reports them) to string indices', () => {
    const bytesBefore = (s: string) => Buffer.byteLength(text.slice(0, text.indexOf(s)), 'utf8');
    for (const needle of ['name', '"x"', 'y', 'last']) {
      expect(src.indexOfByte(bytesBefore(needle))).toBe(text.indexOf(needle));
    }
    expect(src.sliceBytes(bytesBefore('"x"'), 3)).toBe('"x"');
  });

  it('gives line text without CRLF or LF line endings', () => {
    expect(src.lineText(1)).toBe('# Zürich ✓');
    expect(src.lineText(2)).toBe('name: "x" 😀 y');
    expect(src.lineText(3)).toBe('last');
    expect(src.lineCount).toBe(3);
  });

  it('converts a line and character column back to an index', () => {
    expect(src.offsetAtLineColumn(2, 13)).toBe(text.indexOf('y'));
    expect(src.rangeAtLineColumn(1, 3, 6).start.offset).toBe(2);
  });
});

describe('SourceText byte offsets of ASCII text', () => {
  it('are string indices, clamped to the text', () => {
    const src = new SourceText("gitlab_rails['omniauth_enabled'] = true\n");
    expect(src.indexOfByte(0)).toBe(0);
    expect(src.indexOfByte(13)).toBe(13);
    expect(src.sliceBytes(14, 16)).toBe('omniauth_enabled');
    expect(src.indexOfByte(10_000)).toBe(src.text.length);
    expect(src.indexOfByte(-3)).toBe(0);
  });

  it('are not string indices once a character outside ASCII comes first', () => {
    const src = new SourceText('# é\nx');
    expect(src.indexOfByte(Buffer.byteLength('# é\n', 'utf8'))).toBe(4);
  });
});

describe('SourceText positions on any text', () => {
  /** Line and column counted the slow, obvious way: code points from the line start. */
  const naive = (text: string, offset: number): { line: number; column: number } => {
    const before = text.slice(0, offset);
    const lineStart = before.lastIndexOf('\n') + 1;
    return { line: before.split('\n').length, column: [...before.slice(lineStart)].length + 1 };
  };

  it('match a count from the line start, with line breaks, surrogate pairs and lone low surrogates anywhere', () => {
    const unit = fc.constantFrom('a', '\n', '\r', 'é', '😀', '\uDE00', ' ');
    // A lone high surrogate at the very end is one character too.
    const texts = fc.tuple(fc.array(unit, { maxLength: 40 }), fc.boolean()).map(([units, lone]) => units.join('') + (lone ? '\uD83D' : ''));
    fc.assert(
      fc.property(texts, (text) => {
        const src = new SourceText(text);
        expect(src.lineCount).toBe(text.split('\n').length);
        for (let offset = 0; offset <= text.length; offset++) {
          // Inside a pair the column is the pair's own: compare at character boundaries only.
          if (offset > 0 && /[\uD800-\uDBFF]/.test(text[offset - 1] ?? '') && /[\uDC00-\uDFFF]/.test(text[offset] ?? '')) continue;
          expect(src.position(offset), `${JSON.stringify(text)} at ${offset}`).toMatchObject(naive(text, offset));
        }
      }),
      { numRuns: 300 },
    );
  });
});
