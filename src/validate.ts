/**
 * The read → check pipeline for one file: what `validate` runs per file and
 * what library users call.
 */
import type { CheckOptions } from './check/rule.js';
import { compareDiagnostics, isParseFailure, type Diagnostic } from './diagnostics/diagnostic.js';
import type { OmniauthModel, ReadOptions } from './model/types.js';
import { readConfig, redactSecrets } from './read/index.js';

export interface ValidateOptions extends ReadOptions, CheckOptions {}

export interface ValidationResult {
  model: OmniauthModel;
  /** Reader findings and check findings, in file order. */
  diagnostics: Diagnostic[];
}

/** The checks, loaded with the first file checked: importing again for each file costs a module lookup each time. */
let checks: Promise<typeof import('./check/index.js')> | undefined;

export async function validateText(text: string, options: ValidateOptions): Promise<ValidationResult> {
  const { model, diagnostics } = await readConfig(text, options);
  // A file that does not parse gives at best a partial model: checking it would
  // only add follow-on noise to the one finding the user needs.
  const unparsable = diagnostics.some(isParseFailure);
  const found = [...diagnostics];
  if (!unparsable) {
    const { checkModel } = await (checks ??= import('./check/index.js'));
    // Checks mask what they know is secret; a value quoted from a line outside the model may not be.
    // A loop, not push(...spread): a file with 100,000 providers has more findings than a call takes arguments.
    for (const d of redactSecrets(checkModel(model, options), text)) found.push(d);
  }
  return { model, diagnostics: found.sort(compareDiagnostics) };
}
