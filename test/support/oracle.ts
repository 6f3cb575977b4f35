/**
 * Real programs used as oracles (Ruby, pre-commit). On a developer machine a
 * missing oracle skips its tests; in CI (`CI=true`) it is a failure.
 */
import { spawnSync } from 'node:child_process';

const cache = new Map<string, boolean>();

export function hasProgram(name: string): boolean {
  let found = cache.get(name);
  if (found === undefined) {
    found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).status === 0;
    cache.set(name, found);
  }
  return found;
}

/**
 * Whether tests that need `program` should run. Throws in CI when it is
 * missing, so an oracle test can never silently turn into a skip there.
 */
export function oracleAvailable(program: string): boolean {
  if (hasProgram(program)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`oracle '${program}' is missing in CI: .ci/run must install it`);
  }
  return false;
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Ruby script (given as text) with `input` on stdin. */
export function runRuby(script: string, input = '', args: string[] = []): RunResult {
  const r = spawnSync('ruby', ['-e', script, '--', ...args], {
    input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
