/**
 * GitLab's Code Quality report (`artifacts: reports: codequality:`), which
 * merge requests show in their widget and diff:
 * https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format
 */
import { isParseFailure, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ReportFinding } from './fingerprint.js';

export type CodeQualitySeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

interface LineColumn {
  line: number;
  column: number;
}

export interface CodeQualityIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: CodeQualitySeverity;
  location: {
    path: string;
    lines: { begin: number };
    positions: { begin: LineColumn; end: LineColumn };
  };
}

/** A file that does not parse blocks everything else; other errors are major, warnings minor. */
export function codeQualitySeverity(d: Diagnostic): CodeQualitySeverity {
  if (isParseFailure(d)) return 'blocker';
  if (d.severity === 'error') return 'major';
  if (d.severity === 'warning') return 'minor';
  return 'info';
}

export function toCodeQualityIssue(finding: ReportFinding): CodeQualityIssue {
  const d = finding.diagnostic;
  const begin = { line: d.range?.start.line ?? 1, column: d.range?.start.column ?? 1 };
  const end = { line: d.range?.end.line ?? begin.line, column: d.range?.end.column ?? begin.column };
  return {
    description: d.hint ? `${d.message} (${d.hint})` : d.message,
    check_name: d.rule,
    fingerprint: finding.fingerprint,
    severity: codeQualitySeverity(d),
    location: { path: finding.relativePath, lines: { begin: begin.line }, positions: { begin, end } },
  };
}

export function formatCodeQualityReport(findings: readonly ReportFinding[]): string {
  return JSON.stringify(findings.map(toCodeQualityIssue), null, 2) + '\n';
}
