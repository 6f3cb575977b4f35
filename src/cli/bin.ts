/**
 * Process entry point: real streams in, exit code out.
 */
import { setFlagsFromString } from 'node:v8';
import { runCli } from './main.js';

// Prism is WASM, compiled on every run and used for one parse: V8's baseline
// compiler alone (no optimizing tier), validating functions as they first
// run, halves its load and parse time. Set here, for the command line only,
// before anything compiles: a program using the library may run WASM long
// enough to need the optimizing tier.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-lazy-validation');

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin,
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
