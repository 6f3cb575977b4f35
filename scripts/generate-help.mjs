// Writes dist/cli/help.txt: the top-level --help text as yargs prints it to a
// pipe, so `gitlab-omniauth --help` can print it without loading yargs
// (src/cli/fast-path.ts). Run after tsc (npm run build).
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist/cli/help.txt');

// Without the old text the CLI asks yargs; stdout is a pipe, so yargs wraps at the full help width.
rmSync(out, { force: true });
const r = spawnSync(process.execPath, [path.join(root, 'bin/gitlab-omniauth.js'), '--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
if (r.status !== 0 || r.stderr !== '' || !r.stdout.includes('Commands:')) {
  throw new Error(`gitlab-omniauth --help failed (exit ${r.status}): ${r.stderr}`);
}
writeFileSync(out, r.stdout);
console.log(`wrote ${path.relative(root, out)}`);
