/**
 * One diagnostic type for everything the tool reports: reader findings,
 * schema errors and checks alike. Reporters only format this shape.
 */
import type { SourceRange } from '../text/source-text.js';

export type Severity = 'error' | 'warning' | 'info';

export interface Diagnostic {
  /** Stable rule id (`ruby-syntax`, `unknown-provider-reference`, ...): `explain RULE` documents it. */
  rule: string;
  severity: Severity;
  /** One line, no trailing period, never a secret value. */
  message: string;
  file: string;
  /** Where in the user's file; null only when the problem has no place (an empty file). */
  range: SourceRange | null;
  /** Config path under gitlab.yml names, when the finding is about a setting or value. */
  path?: string;
  /** A suggested fix, e.g. the did-you-mean. */
  hint?: string;
}

/** Rules that mean the file does not parse at all: what follows from such a file is guesswork. */
export const SYNTAX_RULES: ReadonlySet<string> = new Set(['ruby-syntax', 'yaml-syntax']);

/** A finding that the file could not be parsed (an error of a syntax rule). */
export function isParseFailure(d: Diagnostic): boolean {
  return d.severity === 'error' && SYNTAX_RULES.has(d.rule);
}

const severityOrder: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** File, then position, then severity: the order users read them in. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const ao = a.range?.start.offset ?? -1;
  const bo = b.range?.start.offset ?? -1;
  if (ao !== bo) return ao - bo;
  return severityOrder[a.severity] - severityOrder[b.severity];
}

export function countBySeverity(diagnostics: readonly Diagnostic[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of diagnostics) counts[d.severity]++;
  return counts;
}
