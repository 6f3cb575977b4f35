/**
 * `render` on GitLab Helm chart values (DOMAIN.md §6): settings are edited in
 * place under `global.appConfig.omniauth` by the chart's camelCase names, and
 * a provider becomes a `{secret: NAME, key: KEY}` item of `providers` while
 * its content goes into a Kubernetes Secret manifest: provider content never
 * goes into the values file. Name-only items (`{name: group_saml}`) stay as
 * they are. Missing `global:` / `appConfig:` / `omniauth:` levels are created
 * with the file's indentation; everything else keeps its bytes.
 *
 * The chart writes its values into gitlab.yml through an ERB template, and
 * GitLab runs gitlab.yml through ERB again: a `<%` in a setting is refused.
 * The Secret's provider YAML is loaded by that template and passed on to the
 * same ERB pass as JSON, so a literal `<%` there is written `<%%`.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, parseDocument, type Document, type Node as YamlNode, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { toPlain, type PlainValue } from '../model/plain.js';
import { SETTINGS } from '../model/settings.js';
import type { OmniauthModel } from '../model/types.js';
import { secretBlocks, type SecretBlock } from '../read/helm/secret-manifest.js';
import { readConfig } from '../read/index.js';
import { HELM_PROVIDER_KEY, HELM_SETTING_NAMES } from '../read/source/helm.js';
import { RenderError, renderErrorDiagnostic } from '../render/errors.js';
import { isSecretName, providerBlockScalar, providerSecretManifest, providerSecretYaml, secretNameFor } from '../render/helm.js';
import { DOCS_YAML_STYLE, isPlainSafe, yamlFlowInline, yamlItem, yamlLiteral, yamlPair, type YamlStyle } from '../render/yaml-literal.js';
import { findings, newFindings } from './findings.js';
import type { RenderEditOptions, RenderEditResult } from './index.js';
import { planMerge, withoutReferences, type MergePlan } from './merge.js';
import { mapping, providerName, samePlain, str } from './plain-ops.js';
import { bindPresetsToFile } from './preset-binding.js';
import type { EditRequest } from './provider-input.js';
import { applyEdits, indentOf, removeElements, lineEnding, lineEndOf, lineStartOf, nextLineStart, withLineEnding, type TextEdit } from './text-edits.js';
import { compareProviders, compareSettings, compareUntouchedSettings, replacedOutside, syntaxErrors, writtenStructure } from './verify.js';

/** What `render` on chart values needs beyond the common options. */
export interface HelmValuesOptions {
  /** --helm-secret: the Secret of the one provider added, changed or removed. */
  secretName?: string;
  /** --secret-file: the Secret manifest to merge into and edit (text null: the file does not exist yet). */
  secretFile?: { name: string; text: string | null };
}

/** A provider's Secret as this edit leaves it. */
export interface ChartSecret {
  name: string;
  /** The key of `stringData` that holds the provider. */
  key: string;
  provider: PlainValue;
}

/** What `render` on chart values produces besides the values file. */
export interface HelmValuesTarget {
  secrets: ChartSecret[];
  /** --secret-file: its text before (null: new) and after the edit. */
  secretFile?: { name: string; before: string | null; after: string };
  /** Secrets no values item references any more. */
  dropped: string[];
}

const YAML_COMMENT = /^[ \t]*#/;
const OMNIAUTH_PATH = ['global', 'appConfig', 'omniauth'] as const;
const CHART_PATH = 'global.appConfig.omniauth';

class Refusal extends Error {
  override name = 'Refusal';
}

interface Reference {
  secret: string;
  key: string;
  node: YamlNode;
}

export async function renderHelmValuesEdit(text: string, request: EditRequest, options: RenderEditOptions & { helm?: HelmValuesOptions }): Promise<RenderEditResult> {
  const file = options.file;
  const helm = options.helm ?? {};
  const refuse = (message: string, diagnostics: Diagnostic[] = [], reasons: string[] = []): RenderEditResult => ({ status: 'refused', message, reasons, diagnostics });
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  const read = await readConfig(text, { file, format: 'source' });
  const syntax = syntaxErrors(read.diagnostics);
  if (doc.errors.length > 0 || syntax.length > 0) return refuse(`${file} does not parse; fix it first`, syntax);
  const model = read.model;

  for (const change of request.settings) {
    const refused = settingRefusal(change.name, change.value);
    if (refused) return refuse(refused);
  }
  for (const name of request.unsets ?? []) {
    if (HELM_SETTING_NAMES[name] === undefined) return refuse(noChartValue(name));
  }

  try {
    const editor = new ChartValuesEditor(text, doc);
    editor.refuseShared();
    const references = editor.references();
    const inline = new Set((model.providers ?? []).map((p) => providerName(toPlain(p.value))).filter((n): n is string => n !== null));
    const manifest = helm.secretFile?.text ? secretBlocks(helm.secretFile.text, helm.secretFile.name) : [];
    const named = new Set([...request.upserts.map((u) => providerName(u.entry) ?? ''), ...(request.argRemovals ?? []).map((r) => r.name)]);
    const referenced = named.size + request.removals.filter((n) => !inline.has(n)).length;
    if (helm.secretName !== undefined && referenced !== 1) {
      return refuse(`--helm-secret names one Secret, but this command changes ${referenced} providers kept in Secrets`);
    }
    const notes: string[] = [];
    const secrets: ChartSecret[] = [];
    const gitlabUrl = chartGitlabUrl(doc);
    const added: Array<{ secret: string; key: string }> = [];
    for (const name of named) {
      if (inline.has(name)) {
        return refuse(`provider '${name}' is a name-only item of ${CHART_PATH}.providers in ${file} (the form the chart allows for group_saml and kerberos); edit it by hand`);
      }
      const found = await blockNamed(manifest, name);
      const secret = helm.secretName ?? found?.secret ?? secretNameFor(name);
      if (!isSecretName(secret)) return refuse(`${JSON.stringify(secret)} is not a valid Kubernetes Secret name; choose one with --helm-secret`);
      const reference = references.find((r) => r.secret === secret);
      const key = reference?.key ?? found?.key ?? HELM_PROVIDER_KEY;
      const block = manifest.find((b) => b.secret === secret && b.key === key);
      const base = block ? (await block.read()).model : (await readConfig('', { file, format: 'source' })).model;
      if (block && (base.providers ?? []).length !== 1) return refuse(`Secret ${secret} in ${helm.secretFile?.name ?? ''} does not hold exactly one provider under ${key}; edit it by hand`);
      const upsert = request.upserts.filter((u) => providerName(u.entry) === name);
      const sub: EditRequest = { upserts: upsert, removals: [], settings: [], argRemovals: (request.argRemovals ?? []).filter((r) => r.name === name) };
      const merged = planMerge(base, bindPresetsToFile(sub, withChartUrl(base, gitlabUrl)));
      if (!merged.ok) return refuse(`Secret ${secret}: ${merged.message}`);
      const [provider, ...others] = merged.plan.intendedProviders;
      if (!provider && !block) {
        return refuse(`provider '${name}' is kept in a Secret this command cannot see (${secret}): give its manifest with --secret-file (and --helm-secret NAME when the Secret has another name)`);
      }
      if (!provider || others.length > 0 || providerName(provider) !== name) {
        return refuse(`Secret ${secret} holds another provider than '${name}'; name the Secret for '${name}' with --helm-secret`);
      }
      notes.push(...merged.plan.notes);
      if (reference && !block) {
        notes.push(`Secret ${secret} gets only what this command gives: the keys of '${name}' kept in the cluster's Secret are not in it (give its manifest with --secret-file to merge into it)`);
      }
      secrets.push({ name: secret, key, provider });
      if (!reference) added.push({ secret, key });
    }

    const inlineRemovals: string[] = [];
    const dropped: Reference[] = [];
    const removedNames = new Set<string>();
    for (const name of request.removals) {
      if (inline.has(name)) {
        inlineRemovals.push(name);
        continue;
      }
      const found = await blockNamed(manifest, name);
      const secret = helm.secretName ?? found?.secret ?? secretNameFor(name);
      const matches = references.filter((r) => r.secret === secret);
      if (matches.length === 0) {
        notes.push(`no provider named '${name}' to remove: no item of ${CHART_PATH}.providers references the Secret ${secret}`);
        continue;
      }
      dropped.push(...matches);
      removedNames.add(name);
    }

    const merged = planMerge(model, { upserts: [], removals: inlineRemovals, settings: request.settings, unsets: request.unsets ?? [] });
    if (!merged.ok) return refuse(merged.message);
    const plan = merged.plan;
    plan.notes.push(...notes);
    dropListedNames(plan, request, removedNames);
    const enabled = plan.intendedSettings.get('enabled');
    if (secrets.length > 0 && enabled?.kind === 'boolean' && !enabled.value) {
      plan.notes.push(`${CHART_PATH}.enabled is false: GitLab shows no provider until it is true (--set enabled=true)`);
    }
    if (added.length > 0 && !plan.intendedSettings.has('enabled') && !(request.unsets ?? []).includes('enabled')) {
      // The chart's omniauth.enabled defaults to false, unlike GitLab's: a provider added without it would do nothing.
      const on: PlainValue = { kind: 'boolean', value: true };
      plan.intendedSettings.set('enabled', on);
      plan.settings.push({ name: 'enabled', value: on, current: null, statements: [] });
      plan.notes.push(`${CHART_PATH}.enabled is set to true: the chart's default is false, which would leave the provider unused`);
    }

    for (const change of plan.providers) if (change.kind === 'remove') editor.removeItem(change.item.value.range.start.offset);
    for (const ref of dropped) editor.removeItem(ref.node.range?.[0] ?? -1);
    for (const ref of added) editor.appendItem(mapping([{ key: 'secret', value: str(ref.secret) }, { key: 'key', value: str(ref.key) }]));
    // Removals first: a new key is anchored after the last key that stays.
    const settingChanges = [...plan.settings].sort((a, b) => Number(a.value !== null) - Number(b.value !== null));
    for (const setting of settingChanges) {
      const chartName = HELM_SETTING_NAMES[setting.name] as string;
      if (setting.value === null) editor.unsetSetting(chartName);
      else editor.setSetting(chartName, setting.value);
    }
    const edits = editor.finish();
    const after = applyEdits(text, edits);

    const secretFile = helm.secretFile ? { name: helm.secretFile.name, before: helm.secretFile.text, after: editManifest(helm.secretFile.text, manifest, secrets) } : undefined;
    const target: HelmValuesTarget = { secrets, dropped: [...new Set(dropped.map((d) => d.secret))], ...(secretFile ? { secretFile } : {}) };
    for (const secret of target.dropped) plan.notes.push(`the Secret ${secret} is no longer referenced: delete it when GitLab runs without it (kubectl delete secret -n NAMESPACE ${secret})`);

    const beforeFindings = await findings(model, read.diagnostics, options);
    if (edits.length === 0 && (!secretFile || secretFile.after === secretFile.before) && secrets.length === 0) {
      return { status: 'ok', before: text, after: text, beforeModel: model, afterModel: model, plan, edits: [], diagnostics: beforeFindings, introduced: [], helm: target };
    }
    const expected = [...references.filter((r) => !dropped.includes(r)).map((r) => `${r.secret}/${r.key}`), ...added.map((r) => `${r.secret}/${r.key}`)];
    const reasons = await verifyChartEdit(text, after, model, edits, plan, editor.regions(), expected, file);
    // The Secrets, written or printed, must read back as exactly their providers too.
    const manifestName = secretFile?.name ?? 'the Secret manifest';
    const manifestText = secretFile?.after ?? secrets.map((s) => providerSecretManifest(s.name, s.provider, { key: s.key, showSecrets: true })).join('---\n');
    reasons.push(...(await verifyManifest(manifestText, manifestName, secrets)));
    if (reasons.length > 0) return refuse('the edit did not verify: nothing was changed', [], reasons);
    const reread = await readConfig(after, { file, format: 'source' });
    // The provider checks run on each Secret's provider; only what this edit brings in stops the command.
    const secretBefore = secretFile?.before ? await secretFindings(secretFile.before, manifestName, secrets, options) : [];
    const secretAfter = await secretFindings(manifestText, manifestName, secrets, options);
    const afterFindings = await findings(reread.model, reread.diagnostics, options);
    return {
      status: 'ok',
      before: text,
      after,
      beforeModel: model,
      afterModel: reread.model,
      plan,
      edits,
      diagnostics: [...afterFindings, ...secretAfter],
      introduced: [...newFindings(beforeFindings, afterFindings, { before: model, after: reread.model }), ...newFindings(secretBefore, secretAfter)],
      helm: target,
    };
  } catch (error) {
    if (error instanceof Refusal) return refuse(error.message);
    if (error instanceof RenderError) return refuse(error.message, [renderErrorDiagnostic(error, file)]);
    throw error;
  }
}

/**
 * GitLab's URL as the chart builds it: `global.hosts.gitlab.name` (default
 * `gitlab.<global.hosts.domain>`), https unless `global.hosts.https` (or
 * `hosts.gitlab.https`) is false. Null when the values do not say.
 */
function chartGitlabUrl(doc: Document.Parsed): string | null {
  const text = (p: string[]): unknown => {
    const node = doc.getIn(p, true);
    return isScalar(node) ? node.value : undefined;
  };
  const domain = text(['global', 'hosts', 'domain']);
  const named = text(['global', 'hosts', 'gitlab', 'name']);
  const host = typeof named === 'string' && named !== '' ? named : typeof domain === 'string' && domain !== '' ? `gitlab.${domain}` : null;
  if (host === null || !/^[A-Za-z0-9.-]+(:\d+)?$/.test(host)) return null;
  const https = text(['global', 'hosts', 'gitlab', 'https']) ?? text(['global', 'hosts', 'https']);
  return `${https === false ? 'http' : 'https'}://${host}`;
}

/** The model a preset is bound to, with the chart's GitLab URL as its external URL. */
function withChartUrl(model: OmniauthModel, url: string | null): OmniauthModel {
  if (url === null) return model;
  const at = { offset: 0, line: 1, column: 1 };
  return { ...model, externalUrl: { url, value: null, range: { start: at, end: at } } };
}

function noChartValue(name: string): string {
  return name === 'providers'
    ? `providers is not a setting: add a provider with --name/--provider/--preset, remove one with --remove`
    : `omniauth.${name} has no chart value under ${CHART_PATH} (the chart passes on: ${Object.keys(HELM_SETTING_NAMES).join(', ')})`;
}

/** Why a setting cannot go into chart values, or null. */
function settingRefusal(name: string, value: PlainValue): string | null {
  if (HELM_SETTING_NAMES[name] === undefined) return noChartValue(name);
  const strings: string[] = [];
  const walk = (v: PlainValue): void => {
    if (v.kind === 'string' || v.kind === 'symbol') strings.push(v.value);
    else if (v.kind === 'array') v.items.forEach(walk);
    else if (v.kind === 'mapping') v.entries.forEach((e) => walk(e.value));
    else if (v.kind === 'env' || v.kind === 'erb' || v.kind === 'ruby') strings.push('<%');
  };
  walk(value);
  if (strings.some((s) => s.includes('<%'))) {
    return `${name}: the chart writes ${HELM_SETTING_NAMES[name]} into gitlab.yml through an ERB template and GitLab runs that file through ERB again, so \`<%\` (or ENV/ERB) cannot be a chart setting's value; use a plain value`;
  }
  return null;
}

/** The manifest's block whose provider is named `name`. */
async function blockNamed(blocks: readonly SecretBlock[], name: string): Promise<SecretBlock | undefined> {
  for (const block of blocks) {
    const providers = (await block.read()).model.providers ?? [];
    if (providers.some((p) => providerName(toPlain(p.value)) === name)) return block;
  }
  return undefined;
}

/** A provider removed by its Secret reference leaves no name behind in the settings that list providers. */
function dropListedNames(plan: MergePlan, request: EditRequest, removed: ReadonlySet<string>): void {
  if (removed.size === 0) return;
  for (const spec of SETTINGS) {
    if (!spec.referencesProviders || HELM_SETTING_NAMES[spec.name] === undefined) continue;
    if (request.settings.some((s) => s.name === spec.name) || (request.unsets ?? []).includes(spec.name)) continue;
    const value = plan.intendedSettings.get(spec.name);
    const without = value ? withoutReferences(value, removed) : undefined;
    if (without === undefined) continue;
    if (without === null) plan.intendedSettings.delete(spec.name);
    else plan.intendedSettings.set(spec.name, without);
    const change = { name: spec.name, value: without, current: null, statements: [] };
    const at = plan.settings.findIndex((s) => s.name === spec.name);
    if (at === -1) plan.settings.push(change);
    else plan.settings[at] = change;
  }
}

/**
 * The values text edited with the `yaml` library's node ranges: only the
 * changed keys and items are rewritten, new ones follow the file's style.
 */
class ChartValuesEditor {
  private readonly edits: TextEdit[] = [];
  private readonly eol: string;
  private readonly unit: string;
  private readonly settingStyle: YamlStyle;
  private readonly itemStyle: YamlStyle;
  private readonly removed = new Set<Pair>();
  private readonly removedItems = new Set<YamlNode>();
  private readonly pendingSettings: Array<{ key: string; value: PlainValue }> = [];
  private readonly pendingItems: PlainValue[] = [];
  private readonly appendedItems: PlainValue[] = [];
  /** Text the edits may replace: the omniauth section and empty levels written anew. */
  private readonly replaceable: Array<[number, number]> = [];

  constructor(
    private readonly text: string,
    private readonly doc: Document.Parsed,
  ) {
    this.eol = lineEnding(text);
    this.unit = this.detectUnit();
    const om = this.level(3);
    const section = om.found === 3 ? om.map : null;
    const settingQuote = section ? firstString(section.items.filter((p) => keyOf(p) !== 'providers').map((p) => p.value)) : undefined;
    this.settingStyle = { flow: true, quote: settingQuote?.type === 'QUOTE_DOUBLE' ? 'double' : 'single', quoteStrings: settingQuote ? settingQuote.type !== 'PLAIN' : true, indentUnit: this.unit };
    const seq = this.providersSeq();
    const firstItem = seq?.items.find((i) => isMap(i)) as YAMLMap | undefined;
    const itemQuote = firstString(firstItem ? [firstItem] : []);
    this.itemStyle = {
      flow: Boolean(firstItem?.flow),
      quote: itemQuote?.type === 'QUOTE_DOUBLE' ? 'double' : 'single',
      quoteStrings: itemQuote ? itemQuote.type !== 'PLAIN' : false,
      indentUnit: this.unit,
    };
    if (om.found === 3 && om.pair) {
      const key = om.pair.key as YamlNode;
      const end = Math.max(key.range?.[1] ?? 0, contentEnd(om.pair.value as YamlNode | null) - 1);
      this.replaceable.push([lineStartOf(text, key.range?.[0] ?? 0), nextLineStart(text, end)]);
    }
  }

  private edit(start: number, end: number, rendered: string, depth = 0): void {
    this.edits.push({ start, end, text: withLineEnding(rendered, this.eol), depth });
  }

  regions(): Array<[number, number]> {
    return this.replaceable;
  }

  /** The first nested block key's column: the file's indentation unit (two spaces when there is none). */
  private detectUnit(): string {
    const root = this.doc.contents;
    if (isMap(root) && !root.flow) {
      for (const pair of root.items) {
        const value = pair.value;
        if (isMap(value) && !value.flow && value.items[0]) {
          const column = this.column(((value.items[0].key as YamlNode).range ?? [0])[0]);
          if (column > 0) return ' '.repeat(column);
        }
      }
    }
    return DOCS_YAML_STYLE.indentUnit;
  }

  private column(offset: number): number {
    return offset - lineStartOf(this.text, offset);
  }

  /**
   * The levels global → appConfig → omniauth down to `depth` (1-3): the
   * deepest one that exists, its pair and block mapping. A level written as a
   * flow mapping with content, or as a scalar that is not empty, cannot be
   * edited.
   */
  private level(depth: number): { found: number; pair: Pair | null; map: YAMLMap | null } {
    const root = this.doc.contents;
    if (root === null || isEmpty(root)) return { found: 0, pair: null, map: null };
    if (!isMap(root) || root.flow) throw new Refusal('the values file is not a block mapping at the top; edit it by hand');
    let map: YAMLMap = root;
    let pair: Pair | null = null;
    for (let i = 0; i < depth; i++) {
      const key = OMNIAUTH_PATH[i] as string;
      const next = lastPair(map, key);
      if (!next) return { found: i, pair, map };
      const where = OMNIAUTH_PATH.slice(0, i + 1).join('.');
      if (isMap(next.value) && !next.value.flow) {
        pair = next;
        map = next.value;
        continue;
      }
      if (isEmpty(next.value)) return { found: i + 1, pair: next, map: null };
      throw new Refusal(`${where} is not a block mapping; edit it by hand`);
    }
    return { found: depth, pair, map };
  }

  private providersPair(): Pair | null {
    const om = this.level(3);
    return om.found === 3 && om.map ? (lastPair(om.map, 'providers') ?? null) : null;
  }

  private providersSeq(): YAMLSeq | null {
    const value = this.providersPair()?.value;
    return isSeq(value) ? value : null;
  }

  /** An anchored omniauth: or providers: may be the value of other keys too (`*alias`): editing it would change them all. */
  refuseShared(): void {
    const om = this.level(3);
    const section = om.found === 3 ? om.map : null;
    for (const [node, where] of [[section, CHART_PATH], [this.providersPair()?.value, `${CHART_PATH}.providers`]] as const) {
      const anchor = (node as YamlNode | null | undefined)?.anchor;
      if (anchor) throw new Refusal(`${where} is shared through the YAML anchor &${anchor}; edit it by hand`);
    }
  }

  /** The `{secret, key}` items of `providers`, in order. */
  references(): Reference[] {
    return (this.providersSeq()?.items ?? []).flatMap((item) => {
      if (!isMap(item)) return [];
      const keys = item.items.map(keyOf);
      if (!keys.includes('secret') || keys.includes('name') || keys.some((k) => k !== 'secret' && k !== 'key')) return [];
      const secret = scalarText(lastPair(item, 'secret')?.value);
      if (secret === undefined) return [];
      return [{ secret, key: scalarText(lastPair(item, 'key')?.value) ?? HELM_PROVIDER_KEY, node: item as YamlNode }];
    });
  }

  removeItem(start: number): void {
    const node = this.providersSeq()?.items.find((i) => (i as YamlNode).range?.[0] === start) as YamlNode | undefined;
    if (!node) throw new Refusal(`cannot find the item to remove under ${CHART_PATH}.providers`);
    this.removedItems.add(node);
  }

  appendItem(item: PlainValue): void {
    if (this.providersPair()) this.appendedItems.push(item);
    else this.pendingItems.push(item);
  }

  /** The items removed and added to an existing `providers:`, together: what stays decides where new ones go. */
  private writeItems(): void {
    if (this.removedItems.size === 0 && this.appendedItems.length === 0) return;
    const pair = this.providersPair() as Pair;
    const seq = this.providersSeq();
    const path = `${CHART_PATH}.providers`;
    const kept = seq?.items.filter((i) => !this.removedItems.has(i as YamlNode)) ?? [];
    const value = pair.value as YamlNode | null;
    if (kept.length === 0) {
      if (!seq && !isEmpty(value)) throw new Refusal(`${path} is not a list; edit it by hand`);
      const start = this.colonEnd(pair);
      const end = value?.range && value.range[0] !== value.range[1] ? contentEnd(value) : start;
      if (this.appendedItems.length === 0) {
        // The last item goes: `providers: []`, as the chart's own default.
        this.edit(start, end, ' []');
        return;
      }
      // `providers: []`, `providers:` or a list emptied by this edit: a block list under the key.
      const dash = indentOf(this.text, (pair.key as YamlNode).range?.[0] ?? 0) + this.unit;
      this.edit(start, end, this.appendedItems.map((item) => `\n${yamlItem(item, { ...this.itemStyle, flow: false }, dash, path)}`).join(''), 1);
      return;
    }
    const items = (seq as YAMLSeq).items as YamlNode[];
    const last = kept[kept.length - 1] as YamlNode;
    if ((seq as YAMLSeq).flow) {
      const spans = items.map((i) => ({ start: (i.range as [number, number, number])[0], end: contentEnd(i) }));
      const removed = new Set(items.flatMap((i, index) => (this.removedItems.has(i) ? [index] : [])));
      for (const e of removeElements(this.text, spans, removed, YAML_COMMENT)) this.edit(e.start, e.end, e.text);
      const at = contentEnd(last);
      for (const item of this.appendedItems) this.edit(at, at, `, ${yamlFlowInline(item, { ...this.itemStyle, flow: true }, path)}`, 1);
      return;
    }
    for (const node of this.removedItems) this.edit(lineStartOf(this.text, (node.range as [number, number, number])[0]), nextLineStart(this.text, contentEnd(node)), '');
    const dash = ' '.repeat(this.column(((seq as YAMLSeq).range as [number, number, number])[0]));
    const at = lineEndOf(this.text, contentEnd(last));
    for (const item of this.appendedItems) this.edit(at, at, `\n${yamlItem(item, this.itemStyle, dash, path)}`, 1);
  }

  setSetting(key: string, value: PlainValue): void {
    const om = this.level(3);
    const path = `${CHART_PATH}.${key}`;
    if (om.found < 3 || !om.map) {
      this.pendingSettings.push({ key, value });
      return;
    }
    const pair = lastPair(om.map, key);
    if (pair) {
      const start = this.colonEnd(pair);
      const old = pair.value as YamlNode | null;
      const end = old?.range ? contentEnd(old) : start;
      const indent = indentOf(this.text, (pair.key as YamlNode).range?.[0] ?? start);
      this.edit(start, end, yamlLiteral(value, this.settingStyle, indent, path, this.column(start)));
      return;
    }
    const settings = om.map.items.filter((p) => keyOf(p) !== 'providers' && !this.removed.has(p));
    const lastSetting = settings[settings.length - 1];
    if (lastSetting) {
      const indent = ' '.repeat(this.column((lastSetting.key as YamlNode).range?.[0] ?? 0));
      const at = lineEndOf(this.text, contentEnd((lastSetting.value ?? lastSetting.key) as YamlNode));
      this.edit(at, at, `\n${yamlPair(key, value, this.settingStyle, indent, path)}`);
      return;
    }
    // Only `providers:` (or settings this edit removes): the new key goes above the first key.
    const first = om.map.items[0] as Pair;
    const start = lineStartOf(this.text, (first.key as YamlNode).range?.[0] ?? 0);
    this.edit(start, start, `${yamlPair(key, value, this.settingStyle, indentOf(this.text, (first.key as YamlNode).range?.[0] ?? 0), path)}\n`);
  }

  unsetSetting(key: string): void {
    const om = this.level(3);
    if (om.found < 3 || !om.map) return;
    for (const pair of om.map.items.filter((p) => keyOf(p) === key)) {
      const start = (pair.key as YamlNode).range?.[0] ?? 0;
      const end = contentEnd((pair.value ?? pair.key) as YamlNode);
      if (!/^[ \t]*$/.test(this.text.slice(lineStartOf(this.text, start), start)) || !/^[ \t]*(#.*)?$/.test(this.text.slice(end, lineEndOf(this.text, end)))) {
        throw new Refusal(`cannot remove ${CHART_PATH}.${key}: it shares its line with other keys; edit it by hand`);
      }
      this.removed.add(pair);
      this.edit(lineStartOf(this.text, start), nextLineStart(this.text, end), '');
    }
  }

  private colonEnd(pair: Pair): number {
    const keyEnd = ((pair.key as YamlNode).range as [number, number, number])[1];
    const old = pair.value as YamlNode | null;
    const colon = this.text.slice(keyEnd, old?.range ? old.range[0] : this.text.length).indexOf(':');
    if (colon === -1) throw new Refusal(`cannot edit ${CHART_PATH}: unexpected layout; edit it by hand`);
    return keyEnd + colon + 1;
  }

  /** The new settings and items where their levels are missing: the levels are written with them. */
  finish(): TextEdit[] {
    this.writeItems();
    if (this.pendingSettings.length === 0 && this.pendingItems.length === 0) return this.edits;
    const body = (indent: string): string[] => {
      const lines = this.pendingSettings.map((s) => yamlPair(s.key, s.value, this.settingStyle, indent, `${CHART_PATH}.${s.key}`));
      if (this.pendingItems.length > 0) {
        lines.push(`${indent}providers:`);
        for (const item of this.pendingItems) lines.push(yamlItem(item, { ...this.itemStyle, flow: false }, indent + this.unit, `${CHART_PATH}.providers`));
      }
      return lines;
    };
    const levels = (from: number, indent: string): string => {
      const lines: string[] = [];
      let pad = indent;
      for (let i = from; i < OMNIAUTH_PATH.length; i++) {
        lines.push(`${pad}${OMNIAUTH_PATH[i] as string}:`);
        pad += this.unit;
      }
      return [...lines, ...body(pad)].join('\n');
    };
    const at = this.level(3);
    if (at.found === 3 && at.map) {
      // omniauth: has settings but no providers: the list goes after its last key.
      const kept = at.map.items.filter((p) => !this.removed.has(p));
      const last = kept[kept.length - 1];
      if (!last) throw new Refusal(`cannot add providers to ${CHART_PATH} while removing all its settings; edit it by hand`);
      const indent = ' '.repeat(this.column((last.key as YamlNode).range?.[0] ?? 0));
      const end = lineEndOf(this.text, contentEnd((last.value ?? last.key) as YamlNode));
      this.edit(end, end, `\n${body(indent).join('\n')}`, -1);
      return this.edits;
    }
    if (at.pair && !at.map) {
      // The deepest level is there with nothing under it (`global:`, `appConfig: {}`): the rest goes under it.
      const key = at.pair.key as YamlNode;
      const indent = indentOf(this.text, key.range?.[0] ?? 0) + this.unit;
      const start = this.colonEnd(at.pair);
      const value = at.pair.value as YamlNode | null;
      const end = value?.range && value.range[0] !== value.range[1] ? contentEnd(value) : start;
      if (end > start) this.replaceable.push([start, end]);
      this.edit(start, end, `\n${levels(at.found, indent)}`, -1);
      return this.edits;
    }
    if (at.map) {
      const last = at.map.items[at.map.items.length - 1];
      const indent = last ? ' '.repeat(this.column((last.key as YamlNode).range?.[0] ?? 0)) : '';
      const end = last ? lineEndOf(this.text, contentEnd((last.value ?? last.key) as YamlNode)) : this.text.length;
      this.edit(end, end, `\n${levels(at.found, indent)}`, -1);
      return this.edits;
    }
    // An empty file (or only comments): the levels go at its end.
    const prefix = this.text === '' || this.text.endsWith('\n') ? '' : '\n';
    this.edit(this.text.length, this.text.length, `${prefix}${levels(0, '')}\n`, -1);
    return this.edits;
  }
}

/**
 * The gate before a write: the values read back to exactly the intended
 * settings, name-only items and `{secret, key}` references; the YAML outside
 * `global.appConfig.omniauth` holds the same data; nothing outside that
 * section was replaced; every setting not edited is byte-identical.
 */
export async function verifyChartEdit(
  before: string,
  after: string,
  model: OmniauthModel,
  edits: readonly TextEdit[],
  plan: MergePlan,
  regions: ReadonlyArray<readonly [number, number]>,
  references: readonly string[],
  file: string,
): Promise<string[]> {
  const yaml = await import('yaml');
  const afterDoc = parseDocument(after, { prettyErrors: false, uniqueKeys: false });
  if (afterDoc.errors.length > 0) return [`the edited file does not parse: ${afterDoc.errors[0]?.message.split('\n')[0] ?? ''}`];
  const reread = await readConfig(after, { file, format: 'source' });
  const syntax = syntaxErrors(reread.diagnostics);
  if (syntax.length > 0) return syntax.map((d) => `the edited file does not parse at line ${d.range?.start.line ?? '?'}: ${d.message}`);
  const reasons = [...compareProviders(reread.model, plan.intendedProviders), ...compareSettings(reread.model, plan.intendedSettings)];
  const actual = new ChartValuesEditor(after, afterDoc).references().map((r) => `${r.secret}/${r.key}`);
  if (actual.join('\n') !== references.join('\n')) reasons.push(`the Secret references read back as [${actual.join(', ')}] where [${references.join(', ')}] were intended`);
  const touched = new Set(plan.settings.map((c) => c.name));
  touched.add('providers');
  reasons.push(...compareUntouchedSettings(before, model, after, reread.model, edits, touched));
  const beforeDoc = parseDocument(before, { prettyErrors: false, uniqueKeys: false });
  // The first level the edit wrote anew (missing or empty before), or omniauth: set aside in both files.
  let depth = 1;
  while (depth < OMNIAUTH_PATH.length && !isEmpty(beforeDoc.getIn(OMNIAUTH_PATH.slice(0, depth), true))) depth++;
  const cut = OMNIAUTH_PATH.slice(0, depth);
  const outside = (doc: Document.Parsed): string => {
    const copy = doc.clone();
    if (isMap(copy.contents)) copy.deleteIn(cut);
    const contents = copy.contents;
    return isEmpty(contents) || (isMap(contents) && contents.items.length === 0) ? '~' : writtenStructure(yaml, contents);
  };
  if (outside(beforeDoc) !== outside(afterDoc)) reasons.push(`keys outside ${CHART_PATH} read differently after the edit`);
  reasons.push(...replacedOutside(before, edits, regions, CHART_PATH));
  return reasons;
}

/** The Secret manifest with each provider's block replaced, or its Secret appended when the file has none. */
function editManifest(text: string | null, blocks: readonly SecretBlock[], secrets: readonly ChartSecret[]): string {
  let out = text ?? '';
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  const docs = text === null ? [] : locateBlocks(text);
  for (const secret of secrets) {
    const site = docs.find((d) => d.secret === secret.name && d.key === secret.key);
    // A block whose values are quoted keeps its quotes: only the changed lines differ.
    const written = site && text !== null ? text.slice(site.start, site.end) : '';
    const quote = /^[ \t]*[\w-]+:[ \t]+'/m.test(written) ? 'single' : /^[ \t]*[\w-]+:[ \t]+"/m.test(written) ? 'double' : undefined;
    const yamlText = keepPlainLines(providerSecretYaml(secret.provider, { showSecrets: true, ...(quote ? { quote } : {}) }), written);
    if (site && text !== null) {
      if (site.encoded) {
        edits.push({ start: site.start, end: site.end, text: Buffer.from(yamlText, 'utf8').toString('base64') });
      } else {
        const indent = indentOf(text, site.keyStart) + '  ';
        const trailing = text.slice(site.start, site.end).endsWith('\n') ? '\n' : '';
        edits.push({ start: site.start, end: site.end, text: withLineEnding(providerBlockScalar(yamlText, indent) + trailing, lineEnding(text)) });
      }
      continue;
    }
    if (blocks.some((b) => b.secret === secret.name) || docs.some((d) => d.secret === secret.name)) {
      throw new Refusal(`Secret ${secret.name} in the --secret-file manifest has no ${secret.key} key under stringData; edit it by hand`);
    }
    appended.push(providerSecretManifest(secret.name, secret.provider, { key: secret.key, showSecrets: true }));
  }
  out = applyEdits(out, edits);
  for (const manifest of appended) {
    if (out.trim() === '') out = manifest;
    else out = `${out}${out.endsWith('\n') ? '' : '\n'}---\n${manifest}`;
  }
  return out;
}

/**
 * A line the block wrote with a plain value (`name: saml`) stays so when the
 * new text quotes the same value (`name: 'saml'`); the manifest is verified
 * by reading it back.
 */
function keepPlainLines(yamlText: string, written: string): string {
  const plain = new Set(written.split('\n').map((line) => line.replace(/^[ \t]+/, '').replace(/\r$/, '')));
  return yamlText
    .split('\n')
    .map((line) => {
      const m = /^([ \t]*[\w-]+: )'([^'\n]*)'$/.exec(line);
      return m && isPlainSafe(m[2] as string, false) && plain.has(`${(m[1] as string).trimStart()}${m[2] as string}`) ? `${m[1] as string}${m[2] as string}` : line;
    })
    .join('\n');
}

/** A manifest with every base64 `data:` value shown as `********`: encoded is not hidden. */
export function maskEncodedBlocks(text: string): string {
  try {
    const edits = locateBlocks(text)
      .filter((site) => site.encoded)
      .map((site) => ({ start: site.start, end: site.end, text: '********' }));
    return applyEdits(text, edits);
  } catch {
    return text;
  }
}

/** Where each Secret's `stringData.<key>` / `data.<key>` value is written. */
function locateBlocks(text: string): Array<{ secret: string; key: string; keyStart: number; start: number; end: number; encoded: boolean }> {
  const found: Array<{ secret: string; key: string; keyStart: number; start: number; end: number; encoded: boolean }> = [];
  for (const doc of parseAllDocuments(text)) {
    const root = doc.contents;
    if (!isMap(root) || scalarText(lastPair(root, 'kind')?.value) !== 'Secret') continue;
    const metadata = lastPair(root, 'metadata')?.value;
    const secret = isMap(metadata) ? scalarText(lastPair(metadata, 'name')?.value) : undefined;
    if (secret === undefined) continue;
    for (const [section, encoded] of [['stringData', false], ['data', true]] as const) {
      const map = lastPair(root, section)?.value;
      if (!isMap(map)) continue;
      if (map.flow) throw new Refusal(`Secret ${secret}: ${section} is a flow mapping; edit it by hand`);
      for (const pair of map.items) {
        const key = scalarText(pair.key);
        const value = pair.value;
        if (key === undefined || !isScalar(value) || !value.range) continue;
        found.push({ secret, key, keyStart: (pair.key as YamlNode).range?.[0] ?? 0, start: value.range[0], end: value.range[1], encoded });
      }
    }
  }
  return found;
}

/** Findings about the providers of the given Secrets in a manifest. */
async function secretFindings(text: string, file: string, secrets: readonly ChartSecret[], options: RenderEditOptions): Promise<Diagnostic[]> {
  const found: Diagnostic[] = [];
  for (const block of secretBlocks(text, file)) {
    if (!secrets.some((s) => s.name === block.secret && s.key === block.key)) continue;
    const read = await block.read();
    found.push(...(await findings(read.model, read.diagnostics, options)));
  }
  return found;
}

/** The manifest reads back with each Secret holding exactly its provider. */
async function verifyManifest(text: string, file: string, secrets: readonly ChartSecret[]): Promise<string[]> {
  const reasons: string[] = [];
  const blocks = secretBlocks(text, file);
  for (const secret of secrets) {
    const block = blocks.find((b) => b.secret === secret.name && b.key === secret.key);
    const providers = block ? ((await block.read()).model.providers ?? []) : [];
    const [only] = providers;
    if (!only || providers.length !== 1 || !samePlain(toPlain(only.value), secret.provider)) {
      reasons.push(`Secret ${secret.name} in ${file} does not read back as the provider intended`);
    }
  }
  return reasons;
}

function lastPair(map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i] as Pair;
    if (keyOf(pair) === key) return pair;
  }
  return undefined;
}

function keyOf(pair: Pair): string | undefined {
  return scalarText(pair.key);
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}

function isEmpty(node: unknown): boolean {
  if (node === null || node === undefined) return true;
  if (isScalar(node)) return node.value === null;
  return (isMap(node) || isSeq(node)) && Boolean(node.flow) && node.items.length === 0;
}

function firstString(nodes: readonly unknown[]): import('yaml').Scalar | undefined {
  for (const node of nodes) {
    if (isScalar(node) && typeof node.value === 'string') return node;
    if (isMap(node)) {
      const found = firstString(node.items.map((p) => p.value));
      if (found) return found;
    }
    if (isSeq(node)) {
      const found = firstString(node.items);
      if (found) return found;
    }
  }
  return undefined;
}

/** Where a node's own text ends: a block collection at its last content, not after trailing comments. */
function contentEnd(node: YamlNode | null): number {
  if (!node) return 0;
  if ((isMap(node) || isSeq(node)) && !node.flow) {
    const last = (node.items as unknown[])[node.items.length - 1];
    if (last) return isMap(node) ? contentEnd(((last as Pair).value ?? (last as Pair).key) as YamlNode) : contentEnd(last as YamlNode);
  }
  return node.range?.[1] ?? 0;
}
