/**
 * A bounded fuzzing run in every test run (a fixed seed and 2,000 inputs when
 * CI=true; a fresh seed and fewer inputs on a developer machine),
 * and every input the fuzzer ever kept in fixtures/fuzz/ as a regression.
 * `npm run fuzz` runs longer and keeps what fails.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';
import { markersAtSecretKeys } from '../support/fuzz-secrets.js';
import { FUZZ_COMMANDS, FUZZ_FIXTURES, fuzzFixtures, judge, markersIn, runFuzz } from './harness.js';

const CI = process.env.CI === 'true';
const count = Number(process.env.FUZZ_COUNT ?? (CI ? 10_000 : 600));
const seed = Number(process.env.FUZZ_SEED ?? (CI ? 20_251_203 : Math.floor(Math.random() * 2 ** 31)));
const saveDir = process.env.FUZZ_SAVE === '1' ? FUZZ_FIXTURES : undefined;
/** Generous for a loaded CI machine; a hang or a quadratic blow-up still passes it by far. */
const MAX_RUN_MS = 10_000;

describe('fuzzing', () => {
  it(`${count} mutated inputs: no crash, no exit 3, no hang, no secret shown`, { timeout: 60 * 60 * 1000 }, async () => {
    const started = performance.now();
    const report = await runFuzz({
      seed,
      count,
      processSample: CI ? 12 : 3,
      maxRunMs: MAX_RUN_MS,
      ...(saveDir ? { saveDir } : {}),
      log: (line) => console.log(line),
    });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: seed ${seed}, ${report.inputs} inputs, ${report.runs} in-process runs, ${report.processRuns} process runs, ` +
        `${report.failures.length} failures, slowest run ${Math.round(report.slowestMs)} ms, ${seconds} s`,
    );
    expect(report.inputs).toBe(count);
    const describe = (f: (typeof report.failures)[number]): string => `${f.command} [${f.applied.join('+')}] ${f.reason}`;
    expect(report.failures.map(describe)).toEqual([]);
  });

  const fixtures = fuzzFixtures();
  it.skipIf(fixtures.length === 0)(`the ${fixtures.length} inputs kept in fixtures/fuzz/ pass every command`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-fuzz-fixtures-'));
    try {
      for (const fixture of fixtures) {
        const file = path.join(dir, fixture.fileName);
        copyFileSync(fixture.path, file);
        const text = readFileSync(file, 'latin1');
        const secrets = markersAtSecretKeys(text, markersIn(text));
        for (const command of FUZZ_COMMANDS) {
          const args = command.args(file);
          const started = performance.now();
          const run = await runInProcess(args);
          const problem = judge(run, performance.now() - started, MAX_RUN_MS, secrets, command.stdoutIsTheFile);
          expect(problem, `${path.basename(fixture.path)}: ${args.join(' ')}`).toBeNull();
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
