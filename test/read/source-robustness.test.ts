/**
 * The reader never crashes, whatever the user's editor left in the file: real
 * snippets with the typing mistakes people make (a bracket, quote, comma,
 * colon, tab or line break added or lost, ERB half written), and every
 * finding points inside the file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSource } from '../../src/read/source/reader.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');
const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
const texts = manifest
  .filter((e) => e.kind === 'source' || e.kind === 'helm')
  .map((e) => readFileSync(path.join(corpus, 'snippets', e.file), 'utf8'));

const TYPOS = ['{', '}', '[', ']', ',', ':', "'", '"', '#', '-', '\t', '\n', '  ', '=>', '<%', '%>', '<%= x %>', '<% if x %>', '&a ', '*a', '<<: ', '...', '✓'];

const edit = fc.record({
  text: fc.constantFrom(...texts),
  at: fc.nat(),
  remove: fc.nat({ max: 3 }),
  insert: fc.constantFrom(...TYPOS),
});

describe('robustness', () => {
  it('reads any snippet with a typo without throwing, findings inside the file', () => {
    fc.assert(
      fc.property(edit, ({ text, at, remove, insert }) => {
        const pos = at % (text.length + 1);
        const typo = text.slice(0, pos) + insert + text.slice(pos + remove);
        const { model, diagnostics } = readSource(typo, { file: 'x.yml' });
        expect(model.format).toBe('source');
        for (const d of diagnostics) {
          expect(d.range).not.toBeNull();
          expect(d.range?.start.offset).toBeGreaterThanOrEqual(0);
          expect(d.range?.end.offset).toBeLessThanOrEqual(typo.length);
          expect(d.message).not.toContain('\n');
        }
      }),
      { numRuns: 400, seed: 20261125 },
    );
  });
});
