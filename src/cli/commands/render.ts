/**
 * `render [FILE]`: merge a provider (or settings) into gitlab.rb / gitlab.yml
 * with the smallest possible change. Default: print the diff. `--check`
 * exits 1 when the file would change, `--stdout` prints the whole new file,
 * `--write` writes it atomically. Without a FILE, or with `--format` naming
 * the other format, prints a fresh OmniAuth section instead.
 *
 * Exit codes: 0 done (or nothing to change); 1 the edit brings in errors
 * (unless --force) or --check found a change; 2 usage, unreadable file, or an edit
 * the tool refuses or could not verify (nothing written).
 */
import path from 'node:path';
import type { Argv } from 'yargs';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Format, OmniauthModel } from '../../model/types.js';
import { detectFormat, isDockerCompose } from '../../read/detect.js';
import { formatDiagnosticLine } from '../../report/text.js';
import { describeFsError, readInput } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js';
import { presetNames } from '../../edit/presets.js';
import type { CommandDeclaration, ParsedOptions } from '../fast-path.js';
import { INPUT_LIMIT_OPTIONS, VERSION_OPTIONS } from './shared-options.js';

export const RENDER_COMMAND = {
  name: 'render',
  positional: { name: 'file', variadic: false, options: { type: 'string', describe: 'gitlab.rb, gitlab.yml, a Compose file or Helm chart values to edit; omit to print a fresh OmniAuth section' } },
  options: {
    ...VERSION_OPTIONS,
    ...INPUT_LIMIT_OPTIONS,
    format: {
      choices: ['omnibus', 'source', 'docker', 'helm'] as const,
      describe: 'Output format (default: the file\'s); the other format prints a fresh section; docker prints a Compose environment: entry; helm prints provider Secrets and chart values',
    },
    'helm-secret': { type: 'string', describe: 'With --format helm or chart values and one provider: the Secret\'s name (default gitlab-omniauth-<provider>)' },
    'secret-file': { type: 'string', describe: 'Chart values: the Secret manifest to merge the provider into and write with --write (mode 600; created when missing)' },
    env: { type: 'string', default: 'production', describe: 'gitlab.yml environment section to edit' },
    service: { type: 'string', describe: 'Docker Compose: the service whose GITLAB_OMNIBUS_CONFIG to edit (when several set it)' },
    provider: { type: 'string', describe: 'Provider entry from a JSON or YAML file (one mapping or a list)' },
    preset: { type: 'string', describe: `Start a new provider from the GitLab docs' entry (${presetNames().join(', ')}); one the file has gets only the keys given` },
    'from-saml-metadata': {
      type: 'string',
      conflicts: 'from-oidc-discovery',
      describe: 'SAML provider from the IdP\'s metadata (FILE or https URL): SSO URL, signing certificate(s), NameID format',
    },
    'entity-id': { type: 'string', describe: 'With --from-saml-metadata: the IdP to use from a metadata file that describes several' },
    fingerprint: { type: 'boolean', describe: 'With --from-saml-metadata: write the certificate\'s SHA-256 fingerprint instead of the certificate' },
    'from-oidc-discovery': { type: 'string', describe: 'OpenID Connect provider from its discovery document (FILE, or the issuer or document URL)' },
    'allow-http': { type: 'boolean', default: false, describe: 'Allow fetching the IdP document over plain http' },
    'ca-file': { type: 'string', describe: 'PEM file of a CA to trust (besides the system\'s) when fetching the IdP document' },
    name: { type: 'string', describe: 'Provider name' },
    'app-id': { type: 'string', describe: 'app_id' },
    'app-secret': { type: 'string', nargs: 1, describe: 'app_secret; - reads it from stdin' },
    'app-secret-env': { type: 'string', describe: 'Read the client secret from this environment variable at run time (where the preset\'s strategy keeps it)' },
    label: { type: 'string', describe: 'Sign-in button label' },
    icon: { type: 'string', describe: 'Sign-in button icon URL' },
    arg: { type: 'string', array: true, describe: 'KEY=VALUE under args (dotted keys nest); the value is a string' },
    'arg-yaml': { type: 'string', array: true, describe: 'KEY=VALUE under args, VALUE read as YAML (true, 3600, [a, b])' },
    field: { type: 'string', array: true, describe: 'KEY=VALUE beside args (url, groups_attribute, ...); a string' },
    'field-yaml': { type: 'string', array: true, describe: 'KEY=VALUE beside args, VALUE read as YAML' },
    'arg-env': { type: 'string', array: true, describe: 'KEY=VAR under args: ENV[\'VAR\'] (gitlab.rb) or <%= ENV[\'VAR\'] %> (gitlab.yml)' },
    'field-env': { type: 'string', array: true, describe: 'KEY=VAR beside args, read from the environment variable VAR' },
    set: { type: 'string', array: true, describe: 'General setting NAME=VALUE by its gitlab.yml name (allow_single_sign_on=gitlab,saml)' },
    remove: { type: 'string', array: true, describe: 'Remove the provider with this name (and its name from the settings that list providers)' },
    unset: { type: 'string', array: true, describe: 'Remove a general setting by its gitlab.yml name (auto_sign_in_with_provider)' },
    'remove-arg': { type: 'string', array: true, describe: 'Remove one key under a provider\'s args: NAME.KEY (dotted keys go deeper)' },
    replace: { type: 'boolean', default: false, describe: 'Replace the whole provider entry instead of merging keys' },
    check: { type: 'boolean', conflicts: ['stdout', 'write'], describe: 'Exit 1 when the file would change (no diff printed): for CI and hooks' },
    stdout: { type: 'boolean', conflicts: 'write', describe: 'Print the whole new file' },
    write: { type: 'string', describe: 'Write the file (atomically, keeping mode, owner and symlinks); with --format helm: --write DIR writes the manifests there' },
    backup: { type: 'string', describe: 'With --write: keep the original as FILE.bak (--backup) or FILE.<time>.bak (--backup=timestamp)' },
    force: { type: 'boolean', default: false, describe: 'Go on although the result has errors; --write: replace a read-only file too' },
    'show-secrets': { type: 'boolean', default: false, describe: 'Show secret values in the diff or the printed section instead of ********' },
  },
} as const satisfies CommandDeclaration;

/** What `render` runs on: its arguments as yargs (or the fast path) parsed them. */
export type RenderArgs = ParsedOptions<typeof RENDER_COMMAND.options> & { file?: string | undefined };

export function registerRender(y: Argv, io: CliIO, done: (code: number) => void, run = runRender): Argv {
  const { positional, options } = RENDER_COMMAND;
  return y.command(
    `${RENDER_COMMAND.name} [${positional.name}]`,
    'Add, update or remove a provider or setting in gitlab.rb / gitlab.yml, changing nothing else (shows the diff; --write writes)',
    (c) =>
      c
        .positional(positional.name, positional.options)
        .options(options)
        .example('$0 render /etc/gitlab/gitlab.rb --preset gitlab --app-id ID --app-secret-env GITLAB_OAUTH_SECRET', 'Preview adding GitLab.com sign-in')
        .example('$0 render config/gitlab.yml --name saml --arg issuer=https://gitlab.example.com --write', 'Change one SAML argument in place')
        .example('$0 render --format source --provider provider.yml', 'Print a fresh gitlab.yml omniauth: section'),
    async (args) => run(args, io, done),
  );
}

/** Runs `render`; reports its exit code through `done`. */
export async function runRender(parsed: RenderArgs, io: CliIO, done: (code: number) => void): Promise<void> {
  // `--write` takes a directory with --format helm only; elsewhere a value is the file (`render --write gitlab.rb`).
  const writeValue = parsed.write;
  const args = { ...parsed, write: writeValue !== undefined, file: parsed.file ?? (parsed.format !== 'helm' && writeValue ? writeValue : undefined) };
  if (parsed.format !== 'helm' && writeValue && parsed.file !== undefined) {
    throw new UsageError(`--write takes a value only with --format helm (a directory), not '${writeValue}'`);
  }
  if (args.backup !== undefined && !['', 'bak', 'timestamp'].includes(args.backup)) {
    // `--backup gitlab.rb` takes the file as the flag's value: say so rather than "no file".
    throw new UsageError(`--backup takes no value or =timestamp, not '${args.backup}' (put the file before --backup)`);
  }
  if (args.backup !== undefined && !args.write) throw new UsageError('--backup only makes sense with --write');

  let appSecret = args.appSecret;
  if (appSecret === '-') {
    if (args.file === '-' || args.provider === '-') throw new UsageError('only one of the file, --provider and --app-secret can be read from stdin');
    // A secret piped in ends with the newline of `echo`: it is not part of the secret.
    appSecret = (await io.readStdin(args.maxFileSize)).replace(/\r?\n$/, '');
    // An empty pipe (a variable that was never set) must not become an empty secret.
    if (appSecret === '') throw new UsageError('--app-secret -: standard input is empty; pipe the secret in');
  }
  const providerFile = args.provider === undefined ? undefined : await readInput(args.provider, io, args.maxFileSize);
  const input = args.file === undefined ? null : await readInput(args.file, io, args.maxFileSize);
  const fileFormat: Format | null = input ? detectFormat(input.name, input.text) : null;
  // A file rendered into another format as it is: the whole section, nothing changed.
  const conversion = input !== null && args.format !== undefined && args.format !== fileFormat;

  const document = await idpDocument(args, io);
  const preset = args.preset ?? (document && args.provider === undefined ? document.preset : undefined);

  const { buildEditRequest } = await import('../../edit/provider-input.js');
  const request = await buildEditRequest({
    ...(document ? { document: document.values } : {}),
    ...(providerFile ? { providerFile: { name: providerFile.name, text: providerFile.text } } : {}),
    ...defined({ preset, name: args.name, appId: args.appId, appSecret, appSecretEnv: args.appSecretEnv, label: args.label, icon: args.icon }),
    arg: args.arg ?? [],
    argYaml: args.argYaml ?? [],
    field: args.field ?? [],
    fieldYaml: args.fieldYaml ?? [],
    argEnv: args.argEnv ?? [],
    fieldEnv: args.fieldEnv ?? [],
    set: args.set ?? [],
    remove: args.remove ?? [],
    unset: args.unset ?? [],
    removeArg: args.removeArg ?? [],
    replace: args.replace,
    allowEmpty: conversion,
  });
  if (!request.ok) throw new UsageError(request.message);

  const checkOptions = args.gitlabVersion ? { gitlabVersion: args.gitlabVersion } : {};
  if (args.format === 'docker') {
    if (args.write || args.check) throw new UsageError(`--format docker prints an entry to paste; to edit a compose file in place, give it as the FILE without --format`);
    if (input && isDockerCompose(input.name, input.text)) throw new UsageError(`${input.name} is already a Compose file: render it in place (without --format)`);
    const { renderComposeEntry } = await import('../../edit/compose-fresh.js');
    const result = await renderComposeEntry(request.value, {
      ...checkOptions,
      ...(input && fileFormat ? { source: { text: input.text, file: input.name, format: fileFormat, env: args.env } } : {}),
    });
    if (result.status === 'refused') return refuse(io, done, result.message, result.reasons, result.diagnostics);
    if (reportFindings(io, result.diagnostics, result.introduced, args.force)) return done(EXIT_FINDINGS);
    io.stdout(result.section);
    return done(EXIT_OK);
  }
  if (args.format === 'helm') {
    if (args.check) throw new UsageError('--check needs a target file; --format helm prints (or with --write DIR writes) new manifests');
    if (args.write && !writeValue) throw new UsageError('--format helm --write needs a directory: --write DIR');
    const { renderHelmFresh } = await import('../../edit/helm-fresh.js');
    const result = await renderHelmFresh(request.value, {
      ...checkOptions,
      ...(args.helmSecret ? { secretName: args.helmSecret } : {}),
      showSecrets: args.showSecrets || args.write,
      ...(input && fileFormat ? { source: { text: input.text, file: input.name, format: fileFormat, env: args.env } } : {}),
    });
    if (result.status === 'refused') return refuse(io, done, result.message, result.reasons, result.diagnostics);
    if (reportFindings(io, result.diagnostics, result.introduced, args.force)) return done(EXIT_FINDINGS);
    for (const note of result.helm.notes) io.stderr(`gitlab-omniauth: ${note}\n`);
    const { helmStream } = await import('../../render/helm.js');
    const { helmNextSteps, writeHelmManifests } = await import('../../write/helm-files.js');
    if (!args.write) {
      io.stdout(helmStream(result.helm));
      return done(EXIT_OK);
    }
    const written = await writeHelmManifests(path.resolve(io.cwd, writeValue as string), result.helm);
    if (!written.ok) throw new UsageError(written.message);
    for (const file of written.files) io.stderr(`Wrote ${file}\n`);
    io.stderr(helmNextSteps(result.helm, written.files));
    return done(EXIT_OK);
  }
  const target: Format = args.format ?? fileFormat ?? 'omnibus';

  if (!input || target !== fileFormat) {
    if (args.write || args.check) throw new UsageError(`--${args.write ? 'write' : 'check'} needs a target file in the ${target === 'omnibus' ? 'gitlab.rb' : 'gitlab.yml'} format`);
    const { renderFresh } = await import('../../edit/fresh.js');
    const result = await renderFresh(request.value, {
      format: target,
      ...checkOptions,
      ...(input && fileFormat ? { source: { text: input.text, file: input.name, format: fileFormat, env: args.env } } : {}),
    });
    if (result.status === 'refused') return refuse(io, done, result.message, result.reasons, result.diagnostics);
    if (reportFindings(io, result.diagnostics, result.introduced, args.force)) return done(EXIT_FINDINGS);
    io.stdout(args.showSecrets ? result.section : await maskedSection(result.section, result.model));
    return done(EXIT_OK);
  }

  const { isChartValues } = await import('../../read/detect.js');
  const chart = isChartValues(input.name, input.text);
  if (!chart && (args.secretFile !== undefined || args.helmSecret !== undefined)) {
    throw new UsageError(`--${args.secretFile !== undefined ? 'secret-file' : 'helm-secret'} goes with Helm chart values (a values.yaml) or --format helm`);
  }
  const secretFile = chart && args.secretFile !== undefined ? await readSecretFile(args.secretFile, io, args.maxFileSize) : undefined;
  const helm = chart ? { ...(args.helmSecret ? { secretName: args.helmSecret } : {}), ...(secretFile ? { secretFile } : {}) } : undefined;
  const { renderEdit } = await import('../../edit/index.js');
  const result = await renderEdit(input.text, request.value, {
    file: input.name,
    format: target,
    env: args.env,
    ...(args.service ? { service: args.service } : {}),
    ...(helm ? { helm } : {}),
    ...checkOptions,
  });
  if (result.status === 'refused') return refuse(io, done, result.message, result.reasons, result.diagnostics);
  if (result.helm) return finishChartValues(args, io, done, input, result, result.helm);
  for (const note of result.plan.notes) io.stderr(`gitlab-omniauth: ${note}\n`);
  const changed = result.after !== result.before;
  const blocked = reportFindings(io, result.diagnostics, result.introduced, args.force);

  if (args.check) {
    // CI logs show only this line: say what failed and how to see it.
    if (changed && !blocked) io.stderr(`${input.name} would change: run without --check to see the diff\n`);
    return done(changed || blocked ? EXIT_FINDINGS : EXIT_OK);
  }
  if (blocked) return done(EXIT_FINDINGS);
  if (args.stdout) {
    io.stdout(result.after);
    return done(EXIT_OK);
  }
  if (!args.write) {
    const { diffPreview } = await import('../../write/diff-preview.js');
    const { wantsColor } = await import('../../report/color.js');
    const diff = await diffPreview(result.before, result.after, {
      file: input.name,
      color: wantsColor(io.env, io.stdoutIsTTY),
      ...(args.showSecrets ? {} : { mask: { before: result.beforeModel, after: result.afterModel } }),
    });
    io.stdout(diff);
    if (!changed) io.stderr(`${input.name}: already up to date\n`);
    else io.stderr('Nothing written: run again with --write to apply this change.\n');
    return done(EXIT_OK);
  }
  if (!changed) {
    io.stderr(`${input.name}: already up to date, nothing written\n`);
    return done(EXIT_OK);
  }
  if (args.file === '-') throw new UsageError('--write needs a file, not stdin (use --stdout)');
  if (!(await writeEditedFile(args, io, done, input, result.after))) return;
  const { nextSteps } = await import('../../write/next-steps.js');
  const changedProviders = result.plan.providers.filter((p) => p.kind !== 'remove').map((p) => p.name);
  io.stderr(nextSteps(result.afterModel, changedProviders, result.compose));
  return done(EXIT_OK);
}

/**
 * Writes the edited text over the file it was read from: atomically, only when
 * the file is still what was read, with --force and --backup. False when the
 * write was refused (already reported, exit code set).
 */
async function writeEditedFile(
  args: Pick<RenderArgs, 'file' | 'force' | 'backup'>,
  io: CliIO,
  done: (code: number) => void,
  input: { name: string; text: string },
  after: string,
): Promise<boolean> {
  const { snapshotFile, writeFileAtomic } = await import('../../write/atomic-write.js');
  let snapshot;
  try {
    snapshot = await snapshotFile(path.resolve(io.cwd, args.file as string));
  } catch (error) {
    throw new UsageError(`cannot write ${input.name}: ${describeFsError(error)}`);
  }
  if (snapshot.content.toString('utf8') !== input.text) {
    refuse(io, done, `${input.name} changed while it was being edited; nothing was written, run the command again`, [], []);
    return false;
  }
  const outcome = await writeFileAtomic(snapshot, after, {
    force: args.force,
    ...(args.backup === undefined ? {} : { backup: args.backup === 'timestamp' ? ('timestamp' as const) : true }),
  });
  if (!outcome.ok) {
    refuse(io, done, outcome.message, [], []);
    return false;
  }
  for (const note of outcome.notes) io.stderr(`gitlab-omniauth: ${note}\n`);
  io.stderr(`Wrote ${input.name}${outcome.backup ? ` (backup: ${outcome.backup})` : ''}\n`);
  return true;
}

/** --secret-file: its text, or null when it does not exist yet (it is created). */
async function readSecretFile(name: string, io: CliIO, maxBytes: number | undefined): Promise<{ name: string; text: string | null }> {
  const { existsSync } = await import('node:fs');
  if (name === '-') throw new UsageError('--secret-file needs a file, not stdin');
  if (!existsSync(path.resolve(io.cwd, name))) return { name, text: null };
  return readInput(name, io, maxBytes);
}

type EditedResult = Extract<Awaited<ReturnType<typeof import('../../edit/index.js').renderEdit>>, { status: 'ok' }>;

/**
 * Chart values: the values diff (or file), and the providers' Secrets, which
 * never go into values.yaml: printed (masked unless --show-secrets), or
 * merged into the --secret-file manifest and written with it.
 */
async function finishChartValues(
  args: Omit<RenderArgs, 'write'> & { write: boolean },
  io: CliIO,
  done: (code: number) => void,
  input: { name: string; text: string },
  result: EditedResult,
  helm: NonNullable<EditedResult['helm']>,
): Promise<void> {
  for (const note of result.plan.notes) io.stderr(`gitlab-omniauth: ${note}\n`);
  const valuesChanged = result.after !== result.before;
  const secretFile = helm.secretFile;
  const secretChanged = secretFile !== undefined && secretFile.after !== secretFile.before;
  const blocked = reportFindings(io, result.diagnostics, result.introduced, args.force);
  const { providerSecretManifest } = await import('../../render/helm.js');
  const printSecrets = (): void => {
    if (secretFile || helm.secrets.length === 0) return;
    if (!args.showSecrets) io.stdout('# secrets are masked (********): --show-secrets prints them, --secret-file FILE writes them\n');
    io.stdout(helm.secrets.map((s) => `---\n${providerSecretManifest(s.name, s.provider, { key: s.key, showSecrets: args.showSecrets })}`).join(''));
  };
  if (args.check) {
    if ((valuesChanged || secretChanged) && !blocked) io.stderr(`${valuesChanged ? input.name : (secretFile?.name ?? '')} would change: run without --check to see the diff\n`);
    return done(valuesChanged || secretChanged || blocked ? EXIT_FINDINGS : EXIT_OK);
  }
  if (blocked) return done(EXIT_FINDINGS);
  if (args.stdout) {
    io.stdout(result.after);
    if (helm.secrets.length > 0 && !secretFile) io.stderr('gitlab-omniauth: the provider\'s Secret is not printed with --stdout: write it with --secret-file FILE\n');
    return done(EXIT_OK);
  }
  const { diffPreview } = await import('../../write/diff-preview.js');
  const { wantsColor } = await import('../../report/color.js');
  const color = wantsColor(io.env, io.stdoutIsTTY);
  if (!args.write) {
    io.stdout(await diffPreview(result.before, result.after, { file: input.name, color, ...(args.showSecrets ? {} : { mask: { before: result.beforeModel, after: result.afterModel } }) }));
    if (secretFile) {
      const { maskEncodedBlocks } = await import('../../edit/helm-values-edit.js');
      const shown = (t: string): string => (args.showSecrets ? t : maskEncodedBlocks(t));
      const diff = await diffPreview(shown(secretFile.before ?? ''), shown(secretFile.after), { file: secretFile.name, color, ...(args.showSecrets ? {} : { mask: { before: null, after: null } }) });
      io.stdout(diff);
      if (diff === '' && secretChanged) io.stderr(`${secretFile.name}: a base64 data: value changes (--show-secrets shows it)\n`);
    }
    printSecrets();
    if (!valuesChanged && !secretChanged) io.stderr(`${input.name}: already up to date\n`);
    else io.stderr('Nothing written: run again with --write to apply this change.\n');
    return done(EXIT_OK);
  }
  if (valuesChanged && args.file === '-') throw new UsageError('--write needs a file, not stdin (use --stdout)');
  // The Secret first: values that reference a Secret not written yet would be worse than the other way round.
  if (secretFile && secretChanged) {
    const { writeSecretFile } = await import('../../write/helm-files.js');
    const written = await writeSecretFile(path.resolve(io.cwd, secretFile.name), secretFile.before, secretFile.after);
    if (!written.ok) return refuse(io, done, written.message, [], []);
    io.stderr(`Wrote ${secretFile.name} (mode 600)\n`);
  }
  if (valuesChanged) {
    if (!(await writeEditedFile(args, io, done, input, result.after))) return;
  } else {
    io.stderr(`${input.name}: already up to date, nothing written\n`);
  }
  printSecrets();
  const { chartNextSteps } = await import('../../write/next-steps.js');
  io.stderr(chartNextSteps(input.name, helm, args.showSecrets));
  return done(EXIT_OK);
}

/** The section with its secrets masked, and a first line (a comment in both formats) that says so. */
async function maskedSection(section: string, model: OmniauthModel): Promise<string> {
  const [{ maskSecretText }, { maskSecrets }] = await Promise.all([import('../../model/secret-text.js'), import('../../write/diff-preview.js')]);
  // The model knows exactly where each provider secret is (a JSON line per provider has no `key: value` to
  // see); the text pass then catches what lies outside the model. The model's ranges are into the unmasked text.
  const masked = maskSecretText(maskSecrets(section, model));
  return masked === section ? section : `# secrets are masked (********): --show-secrets prints them\n${masked}`;
}

interface IdpDocumentArgs {
  fromSamlMetadata?: string | undefined;
  fromOidcDiscovery?: string | undefined;
  entityId?: string | undefined;
  fingerprint?: boolean | undefined;
  allowHttp?: boolean | undefined;
  caFile?: string | undefined;
}

/** The values of --from-saml-metadata / --from-oidc-discovery (null without either); notes go to stderr. */
async function idpDocument(args: IdpDocumentArgs, io: CliIO) {
  if (args.fromSamlMetadata === undefined && args.fromOidcDiscovery === undefined) {
    if (args.entityId !== undefined || args.fingerprint !== undefined) throw new UsageError('--entity-id and --fingerprint go with --from-saml-metadata');
    return null;
  }
  const ca = args.caFile === undefined ? undefined : (await readInput(args.caFile, io)).text;
  const { documentValues } = await import('../../idp/load.js');
  const loaded = await documentValues(
    {
      ...(args.fromSamlMetadata !== undefined ? { samlMetadata: args.fromSamlMetadata } : {}),
      ...(args.fromOidcDiscovery !== undefined ? { oidcDiscovery: args.fromOidcDiscovery } : {}),
      ...(args.entityId !== undefined ? { entityId: args.entityId } : {}),
      ...(args.fingerprint !== undefined ? { fingerprint: args.fingerprint } : {}),
    },
    (name) => readInput(name, io),
    { allowHttp: args.allowHttp ?? false, ...(ca !== undefined ? { ca } : {}) },
  );
  if (!loaded.ok) throw new UsageError(loaded.message);
  for (const note of loaded.value.values.notes) io.stderr(`gitlab-omniauth: warning: ${note}\n`);
  return loaded.value;
}

function defined<T extends Record<string, string | undefined>>(values: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: string };
}

/**
 * Prints errors and warnings; true when errors the edit brings in stop the
 * command (no --force). Errors already in the file are shown, marked, and do
 * not block: the user did not ask to touch them.
 */
function reportFindings(io: CliIO, diagnostics: readonly Diagnostic[], introduced: readonly Diagnostic[], force: boolean): boolean {
  const fresh = new Set(introduced);
  for (const d of diagnostics) {
    if (d.severity === 'info') continue;
    io.stderr(formatDiagnosticLine(d) + (fresh.has(d) ? '' : ' [already in the file]') + '\n');
  }
  const errors = introduced.filter((d) => d.severity === 'error').length;
  if (errors > 0 && !force) {
    io.stderr(`gitlab-omniauth: the result has ${errors} new error${errors === 1 ? '' : 's'}; nothing rendered (--force to go on anyway)\n`);
    return true;
  }
  return false;
}

function refuse(io: CliIO, done: (code: number) => void, message: string, reasons: readonly string[], diagnostics: readonly Diagnostic[]): void {
  for (const d of diagnostics) io.stderr(formatDiagnosticLine(d) + '\n');
  io.stderr(`gitlab-omniauth: ${message}\n`);
  for (const r of reasons) io.stderr(`  - ${r}\n`);
  done(EXIT_USAGE);
}
