// Loads the bundled command line: the CommonJS chunks in dist/bundle/ that
// scripts/bundle.mjs makes, each compiled with the V8 code cache the build
// wrote beside it (scripts/code-cache.cjs). A run of the tool is short and
// compiling its code is a large part of it; with the cache V8 reads the
// compiled functions instead of parsing and compiling them again.
//
// CommonJS on purpose: an ES module entry starts Node's ES module loader, a
// fixed cost on every run, and Node 20 keeps no code cache for ES modules.
// This file and the chunks are the whole start-up path.
'use strict';
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { setFlagsFromString } = require('node:v8');
const vm = require('node:vm');

// Set before any chunk compiles, and the same for the build's training run:
// V8 accepts a code cache only under the flags it was made with.
//
// Prism is WASM, compiled on every run and used for one parse: V8's baseline
// compiler alone (no optimizing tier), validating functions as they first
// run, halves its load and parse time. Only the command line sets them: a
// program using the library may run WASM long enough to need the optimizing
// tier.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-lazy-validation');
// A run is short: a function V8 optimizes with TurboFan there is mostly
// compiled for nothing, on a core the run needs. Eight times V8's default
// budget before a function is optimized leaves a typical run to the baseline
// tiers: checking gitlab.yml.example takes a quarter less CPU time than at
// four times (where TurboFan still compiled the YAML parser's loops) and a
// tenth less wall time. Only a long run (a file of hundreds of kilobytes)
// reaches TurboFan, a little later than by default: a 750 KB gitlab.yml of
// 2,500 providers takes about 4% longer than at four times.
setFlagsFromString(`--interrupt-budget=${8 * 66 * 1024}`);

const BUNDLE_DIR = path.join(__dirname, '..', 'dist', 'bundle');

/** Where the code cache of a chunk is kept. */
const cacheFileOf = (chunkFile) => `${chunkFile}.v8-cache`;

/**
 * The chunks loaded so far, by file, in load order: their module, compiled
 * script, and the exports as the chunk made them (`live`, see `settled`).
 */
const loaded = new Map();

/**
 * A chunk's exports, loading it (and the chunks it requires) on first use.
 * A cache V8 rejects (another Node version, other flags) costs nothing but
 * the read: V8 then compiles from the source as without one. V8 checks a
 * cache against its source's length only, so the build writes both together
 * and nothing else may change a chunk.
 */
function loadChunk(file) {
  const known = loaded.get(file);
  if (known) return known.module.exports;
  const module = { exports: {} };
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFileOf(file));
  } catch {
    // No cache: compiled from the source.
  }
  // The chunks were ES modules: strict mode, as they were written.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {'use strict';${source}\n})`, {
    filename: file,
    cachedData,
  });
  const entry = { module, script, live: undefined };
  loaded.set(file, entry);
  // A chunk requires other chunks and Node's built-in modules only (scripts/bundle.mjs checks).
  const requireFromChunk = (specifier) => (specifier.startsWith('./') ? loadChunk(path.join(BUNDLE_DIR, specifier)) : require(specifier));
  script.runInThisContext().call(module.exports, module.exports, requireFromChunk, module, file, BUNDLE_DIR);
  entry.live = module.exports;
  module.exports = settled(module.exports);
  return module.exports;
}

/**
 * A chunk's exports as plain values. esbuild's CommonJS exports are getters,
 * twice over, to keep ES module live bindings: every call into another chunk
 * would run two getters (they made a thousand-file run about 5% slower than
 * the ES module build). No exported binding
 * changes once its chunk has run (test/cli/start-up-loading.test.ts checks
 * the common runs at exit), so the values are read once. A chunk still
 * running when another requires it (a cycle) hands out its live exports.
 */
function settled(live) {
  const plain = {};
  for (const key of Object.getOwnPropertyNames(live)) {
    const { enumerable } = Object.getOwnPropertyDescriptor(live, key);
    Object.defineProperty(plain, key, { value: live[key], enumerable });
  }
  return plain;
}

module.exports = { BUNDLE_DIR, cacheFileOf, loadChunk, loaded };
