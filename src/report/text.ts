/**
 * `file:line:col severity rule-id message`: one finding per line, the shape
 * editors and CI log parsers already understand.
 */
import { countBySeverity, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { ansi } from './color.js';

const SEVERITY_COLOR: Record<Severity, (s: string) => string> = { error: ansi.red, warning: ansi.yellow, info: ansi.cyan };

export function formatDiagnosticLine(d: Diagnostic, options: { color?: boolean } = {}): string {
  const where = d.range ? `${d.file}:${d.range.start.line}:${d.range.start.column}` : `${d.file}:1:1`;
  const hint = d.hint ? ` (${d.hint})` : '';
  const severity = options.color ? SEVERITY_COLOR[d.severity](d.severity) : d.severity;
  return `${where} ${severity} ${d.rule} ${d.message}${hint}`;
}

export interface TextReportOptions {
  color?: boolean;
  /** Set when the warnings went past --max-warnings: the summary says that is why the run failed. */
  tooManyWarnings?: { warnings: number; limit: number };
}

export function formatTextReport(
  diagnostics: readonly Diagnostic[],
  fileCount: number,
  options: TextReportOptions = {},
): { body: string; summary: string } {
  const body = diagnostics.map((d) => formatDiagnosticLine(d, options) + '\n').join('');
  return { body, summary: formatSummary(diagnostics, fileCount, options) };
}

/** `2 errors, 1 warning, 0 notes in 3 files`, and why the run fails when only --max-warnings makes it. */
export function formatSummary(diagnostics: readonly Diagnostic[], fileCount: number, options: TextReportOptions = {}): string {
  const counts = countBySeverity(diagnostics);
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  let summary =
    counts.error + counts.warning + counts.info === 0
      ? `no problems in ${files}`
      : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')} in ${files}`;
  if (options.tooManyWarnings) {
    // Counted over every finding: --quiet hides warnings but they still count.
    const { warnings, limit } = options.tooManyWarnings;
    summary += `; failed: ${plural(warnings, 'warning')}, more than --max-warnings ${limit} allows`;
  }
  return summary + '\n';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
