// Scaling benchmark: how much longer each gitlab-omniauth stage takes when its
// input grows 4x. `npm run bench:scaling`.
//
// Every workload runs the CLI (a new process, as users run it) on a generated
// input at n and at 4n and prints the wall times (best of BENCH_RUNS, default
// 3) and their ratio. Linear work gives about 4 (less, with start-up in both),
// n log n a little more, quadratic about 16. The process start-up is measured
// too (`--version`) and taken off both times before the ratio.
//
// BENCH_ONLY=TEXT runs only the workloads whose name contains TEXT; BENCH_BASELINE=DIR
// runs DIR/bin/gitlab-omniauth.js (another checkout, built) instead, for before/after figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as inputs from './scaling-inputs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : root, 'bin/gitlab-omniauth.js');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const only = process.env.BENCH_ONLY;

/** name, generator, n, file name, command (the file is appended). */
const WORKLOADS = [
  ['one-line gitlab.rb (show)', inputs.oneLineRb, 700, 'gitlab.rb', ['show', '--show-secrets']],
  ['one-line gitlab.rb (show, masked)', inputs.oneLineRb, 700, 'gitlab.rb', ['show']],
  ['many assignments gitlab.rb', inputs.manyAssignmentsRb, 2500, 'gitlab.rb', ['validate']],
  ['many providers gitlab.rb', inputs.manyProvidersRb, 400, 'gitlab.rb', ['validate']],
  ['many providers gitlab.yml', inputs.manyProvidersYml, 500, 'gitlab.yml', ['validate']],
  ['many providers render --format source', inputs.manyProvidersRb, 400, 'gitlab.rb', ['render', '--format', 'source', '--show-secrets']],
  ['syntax errors gitlab.rb', inputs.syntaxErrorsRb, 350, 'gitlab.rb', ['validate']],
  ['syntax errors gitlab.yml', inputs.syntaxErrorsYml, 22, 'gitlab.yml', ['show']],
  ['syntax errors, long lines gitlab.yml', inputs.longLinesYml, 100, 'gitlab.yml', ['validate']],
  ['long key gitlab.yml', inputs.longKeyYml, 20000, 'gitlab.yml', ['validate']],
  ['long key gitlab.rb', inputs.longKeyRb, 20000, 'gitlab.rb', ['validate']],
  ['deep nesting gitlab.yml', inputs.deepNestingYml, 300, 'gitlab.yml', ['validate']],
  ['alias bomb gitlab.yml', inputs.aliasBombYml, 8, 'gitlab.yml', ['validate']],
];

function best(args) {
  let min = Infinity;
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
    status = r.status ?? -1;
    if (status > 2) throw new Error(`${args.join(' ')}: exit ${status}\n${r.stderr.slice(0, 2000)}`);
  }
  return { ms: min, status };
}

const dir = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-scaling-'));
try {
  const startUp = best(['--version']).ms;
  console.log(`start-up (--version): ${startUp.toFixed(0)} ms, best of ${runs}`);
  console.log(['workload'.padEnd(42), 'size n'.padStart(9), 'size 4n'.padStart(9), 'n ms'.padStart(7), '4n ms'.padStart(7), 'ratio'.padStart(6)].join(' '));
  for (const [name, make, n, fileName, command] of WORKLOADS) {
    if (only && !name.includes(only)) continue;
    const row = [];
    for (const size of [n, 4 * n]) {
      const file = path.join(dir, `${size}-${fileName}`);
      const text = make(size);
      writeFileSync(file, text);
      row.push({ bytes: Buffer.byteLength(text), ...best([...command, file]) });
    }
    const [small, large] = row;
    // Below 50 ms of work past start-up the ratio is noise.
    const ratio = small.ms - startUp < 50 ? null : (large.ms - startUp) / (small.ms - startUp);
    console.log(
      [
        name.padEnd(42),
        `${(small.bytes / 1024).toFixed(0)} KiB`.padStart(9),
        `${(large.bytes / 1024).toFixed(0)} KiB`.padStart(9),
        small.ms.toFixed(0).padStart(7),
        large.ms.toFixed(0).padStart(7),
        (ratio === null ? 'n/a' : ratio.toFixed(1)).padStart(6),
      ].join(' '),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
