/**
 * `providers`: the provider catalog with each provider's status in a GitLab
 * version (current, deprecated, removed).
 */
import type { Argv } from 'yargs';
import { EXIT_OK, type CliIO } from '../io.js';
import { withVersionOption } from './shared-options.js';

export function registerProviders(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'providers',
    'List the OmniAuth providers GitLab knows, with their status for a GitLab version',
    (c) =>
      withVersionOption(c)
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON (docs links and strategy classes included)' })
        .example('$0 providers', 'Every provider and its status in the newest GitLab')
        .example('$0 providers --gitlab-version 16.11 --json', 'The same for GitLab 16.11, as JSON'),
    async (args) => {
      const { formatProviderList, providerRows } = await import('../../catalog/format.js');
      io.stdout(args.json ? JSON.stringify(providerRows(args.gitlabVersion), null, 2) + '\n' : formatProviderList(args.gitlabVersion));
      done(EXIT_OK);
    },
  );
}
