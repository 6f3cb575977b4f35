/**
 * Process entry point: real streams in, exit code out. This module is the
 * entry of the bundle in dist/bundle/ (scripts/bundle.mjs), which
 * bin/gitlab-omniauth.js loads and runs by calling `main`.
 */
import { DEFAULT_MAX_FILE_SIZE, decodeUtf8, tooLarge } from './files.js';
import { runCli } from './main.js';

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
let pipesWatched = false;

/**
 * Runs one command line on the real process: its streams, environment and
 * working directory; the exit code goes to `process.exitCode`.
 * bin/gitlab-omniauth.js calls it once; the build's code-cache training calls
 * it for several command lines in one process.
 */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  if (!pipesWatched) {
    endQuietlyOnClosedPipe(process.stdout);
    endQuietlyOnClosedPipe(process.stderr);
    pipesWatched = true;
  }
  process.exitCode = await runCli(argv, {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  });
}
