/**
 * `doctor FILE`: asks each configured identity provider whether the
 * configuration still matches it (the only command that uses the network).
 * Exit 1 when a check finds a problem.
 */
import type { Argv } from 'yargs';
import { readConfig } from '../../read/index.js';
import { readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.js';
import { readOptionsFor, withReadOptions } from './shared-options.js';

export function registerDoctor(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'doctor <file>',
    'Ask each configured identity provider whether the configuration still matches it (uses the network)',
    (c) =>
      withReadOptions(c)
        .positional('file', { type: 'string', demandOption: true, describe: 'gitlab.rb or gitlab.yml' })
        .option('saml-metadata', { type: 'string', describe: 'The SAML IdP\'s metadata (FILE or URL): compare the configured certificate with its current signing certificate' })
        .option('reporter', { choices: ['text', 'json'] as const, default: 'text' as const, describe: 'Output format' })
        .option('allow-http', { type: 'boolean', default: false, describe: 'Allow plain http URLs' })
        .option('ca-file', { type: 'string', describe: 'PEM file of a CA to trust besides the system\'s' }),
    async (args) => {
      const input = await readInput(args.file, io);
      const { model } = await readConfig(input.text, readOptionsFor(input.name, args));
      const ca = args.caFile === undefined ? undefined : (await readInput(args.caFile, io)).text;
      const { runDoctor, formatDoctorTable, hasProblems } = await import('../../doctor/doctor.js');
      const reports = await runDoctor(model, {
        fetch: { allowHttp: args.allowHttp, ...(ca !== undefined ? { ca } : {}) },
        ...(args.samlMetadata !== undefined ? { samlMetadata: args.samlMetadata } : {}),
        readFile: (name) => readInput(name, io),
      });
      io.stdout(args.reporter === 'json' ? `${JSON.stringify({ providers: reports }, null, 2)}\n` : formatDoctorTable(reports));
      done(hasProblems(reports) ? EXIT_FINDINGS : EXIT_OK);
    },
  );
}
