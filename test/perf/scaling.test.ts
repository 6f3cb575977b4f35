/**
 * No stage grows much faster than its input. Each test measures work (the
 * characters a stage handles) on an input at n and at 4n, or on an input
 * that was quadratic before, never wall time alone; inputs are small so the
 * file stays fast. `npm run bench:scaling` times the same inputs at full size.
 */
import { describe, expect, it } from 'vitest';
import { longLinesYml, syntaxErrorsRb, syntaxErrorsYml } from '../../bench/scaling-inputs.mjs';
import { prismWork } from '../../src/read/omnibus/prism.js';
import { TRIAL_PARSE_BUDGET } from '../../src/read/omnibus/recovery.js';
import { readSource } from '../../src/read/source/reader.js';
import { validateText } from '../../src/validate.js';
import { MAX_ANALYSED_ERRORS, syntaxWork } from '../../src/read/source/syntax.js';

/** Work counted by `counter` while `run` reads `text`, per character of `text`. */
function workPerChar(counter: () => number, text: string, run: (text: string) => unknown): number {
  const before = counter();
  run(text);
  return (counter() - before) / text.length;
}

const readYml = (text: string): unknown => readSource(text, { file: 'gitlab.yml' });

describe('gitlab.yml with many syntax errors', () => {
  it('masks each line a bounded number of times, however many errors are on it', () => {
    // 40 items without commas per line: dozens of parser errors on each line, each analysed on its line.
    for (const n of [10, 40]) {
      const text = longLinesYml(n);
      expect(workPerChar(() => syntaxWork.masked, text, readYml)).toBeLessThan(4);
    }
  });

  it('does the same work per character on the mutated gitlab.yml.example at n and 4n', () => {
    const small = workPerChar(() => syntaxWork.masked, syntaxErrorsYml(2), readYml);
    const large = workPerChar(() => syntaxWork.masked, syntaxErrorsYml(8), readYml);
    expect(small).toBeLessThan(5);
    expect(large).toBeLessThan(5);
  });

  it('analyses the first errors and says how many more there are', () => {
    const text = longLinesYml(60);
    const { diagnostics } = readSource(text, { file: 'gitlab.yml' });
    const note = diagnostics.find((d) => d.severity === 'info' && /more YAML syntax errors after line \d+ were not analysed/.test(d.message));
    expect(note).toBeDefined();
    const more = Number(/^(\d+)/.exec(note?.message ?? '')?.[1]);
    expect(more).toBeGreaterThan(0);
    expect(diagnostics.filter((d) => d.rule === 'yaml-syntax' && d.severity === 'error').length).toBeGreaterThan(0);
    expect(MAX_ANALYSED_ERRORS).toBeGreaterThanOrEqual(100);
  });

  it('reports a line the YAML parser cannot take apart (it overflows its stack) as a finding, not a crash', () => {
    const text = `production:\n  omniauth:\n    providers:\n      - { ${Array.from({ length: 6000 }, (_, i) => `k${i}: 'v'`).join(' ')} }\n`;
    const { diagnostics } = readSource(text, { file: 'gitlab.yml' });
    expect(diagnostics).toEqual([
      expect.objectContaining({ rule: 'yaml-syntax', severity: 'error', message: expect.stringMatching(/YAML parser gave up/) as unknown }),
    ]);
  });
});

describe('gitlab.rb with many syntax errors', () => {
  it('hands Prism a bounded multiple of the file, however many commas are missing', async () => {
    for (const n of [150, 600]) {
      const text = syntaxErrorsRb(n);
      const before = prismWork.chars;
      const result = await validateText(text, { file: 'gitlab.rb' });
      // The trial parses, plus the reader's own parses of the file (as written and as a list).
      expect((prismWork.chars - before) / text.length).toBeLessThanOrEqual(TRIAL_PARSE_BUDGET + 3);
      // Still one finding per repaired comma, at the comma, and Prism's error where the search stopped.
      const syntax = result.diagnostics.filter((d) => d.rule === 'ruby-syntax');
      expect(syntax[0]).toMatchObject({ message: 'missing `,` before `app_id:`', range: { start: { line: 3, column: 19 } } });
      expect(syntax.length).toBeGreaterThan(2);
    }
  });
});
