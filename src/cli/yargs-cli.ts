/**
 * The full command line, parsed by yargs: every command and option, help
 * texts and usage errors. main.ts sends here whatever its fast path declines.
 * Commands live in ./commands, one file each; the work itself is in the
 * library modules they import.
 */
import yargs, { type Argv } from 'yargs';
import { EXIT_OK, UsageError, type CliIO } from './io.js';
import { registerCallbacks } from './commands/callbacks.js';
import { registerDoctor } from './commands/doctor.js';
import { registerExplain } from './commands/explain.js';
import { registerProviders } from './commands/providers.js';
import { registerRender, type runRender } from './commands/render.js';
import { registerSchema } from './commands/schema.js';
import { registerShow } from './commands/show.js';
import { registerValidate, type runValidate } from './commands/validate.js';
import { HELP_WIDTH } from './fast-path.js';
import { packageInfo } from '../version.js';

type Register = (y: Argv, io: CliIO, done: (code: number) => void) => Argv;

/** Command implementations that can be swapped, so tests see the arguments yargs hands them. */
export interface CommandRunners {
  validate: typeof runValidate;
  render: typeof runRender;
}

const COMMAND_NAMES = ['validate', 'show', 'render', 'callbacks', 'doctor', 'explain', 'providers', 'schema', 'completion'] as const;

/** `help [command]`, as git and npm have it: the same text as `command --help`. */
function registerHelp(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'help [command]',
    'Show the help of a command (the same as COMMAND --help)',
    (c) =>
      c
        .positional('command', { type: 'string', choices: COMMAND_NAMES, describe: 'Command to explain' })
        .example('$0 help validate', 'The options of validate')
        .example('$0 help render', 'The options of render'),
    async (args) => {
      done(await runWithYargs(args.command === undefined ? ['--help'] : [args.command, '--help'], io));
    },
  );
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
 * yargs-parser removes one pair of quotes around the value of `--flag=VALUE`
 * (`--label='"x"'` would arrive as `x`). The shell has already removed the
 * user's own quoting, so what is left is the value exactly as meant: an
 * extra pair of quotes around such a value is what the parser takes away.
 */
function protectQuotedValue(arg: string): string {
  const match = /^(-{1,2}[^=\s]+=)(.*)$/s.exec(arg);
  const value = match?.[2];
  if (!match || value === undefined || !/^['"]/.test(value) || value.at(-1) !== value[0]) return arg;
  return `${match[1]}"${value}"`;
}

/**
 * Parses `rawArgv` with yargs and runs the command; returns its exit code.
 * Usage errors are thrown as UsageError, for main.ts to report.
 */
export async function runWithYargs(rawArgv: readonly string[], io: CliIO, runners: Partial<CommandRunners> = {}): Promise<number> {
  const argv = rawArgv.map((arg) => (arg === '-' ? STDIN_TOKEN : protectQuotedValue(arg)));
  let exitCode: number | undefined;
  const done = (code: number): void => {
    exitCode = code;
  };

  let parser: Argv = yargs([...argv])
    .scriptName('gitlab-omniauth')
    .usage('$0 <command> [options]\n\nRead, validate and render GitLab OmniAuth settings in gitlab.rb and gitlab.yml.')
    .strict()
    .demandCommand(1, 'Name a command: validate, show, render, callbacks, doctor, explain, providers or schema')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version('version', 'Show the version number', packageInfo().version)
    .alias('v', 'version')
    .completion('completion', 'Print a bash/zsh completion script (gitlab-omniauth completion >> ~/.bashrc)')
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
    registerDoctor,
    registerExplain,
    registerProviders,
    registerSchema,
  ];
  for (const register of commands) parser = register(parser, io, done);
  parser = registerHelp(parser, io, done)
    .example('$0 validate /etc/gitlab/gitlab.rb', 'Check a gitlab.rb')
    .example('$0 render /etc/gitlab/gitlab.rb --preset github --app-id ID --app-secret-env GITHUB_SECRET', 'Preview adding GitHub sign-in')
    .example('$0 help validate', 'The options of one command');

  let helpOutput = '';
  await parser.parseAsync([...argv], {}, (_err, _args, output) => {
    helpOutput = output;
  });
  if (helpOutput) io.stdout(helpOutput.endsWith('\n') ? helpOutput : helpOutput + '\n');
  return exitCode ?? EXIT_OK;
}
