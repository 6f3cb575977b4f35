// Loaded with --require into a CLI process under test: writes to fd 3, at
// exit, one line per chunk bin/bundle-loader.js loaded: its file name and
// whether V8 took its code cache (`taken`, `rejected`, or `none` when there
// was none to give), then the names of any exports whose live binding no
// longer holds the value bin/bundle-loader.js settled on.
'use strict';
const { writeSync } = require('node:fs');
const path = require('node:path');

const bundleLoader = require.resolve('../../bin/bundle-loader.js');
process.on('exit', () => {
  const loaded = require.cache[bundleLoader]?.exports.loaded ?? new Map();
  const lines = [...loaded].map(([file, { module, script, live }]) => {
    const state = script.cachedDataRejected === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'taken';
    const changed = Object.getOwnPropertyNames(live).filter((key) => !Object.is(live[key], module.exports[key]));
    return `${path.basename(file)} ${state}${changed.map((key) => ` ${key}`).join('')}\n`;
  });
  writeSync(3, lines.join(''));
});
