/**
 * The full command line, parsed by yargs: every command and option, help
 * texts and usage errors. main.ts sends here whatever its fast path declines.
 * Commands live in ./commands, one file each; the work itself is in the
 * library modules they import.
 */
import yargs, { type Argv } from 'yargs';
import { EXIT_OK, UsageError, type CliIO } from './io.js';
import { registerCallbacks } from './commands/callbacks.js';
import { registerExplain } from './commands/explain.js';
import { registerProviders } from './commands/providers.js';
import { registerRender, type runRender } from './commands/render.js';
import { registerShow } from './commands/show.js';
import { registerValidate, type runValidate } from './commands/validate.js';
import { HELP_WIDTH } from './fast-path.js';

type Register = (y: Argv, io: CliIO, done: (code: number) => void) => Argv;

/** Command implementations that can be swapped, so tests see the arguments yargs hands them. */
export interface CommandRunners {
  validate: typeof runValidate;
  render: typeof runRender;
}

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

/**
 * Parses `rawArgv` with yargs and runs the command; returns its exit code.
 * Usage errors are thrown as UsageError, for main.ts to report.
 */
export async function runWithYargs(rawArgv: readonly string[], io: CliIO, runners: Partial<CommandRunners> = {}): Promise<number> {
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
    .wrap(Math.min(HELP_WIDTH, process.stdout.columns || HELP_WIDTH))
    .exitProcess(false)
    .middleware(restoreStdinArgument, true)
    .fail((message, error) => {
      // yargs reports its own validation failures (and errors from `coerce`) as YError.
      if (!error || error.name === 'YError') throw new UsageError(error?.message ?? message);
      throw error;
    });
  const commands: readonly Register[] = [
    (y) => registerValidate(y, io, done, runners.validate),
    registerShow,
    (y) => registerRender(y, io, done, runners.render),
    registerCallbacks,
    registerExplain,
    registerProviders,
  ];
  for (const register of commands) parser = register(parser, io, done);

  let helpOutput = '';
  await parser.parseAsync([...argv], {}, (_err, _args, output) => {
    helpOutput = output;
  });
  if (helpOutput) io.stdout(helpOutput.endsWith('\n') ? helpOutput : helpOutput + '\n');
  return exitCode ?? EXIT_OK;
}
