/**
 * `schema [provider]`: a JSON Schema for editors. Without a provider, the
 * schema of any provider entry (it picks the provider's own schema by name or
 * args.strategy_class); with one, that provider's schema; `settings` for the
 * omniauth settings.
 */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { EXIT_OK, UsageError, type CliIO } from '../io.js';

/** schemas/ in the package, from src/cli/commands or dist/cli/commands alike. */
const SCHEMA_DIR = new URL('../../../schemas/', import.meta.url);

export function registerSchema(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'schema [provider]',
    'Print a JSON Schema for editors: any provider entry, one provider\'s, or `settings`',
    (c) =>
      c
        .positional('provider', { type: 'string', describe: 'Provider name (saml, openid_connect, ...) or settings; default: any provider' })
        .example('$0 schema > provider.schema.json', 'The schema of any provider entry, for a Helm provider secret')
        .example('$0 schema saml', 'The SAML provider\'s schema'),
    async (args) => {
      const { ANY_PROVIDER_SCHEMA_FILE } = await import('../../catalog/schemas.js');
      const file = await schemaFile(args.provider, ANY_PROVIDER_SCHEMA_FILE);
      io.stdout(await readFile(new URL(file, SCHEMA_DIR), 'utf8'));
      done(EXIT_OK);
    },
  );
}

async function schemaFile(provider: string | undefined, anyProvider: string): Promise<string> {
  if (provider === undefined) return anyProvider;
  if (provider === 'settings') return 'settings.schema.json';
  const { PROVIDERS, providerByName } = await import('../../catalog/providers.js');
  const spec = providerByName(provider);
  if (spec) return `providers/${spec.name}.json`;
  const { suggestions } = await import('../../check/did-you-mean.js');
  const similar = suggestions(provider, PROVIDERS.map((p) => p.name), { limit: 3 });
  const hint = similar.length > 0 ? `; did you mean ${similar.map((s) => `\`${s}\``).join(' or ')}?` : '';
  throw new UsageError(`no schema for \`${provider}\`${hint} (gitlab-omniauth providers lists them)`);
}
