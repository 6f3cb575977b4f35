/**
 * `callbacks FILE`: for each provider the file configures, the URLs to
 * register at the identity provider, from external_url (gitlab.rb) or
 * gitlab.host/port/https/relative_url_root (gitlab.yml).
 */
import type { Argv } from 'yargs';
import { compareDiagnostics } from '../../diagnostics/diagnostic.js';
import { maskUrlUserinfo } from '../../model/secrets.js';
import { readConfig } from '../../read/index.js';
import { formatDiagnosticLine } from '../../report/text.js';
import { readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIO } from '../io.js';
import { readOptionsFor, withInputLimit, withReadOptions } from './shared-options.js';

export function registerCallbacks(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'callbacks <file>',
    'Print the callback URLs to register at each configured identity provider',
    (c) =>
      withInputLimit(withReadOptions(c))
        .positional('file', { type: 'string', demandOption: true, describe: 'gitlab.rb, gitlab.yml or a fragment; - for stdin' })
        .option('external-url', { type: 'string', describe: 'GitLab\'s URL, when the file does not set it (or to override it)' })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON' })
        .example('sudo $0 callbacks /etc/gitlab/gitlab.rb', 'The URLs to register, from external_url')
        .example('$0 callbacks provider.yml --external-url https://gitlab.example.com', 'For a provider fragment, which has no URL of its own'),
    async (args) => {
      const { callbacksForModel, normalizeExternalUrl } = await import('../../catalog/callbacks.js');
      if (args.externalUrl !== undefined && normalizeExternalUrl(args.externalUrl) === null) {
        throw new UsageError(`--external-url takes an absolute http(s) URL such as https://gitlab.example.com, not \`${args.externalUrl}\``);
      }
      const input = await readInput(args.file, io, args.maxFileSize);
      const { model, diagnostics } = await readConfig(input.text, readOptionsFor(input.name, args));
      // A file that does not parse may list only some of its providers: say so, and fail.
      const errors = diagnostics.filter((d) => d.severity === 'error').sort(compareDiagnostics);
      for (const d of errors) io.stderr(formatDiagnosticLine(d) + '\n');
      const result = callbacksForModel(model, args.externalUrl);
      if (args.json) {
        const json = {
          external_url: result.externalUrl,
          ...(result.externalUrlProblem ? { external_url_problem: result.externalUrlProblem } : {}),
          providers: result.providers.map((p) => ({ name: p.name, ...(p.argsName !== undefined ? { args_name: p.argsName } : {}), strategy: p.strategy?.name ?? null, callbacks: p.callbacks })),
          unnamed_providers: result.unnamed,
        };
        io.stdout(maskUrlUserinfo(JSON.stringify(json, null, 2)) + '\n');
      } else {
        const { formatModelCallbacks } = await import('../../catalog/format.js');
        // A password in external_url is no part of a callback URL, and these go into tickets and IdP forms.
        io.stdout(maskUrlUserinfo(formatModelCallbacks(result)));
      }
      done(errors.length > 0 ? EXIT_FINDINGS : EXIT_OK);
    },
  );
}
