/**
 * `validate FILE...`: every finding in every file, as
 * `file:line:col severity rule-id message` or JSON. Exit 0 when there are no
 * errors, 1 when there are (or warnings past --max-warnings), 2 for usage or
 * I/O problems.
 */
import type { Argv } from 'yargs';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatJsonReport } from '../../report/json.js';
import { formatTextReport } from '../../report/text.js';
import { validateText } from '../../validate.js';
import { readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js';
import { readOptionsFor, withInputLimit, withReadOptions, withVersionOption } from './shared-options.js';

export function registerValidate(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'validate <files..>',
    'Check gitlab.rb / gitlab.yml files (or fragments) and report every problem at its line and column',
    (c) =>
      withInputLimit(withVersionOption(withReadOptions(c)))
        .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Files to check; - for stdin' })
        .option('reporter', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
        .option('max-warnings', { type: 'number', describe: 'Exit 1 when there are more warnings than this' })
        .option('quiet', { type: 'boolean', default: false, describe: 'Report errors only' }),
    async (args) => {
      if (args.maxWarnings !== undefined && (!Number.isInteger(args.maxWarnings) || args.maxWarnings < 0)) {
        throw new UsageError('--max-warnings takes a whole number, 0 or more');
      }
      const all: Diagnostic[] = [];
      // A file that cannot be read is reported and skipped: the others are still checked (exit 2 at the end).
      let unreadable = 0;
      for (const name of args.files) {
        let input;
        try {
          input = await readInput(name, io, args.maxFileSize);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          io.stderr(`gitlab-omniauth: ${error.message}\n`);
          unreadable++;
          continue;
        }
        const { diagnostics } = await validateText(input.text, {
          ...readOptionsFor(input.name, args),
          ...(args.gitlabVersion ? { gitlabVersion: args.gitlabVersion } : {}),
        });
        for (const d of diagnostics) all.push(d);
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
      if (unreadable > 0) done(EXIT_USAGE);
      else done(errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK);
    },
  );
}
