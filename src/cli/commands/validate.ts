/**
 * `validate FILE...`: every finding in every file, as
 * `file:line:col severity rule-id message`, JSON, a GitLab Code Quality
 * report, SARIF or GitHub Actions annotations. Exit 0 when there are no
 * errors, 1 when there are (or warnings past --max-warnings), 2 for usage or
 * I/O problems; the reporter never changes the exit code.
 *
 * The options are declared as data in VALIDATE_COMMAND: yargs gets them, and
 * the fast path (../fast-path.ts) parses the common command lines from the
 * same declarations without loading yargs. Declare new options there.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Format } from '../../model/types.js';
import { wantsColor } from '../../report/color.js';
import { formatTextReport, formatSummary } from '../../report/text.js';
import { isSecretManifest } from '../../read/detect.js';
import { validateText } from '../../validate.js';
import type { CommandDeclaration } from '../fast-path.js';
import { describeFsError, readInput, type InputFile } from '../files.js';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io.js';
import { INPUT_LIMIT_OPTIONS, READ_OPTIONS, VERSION_OPTIONS, readOptionsFor } from './shared-options.js';

export const REPORTERS = ['text', 'json', 'codequality', 'sarif', 'github'] as const;
export type ReporterName = (typeof REPORTERS)[number];

export const VALIDATE_COMMAND = {
  name: 'validate',
  // No default: yargs would show `[default: []]` beside `[required]`.
  positional: { name: 'files', variadic: true, options: { type: 'string', array: true, demandOption: true, default: undefined, describe: 'Files to check; - for stdin' } },
  options: {
    ...READ_OPTIONS,
    ...VERSION_OPTIONS,
    ...INPUT_LIMIT_OPTIONS,
    reporter: {
      choices: REPORTERS,
      default: 'text' as ReporterName,
      describe: 'Output format: text, json, codequality (GitLab Code Quality), sarif (SARIF 2.1.0), github (GitHub Actions annotations)',
    },
    'output-file': { type: 'string', describe: 'Write the report to this file and print the text findings on the terminal' },
    'max-warnings': { type: 'number', describe: 'Exit 1 when there are more warnings than this' },
    quiet: { type: 'boolean', default: false, describe: 'Report errors only' },
    'cert-expiry-days': { type: 'number', describe: 'Warn about SAML certificates expiring within this many days (default 30)' },
    color: { type: 'boolean', describe: 'Colour the text findings (default: on a terminal, unless NO_COLOR is set; --no-color to turn off)' },
  },
} as const satisfies CommandDeclaration;

/** What `validate` runs on: its arguments as yargs (or the fast path) parsed them. */
export interface ValidateArgs {
  files: string[];
  format?: Format | undefined;
  env: string;
  gitlabVersion?: string | undefined;
  maxFileSize?: number | undefined;
  reporter: ReporterName;
  outputFile?: string | undefined;
  maxWarnings?: number | undefined;
  quiet: boolean;
  certExpiryDays?: number | undefined;
  color?: boolean | undefined;
}

export function registerValidate(y: Argv, io: CliIO, done: (code: number) => void, run = runValidate): Argv {
  const { positional, options } = VALIDATE_COMMAND;
  return y.command(
    `${VALIDATE_COMMAND.name} <${positional.name}..>`,
    'Check gitlab.rb / gitlab.yml files (or fragments) and report every problem at its line and column',
    (c) =>
      c
        .options(options)
        .positional(positional.name, positional.options)
        .example('$0 validate /etc/gitlab/gitlab.rb', 'Check a gitlab.rb')
        .example('$0 validate config/gitlab.yml --reporter codequality --output-file gl-code-quality-report.json', 'GitLab CI: a Code Quality report, findings in the job log too')
        .example('$0 validate docker-compose.yml --reporter sarif --output-file omniauth.sarif', 'GitHub code scanning: a SARIF file to upload'),
    async (args) => done(await run(args, io)),
  );
}

export async function runValidate(args: ValidateArgs, io: CliIO): Promise<number> {
  if (args.maxWarnings !== undefined && (!Number.isInteger(args.maxWarnings) || args.maxWarnings < 0)) {
    throw new UsageError('--max-warnings takes a whole number, 0 or more');
  }
  const outputFile = args.outputFile === undefined ? undefined : resolveOutputFile(args.outputFile, args.files, io.cwd);
  if (args.certExpiryDays !== undefined && (!Number.isInteger(args.certExpiryDays) || args.certExpiryDays < 0)) {
    throw new UsageError('--cert-expiry-days takes a whole number of days, 0 or more');
  }
  const all: Diagnostic[] = [];
  const providerNamesByFile = new Map<string, ReadonlyMap<string, string>>();
  const needsFingerprints = args.reporter === 'codequality' || args.reporter === 'sarif' || args.reporter === 'github';
  // A file that cannot be read is reported and skipped: the others are still checked (exit 2 at the end).
  let unreadable = 0;
  const inputs: InputFile[] = [];
  for (const name of args.files) {
    try {
      inputs.push(await readInput(name, io, args.maxFileSize));
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`gitlab-omniauth: ${error.message}\n`);
      unreadable++;
    }
  }
  // Kubernetes Secret manifests are read with the chart values given beside them: the references resolve.
  if (inputs.some((input) => isSecretManifest(input.text))) {
    const { validateChart } = await import('../../validate-chart.js');
    for (const d of await validateChart(inputs, { ...(args.gitlabVersion ? { gitlabVersion: args.gitlabVersion } : {}), ...(args.env ? { env: args.env } : {}) })) all.push(d);
  } else {
    for (const input of inputs) {
      const { model, diagnostics } = await validateText(input.text, {
        ...readOptionsFor(input.name, args),
        ...(args.gitlabVersion ? { gitlabVersion: args.gitlabVersion } : {}),
        ...(args.certExpiryDays !== undefined ? { certExpiryDays: args.certExpiryDays } : {}),
      });
      for (const d of diagnostics) all.push(d);
      if (needsFingerprints) {
        const { providerPathNames } = await import('../../report/fingerprint.js');
        providerNamesByFile.set(input.name, providerPathNames(model));
      }
    }
  }
  const shown = args.quiet ? all.filter((d) => d.severity === 'error') : all;
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  const tooManyWarnings = args.maxWarnings !== undefined && warnings > args.maxWarnings ? { warnings, limit: args.maxWarnings } : undefined;
  const textOptions = { color: wantsColor(io.env, io.stdoutIsTTY, args.color), ...(tooManyWarnings ? { tooManyWarnings } : {}) };

  const printText = (): void => {
    const { body, summary } = formatTextReport(shown, args.files.length, textOptions);
    io.stdout(body);
    if (shown.length > 0 || io.stdoutIsTTY || tooManyWarnings) io.stderr(summary);
  };
  if (args.reporter === 'text' && outputFile === undefined) {
    printText();
  } else {
    const report = await formatReport(args.reporter, shown, { cwd: io.cwd, providerNames: (file) => providerNamesByFile.get(file) });
    if (outputFile === undefined) {
      io.stdout(report);
      if (tooManyWarnings) io.stderr(formatSummary(shown, args.files.length, textOptions));
    } else {
      await writeReport(outputFile, report, args.outputFile as string);
      printText();
    }
  }
  if (unreadable > 0) return EXIT_USAGE;
  return errors > 0 || tooManyWarnings ? EXIT_FINDINGS : EXIT_OK;
}

/** The report in the chosen format. Reporters other than text load only when asked for. */
async function formatReport(
  reporter: ReporterName,
  diagnostics: readonly Diagnostic[],
  options: { cwd: string; providerNames: (file: string) => ReadonlyMap<string, string> | undefined },
): Promise<string> {
  switch (reporter) {
    case 'text':
      return formatTextReport(diagnostics, 0).body;
    case 'json': {
      const { formatJsonReport } = await import('../../report/json.js');
      return formatJsonReport(diagnostics);
    }
    default:
      break;
  }
  const { fingerprintFindings } = await import('../../report/fingerprint.js');
  const findings = fingerprintFindings(diagnostics, options);
  if (reporter === 'codequality') {
    const { formatCodeQualityReport } = await import('../../report/codequality.js');
    return formatCodeQualityReport(findings);
  }
  if (reporter === 'github') {
    const { formatGithubReport } = await import('../../report/github.js');
    return formatGithubReport(findings);
  }
  const [{ formatSarifReport }, { ALL_RULES }, { INFORMATION_URL, packageInfo, ruleDocsUrl }] = await Promise.all([
    import('../../report/sarif.js'),
    import('../../check/index.js'),
    import('../../version.js'),
  ]);
  const { name, version } = packageInfo();
  return formatSarifReport(findings, { name, version, informationUri: INFORMATION_URL, rules: ALL_RULES, helpUri: ruleDocsUrl });
}

/** The report file, refusing to overwrite a file being checked: a mistyped command must not replace a gitlab.rb. */
function resolveOutputFile(name: string, inputs: readonly string[], cwd: string): string {
  const target = path.resolve(cwd, name);
  if (inputs.some((input) => input !== '-' && path.resolve(cwd, input) === target)) {
    throw new UsageError(`--output-file ${name} is one of the files being checked; name a new file for the report`);
  }
  return target;
}

/** Written synchronously: node:fs/promises (and the readline and stream modules it loads) would cost every run. */
async function writeReport(file: string, report: string, shownName: string): Promise<void> {
  try {
    writeFileSync(file, report, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot write ${shownName}: ${describeFsError(error)}`);
  }
}
