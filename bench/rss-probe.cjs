// Loaded with --require into a benchmarked process: reports its peak memory on
// fd 3. CommonJS, so that measuring does not start Node's ES module loader in
// a command line that does not use it.
'use strict';
const { writeSync } = require('node:fs');

process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 not open: run outside the benchmark
  }
});
