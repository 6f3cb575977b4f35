// Differential check for start-up work: runs the built CLI over every corpus
// snippet and a set of command lines, and records stdout, stderr and exit code
// of each run. `node bench/differential.js record FILE` writes them;
// `node bench/differential.js compare FILE` runs again and lists every case
// whose output or exit code differs (exit 1 when any does).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');
const bin = path.join(root, 'bin/gitlab-omniauth.js');
const template = path.join(corpus, 'omnibus/gitlab.rb.template');
const example = path.join(corpus, 'source/gitlab.yml.example');
const fx = (name) => path.join('fixtures', name);

const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8'));
const snippets = manifest.map((e) => path.join(corpus, 'snippets', e.file));

/** Command lines beyond one `validate` per snippet: every command, common flags, usage errors. */
const COMMANDS = [
  [],
  ['--help'],
  ['-h'],
  ['help'],
  ['--version'],
  ['nonsense'],
  ['validate'],
  ['validate', '--help'],
  ['validate', template],
  ['validate', example],
  ['validate', example, '--reporter', 'json'],
  ['validate', template, '--reporter=json', '--quiet'],
  ['validate', fx('cli/valid-gitlab.rb'), fx('cli/valid-gitlab.yml'), fx('cli/typo-gitlab.rb'), fx('cli/missing-comma-gitlab.rb')],
  ['validate', fx('cli/typo-gitlab.rb'), '--max-warnings', '0'],
  ['validate', fx('cli/typo-gitlab.rb'), '--max-warnings', '-1'],
  ['validate', fx('cli/typo-gitlab.rb'), '--max-warnings', 'x'],
  ['validate', fx('cli/typo-gitlab.rb'), '--gitlab-version', '15.0'],
  ['validate', fx('cli/typo-gitlab.rb'), '--gitlab-version', 'banana'],
  ['validate', fx('source/gitlab.yml'), '--env', 'development'],
  ['validate', fx('source/helm-values.yml'), '--format', 'source'],
  ['validate', fx('omnibus/gitlab.rb'), '--format', 'yaml'],
  ['validate', fx('omnibus/gitlab.rb'), '--unknown-flag'],
  ['validate', 'no-such-file.rb'],
  ['validate', 'fixtures'],
  ['validate', fx('docker/docker-compose.yml')],
  ['validate', ...snippets.slice(0, 60)],
  ['validate', ...snippets.slice(60, 120), '--reporter', 'json'],
  ['show', fx('omnibus/gitlab.rb')],
  ['show', fx('source/gitlab.yml'), '--json', '--show-secrets'],
  ['show', template],
  ['show'],
  ['callbacks', fx('callbacks/gitlab-com.rb')],
  ['callbacks', fx('callbacks/gitlab.yml'), '--json'],
  ['callbacks', fx('callbacks/google-fragment.yml'), '--external-url', 'https://gitlab.example.com'],
  ['callbacks', fx('callbacks/google-fragment.yml'), '--external-url', 'nope'],
  ['explain'],
  ['explain', 'unknown-setting'],
  ['explain', 'unknwn-setting'],
  ['providers'],
  ['providers', '--json', '--gitlab-version', '16.0'],
  ['render', '--help'],
  ['render', fx('omnibus/gitlab.rb'), '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET', '--check'],
  ['render', fx('omnibus/gitlab.rb'), '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET'],
  ['render', fx('source/gitlab.yml'), '--name', 'saml', '--arg', 'issuer=https://gitlab.example.com', '--stdout'],
  ['render', template, '--name', 'gitlab', '--app-id', 'id', '--app-secret-env', 'GITLAB_SECRET', '--arg', 'scope=api'],
  ['render', '--format', 'source', '--preset', 'gitlab', '--app-id', 'id', '--app-secret-env', 'S'],
  ['render', fx('omnibus/gitlab.rb'), '--format', 'source'],
  ['render', fx('omnibus/gitlab.rb'), '--check', '--write', '--name', 'x'],
  ['render', fx('render/busy.gitlab.rb'), '--remove', 'twitter', '--check'],
];

const cases = [...COMMANDS.map((args) => ({ args })), ...snippets.map((file) => ({ args: ['validate', file] }))];

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.stdin.end();
    child.on('close', (status) =>
      resolve({ args, status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }),
    );
  });
}

async function runAll() {
  const results = new Array(cases.length);
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const i = next++;
      results[i] = await run(cases[i].args);
    }
  };
  await Promise.all(Array.from({ length: availableParallelism() }, worker));
  return results;
}

const [mode, file] = process.argv.slice(2);
if (!['record', 'compare'].includes(mode) || !file) {
  console.error('usage: node bench/differential.js record|compare FILE');
  process.exit(2);
}
const results = await runAll();
if (mode === 'record') {
  writeFileSync(file, JSON.stringify(results, null, 1));
  console.log(`recorded ${results.length} cases in ${file}`);
} else {
  const before = JSON.parse(readFileSync(file, 'utf8'));
  const key = (r) => JSON.stringify(r.args);
  const old = new Map(before.map((r) => [key(r), r]));
  let differing = 0;
  for (const r of results) {
    const o = old.get(key(r));
    if (!o) continue;
    for (const field of ['status', 'stdout', 'stderr']) {
      if (o[field] !== r[field]) {
        differing++;
        console.log(`DIFF ${field}: ${r.args.join(' ')}\n  before: ${JSON.stringify(o[field]).slice(0, 300)}\n  after:  ${JSON.stringify(r[field]).slice(0, 300)}`);
      }
    }
  }
  console.log(`${results.length} cases, ${differing} differences`);
  process.exit(differing ? 1 : 0);
}
