#!/usr/bin/env node
// The command line: runs the bundle in dist/bundle/ (scripts/bundle.mjs),
// which `npm install` builds through the `prepare` script. CommonJS (see
// bin/package.json), like the bundle, for the start-up reasons in
// bundle-loader.js.
'use strict';
const path = require('node:path');
const { BUNDLE_DIR, loadChunk } = require('./bundle-loader.js');

loadChunk(path.join(BUNDLE_DIR, 'cli.js')).main();
