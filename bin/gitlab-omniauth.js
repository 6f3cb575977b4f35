#!/usr/bin/env node
// Compiled entry point; `npm install` builds dist/ through the `prepare` script.
import '../dist/cli/bin.js';
