/**
 * `file:line:col severity rule-id message`: one finding per line, the shape
 * editors and CI log parsers already understand.
 */
import { countBySeverity, type Diagnostic } from '../diagnostics/diagnostic.js';

export function formatDiagnosticLine(d: Diagnostic): string {
  const where = d.range ? `${d.file}:${d.range.start.line}:${d.range.start.column}` : `${d.file}:1:1`;
  const hint = d.hint ? ` (${d.hint})` : '';
  return `${where} ${d.severity} ${d.rule} ${d.message}${hint}`;
}

export function formatTextReport(diagnostics: readonly Diagnostic[], fileCount: number): { body: string; summary: string } {
  const body = diagnostics.map((d) => formatDiagnosticLine(d) + '\n').join('');
  const counts = countBySeverity(diagnostics);
  const files = `${fileCount} file${fileCount === 1 ? '' : 's'}`;
  const summary =
    counts.error + counts.warning + counts.info === 0
      ? `no problems in ${files}\n`
      : `${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${plural(counts.info, 'note')} in ${files}\n`;
  return { body, summary };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
