/**
 * Runs one rule over a model built from a compact literal and returns its
 * findings with the text each range covers, so tables can say what the user
 * sees: rule, severity, message, and the highlighted text.
 */
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import { runRule, type CheckOptions, type Rule } from '../../../src/check/rule.js';
import { buildModel, type ModelSpec } from './model.js';

export interface Found {
  rule: string;
  severity: Diagnostic['severity'];
  message: string;
  /** The file text the finding's range covers. */
  at: string;
  path?: string;
  hint?: string;
}

export function run(rule: Rule, spec: ModelSpec, options: CheckOptions = {}): Found[] {
  const { model, at } = buildModel(spec);
  return runRule(rule, model, options).map((d) => {
    const found: Found = { rule: d.rule, severity: d.severity, message: d.message, at: at(d.range) };
    if (d.path !== undefined) found.path = d.path;
    if (d.hint !== undefined) found.hint = d.hint;
    return found;
  });
}

/** A provider list in gitlab.rb: the usual way to give a rule providers. */
export function providers(...items: ModelSpec['fragmentProviders'] & object): ModelSpec {
  return { settings: { omniauth_providers: items } };
}
