/**
 * GitHub Actions workflow commands: each finding becomes an annotation on the
 * file and line in the run and the pull request.
 * https://docs.github.com/actions/reference/workflows-and-actions/workflow-commands
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import type { ReportFinding } from './fingerprint.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of the message (the command's data), as the Actions runner decodes it. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Property values also escape `:` and `,`, which separate the properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function formatGithubCommand(finding: ReportFinding): string {
  const d: Diagnostic = finding.diagnostic;
  const properties: Array<[string, string | number]> = [['file', finding.relativePath]];
  if (d.range) {
    properties.push(['line', d.range.start.line], ['col', d.range.start.column], ['endLine', d.range.end.line], ['endColumn', d.range.end.column]);
  } else {
    properties.push(['line', 1]);
  }
  properties.push(['title', d.rule]);
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',');
  const message = d.hint ? `${d.message} (${d.hint})` : d.message;
  return `::${COMMAND[d.severity]} ${props}::${escapeData(message)}`;
}

export function formatGithubReport(findings: readonly ReportFinding[]): string {
  return findings.map((f) => formatGithubCommand(f) + '\n').join('');
}
