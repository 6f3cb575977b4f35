// Benchmark: wall time and peak memory of real gitlab-omniauth runs, the way a
// pre-commit hook starts it (a new process each time). `npm run bench`.
// Prints a table; numbers are medians over several runs.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const bin = path.join(root, 'bin/gitlab-omniauth.js');
const probe = path.join(root, 'bench/rss-probe.mjs');
const runs = Number(process.env.BENCH_RUNS ?? 7);

const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8'));
const snippets = manifest
  .filter((e) => ['omnibus', 'source', 'helm'].includes(e.kind))
  .map((e) => path.join(corpus, 'snippets', e.file));

const cases = [
  ['--help (start-up only)', ['--help']],
  ['validate gitlab.rb.template (3,774 lines)', ['validate', path.join(corpus, 'omnibus/gitlab.rb.template')]],
  ['validate gitlab.yml.example', ['validate', path.join(corpus, 'source/gitlab.yml.example')]],
  ['validate small gitlab.rb', ['validate', path.join(root, 'fixtures/cli/valid-gitlab.rb')]],
  ['validate small gitlab.yml', ['validate', path.join(root, 'fixtures/cli/valid-gitlab.yml')]],
  [`validate ${snippets.length} corpus snippets in one call`, ['validate', ...snippets]],
  [
    'render: add gitlab provider to gitlab.rb.template (diff)',
    ['render', '--format', 'omnibus', path.join(corpus, 'omnibus/gitlab.rb.template'), '--name', 'gitlab', '--app-id', 'id', '--app-secret-env', 'GITLAB_SECRET', '--arg', 'scope=api'],
  ],
];

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(args) {
  const times = [];
  const rss = [];
  let status = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', probe, bin, ...args], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    rss.push(Number(String(r.output[3] ?? '').trim()) / 1024);
    status = r.status ?? -1;
  }
  return { ms: median(times), min: Math.min(...times), rssMiB: median(rss), status };
}

console.log(`node ${process.version}, ${runs} runs each, median wall time and peak RSS\n`);
console.log('| case | median ms | min ms | peak RSS MiB | exit |');
console.log('|---|---:|---:|---:|---:|');
for (const [name, args] of cases) {
  const m = measure(args);
  console.log(`| ${name} | ${m.ms.toFixed(0)} | ${m.min.toFixed(0)} | ${m.rssMiB.toFixed(1)} | ${m.status} |`);
}
