/**
 * `render` as a library call: read the target, merge the request into its
 * model, edit the text in place (or render a fresh section in the other
 * format), verify the result, check it. Nothing here touches the disk.
 */
import type { CheckOptions } from '../check/rule.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Format, OmniauthModel } from '../model/types.js';
import { isChartValues, isDockerCompose } from '../read/detect.js';
import { readConfig } from '../read/index.js';
import { NOT_RENDERABLE, RenderError, renderErrorDiagnostic } from '../render/errors.js';
import type { ComposeTarget } from './compose-edit.js';
import type { HelmValuesOptions, HelmValuesTarget } from './helm-values-edit.js';
import { findings, newFindings } from './findings.js';
import { bindPresetsToFile } from './preset-binding.js';
import { planMerge, type MergePlan } from './merge.js';
import { editOmnibus, type EditOutcome } from './omnibus-edit.js';
import type { EditRequest } from './provider-input.js';
import { editSource } from './source-edit.js';
import type { TextEdit } from './text-edits.js';
import { syntaxErrors, verifyEdit } from './verify.js';

export interface RenderEditOptions extends CheckOptions {
  /** Name shown in messages. */
  file: string;
  /** Format of the target text (default: detected from its name and content). */
  format?: Format;
  /** gitlab.yml environment section (default `production`). */
  env?: string;
  /** Docker Compose: the service whose GITLAB_OMNIBUS_CONFIG is edited (needed when several set it). */
  service?: string;
  /** Helm chart values: the Secret name and manifest file for the provider (see helm-values-edit.ts). */
  helm?: HelmValuesOptions;
}

export type RenderEditResult =
  | {
      status: 'ok';
      before: string;
      after: string;
      beforeModel: OmniauthModel;
      afterModel: OmniauthModel;
      plan: MergePlan;
      edits: TextEdit[];
      /** Findings in the edited file (warnings, and errors when the caller goes on with --force). */
      diagnostics: Diagnostic[];
      /**
       * The findings the edit brought in: those not already in the file before
       * it. Only their errors stop the command: a problem elsewhere in the
       * file, which the user did not ask to touch, is shown but does not
       * block adding a provider.
       */
      introduced: Diagnostic[];
      /** Set when the target is a Docker Compose file: the service edited and what its environment must pass. */
      compose?: ComposeTarget;
      /** Set when the target is Helm chart values: the providers' Secrets, which never go into the values file. */
      helm?: HelmValuesTarget;
    }
  /** The target cannot be read, the request cannot be merged, the editor refuses, or verification failed. */
  | { status: 'refused'; message: string; reasons: string[]; diagnostics: Diagnostic[] };

export async function renderEdit(text: string, request: EditRequest, options: RenderEditOptions): Promise<RenderEditResult> {
  const env = options.env ?? 'production';
  // The Ruby inside GITLAB_OMNIBUS_CONFIG is edited by its own adapter, which cuts it out of the YAML and puts it back.
  if (isDockerCompose(options.file, text)) {
    const { renderComposeEdit } = await import('./compose-edit.js');
    return renderComposeEdit(text, request, options);
  }
  // Chart values hold settings and Secret references; the providers go into Secret manifests.
  if (options.format !== 'omnibus' && isChartValues(options.file, text)) {
    const { renderHelmValuesEdit } = await import('./helm-values-edit.js');
    return renderHelmValuesEdit(text, request, options);
  }
  const read = await readConfig(text, { file: options.file, env, ...(options.format ? { format: options.format } : {}) });
  const syntax = syntaxErrors(read.diagnostics);
  if (syntax.length > 0) {
    return { status: 'refused', message: `${options.file} does not parse; fix it first`, reasons: [], diagnostics: syntax };
  }
  const model = read.model;
  const merged = planMerge(model, bindPresetsToFile(request, model));
  if (!merged.ok) return { status: 'refused', message: merged.message, reasons: [], diagnostics: [] };

  let outcome: EditOutcome;
  try {
    outcome = model.format === 'omnibus' ? editOmnibus(text, model, merged.plan) : await editSource(text, merged.plan, env);
  } catch (error) {
    if (error instanceof RenderError) {
      return { status: 'refused', message: NOT_RENDERABLE, reasons: [], diagnostics: [renderErrorDiagnostic(error, options.file)] };
    }
    throw error;
  }
  if (!outcome.ok) return { status: 'refused', message: outcome.message, reasons: [], diagnostics: [] };
  const plan = outcome.notes?.length ? { ...merged.plan, notes: [...merged.plan.notes, ...outcome.notes] } : merged.plan;

  const beforeFindings = await findings(model, read.diagnostics, options);
  if (outcome.edits.length === 0) {
    return { status: 'ok', before: text, after: text, beforeModel: model, afterModel: model, plan, edits: [], diagnostics: beforeFindings, introduced: [] };
  }
  const verified = await verifyEdit({ file: options.file, format: model.format, env, before: { text, model }, after: outcome.text, edits: outcome.edits, plan });
  if (!verified.ok) {
    return { status: 'refused', message: 'the edit did not verify: nothing was changed', reasons: verified.reasons, diagnostics: [] };
  }
  const afterFindings = await findings(verified.model, verified.diagnostics, options);
  return {
    status: 'ok',
    before: text,
    after: outcome.text,
    beforeModel: model,
    afterModel: verified.model,
    plan,
    edits: outcome.edits,
    diagnostics: afterFindings,
    introduced: newFindings(beforeFindings, afterFindings, { before: model, after: verified.model }),
  };
}

export { buildEditRequest, parseSetting, parseProviderFile } from './provider-input.js';
export type { EditRequest, ProviderFlags, ProviderUpsert, SettingChange } from './provider-input.js';
export { planMerge } from './merge.js';
export type { MergePlan, ProviderChange } from './merge.js';
export { presetNames, presetProvider } from './presets.js';
