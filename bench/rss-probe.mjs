// Loaded with --import into a benchmarked process: reports its peak memory on fd 3.
import { writeSync } from 'node:fs';
process.on('exit', () => {
  try {
    writeSync(3, `${process.resourceUsage().maxRSS}\n`);
  } catch {
    // fd 3 not open: run outside the benchmark
  }
});
