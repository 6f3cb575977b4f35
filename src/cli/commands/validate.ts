/**
 * `validate FILE...`: every finding in every file, as
 * `file:line:col severity rule-id message` or JSON. Exit 0 when there are no
 * errors, 1 when there are (or warnings past --max-warnings), 2 for usage or
 * I/O problems.
 *
 * The options are declared as data in VALIDATE_COMMAND: yargs gets them, and
 * the fast path (../fast-path.ts) parses the common command lines from the
 * same declarations without loading yargs. Declare new options there.
 */
import type { Argv } from 'yargs';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Format } from '../../model/types.js';
import { formatJsonReport } from '../../report/json.js';
import { formatTextReport } from '../../report/text.js';
import { validateText } from '../../validate.js';
import type { CommandDeclaration } from '../fast-path.js';
import { readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js';
import { READ_OPTIONS, VERSION_OPTIONS, readOptionsFor } from './shared-options.js';

export const VALIDATE_COMMAND = {
  name: 'validate',
  positional: { name: 'files', variadic: true, options: { type: 'string', array: true, demandOption: true, describe: 'Files to check; - for stdin' } },
  options: {
    ...READ_OPTIONS,
    ...VERSION_OPTIONS,
    reporter: { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' },
    'max-warnings': { type: 'number', describe: 'Exit 1 when there are more warnings than this' },
    quiet: { type: 'boolean', default: false, describe: 'Report errors only' },
  },
} as const satisfies CommandDeclaration;

/** What `validate` runs on: its arguments as yargs (or the fast path) parsed them. */
export interface ValidateArgs {
  files: string[];
  format?: Format | undefined;
  env: string;
  gitlabVersion?: string | undefined;
  reporter: 'text' | 'json';
  maxWarnings?: number | undefined;
  quiet: boolean;
}

export function registerValidate(y: Argv, io: CliIO, done: (code: number) => void, run = runValidate): Argv {
  const { positional, options } = VALIDATE_COMMAND;
  return y.command(
    `${VALIDATE_COMMAND.name} <${positional.name}..>`,
    'Check gitlab.rb / gitlab.yml files (or fragments) and report every problem at its line and column',
    (c) => c.options(options).positional(positional.name, positional.options),
    async (args) => done(await run(args, io)),
  );
}

export async function runValidate(args: ValidateArgs, io: CliIO): Promise<number> {
  if (args.maxWarnings !== undefined && (!Number.isInteger(args.maxWarnings) || args.maxWarnings < 0)) {
    throw new UsageError('--max-warnings takes a whole number, 0 or more');
  }
  const all: Diagnostic[] = [];
  for (const name of args.files) {
    const input = await readInput(name, io);
    const { diagnostics } = await validateText(input.text, {
      ...readOptionsFor(input.name, args),
      ...(args.gitlabVersion ? { gitlabVersion: args.gitlabVersion } : {}),
    });
    all.push(...diagnostics);
  }
  const shown = args.quiet ? all.filter((d) => d.severity === 'error') : all;
  if (args.reporter === 'json') {
    io.stdout(formatJsonReport(shown));
  } else {
    const { body, summary } = formatTextReport(shown, args.files.length);
    io.stdout(body);
    if (shown.length > 0 || io.stdoutIsTTY) io.stderr(summary);
  }
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const tooManyWarnings = args.maxWarnings !== undefined && warnings > args.maxWarnings;
  return errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}
