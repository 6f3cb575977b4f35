/**
 * A check is one module: metadata (stable id, default severity, docs) and a
 * `check` function that reports findings against the model. Messages are
 * templates with `{{placeholders}}` so output stays testable.
 */
import type { Diagnostic, Severity } from '../diagnostics/diagnostic.js';
import { maskSecretInKey } from '../model/settings.js';
import type { OmniauthModel } from '../model/types.js';
import type { SourceRange } from '../text/source-text.js';

export interface RuleDocs {
  /** What the check finds, one paragraph. */
  description: string;
  /** Why it matters: what breaks in GitLab. */
  why: string;
  /** How to fix it. */
  fix: string;
  /** A GitLab docs page, when there is one. */
  url?: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** Message templates by message id; `{{name}}` is replaced from `data`. */
  messages: Record<string, string>;
  docs: RuleDocs;
}

export interface CheckOptions {
  /** GitLab version the config is for (`16.11`); decides deprecated vs removed. */
  gitlabVersion?: string;
  /** SAML certificates expiring within this many days are reported (default 30). */
  certExpiryDays?: number;
}

export interface Report {
  messageId: string;
  data?: Record<string, string | number>;
  range: SourceRange | null;
  path?: string;
  hint?: string;
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
}

export interface RuleContext {
  model: OmniauthModel;
  options: CheckOptions;
  report(report: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}

/** Rules that the readers (or the renderer) report themselves (no `check` function), documented for `explain`. */
export interface ReaderRuleMeta extends RuleMeta {
  reportedBy: 'reader' | 'renderer';
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) => String(data[name] ?? `{{${name}}}`));
}

/** Keys and values quoted in messages never carry a secret (see maskSecretInKey). */
function maskSecretsInData(data: Record<string, string | number> | undefined): Record<string, string | number> | undefined {
  if (!data) return data;
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? maskSecretInKey(v) : v]));
}

export function runRule(rule: Rule, model: OmniauthModel, options: CheckOptions): Diagnostic[] {
  const found: Diagnostic[] = [];
  rule.check({
    model,
    options,
    report(r) {
      const template = rule.meta.messages[r.messageId];
      if (template === undefined) throw new Error(`rule ${rule.meta.id} has no message '${r.messageId}'`);
      const d: Diagnostic = {
        rule: rule.meta.id,
        severity: r.severity ?? rule.meta.severity,
        message: formatMessage(template, maskSecretsInData(r.data)),
        // A provider resolved from a Secret manifest is reported at that manifest.
        file: r.range?.file ?? model.file,
        range: r.range,
      };
      if (r.path !== undefined) d.path = r.path;
      if (r.hint !== undefined) d.hint = r.hint;
      found.push(d);
    },
  });
  return found;
}
