/**
 * Process entry point: real streams in, exit code out.
 */
import { setFlagsFromString } from 'node:v8';
import { DEFAULT_MAX_FILE_SIZE, decodeUtf8, tooLarge } from './files.js';
import { runCli } from './main.js';

// Prism is WASM, compiled on every run and used for one parse: V8's baseline
// compiler alone (no optimizing tier), validating functions as they first
// run, halves its load and parse time. Set here, for the command line only,
// before anything compiles: a program using the library may run WASM long
// enough to need the optimizing tier.
setFlagsFromString('--liftoff-only');
setFlagsFromString('--wasm-lazy-validation');
// A run is short: a function V8 optimizes with TurboFan there is mostly
// compiled for nothing, on a core the run needs (a fifth of checking
// gitlab.yml.example, a quarter of a thousand small files in one call, and
// memory). Four times V8's default budget before a function is optimized
// leaves a typical run to the baseline tiers; only a long run (a file of
// megabytes) reaches TurboFan, a little later than by default.
setFlagsFromString(`--interrupt-budget=${4 * 66 * 1024}`);

/** Standard input up to `maxBytes` (stdin from /dev/zero never ends), refused when it is not UTF-8, as a named file is. */
async function readStdin(maxBytes = DEFAULT_MAX_FILE_SIZE): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw tooLarge('<stdin>', maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  return decodeUtf8(Buffer.concat(chunks, total), '<stdin>');
}

/**
 * Exit status when the reader of our output went away (`show FILE | head -1`):
 * what a program killed by SIGPIPE ends with, which Node ignores by default.
 */
const EXIT_CLOSED_PIPE = 128 + 13;

/** A closed pipe ends the run quietly, as it ends `cat`: no stack trace, nothing more written. */
function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_CLOSED_PIPE);
    throw error;
  });
}
endQuietlyOnClosedPipe(process.stdout);
endQuietlyOnClosedPipe(process.stderr);

const code = await runCli(process.argv.slice(2), {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin,
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTTY: Boolean(process.stdout.isTTY),
});
process.exitCode = code;
