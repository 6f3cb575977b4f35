/**
 * Runs every check over a model. The readers report syntax and structure
 * findings themselves; this adds the schema and the checks that need the whole
 * model. `ALL_RULES` lists every rule id the tool can print, for `explain`.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { OmniauthModel } from '../model/types.js';
import { READER_RULES } from './reader-rules.js';
import { runRule, type CheckOptions, type Rule, type RuleMeta } from './rule.js';
import { argsTypeRule } from './rules/args-type.js';
import { duplicateProviderRule } from './rules/duplicate-provider.js';
import { placeholderValueRule } from './rules/placeholder-value.js';
import { plaintextSecretRule } from './rules/plaintext-secret.js';
import { sameEntriesFor } from './rules/providers/entries.js';
import { PROVIDER_RULES } from './rules/providers/index.js';
import { providersNotListRule } from './rules/providers-not-list.js';
import { schemaRule } from './rules/schema.js';
import { stringBooleanRule } from './rules/string-boolean.js';
import { unknownProviderReferenceRule } from './rules/unknown-provider-reference.js';
import { unknownSettingRule } from './rules/unknown-setting.js';
import { compareCodeUnits } from '../text/order.js';

/** The checks of the general model, in the order their findings read best. */
export const MODEL_RULES: readonly Rule[] = [
  providersNotListRule,
  unknownSettingRule,
  schemaRule,
  argsTypeRule,
  duplicateProviderRule,
  unknownProviderReferenceRule,
  placeholderValueRule,
  stringBooleanRule,
  plaintextSecretRule,
];

/** Every check that runs over a model: the general ones, then the provider-specific ones. */
const CHECK_RULES: readonly Rule[] = [...MODEL_RULES, ...PROVIDER_RULES];

export function checkModel(model: OmniauthModel, options: CheckOptions = {}): Diagnostic[] {
  const found = sameEntriesFor(model, options, () => CHECK_RULES.flatMap((rule) => runRule(rule, model, options))).sort(compareDiagnostics);
  return oncePerPlace(found);
}

/**
 * A value shared through a YAML alias (`- <<: *google` in two providers) is
 * checked once per use; the user wrote it once and fixes it once.
 */
function oncePerPlace(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.rule}:${d.range?.start.offset ?? -1}:${d.range?.end.offset ?? -1}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Every rule the tool reports, reader rules included, sorted by id. */
export const ALL_RULES: readonly RuleMeta[] = [...READER_RULES, ...CHECK_RULES.map((r) => r.meta)].sort((a, b) => compareCodeUnits(a.id, b.id));

export function ruleMeta(id: string): RuleMeta | undefined {
  return ALL_RULES.find((meta) => meta.id === id);
}

export type { CheckOptions, Rule, RuleMeta };
