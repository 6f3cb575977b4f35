/**
 * What `render` reports about a file before and after its change, and which of
 * the findings the change brought in. Shared by the in-place edit and the
 * fresh section so both judge "introduced" the same way.
 */
import type { CheckOptions } from '../check/rule.js';
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { toPlain } from '../model/plain.js';
import type { OmniauthModel } from '../model/types.js';
import { providerName } from './plain-ops.js';

/** The reader's diagnostics and the checks' findings, in report order. */
export async function findings(model: OmniauthModel, readerDiagnostics: readonly Diagnostic[], options: CheckOptions): Promise<Diagnostic[]> {
  // The checks pull in the schema validators: loaded only once a file has read cleanly.
  const { checkModel } = await import('../check/index.js');
  return [...readerDiagnostics, ...checkModel(model, options)].sort(compareDiagnostics);
}

/**
 * Findings of `after` that `before` did not have: the same rule and severity
 * about the same config path (and the same message, its line and column
 * numbers aside). Counted rather than set-compared: a second copy of an
 * existing finding is new. Positions never count, because an edit moves the
 * lines below it; with the models given, a provider is known by its name
 * rather than its index, which an added or removed provider shifts.
 */
export function newFindings(before: readonly Diagnostic[], after: readonly Diagnostic[], models?: { before: OmniauthModel; after: OmniauthModel }): Diagnostic[] {
  const keyIn = (model: OmniauthModel | undefined): ((d: Diagnostic) => string) => {
    const providers = model ? providerKeys(model) : [];
    return (d) => [d.rule, d.severity, d.path === undefined ? '' : stablePath(d.path, providers), withoutPositions(d.message)].join('\u0000');
  };
  const beforeKey = keyIn(models?.before);
  const afterKey = keyIn(models?.after);
  const unmatched = new Map<string, number>();
  for (const d of before) unmatched.set(beforeKey(d), (unmatched.get(beforeKey(d)) ?? 0) + 1);
  return after.filter((d) => {
    const key = afterKey(d);
    const left = unmatched.get(key) ?? 0;
    if (left === 0) return true;
    unmatched.set(key, left - 1);
    return false;
  });
}

/** Each provider index as `name#n` (the n-th provider of that name), or `#index` when it has no readable name. */
function providerKeys(model: OmniauthModel): string[] {
  const seen = new Map<string, number>();
  return (model.providers ?? []).map((item, index) => {
    const name = providerName(toPlain(item.value));
    if (name === null) return `#${index}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return `${name}#${n}`;
  });
}

function stablePath(path: string, providers: readonly string[]): string {
  return path.replace(/^omniauth\.providers\[(\d+)\]/, (whole, index: string) => {
    const key = providers[Number(index)];
    return key === undefined ? whole : `omniauth.providers[${key}]`;
  });
}

/** "ignores the one at line 3" names a place the edit may move. */
function withoutPositions(message: string): string {
  return message.replace(/\b(line|lines|column)s? \d+(?:[-–]\d+)?/gi, '$1 _');
}
