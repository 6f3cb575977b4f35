/**
 * The fuzzing harness: mutated corpus snippets and fixtures, with secret
 * markers planted at every secret key, fed to `validate`, `show --json` and
 * `render --stdout` in-process (and a sample through the real CLI). Every run
 * must end without an uncaught exception or exit 3, within a time bound, and
 * with no planted secret in its output.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';
import { leakedMarkers, markerFactory, markersAtSecretKeys, plantSecretMarkers } from '../support/fuzz-secrets.js';
import { mutate, prng } from './mutations.js';

export const FUZZ_FIXTURES = path.join(repoRoot, 'fixtures/fuzz');

export interface Seed {
  /** The file name the input is given as: decides the format as for a user. */
  fileName: string;
  text: string;
}

export interface FuzzFailure {
  kind: 'crash' | 'slow' | 'secret';
  fileName: string;
  command: string;
  reason: string;
  applied: string[];
  input: Buffer;
}

export interface FuzzOptions {
  seed: number;
  /** Inputs to generate (each runs one of the three commands in turn). */
  count: number;
  /** How many of them also run through the real CLI process. */
  processSample: number;
  /** The most one in-process run may take. */
  maxRunMs: number;
  /** Where to keep each failing input as a regression fixture (none: not kept). */
  saveDir?: string;
  log?: (line: string) => void;
}

export interface FuzzReport {
  inputs: number;
  runs: number;
  processRuns: number;
  slowestMs: number;
  failures: FuzzFailure[];
}

const FILE_NAME_BY_KIND: Record<string, string> = { omnibus: 'gitlab.rb', source: 'gitlab.yml', helm: 'values.yaml', docker: 'docker-compose.yml' };

/** Corpus snippets and the project's fixtures (not the fuzz fixtures: they are regression inputs). */
export function loadSeeds(): Seed[] {
  const manifest = JSON.parse(readFileSync(path.join(corpusRoot, 'snippets/manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
  const seeds: Seed[] = manifest
    .filter((e) => FILE_NAME_BY_KIND[e.kind])
    .map((e) => ({ fileName: FILE_NAME_BY_KIND[e.kind] as string, text: readFileSync(path.join(corpusRoot, 'snippets', e.file), 'utf8') }));
  const fixtures = path.join(repoRoot, 'fixtures');
  for (const dir of readdirSync(fixtures)) {
    if (dir === 'fuzz') continue;
    // Recursive: some fixture folders group their files further (fixtures/docker/forms/).
    for (const entry of readdirSync(path.join(fixtures, dir), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const file = entry.name;
      const text = readFileSync(path.join(entry.parentPath, file), 'utf8');
      const fileName = file.endsWith('.rb') ? 'gitlab.rb' : file.includes('compose') ? 'docker-compose.yml' : file.endsWith('.json') ? 'provider.json' : 'gitlab.yml';
      seeds.push({ fileName, text });
    }
  }
  return seeds;
}

export interface FuzzCommand {
  args: (file: string) => string[];
  /** `render --stdout` prints the user's own file, secrets and all: only its stderr must hold none. */
  stdoutIsTheFile: boolean;
}

const COMMANDS: readonly FuzzCommand[] = [
  { args: (file) => ['validate', file], stdoutIsTheFile: false },
  { args: (file) => ['show', file, '--json'], stdoutIsTheFile: false },
  { args: (file) => ['render', file, '--set', 'block_auto_created_users=false', '--stdout'], stdoutIsTheFile: true },
  { args: (file) => ['render', file, '--set', 'block_auto_created_users=false'], stdoutIsTheFile: false },
];

/**
 * The time a run may take: the bound, plus a linear allowance for inputs past
 * 64 KiB (50 ms per KiB: the suite runs beside other test files on two cores),
 * so a large input is held to linear cost rather than to the bound of a small
 * one. A quadratic stage still blows through it.
 */
export function timeBound(maxRunMs: number, bytes: number): number {
  return maxRunMs + Math.max(0, Math.ceil((bytes - 65_536) / 1024)) * 50;
}

/** What is wrong with one run's result, or null. */
export function judge(
  run: { code: number; stdout: string; stderr: string },
  ms: number,
  maxRunMs: number,
  secrets: readonly string[],
  stdoutIsTheFile = false,
): string | null {
  if (run.code === 3 || /internal error/.test(run.stderr)) return `exit ${run.code}: ${run.stderr.split('\n')[0] ?? ''}`;
  if (/^\s+at .+:\d+:\d+\)?$/m.test(run.stderr)) return 'stack trace on stderr';
  if (ms > maxRunMs) return `took ${Math.round(ms)} ms (limit ${maxRunMs} ms)`;
  const shown = stdoutIsTheFile ? run.stderr : run.stdout + run.stderr;
  const leaked = leakedMarkers(shown, secrets);
  if (leaked.length > 0) {
    const line = shown.split('\n').find((l) => l.includes(leaked[0] as string)) ?? '';
    return `secret shown without --show-secrets: ${line.trim().slice(0, 200)}`;
  }
  return null;
}

/** Markers planted in a saved input (they are kept in the fixture). */
export function markersIn(text: string): string[] {
  return [...new Set(text.match(/ZzSecret[0-9a-z]+q[0-9a-z]+Zz/g) ?? [])];
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const random = prng(options.seed);
  const seeds = loadSeeds();
  const nextMarker = markerFactory(options.seed);
  const planted = seeds.map((s) => {
    const p = plantSecretMarkers(s.text, nextMarker);
    return { fileName: s.fileName, bytes: Buffer.from(p.text), markers: p.markers };
  });
  const work = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-fuzz-'));
  const report: FuzzReport = { inputs: 0, runs: 0, processRuns: 0, slowestMs: 0, failures: [] };
  const processEvery = options.processSample > 0 ? Math.max(1, Math.floor(options.count / options.processSample)) : Infinity;
  try {
    for (let i = 0; i < options.count; i++) {
      const seed = planted[Math.floor(random() * planted.length)] as (typeof planted)[number];
      const { bytes, applied } = mutate(seed.bytes, random);
      const dir = path.join(work, String(i % 8));
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, seed.fileName);
      writeFileSync(file, bytes);
      const secrets = markersAtSecretKeys(bytes.toString('latin1'), seed.markers);
      const command = COMMANDS[i % COMMANDS.length] as FuzzCommand;
      const args = command.args(file);
      report.inputs++;
      const fail = (reason: string, command: string): void => {
        const kind = reason.startsWith('secret') ? 'secret' : reason.startsWith('took') ? 'slow' : 'crash';
        report.failures.push({ kind, fileName: seed.fileName, command, reason, applied, input: bytes });
        options.log?.(`FAIL #${i} [${applied.join('+')}] ${command}: ${reason}`);
        if (options.saveDir) saveFailure(options.saveDir, seed.fileName, bytes);
      };
      const started = performance.now();
      try {
        const run = await runInProcess(args);
        const ms = performance.now() - started;
        report.slowestMs = Math.max(report.slowestMs, ms);
        if (ms > 1_000) options.log?.(`slow #${i} [${applied.join('+')}] ${args[0]} ${seed.fileName} ${bytes.length} bytes: ${Math.round(ms)} ms`);
        report.runs++;
        const problem = judge(run, ms, timeBound(options.maxRunMs, bytes.length), secrets, command.stdoutIsTheFile);
        if (problem) fail(problem, args[0] as string);
      } catch (error) {
        fail(`uncaught ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`, args[0] as string);
      }
      if (i % processEvery === 0) {
        const started2 = performance.now();
        const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/gitlab-omniauth.js'), ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } });
        report.processRuns++;
        const problem = judge({ code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }, 0, Infinity, secrets, command.stdoutIsTheFile);
        if (r.status === null) fail(`process did not finish (${r.signal ?? r.error?.message ?? 'timeout'}) after ${Math.round(performance.now() - started2)} ms`, `process ${args[0]}`);
        else if (problem) fail(problem, `process ${args[0]}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return report;
}

function saveFailure(dir: string, fileName: string, bytes: Buffer): void {
  mkdirSync(dir, { recursive: true });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  writeFileSync(path.join(dir, `${hash}.${fileName}`), bytes);
}

/** The regression fixtures: `<hash>.<file name>`, run as the user's file of that name. */
export function fuzzFixtures(): Array<{ path: string; fileName: string }> {
  let names: string[] = [];
  try {
    names = readdirSync(FUZZ_FIXTURES).filter((n) => /^[0-9a-f]{12}\./.test(n));
  } catch {
    return [];
  }
  return names.map((n) => ({ path: path.join(FUZZ_FIXTURES, n), fileName: n.slice(13) }));
}

export { COMMANDS as FUZZ_COMMANDS };
