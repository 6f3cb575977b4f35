// Writes the V8 code cache of the bundled command line (dist/bundle/*.v8-cache,
// read by bin/bundle-loader.js): runs the common command lines once, in one
// process and through the same loader and V8 flags as bin/gitlab-omniauth.js,
// then saves each loaded chunk's compiled code, which then includes every
// function those runs compiled. scripts/bundle.mjs runs it after bundling,
// with its output discarded; it reads fixtures/ and writes nothing else.
//
// A cache is valid for the Node.js version and V8 flags that made it. Under
// another version V8 rejects it and compiles from the source, as if there
// were no cache.
'use strict';
const { readdirSync, rmSync, writeFileSync } = require('node:fs');
const path = require('node:path');
const { BUNDLE_DIR, cacheFileOf, loadChunk, loaded } = require('../bin/bundle-loader.js');

const root = path.join(__dirname, '..');
const fixture = (name) => path.join(root, 'fixtures', name);
const GITHUB = ['--preset', 'github', '--app-id', 'training-id', '--app-secret-env', 'GITHUB_APP_SECRET'];

/** What a pre-commit hook, CI job or administrator runs most: each path's code ends up in the cache. */
const TRAINING = [
  ['--help'],
  ['--version'],
  ['validate', fixture('cli/valid-gitlab.rb'), fixture('cli/typo-gitlab.rb'), fixture('cli/missing-comma-gitlab.rb')],
  ['validate', fixture('cli/valid-gitlab.yml'), fixture('source/gitlab.yml')],
  ['validate', fixture('omnibus/gitlab.rb'), '--reporter', 'json'],
  ['validate', fixture('docker/docker-compose.yml')],
  ['render', fixture('omnibus/gitlab.rb'), ...GITHUB, '--check'],
  ['render', fixture('source/gitlab.yml'), ...GITHUB, '--check'],
];

async function train() {
  for (const file of readdirSync(BUNDLE_DIR)) if (file.endsWith('.v8-cache')) rmSync(path.join(BUNDLE_DIR, file));
  const { main } = loadChunk(path.join(BUNDLE_DIR, 'cli.js'));
  for (const argv of TRAINING) await main(argv);
  process.exitCode = 0;
  for (const [file, { script }] of loaded) writeFileSync(cacheFileOf(file), script.createCachedData());
}

train().catch((error) => {
  process.stderr.write(`code cache: ${error.stack ?? error}\n`);
  process.exitCode = 1;
});
