// Benchmark: wall time and peak memory of real gitlab-omniauth runs, the way a
// pre-commit hook starts it (a new process each time). `npm run bench`.
//
// Every workload is measured against `node -e 0` (and `yamllint -d relaxed`
// on the same gitlab.yml, when yamllint is installed) in the same run, paired:
// each round runs the reference and the workload back to back, in alternating
// order, and the ratio is the median of the per-round ratios. On a machine
// shared with other work the absolute times swing; the paired ratios much less.
//
// BENCH_RUNS=N sets the rounds (default 11). BENCH_BASELINE=DIR also runs
// DIR/bin/gitlab-omniauth.js (another checkout, built) in the same rounds, for
// before/after figures of a change. BENCH_ONLY=TEXT runs only the workloads
// whose name contains TEXT.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const probe = path.join(root, 'bench/rss-probe.cjs');
const runs = Number(process.env.BENCH_RUNS ?? 11);
const baseline = process.env.BENCH_BASELINE ? path.resolve(process.env.BENCH_BASELINE) : undefined;

const template = path.join(corpus, 'omnibus/gitlab.rb.template');
const example = path.join(corpus, 'source/gitlab.yml.example');

// 1,000 small gitlab.rb files, each a provider or two, for the many-files workload.
const manyDir = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-bench-'));
const manyFiles = Array.from({ length: 1000 }, (_, i) => {
  const file = path.join(manyDir, `gitlab-${i}.rb`);
  writeFileSync(
    file,
    `external_url 'https://gitlab${i}.example.com'\n` +
      `gitlab_rails['omniauth_enabled'] = true\n` +
      `gitlab_rails['omniauth_allow_single_sign_on'] = ['github']\n` +
      `gitlab_rails['omniauth_providers'] = [\n` +
      `  { name: 'github', app_id: 'id${i}', app_secret: ENV['GITHUB_SECRET'], args: { scope: 'user:email' } }\n` +
      `]\n`,
  );
  return file;
});

const WORKLOADS = [
  { name: '--help', args: ['--help'] },
  { name: 'validate gitlab.rb.template', args: ['validate', template] },
  { name: 'validate gitlab.yml.example', args: ['validate', example], yamllint: example },
  { name: 'validate small gitlab.rb', args: ['validate', 'fixtures/cli/valid-gitlab.rb'] },
  { name: 'validate small gitlab.yml', args: ['validate', 'fixtures/cli/valid-gitlab.yml'] },
  {
    name: 'render gitlab.rb --preset github --check',
    args: ['render', 'fixtures/omnibus/gitlab.rb', '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET', '--check'],
  },
  { name: 'validate 1,000 small gitlab.rb', args: ['validate', ...manyFiles] },
];

/** One process: wall ms and peak RSS in MiB (from the probe loaded with --require, or from the OS for other programs). */
function once(command, args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const probed = Number(String(r.output?.[3] ?? '').trim());
  return { ms, rssMiB: probed > 0 ? probed / 1024 : NaN, status: r.status };
}

const node = (args) => once(process.execPath, args);
const tool = (binDir, args) => node(['--require', probe, path.join(binDir, 'bin/gitlab-omniauth.js'), ...args]);
const yamllintAvailable = spawnSync('yamllint', ['--version'], { stdio: 'ignore' }).status === 0;

const median = (values) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Runs the reference(s) and the workload in `runs` paired rounds, alternating which goes first. */
function measure(workload) {
  const subjects = [
    ['node -e 0', () => node(['--require', probe, '-e', '0'])],
    ['new', () => tool(root, workload.args)],
    ...(baseline ? [['old', () => tool(baseline, workload.args)]] : []),
    ...(workload.yamllint && yamllintAvailable ? [['yamllint', () => once('yamllint', ['-d', 'relaxed', workload.yamllint])]] : []),
  ];
  const samples = Object.fromEntries(subjects.map(([key]) => [key, []]));
  for (let round = 0; round < runs; round++) {
    const order = round % 2 ? [...subjects].reverse() : subjects;
    for (const [key, run] of order) samples[key].push(run());
  }
  const ratio = (a, b) => median(samples[a].map((s, i) => s.ms / samples[b][i].ms));
  return {
    samples,
    ms: (key) => median(samples[key].map((s) => s.ms)),
    rss: (key) => median(samples[key].map((s) => s.rssMiB)),
    peakRss: (key) => Math.max(...samples[key].map((s) => s.rssMiB)),
    ratio,
    status: samples.new.at(-1).status,
  };
}

const fmt = (value, digits = 0) => (Number.isNaN(value) ? '–' : value.toFixed(digits));
const load = () => loadavg().map((l) => l.toFixed(1)).join(' ');

console.log(`node ${process.version}, ${runs} paired rounds per workload, load average at start ${load()}`);
console.log('Ratios are medians of per-round ratios; times are medians; RSS is the median and the highest peak RSS.\n');
const header = ['workload', 'ms', '× node -e 0', ...(baseline ? ['old ms', 'old × node', 'new ÷ old'] : []), '× yamllint', 'RSS MiB (max)', ...(baseline ? ['old RSS MiB'] : []), 'exit'];
console.log(`| ${header.join(' | ')} |`);
console.log(`|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
const nodeTimes = [];
try {
  for (const workload of WORKLOADS.filter((w) => w.name.includes(process.env.BENCH_ONLY ?? ''))) {
    const m = measure(workload);
    nodeTimes.push(...m.samples['node -e 0'].map((s) => s.ms));
    const hasYamllint = Boolean(m.samples.yamllint);
    const cells = [
      workload.name,
      fmt(m.ms('new')),
      `${fmt(m.ratio('new', 'node -e 0'), 2)}×`,
      ...(baseline ? [fmt(m.ms('old')), `${fmt(m.ratio('old', 'node -e 0'), 2)}×`, `${fmt(m.ratio('new', 'old'), 2)}×`] : []),
      hasYamllint ? `${fmt(m.ratio('new', 'yamllint'), 2)}×` : '',
      `${fmt(m.rss('new'), 1)} (${fmt(m.peakRss('new'), 1)})`,
      ...(baseline ? [`${fmt(m.rss('old'), 1)} (${fmt(m.peakRss('old'), 1)})`] : []),
      String(m.status),
    ];
    console.log(`| ${cells.join(' | ')} |`);
  }
} finally {
  rmSync(manyDir, { recursive: true, force: true });
}
console.log(`\nnode -e 0: median ${fmt(median(nodeTimes))} ms over all rounds; load average at end ${load()}`);
