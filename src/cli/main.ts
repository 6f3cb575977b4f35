/**
 * The command line: argument parsing, command dispatch and the one place that
 * maps failures to exit codes. Commands live in ./commands, one file each;
 * the work itself is in the library modules they import.
 */
import yargs, { type Argv } from 'yargs';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io.js';
import { registerCallbacks } from './commands/callbacks.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExplain } from './commands/explain.js';
import { registerProviders } from './commands/providers.js';
import { registerRender } from './commands/render.js';
import { registerShow } from './commands/show.js';
import { registerValidate } from './commands/validate.js';

type Register = (y: Argv, io: CliIO, done: (code: number) => void) => Argv;

const COMMANDS: readonly Register[] = [registerValidate, registerShow, registerRender, registerCallbacks, registerDoctor, registerExplain, registerProviders];

/**
 * yargs-parser turns a lone `-` positional into an empty string, so `-`
 * (standard input) is swapped for this token before parsing and back in a
 * middleware before any command sees its arguments.
 */
const STDIN_TOKEN = '\u0000stdin';

function restoreStdinArgument(args: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(args)) {
    if (value === STDIN_TOKEN) args[key] = '-';
    else if (Array.isArray(value)) args[key] = value.map((v) => (v === STDIN_TOKEN ? '-' : v));
  }
}

export async function runCli(rawArgv: readonly string[], io: CliIO): Promise<number> {
  const argv = rawArgv.map((arg) => (arg === '-' ? STDIN_TOKEN : arg));
  let exitCode: number | undefined;
  const done = (code: number): void => {
    exitCode = code;
  };

  let parser: Argv = yargs([...argv])
    .scriptName('gitlab-omniauth')
    .usage('$0 <command> [options]\n\nRead, validate and render GitLab OmniAuth settings in gitlab.rb and gitlab.yml.')
    .strict()
    .demandCommand(1, 'Name a command: validate, show, render, callbacks, explain or providers')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .middleware(restoreStdinArgument, true)
    .fail((message, error) => {
      // yargs reports its own validation failures (and errors from `coerce`) as YError.
      if (!error || error.name === 'YError') throw new UsageError(error?.message ?? message);
      throw error;
    });
  for (const register of COMMANDS) parser = register(parser, io, done);

  try {
    let helpOutput = '';
    await parser.parseAsync([...argv], {}, (_err, _args, output) => {
      helpOutput = output;
    });
    if (helpOutput) io.stdout(helpOutput.endsWith('\n') ? helpOutput : helpOutput + '\n');
    return exitCode ?? EXIT_OK;
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
