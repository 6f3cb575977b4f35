/**
 * The command line: the fast path for the common command lines, yargs for
 * everything else (loaded only then), and the one place that maps failures to
 * exit codes.
 */
import type { RenderArgs } from './commands/render.js';
import { VALIDATE_COMMAND, runValidate, type ValidateArgs } from './commands/validate.js';
import { parseFast, prebuiltHelp } from './fast-path.js';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io.js';

/** Its declaration loads with the command (render.ts imports more than a validate run needs). */
const RENDER_NAME = 'render';

/** Runs a command that reports its exit code through a callback. */
async function runToExitCode(run: (done: (code: number) => void) => Promise<void>): Promise<number> {
  let code = EXIT_OK;
  await run((c) => {
    code = c;
  });
  return code;
}

export async function runCli(rawArgv: readonly string[], io: CliIO): Promise<number> {
  try {
    const help = prebuiltHelp(rawArgv, process.stdout.columns);
    if (help !== undefined) {
      io.stdout(help);
      return EXIT_OK;
    }
    const validate = parseFast(rawArgv, VALIDATE_COMMAND);
    if (validate) return await runValidate(validate as unknown as ValidateArgs, io);
    if (rawArgv[0] === RENDER_NAME) {
      const { RENDER_COMMAND, runRender } = await import('./commands/render.js');
      const render = parseFast(rawArgv, RENDER_COMMAND);
      if (render) return await runToExitCode((done) => runRender(render as unknown as RenderArgs, io, done));
    }
    const { runWithYargs } = await import('./yargs-cli.js');
    return await runWithYargs(rawArgv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`gitlab-omniauth: ${error.message}\n`);
      if (!/^cannot /.test(error.message)) io.stderr('Run gitlab-omniauth --help for usage.\n');
      return EXIT_USAGE;
    }
    // Anything else is a bug in gitlab-omniauth, not a user mistake: say so briefly.
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`gitlab-omniauth: internal error: ${message}\n`);
    if (io.env.GITLAB_OMNIAUTH_DEBUG && error instanceof Error && error.stack) io.stderr(error.stack + '\n');
    return EXIT_INTERNAL;
  }
}
