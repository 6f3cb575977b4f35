/**
 * No stage grows much faster than its input. Each test measures work (the
 * characters a stage handles) on an input at n and at 4n, or on an input
 * that was quadratic before, never wall time alone; inputs are small so the
 * file stays fast. `npm run bench:scaling` times the same inputs at full size.
 */
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { longLinesYml, syntaxErrorsRb, syntaxErrorsYml } from '../../bench/scaling-inputs.mjs';
import { editWork, suggestions } from '../../src/check/did-you-mean.js';
import { maskSecretText } from '../../src/model/secret-text.js';
import type { OmniauthModel } from '../../src/model/types.js';
import { prismWork } from '../../src/read/omnibus/prism.js';
import { TRIAL_PARSE_BUDGET, TRIAL_PARSE_FLOOR } from '../../src/read/omnibus/recovery.js';
import { readSource } from '../../src/read/source/reader.js';
import { validateText } from '../../src/validate.js';
import { maskSecrets } from '../../src/write/diff-preview.js';
import { MAX_ANALYSED_ERRORS, MAX_ERRORS_PER_LINE, syntaxDiagnostics, syntaxWork } from '../../src/read/source/syntax.js';
import { SourceText } from '../../src/text/source-text.js';

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
    // One missing comma on each of 12 lines, analysed with a limit of 10 (the default is MAX_ANALYSED_ERRORS).
    const text = `production:\n  omniauth:\n    providers:\n${'      - { a: 1 b: 2 }\n'.repeat(12)}`;
    const errors = parseAllDocuments(text, { version: '1.1', schema: 'failsafe' }).flatMap((d) => d.errors);
    expect(errors).toHaveLength(12);
    const diagnostics = syntaxDiagnostics(errors, text, new SourceText(text), 'gitlab.yml', { errors: 10, perLine: MAX_ERRORS_PER_LINE });
    expect(diagnostics.filter((d) => d.severity === 'error')).toHaveLength(10);
    expect(diagnostics.filter((d) => d.severity === 'info').map((d) => d.message)).toEqual(['2 more YAML syntax errors after line 13 were not analysed']);
    // Within the default limits, every line gets its finding and there is no note.
    const all = syntaxDiagnostics(errors, text, new SourceText(text), 'gitlab.yml');
    expect(all.filter((d) => d.severity === 'error')).toHaveLength(12);
    expect(all.some((d) => d.severity === 'info')).toBe(false);
    expect(MAX_ANALYSED_ERRORS).toBeGreaterThanOrEqual(10_000);
  });

  it('analyses a few errors per line, so later lines still get their finding', () => {
    // 40 items without commas on each of 300 lines: far more errors than are analysed, one finding per line.
    const { diagnostics } = readSource(longLinesYml(300), { file: 'gitlab.yml' });
    const commas = diagnostics.filter((d) => d.rule === 'yaml-syntax' && d.severity === 'error' && d.message.startsWith('Missing `,`'));
    expect(commas).toHaveLength(300);
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
    for (const n of [1100, 2200]) {
      const text = syntaxErrorsRb(n);
      expect(text.length).toBeGreaterThan(TRIAL_PARSE_FLOOR);
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

  it('still repairs a small file mistake by mistake', async () => {
    // 60 missing commas in 4 KB: every round of the search fits the budget, one finding per comma it repairs.
    const result = await validateText(syntaxErrorsRb(60), { file: 'gitlab.rb' });
    const commas = result.diagnostics.filter((d) => d.rule === 'ruby-syntax' && d.message === 'missing `,` before `app_id:`');
    expect(commas.length).toBeGreaterThanOrEqual(25);
  });
});

describe('secret masking on long lines', () => {
  // One line holding thousands of providers, secrets written as Ruby expressions (not quoted).
  const oneLine = (n: number): string =>
    `gitlab_rails['omniauth_providers'] = [${Array.from({ length: n }, (_, i) => `{ name: 'x', app_secret: ENV['S${i}'], secret: abc${i} }`).join(', ')}]\n`;

  // Their cost at n and 4n is measured by `npm run bench:scaling` (one-line gitlab.rb, long keys), not timed here.
  it('masks the secrets of a one-line file of thousands of providers', () => {
    expect(maskSecretText(oneLine(2000))).not.toMatch(/abc\d/);
    const masked = maskSecretText(oneLine(3));
    expect(masked).not.toMatch(/abc\d/);
    expect(masked).toContain("app_secret: ENV['S2']");
  });

  it('masks a file with a 20,000-character key', () => {
    const longKey = (n: number): string => `gitlab_rails['omniauth_${'x'.repeat(n)}'] = true\nx = { ${'y'.repeat(n)} }\n`;
    expect(maskSecretText(longKey(20_000))).toBe(longKey(20_000));
    expect(maskSecretText("{ 'app_secret' => 'a1', app_secret => 'b2', :client_secret => 'c3' }\n")).toBe(
      "{ 'app_secret' => '********', app_secret => '********', :client_secret => '********' }\n",
    );
  });

  it('masks every secret of a preview with thousands of them', () => {
    const text = (n: number): string => `x = [${Array.from({ length: n }, (_, i) => `{ app_secret: 'secret-${i}' }`).join(', ')}]\n`;
    const model = (t: string): OmniauthModel => {
      const providers = [...t.matchAll(/'secret-\d+'/g)].map((m) => ({
        value: {
          kind: 'mapping',
          entries: [{ key: 'app_secret', value: { kind: 'string', range: { start: { offset: m.index }, end: { offset: m.index + m[0].length } } } }],
        },
      }));
      return { providers } as unknown as OmniauthModel;
    };
    const large = text(3000);
    expect(maskSecrets(large, model(large))).not.toMatch(/secret-\d/);
    const small = text(2);
    expect(maskSecrets(small, model(small))).toBe("x = [{ app_secret: '********' }, { app_secret: '********' }]\n");
  });
});

describe('did-you-mean on a long key', () => {
  it('compares a 20,000-character key with each candidate within the distance it may suggest, not all of it', () => {
    const candidates = Array.from({ length: 300 }, (_, i) => `some_setting_name_${i}`);
    const before = editWork.cells;
    expect(suggestions(`${'a'.repeat(20_000)}x`, candidates)).toEqual([]);
    // A full table is 20,000 x 20 cells per candidate; a band of 3 either side of the diagonal is at most 7 a row.
    expect(editWork.cells - before).toBeLessThan(candidates.length * 7 * 25);
    expect(suggestions('some_seting_name_1', candidates)[0]).toBe('some_setting_name_1');
  });
});
