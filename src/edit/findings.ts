/**
 * What `render` reports about a file before and after its change, and which of
 * the findings the change brought in. Shared by the in-place edit and the
 * fresh section so both judge "introduced" the same way.
 */
import type { CheckOptions } from '../check/rule.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { OmniauthModel } from '../model/types.js';

/** The reader's diagnostics and the checks' findings, in report order. */
export async function findings(model: OmniauthModel, readerDiagnostics: readonly Diagnostic[], options: CheckOptions): Promise<Diagnostic[]> {
  // The checks pull in the schema validators: loaded only once a file has read cleanly.
  const { checkModel } = await import('../check/index.js');
  return [...readerDiagnostics, ...checkModel(model, options)].sort(compareDiagnostics);
}

/**
 * Findings of `after` that `before` did not have (same rule, severity and
 * message). Counted rather than set-compared: a second copy of an existing
 * finding is new. Ranges are ignored because an edit moves the lines below it.
 */
export function newFindings(before: readonly Diagnostic[], after: readonly Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): string => `${d.rule}\u0000${d.severity}\u0000${d.message}`;
  const unmatched = new Map<string, number>();
  for (const d of before) unmatched.set(key(d), (unmatched.get(key(d)) ?? 0) + 1);
  return after.filter((d) => {
    const left = unmatched.get(key(d)) ?? 0;
    if (left === 0) return true;
    unmatched.set(key(d), left - 1);
    return false;
  });
}
