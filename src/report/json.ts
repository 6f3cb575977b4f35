/**
 * The same findings as JSON, for tools: one array of diagnostics with
 * 1-based line/column and 0-based string offsets.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export interface JsonDiagnostic {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Diagnostic['severity'];
  rule: string;
  message: string;
  path?: string;
  hint?: string;
}

export function toJsonDiagnostic(d: Diagnostic): JsonDiagnostic {
  const out: JsonDiagnostic = {
    file: d.file,
    line: d.range?.start.line ?? 1,
    column: d.range?.start.column ?? 1,
    endLine: d.range?.end.line ?? 1,
    endColumn: d.range?.end.column ?? 1,
    severity: d.severity,
    rule: d.rule,
    message: d.message,
  };
  if (d.path !== undefined) out.path = d.path;
  if (d.hint !== undefined) out.hint = d.hint;
  return out;
}

export function formatJsonReport(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(diagnostics.map(toJsonDiagnostic), null, 2) + '\n';
}
