/**
 * `show FILE --json`: the OmniAuth model of one file, as GitLab would see it.
 */
import type { Argv } from 'yargs';
import { compareDiagnostics } from '../../diagnostics/diagnostic.js';
import type { SecretWords } from '../../model/secret-text.js';
import { modelToJson, type Json } from '../../model/to-json.js';
import { readConfig } from '../../read/index.js';
import { formatDiagnosticLine } from '../../report/text.js';
import { readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, type CliIO } from '../io.js';
import { readOptionsFor, withInputLimit, withReadOptions } from './shared-options.js';

export function registerShow(y: Argv, io: CliIO, done: (code: number) => void): Argv {
  return y.command(
    'show <file>',
    'Print the OmniAuth settings and providers a file defines',
    (c) =>
      withInputLimit(withReadOptions(c))
        .positional('file', { type: 'string', demandOption: true, describe: 'gitlab.rb, gitlab.yml or a fragment; - for stdin' })
        .option('json', { type: 'boolean', default: false, describe: 'Print JSON (the default output is JSON too, indented)' })
        .option('show-secrets', { type: 'boolean', default: false, describe: 'Print secret values instead of ********' })
        .example('sudo $0 show /etc/gitlab/gitlab.rb', 'The providers and settings of a gitlab.rb, secrets masked')
        .example('$0 show config/gitlab.yml --env development', 'The development section of a gitlab.yml'),
    async (args) => {
      const input = await readInput(args.file, io, args.maxFileSize);
      const { model, diagnostics } = await readConfig(input.text, readOptionsFor(input.name, args));
      let json: unknown = modelToJson(model, { showSecrets: args.showSecrets });
      if (!args.showSecrets) {
        // The model masks the values at secret keys it sees; a damaged file can put a secret's text under
        // another key (a mangled line makes the certificate above it a key). The text's own secret
        // positions catch those: plain string values only, so environment variable names stay visible.
        const { SecretWords } = await import('../../model/secret-text.js');
        json = redactStrings(json as Json, new SecretWords(input.text));
      }
      io.stdout(JSON.stringify(json, null, 2) + '\n');
      const problems = diagnostics.filter((d) => d.severity === 'error').sort(compareDiagnostics);
      for (const d of problems) io.stderr(formatDiagnosticLine(d) + '\n');
      done(problems.length > 0 ? EXIT_FINDINGS : EXIT_OK);
    },
  );
}

function redactStrings(value: Json, words: SecretWords): Json {
  if (typeof value === 'string') return words.redact(value);
  if (Array.isArray(value)) return value.map((item) => redactStrings(item, words));
  if (value === null || typeof value !== 'object') return value;
  // `{"$ruby": ...}` / `{"$erb": ...}`: expressions, already masked where they could hold a secret.
  if ('$ruby' in value || '$erb' in value) return value;
  // Keys too: a mangled file can make a secret's text a key.
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [words.redact(k), redactStrings(v, words)]));
}
