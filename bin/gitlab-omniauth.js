#!/usr/bin/env node
// Compiled entry point: the command line bundled into dist/bundle/ (scripts/bundle.mjs);
// `npm install` builds it through the `prepare` script.
import '../dist/bundle/cli.js';
