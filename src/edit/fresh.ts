/**
 * Rendering into the other format (`--format source` from a gitlab.rb,
 * `--format omnibus` from a gitlab.yml) or with no target file: the whole
 * OmniAuth section, fresh from the templates, with the merged values. From
 * gitlab.rb to gitlab.yml the settings follow what `gitlab-ctl reconfigure`
 * writes (DOMAIN.md §2: Omnibus defaults, some settings dropped when nil or
 * false, one JSON line per provider), except that `ENV['X']` becomes an ERB
 * tag GitLab evaluates itself (the header says so). A value the tool cannot
 * read refuses the conversion (render/convertible.ts): it is never written
 * as something else.
 */
import type { CheckOptions } from '../check/rule.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { toPlain, type PlainValue } from '../model/plain.js';
import type { Format, OmniauthModel } from '../model/types.js';
import { readConfig } from '../read/index.js';
import { unconvertibleDiagnostics, unconvertibleValues } from '../render/convertible.js';
import { NOT_RENDERABLE, RenderError, renderErrorDiagnostic } from '../render/errors.js';
import { settingByName } from '../model/settings.js';
import { findings, newFindings } from './findings.js';
import { bindPresetsToFile } from './preset-binding.js';
import { effectiveSettings, planMerge, type MergePlan } from './merge.js';
import { envVariableOf, samePlain } from './plain-ops.js';
import type { EditRequest } from './provider-input.js';
import { syntaxErrors } from './verify.js';

export interface RenderFreshOptions extends CheckOptions {
  /** The format to produce. */
  format: Format;
  /** Where the current values come from, if anywhere. */
  source?: { text: string; file: string; format?: Format; env?: string };
}

export type RenderFreshResult =
  | { status: 'ok'; section: string; model: OmniauthModel; plan: MergePlan; diagnostics: Diagnostic[]; introduced: Diagnostic[] }
  | { status: 'refused'; message: string; reasons: string[]; diagnostics: Diagnostic[] };

export async function renderFresh(request: EditRequest, options: RenderFreshOptions): Promise<RenderFreshResult> {
  let model: OmniauthModel = emptyModel(options.format);
  let beforeFindings: Diagnostic[] = [];
  if (options.source) {
    const { text, file, format, env } = options.source;
    const read = await readConfig(text, { file, ...(format ? { format } : {}), ...(env ? { env } : {}) });
    const syntax = syntaxErrors(read.diagnostics);
    if (syntax.length > 0) return { status: 'refused', message: `${file} does not parse; fix it first`, reasons: [], diagnostics: syntax };
    model = read.model;
    beforeFindings = await findings(model, read.diagnostics, options);
  }
  const merged = planMerge(model, bindPresetsToFile(request, model));
  if (!merged.ok) return { status: 'refused', message: merged.message, reasons: [], diagnostics: [] };
  const plan = merged.plan;
  // `ENV['X']` (gitlab.rb) and `<%= ENV['X'] %>` (gitlab.yml) are the same reference: carried across as one.
  const settings = Object.fromEntries([...plan.intendedSettings].map(([name, value]) => [name, portable(value)]));
  const providers = plan.intendedProviders.map(portable);
  // From a gitlab.rb, the gitlab.yml GitLab will really run with is the one reconfigure writes.
  const asReconfigure = model.format === 'omnibus' && options.format === 'source' && options.source !== undefined;

  if (options.source && model.format !== options.format) {
    // Reconfigure drops settings it does not know: their values are never written.
    const written = asReconfigure ? Object.fromEntries(Object.entries(settings).filter(([name]) => settingByName(name))) : settings;
    const unconvertible = unconvertibleValues(model, { intended: { settings: written, providers }, replacedSettings: request.settings.map((s) => s.name) });
    if (unconvertible.length > 0) {
      return {
        status: 'refused',
        message: `${model.file} cannot be converted: gitlab-omniauth cannot read ${unconvertible.length === 1 ? 'one of its values' : `${unconvertible.length} of its values`}, and writing them anyway would change them (nothing rendered)`,
        reasons: [],
        diagnostics: unconvertibleDiagnostics(model, unconvertible),
      };
    }
  }

  let section: string;
  try {
    if (asReconfigure) {
      const { gitlabYmlFromOmnibus, reconfigureHeader } = await import('../render/omnibus-to-gitlab-yml.js');
      section = reconfigureHeader(model.file, [...envVariablesIn(settings, providers)]) + gitlabYmlFromOmnibus({ settings, providers }, { indent: '' });
    } else {
      const templates = await import('../render/templates.js');
      section = options.format === 'omnibus' ? templates.renderOmnibusSection(settings, providers) : templates.renderSourceSection(settings, providers);
    }
  } catch (error) {
    // The finding carries the reason; the refusal line only says what happened (no second copy of the value).
    if (error instanceof RenderError) return { status: 'refused', message: NOT_RENDERABLE, reasons: [], diagnostics: [renderErrorDiagnostic(error, 'output')] };
    throw error;
  }

  // The section is read back like any file: it must hold exactly what was intended.
  const back = await readConfig(section, { file: '<rendered>', format: options.format });
  const reasons: string[] = [];
  const readBack = (back.model.providers ?? []).map((p) => toPlain(p.value));
  const providersMatch = readBack.length === providers.length && readBack.every((value, i) => samePlain(value, providers[i] as PlainValue));
  if (!providersMatch) reasons.push('the rendered providers read back differently from what was intended');
  const actualSettings = effectiveSettings(back.model);
  // Reconfigure adds Omnibus defaults and drops nil/false settings: its own tests cover that mapping.
  for (const [name, value] of asReconfigure ? [] : Object.entries(settings)) {
    const got = actualSettings.get(name);
    if (!got || !samePlain(got, value)) reasons.push(`setting ${name} reads back differently from what was intended`);
  }
  if (reasons.length > 0) return { status: 'refused', message: 'the rendered section did not verify', reasons, diagnostics: [] };

  const diagnostics = await findings(back.model, back.diagnostics, options);
  return { status: 'ok', section, model: back.model, plan, diagnostics, introduced: newFindings(beforeFindings, diagnostics) };
}

/** The environment variables the values read, in order of first use. */
function envVariablesIn(settings: Readonly<Record<string, PlainValue>>, providers: readonly PlainValue[]): Set<string> {
  const found = new Set<string>();
  const walk = (value: PlainValue): void => {
    if (value.kind === 'env') found.add(value.variable);
    else if (value.kind === 'array') value.items.forEach(walk);
    else if (value.kind === 'mapping') value.entries.forEach((e) => walk(e.value));
  };
  Object.values(settings).forEach(walk);
  providers.forEach(walk);
  return found;
}

/** A value with its pure ENV references as `env`, so either format can write them. */
function portable(value: PlainValue): PlainValue {
  switch (value.kind) {
    case 'ruby':
    case 'erb': {
      const variable = envVariableOf(value.source);
      return variable ? { kind: 'env', variable } : value;
    }
    case 'array':
      return { kind: 'array', items: value.items.map(portable) };
    case 'mapping':
      return { kind: 'mapping', entries: value.entries.map((e) => ({ key: e.key, value: portable(e.value) })) };
    default:
      return value;
  }
}

function emptyModel(format: Format): OmniauthModel {
  return { file: '<new>', format, shape: 'empty', env: null, externalUrl: null, settings: [], providers: null };
}
