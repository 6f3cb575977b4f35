/**
 * `render` on a Docker Compose file: the gitlab.rb Ruby inside a service's
 * `GITLAB_OMNIBUS_CONFIG` is cut out of its YAML value, edited by the
 * gitlab.rb editor, and put back in the value's own style (compose-scalar.ts).
 *
 * Compose interpolates `$` in the value before the container sees it. The
 * Ruby is therefore edited as it is written in the file (`$$`, `${VAR}` and
 * `$VAR` untouched, as text), and everything the request brings in is first
 * moved into that written form: each literal `$` becomes `$$`, so Compose
 * hands the container exactly the value that was asked for.
 */
import { parseDocument, type Document } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlainEntry, PlainValue } from '../model/plain.js';
import { findOmnibusConfig, serviceEnvironment, VARIABLE, type OmnibusConfigSite } from '../read/docker/compose.js';
import { mapScalar } from '../read/docker/scalar-map.js';
import { readConfig } from '../read/index.js';
import { readOmnibus } from '../read/omnibus/reader.js';
import { RenderError, renderErrorDiagnostic } from '../render/errors.js';
import { rewriteScalar } from './compose-scalar.js';
import { findings, newFindings } from './findings.js';
import type { RenderEditOptions, RenderEditResult } from './index.js';
import { planMerge } from './merge.js';
import { editOmnibus, type EditOutcome } from './omnibus-edit.js';
import type { EditRequest, ProviderUpsert } from './provider-input.js';
import { lineEnding } from './text-edits.js';
import { syntaxErrors, verifyEdit } from './verify.js';

/** What the next steps after a Compose write need to say. */
export interface ComposeTarget {
  service: string;
  /** Variables the new Ruby reads with ENV[...] and the line to add under the service's `environment:` for each one it does not pass yet. */
  missingVariables: Array<{ variable: string; line: string }>;
}

export async function renderComposeEdit(text: string, request: EditRequest, options: RenderEditOptions): Promise<RenderEditResult> {
  const refuse = (message: string, diagnostics: Diagnostic[] = [], reasons: string[] = []): RenderEditResult => ({ status: 'refused', message, reasons, diagnostics });
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) {
    const read = await readConfig(text, { file: options.file, format: 'omnibus' });
    return refuse(`${options.file} does not parse; fix it first`, syntaxErrors(read.diagnostics));
  }
  const picked = pickSite(findOmnibusConfig(doc), options.service, options.file);
  if (!picked.ok) return refuse(picked.message);
  const site = picked.site;
  if (site.scalar.anchor) {
    // An anchored value may be the value of other services too (`*alias`): editing it would change them all.
    return refuse(`${VARIABLE} of service \`${site.service}\` is shared through the YAML anchor &${site.scalar.anchor}; edit it by hand`);
  }
  const readOptions = { file: options.file, format: 'omnibus' as const, service: site.service };
  const read = await readConfig(text, readOptions);
  const syntax = syntaxErrors(read.diagnostics);
  if (syntax.length > 0) return refuse(`${options.file} does not parse; fix it first`, syntax);
  if (read.model.shape === 'empty' && read.diagnostics.some((d) => d.rule === 'opaque-value')) {
    return refuse(`${VARIABLE} of service \`${site.service}\` is filled in from the environment: edit the Ruby where it is kept`);
  }

  const value = mapScalar(site.scalar, text).value;
  const ruby = value.slice(site.prefix);
  // The Ruby as written, `$$` and all: what the gitlab.rb editor changes and verifies.
  const written = await readOmnibus(ruby, { file: options.file });
  const merged = planMerge(written.model, asWritten(request));
  if (!merged.ok) return refuse(merged.message);
  const plan = merged.plan;

  let outcome: EditOutcome;
  try {
    outcome = editOmnibus(ruby, written.model, plan);
  } catch (error) {
    if (error instanceof RenderError) return refuse(error.message, [renderErrorDiagnostic(error, options.file)]);
    throw error;
  }
  if (!outcome.ok) return refuse(outcome.message);

  const beforeFindings = await findings(read.model, read.diagnostics, options);
  const compose: ComposeTarget = { service: site.service, missingVariables: missingVariables(doc, site.service, request) };
  if (outcome.edits.length === 0) {
    return { status: 'ok', before: text, after: text, beforeModel: read.model, afterModel: read.model, plan, edits: [], diagnostics: beforeFindings, introduced: [], compose };
  }

  const rewrite = rewriteScalar(text, site.scalar, value, value.slice(0, site.prefix) + outcome.text, lineEnding(text));
  if (!rewrite.ok) return refuse(`${VARIABLE} of service \`${site.service}\`: ${rewrite.message}`);
  if (rewrite.restyled) {
    plan.notes.push(`${VARIABLE} of service \`${site.service}\` is rewritten as a literal block (|): its new lines cannot be written in the value's own style`);
  }
  const after = text.slice(0, rewrite.edit.start) + rewrite.edit.text + text.slice(rewrite.edit.end);

  // The same gate as for gitlab.rb, on the Ruby, plus the YAML around it.
  const reasons = composeReadsBack(after, site.service, site.prefix, outcome.text);
  const verified = await verifyEdit({ file: options.file, format: 'omnibus', env: 'production', before: { text: ruby, model: written.model }, after: outcome.text, edits: outcome.edits, plan });
  if (!verified.ok) reasons.push(...verified.reasons);
  if (reasons.length > 0) return refuse('the edit did not verify: nothing was changed', [], reasons);

  const reread = await readConfig(after, readOptions);
  const afterFindings = await findings(reread.model, reread.diagnostics, options);
  return {
    status: 'ok',
    before: text,
    after,
    beforeModel: read.model,
    afterModel: reread.model,
    plan,
    edits: [rewrite.edit],
    diagnostics: afterFindings,
    introduced: newFindings(beforeFindings, afterFindings),
    compose,
  };
}

type Picked = { ok: true; site: OmnibusConfigSite } | { ok: false; message: string };

/** The service to edit: the one named, or the only one that sets the variable. */
function pickSite(sites: readonly OmnibusConfigSite[], service: string | undefined, file: string): Picked {
  const names = sites.map((s) => `\`${s.service}\``).join(', ');
  if (service !== undefined) {
    const site = sites.find((s) => s.service === service);
    if (site) return { ok: true, site };
    return { ok: false, message: `service \`${service}\` does not set ${VARIABLE} in ${file}${sites.length > 0 ? `; the services that do: ${names}` : ''}` };
  }
  const [only, ...more] = sites;
  if (!only) return { ok: false, message: `no service in ${file} sets ${VARIABLE}` };
  if (more.length > 0) return { ok: false, message: `several services in ${file} set ${VARIABLE} (${names}): name one with --service` };
  return { ok: true, site: only };
}

/** The YAML parses, the service still sets the variable, and its value is exactly the edited Ruby. */
function composeReadsBack(after: string, service: string, prefix: number, ruby: string): string[] {
  const doc = parseDocument(after, { prettyErrors: false });
  if (doc.errors.length > 0) return [`the edited compose file does not parse: ${doc.errors[0]?.message ?? ''}`];
  const site = findOmnibusConfig(doc).find((s) => s.service === service);
  if (!site) return [`service \`${service}\` no longer sets ${VARIABLE} after the edit`];
  const value = mapScalar(site.scalar, after).value;
  return value.slice(prefix) === ruby && site.prefix === prefix ? [] : [`${VARIABLE} of service \`${service}\` does not read back as the edited Ruby`];
}

/** Compose turns `$$` into `$`: a literal `$` is written doubled. */
function escapeDollars(text: string): string {
  return text.replaceAll('$', '$$$$');
}

function plainAsWritten(value: PlainValue): PlainValue {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return { kind: value.kind, value: escapeDollars(value.value) };
    case 'ruby':
    case 'erb':
      return { kind: value.kind, source: escapeDollars(value.source) };
    case 'array':
      return { kind: 'array', items: value.items.map(plainAsWritten) };
    case 'mapping':
      return { kind: 'mapping', entries: value.entries.map(entryAsWritten) };
    default:
      return value;
  }
}

function entryAsWritten(entry: PlainEntry): PlainEntry {
  return { key: escapeDollars(entry.key), value: plainAsWritten(entry.value) };
}

function upsertAsWritten(upsert: ProviderUpsert): ProviderUpsert {
  const entry = { kind: 'mapping' as const, entries: upsert.entry.entries.map(entryAsWritten) };
  return { ...upsert, entry, ...(upsert.given ? { given: { kind: 'mapping' as const, entries: upsert.given.entries.map(entryAsWritten) } } : {}) };
}

/** The request as text written into the compose file: every literal `$` doubled. */
export function asWritten(request: EditRequest): EditRequest {
  return {
    upserts: request.upserts.map(upsertAsWritten),
    removals: request.removals.map(escapeDollars),
    settings: request.settings.map((s) => ({ name: s.name, value: plainAsWritten(s.value) })),
  };
}

/** ENV variables the request makes the Ruby read, and the `environment:` line for each the service does not pass yet. */
function missingVariables(doc: Document, service: string, request: EditRequest): ComposeTarget['missingVariables'] {
  const variables = new Set<string>();
  const collect = (value: PlainValue): void => {
    if (value.kind === 'env') variables.add(value.variable);
    else if (value.kind === 'array') value.items.forEach(collect);
    else if (value.kind === 'mapping') value.entries.forEach((e) => collect(e.value));
  };
  request.upserts.forEach((u) => collect(u.entry));
  request.settings.forEach((s) => collect(s.value));
  const environment = serviceEnvironment(doc, service);
  return [...variables]
    .filter((variable) => !environment?.names.has(variable))
    .map((variable) => ({ variable, line: environment?.form === 'list' ? `- ${variable}=\${${variable}}` : `${variable}: \${${variable}}` }));
}
