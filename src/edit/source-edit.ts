/**
 * In-place edits of a gitlab.yml under `<env>.omniauth`: only the text of a
 * changed provider, key or setting is replaced; comments, anchors, flow or
 * block style and ERB elsewhere stay as they are. `omniauth:` and
 * `providers:` are created when missing. New entries follow the style of the
 * providers the file already has (any environment), else gitlab.yml.example's.
 *
 * The editor locates things with the `yaml` library's node ranges on a copy
 * of the text whose ERB tags are blanked out (same length, same lines), so
 * offsets are those of the user's file.
 */
import type { Document, Node as YamlNode, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { PlainValue } from '../model/plain.js';
import { DOCS_YAML_STYLE, yamlFlow, yamlFlowEntry, yamlFlowInline, yamlItem, yamlLiteral, yamlPair, type YamlStyle } from '../render/yaml-literal.js';
import { placeSets, type MergePlan, type PathSet } from './merge.js';
import { mapping, nest } from './plain-ops.js';
import { applyEdits, indentOf, insertAfterLast, lineEndOf, lineEnding, lineStartOf, nextLineStart, removeElements, withLineEnding, type TextEdit } from './text-edits.js';
import type { EditOutcome } from './omnibus-edit.js';

type YamlLib = typeof import('yaml');

class Refusal extends Error {
  override name = 'Refusal';
}

const YAML_COMMENT = /^[ \t]*#/;

/** Nesting of what an insertion adds to, for ordering insertions at one offset: the environment, the provider list, a provider. */
const SECTION_DEPTH = -1;
const LIST_DEPTH = 1;
const PROVIDER_DEPTH = 2;

/**
 * The ERB tags blanked out, newlines kept: YAML structure and offsets as in
 * the original. `<%%` is ERB's escape for a literal `<%`, not a tag.
 */
export function blankErb(text: string): string {
  return text.replace(/<%%|<%[\s\S]*?%>/g, (tag) => (tag === '<%%' ? tag : tag.replace(/[^\n]/g, '_')));
}

export async function editSource(text: string, plan: MergePlan, env = 'production'): Promise<EditOutcome> {
  const yaml = await import('yaml');
  const doc = yaml.parseDocument(blankErb(text), { uniqueKeys: false });
  if (doc.errors.length > 0) return { ok: false, message: `the file is not valid YAML (${doc.errors[0]?.message.split('\n')[0] ?? ''}); fix it first` };
  try {
    const ctx = new SourceContext(yaml, text, doc, env);
    for (const change of plan.providers) {
      switch (change.kind) {
        case 'update':
          ctx.updateProvider(change.name, change.sets, change.unsets);
          break;
        case 'replace':
          ctx.replaceProvider(change.name, change.after);
          break;
        case 'append':
          ctx.appendProvider(change.after);
          break;
        case 'remove':
          ctx.removeProvider(change.name);
          break;
      }
    }
    for (const setting of plan.settings) {
      if (setting.value === null) ctx.unsetSetting(setting.name);
      else ctx.setSetting(setting.name, setting.value);
    }
    const edits = ctx.finish();
    return { ok: true, text: applyEdits(text, edits), edits, notes: ctx.notes };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

class SourceContext {
  private readonly edits: TextEdit[] = [];
  /** Removals that start right after an element (its separator and the elements after it): start → end. */
  private readonly removedAfter = new Map<number, number>();
  /** Where the edit went, when that is not where the user might look (see EditOutcome). */
  readonly notes: string[] = [];
  private inheritedNoted = false;
  /** Pairs this edit removes: new keys must not be anchored after them. */
  private readonly removedPairs = new Set<Pair>();
  private readonly eol: string;
  private readonly style: YamlStyle;
  private readonly settingStyle: YamlStyle;
  /** Providers appended where the list did not exist yet: written together. */
  private pendingProviders: PlainValue[] = [];
  private pendingSettings: Array<{ name: string; value: PlainValue }> = [];

  constructor(
    private readonly yaml: YamlLib,
    private readonly text: string,
    private readonly doc: Document.Parsed,
    private readonly env: string,
  ) {
    this.eol = lineEnding(text);
    this.style = this.detectProviderStyle();
    this.settingStyle = this.detectSettingStyle();
  }

  /** `depth` orders insertions at one offset (see TextEdit): the settings' map is 0, the provider list 1, a provider 2. */
  private edit(start: number, end: number, rendered: string, depth = 0): void {
    this.edits.push({ start, end, text: withLineEnding(rendered, this.eol), depth });
  }

  // ---- locating ----

  private envMap(): YAMLMap {
    const node = this.doc.contents;
    if (!this.yaml.isMap(node)) throw new Refusal('the file has no top-level mapping of environments (production:, ...)');
    const pair = lastPair(this.yaml, node, this.env);
    if (!pair) throw new Refusal(`the file has no '${this.env}:' section`);
    if (!this.yaml.isMap(pair.value) || pair.value.flow) throw new Refusal(`'${this.env}:' is not a block mapping; edit it by hand`);
    return pair.value;
  }

  private omniauthPair(): Pair | null {
    const env = this.envMap();
    const own = lastPair(this.yaml, env, 'omniauth');
    if (own) return own;
    const inherited = inheritedOmniauth(this.yaml, this.doc, this.env, this.text);
    if (inherited) {
      // `omniauth:` comes from the anchored section: that is the text to edit (an own copy would hide the rest of it).
      if (!this.inheritedNoted) {
        this.inheritedNoted = true;
        const one = inherited.alsoMergedBy.length === 1;
        const also = inherited.alsoMergedBy.length > 0 ? `; ${inherited.alsoMergedBy.map((s) => `'${s}:'`).join(', ')} merge${one ? 's' : ''} it too and ${one ? 'gets' : 'get'} the change as well` : '';
        this.notes.push(`'${this.env}:' inherits omniauth: through <<: *${inherited.anchor}: the change is made where &${inherited.anchor} defines it (line ${inherited.line})${also}`);
      }
      return inherited.pair;
    }
    if (lastPair(this.yaml, env, '<<')) {
      // A new omniauth: here would hide everything the section inherits, not add to it.
      throw new Refusal(`'${this.env}:' inherits its settings through a merge key (<<: *...); edit the section it inherits from, or add omniauth: to '${this.env}:' by hand`);
    }
    return null;
  }

  private omniauthMap(): YAMLMap | null {
    const pair = this.omniauthPair();
    if (!pair) return null;
    if (this.yaml.isMap(pair.value) && !pair.value.flow) return pair.value;
    if (isEmptyScalar(this.yaml, pair.value)) return null;
    throw new Refusal(`'${this.env}.omniauth' is not a block mapping; edit it by hand`);
  }

  private providersPair(): Pair | null {
    const map = this.omniauthMap();
    return map ? (lastPair(this.yaml, map, 'providers') ?? null) : null;
  }

  private providerNode(name: string): YAMLMap {
    const pair = this.providersPair();
    const seq = pair?.value;
    if (!this.yaml.isSeq(seq)) throw new Refusal(`cannot find the provider list under '${this.env}.omniauth.providers'`);
    for (const item of seq.items) {
      if (this.yaml.isMap(item) && scalarValue(this.yaml, lastPair(this.yaml, item, 'name')?.value) === name) return item;
    }
    throw new Refusal(`cannot find provider '${name}' under '${this.env}.omniauth.providers'`);
  }

  // ---- style ----

  private detectProviderStyle(): YamlStyle {
    const maps: YAMLMap[] = [];
    const root = this.doc.contents;
    if (this.yaml.isMap(root)) {
      // This environment's providers first, then any other environment's (gitlab.yml.example has them under test:).
      const envs = [...root.items].sort((a, b) => Number(scalarValue(this.yaml, b.key) === this.env) - Number(scalarValue(this.yaml, a.key) === this.env));
      for (const envPair of envs) {
        if (!this.yaml.isMap(envPair.value)) continue;
        const om = lastPair(this.yaml, envPair.value, 'omniauth')?.value;
        const providers = this.yaml.isMap(om) ? lastPair(this.yaml, om, 'providers')?.value : undefined;
        if (this.yaml.isSeq(providers)) for (const item of providers.items) if (this.yaml.isMap(item) && item.items.length > 0) maps.push(item);
      }
    }
    const first = maps[0];
    if (!first) return DOCS_YAML_STYLE;
    const quoteOf = firstStringScalar(this.yaml, first);
    return {
      flow: Boolean(first.flow),
      quote: quoteOf?.type === 'QUOTE_DOUBLE' ? 'double' : quoteOf?.type === 'QUOTE_SINGLE' ? 'single' : DOCS_YAML_STYLE.quote,
      quoteStrings: quoteOf ? quoteOf.type !== 'PLAIN' : DOCS_YAML_STYLE.quoteStrings,
      indentUnit: this.indentUnit(),
    };
  }

  /** gitlab.yml.example writes setting lists as `["saml", "google_oauth2"]`. */
  private detectSettingStyle(): YamlStyle {
    let quote: Scalar | undefined;
    try {
      const om = this.omniauthMap();
      for (const pair of om?.items ?? []) {
        if (scalarValue(this.yaml, pair.key) === 'providers') continue;
        quote = firstStringScalar(this.yaml, pair.value);
        if (quote) break;
      }
    } catch {
      /* no usable omniauth section: defaults */
    }
    return {
      flow: true,
      quote: quote?.type === 'QUOTE_SINGLE' ? 'single' : 'double',
      quoteStrings: quote ? quote.type !== 'PLAIN' : true,
      indentUnit: this.indentUnit(),
    };
  }

  private indentUnit(): string {
    try {
      const first = this.envMap().items[0];
      const key = first?.key as YamlNode | undefined;
      if (key?.range) {
        const width = key.range[0] - lineStartOf(this.text, key.range[0]);
        if (width > 0) return ' '.repeat(width);
      }
    } catch {
      /* fall through */
    }
    return DOCS_YAML_STYLE.indentUnit;
  }

  /** Where new text after `node` is anchored: its content end, not counting pairs this edit removes. */
  private anchorEnd(node: YamlNode): number {
    return contentEnd(this.yaml, node, this.removedPairs);
  }

  private column(offset: number): number {
    return offset - lineStartOf(this.text, offset);
  }

  // ---- providers ----

  updateProvider(name: string, sets: PathSet[], unsets: readonly string[][]): void {
    const path = `omniauth.providers.${name}`;
    const find = (map: YAMLMap, key: string): Pair | undefined => lastPair(this.yaml, map, key);
    const root = this.providerNode(name);
    const placed = placeSets(root, sets, find, (pair) => (this.yaml.isMap(pair.value) ? pair.value : null));
    for (const [map, { parent, pairs }] of this.removalsByMap(root, unsets, path)) {
      const kept = map.items.filter((p) => !pairs.has(p as Pair));
      if (kept.length === 0) {
        // Every key goes: the mapping is written anew, with the keys this edit adds to it (or none).
        const added = placed.insert.get(map)?.entries ?? [];
        placed.insert.delete(map);
        this.replacePairValue(parent, mapping(added), this.isFlowParent(root, parent), path);
        continue;
      }
      if (map.flow) {
        const removed = new Set(map.items.flatMap((p, i) => (pairs.has(p as Pair) ? [i] : [])));
        const spans = map.items.map((p) => ({ start: (p.key as YamlNode).range?.[0] ?? 0, end: contentEnd(this.yaml, (p.value ?? p.key) as YamlNode) }));
        for (const e of removeElements(this.text, spans, removed, YAML_COMMENT)) {
          this.edit(e.start, e.end, e.text);
          this.removedAfter.set(e.start, e.end);
        }
        for (const p of pairs) this.removedPairs.add(p);
      } else {
        for (const p of pairs) this.removePair(p, path);
      }
    }
    for (const { entry, container, value } of placed.replace) this.replacePairValue(entry, value, Boolean(container.flow), path);
    for (const [map, { depth, entries }] of placed.insert) this.insertPairs(map, entries, path, this.style, PROVIDER_DEPTH + depth);
  }

  /**
   * The pairs each removal path takes out (every pair of the key, so no
   * earlier one shows through), grouped by their mapping, with the pair that
   * holds that mapping.
   */
  private removalsByMap(root: YAMLMap, paths: readonly string[][], where: string): Map<YAMLMap, { parent: Pair; pairs: Set<Pair> }> {
    const found = new Map<YAMLMap, { parent: Pair; pairs: Set<Pair> }>();
    for (const path of paths) {
      let map = root;
      let parent: Pair | undefined;
      for (const key of path.slice(0, -1)) {
        parent = lastPair(this.yaml, map, key);
        if (!parent || !this.yaml.isMap(parent.value)) throw new Refusal(`cannot find ${where}.${path.join('.')} to remove; edit it by hand`);
        map = parent.value;
      }
      if (!parent) throw new Refusal(`cannot remove ${where}.${path.join('.')}: only keys under args can be removed`);
      const key = path[path.length - 1] as string;
      const group = found.get(map) ?? { parent, pairs: new Set<Pair>() };
      for (const p of map.items) if (scalarValue(this.yaml, p.key) === key) group.pairs.add(p as Pair);
      found.set(map, group);
    }
    return found;
  }

  /** Whether the mapping holding `pair` (somewhere below `root`) is a flow mapping. */
  private isFlowParent(root: YAMLMap, pair: Pair): boolean {
    const visit = (map: YAMLMap): boolean | null => {
      if (map.items.includes(pair)) return Boolean(map.flow);
      for (const p of map.items) {
        if (this.yaml.isMap(p.value)) {
          const found = visit(p.value);
          if (found !== null) return found;
        }
      }
      return null;
    };
    return visit(root) ?? false;
  }

  /** Rewrites `key: old` as `key: new`, from the end of the key: the key and everything around stay. */
  private replacePairValue(pair: Pair, value: PlainValue, inFlow: boolean, path: string, style = this.style): void {
    const key = pair.key as YamlNode;
    const old = pair.value as YamlNode | null;
    const start = this.colonEnd(pair, path);
    const valueEnd = old?.range ? contentEnd(this.yaml, old) : start;
    if (inFlow) {
      this.edit(start, valueEnd, ` ${yamlFlow(value, { ...style, flow: true }, this.column(start) + 1, path)}`);
    } else {
      const indent = indentOf(this.text, key.range?.[0] ?? start);
      this.edit(start, valueEnd, yamlLiteral(value, style, indent, path, this.column(start)));
    }
  }

  /** Just past the `:` after a pair's key: where its value text begins. */
  private colonEnd(pair: Pair, path: string): number {
    const keyEnd = ((pair.key as YamlNode).range as [number, number, number])[1];
    const old = pair.value as YamlNode | null;
    const colon = this.text.slice(keyEnd, old?.range ? old.range[0] : this.text.length).indexOf(':');
    if (colon === -1) throw new Refusal(`cannot edit ${path}: unexpected layout; edit it by hand`);
    return keyEnd + colon + 1;
  }

  private insertPairs(map: YAMLMap, entries: Array<{ key: string; value: PlainValue }>, path: string, style: YamlStyle, depth: number): void {
    const last = map.items.filter((p) => !this.removedPairs.has(p as Pair)).at(-1);
    if (map.flow) {
      if (!last) {
        const range = map.range as [number, number, number];
        this.edit(range[0], range[1], yamlFlow(mapping(entries), { ...style, flow: true }, this.column(range[0]), path), depth);
        return;
      }
      const end = this.anchorEnd((last.value ?? last.key) as YamlNode);
      const lastKey = last.key as YamlNode;
      const multiline = map.items.some((p) => lineStartOf(this.text, (p.key as YamlNode).range?.[0] ?? 0) !== lineStartOf(this.text, (lastKey.range as [number, number, number])[0]));
      const pad = ' '.repeat(this.column((lastKey.range as [number, number, number])[0]));
      // Each entry starts under the last one (multi-line) or after `, ` on its line.
      const column = multiline ? pad.length : this.column(end) + 2;
      const parts = entries.map((e) => yamlFlowEntry(e.key, e.value, { ...style, flow: true }, column, path));
      this.insertAfterElement(end, multiline, pad, parts, depth);
      return;
    }
    if (!last) throw new Refusal(`cannot add to the empty mapping at ${path}; edit it by hand`);
    const indent = ' '.repeat(this.column((last.key as YamlNode).range?.[0] ?? 0));
    const end = this.anchorEnd((last.value ?? last.key) as YamlNode);
    const at = lineEndOf(this.text, end);
    this.edit(at, at, entries.map((e) => `\n${yamlPair(e.key, e.value, style, indent, path)}`).join(''), depth);
  }

  /** After the last element of a flow collection: `, x` inline, or on new lines lined up with it. */
  private insertAfterElement(end: number, multiline: boolean, pad: string, parts: string[], depth: number): void {
    const removedUntil = this.removedAfter.get(end);
    for (const e of insertAfterLast(this.text, end, parts, { multiline, indent: pad, comment: YAML_COMMENT, ...(removedUntil === undefined ? {} : { removedUntil }) })) {
      this.edit(e.start, e.end, e.text, depth);
    }
  }

  replaceProvider(name: string, after: PlainValue): void {
    const node = this.providerNode(name);
    const range = node.range as [number, number, number];
    const dashLine = this.text.slice(lineStartOf(this.text, range[0]), range[0]);
    const style = { ...this.style, flow: Boolean(node.flow) };
    if (node.flow || !/^[ \t]*-[ \t]+$/.test(dashLine)) {
      this.edit(range[0], contentEnd(this.yaml, node), yamlFlow(after, { ...style, flow: true }, this.column(range[0]), `omniauth.providers.${name}`));
      return;
    }
    const dashIndent = /^[ \t]*/.exec(dashLine)?.[0] ?? '';
    this.edit(lineStartOf(this.text, range[0]), contentEnd(this.yaml, node), yamlItem(after, style, dashIndent, `omniauth.providers.${name}`));
  }

  appendProvider(after: PlainValue): void {
    const omniauth = this.omniauthMap();
    const pair = omniauth ? lastPair(this.yaml, omniauth, 'providers') : undefined;
    if (!omniauth || !pair) {
      this.pendingProviders.push(after);
      return;
    }
    const seq = pair.value;
    const keyIndent = indentOf(this.text, (pair.key as YamlNode).range?.[0] ?? 0);
    const itemIndent = keyIndent + this.style.indentUnit;
    if (this.yaml.isSeq(seq) && seq.items.length > 0) {
      const last = seq.items[seq.items.length - 1] as YamlNode;
      const end = this.anchorEnd(last);
      if (seq.flow) {
        // A list written on one line stays on one line; one with its items on their own lines gets a line lined up with them.
        const opening = (seq.range as [number, number, number])[0];
        const itemStart = (last.range as [number, number, number])[0];
        const multiline = lineStartOf(this.text, itemStart) !== lineStartOf(this.text, opening);
        const pad = ' '.repeat(this.column(itemStart));
        const flowStyle = { ...this.style, flow: true };
        const item = multiline ? yamlFlow(after, flowStyle, pad.length, 'omniauth.providers') : yamlFlowInline(after, flowStyle, 'omniauth.providers');
        this.insertAfterElement(end, multiline, pad, [item], LIST_DEPTH);
        return;
      }
      const dashIndent = ' '.repeat(this.column((seq.range as [number, number, number])[0]));
      const at = lineEndOf(this.text, end);
      this.edit(at, at, `\n${yamlItem(after, this.style, dashIndent, 'omniauth.providers')}`, LIST_DEPTH);
      return;
    }
    if (this.yaml.isSeq(seq) || isEmptyScalar(this.yaml, seq)) {
      const value = seq as YamlNode | null;
      if (value?.range && value.range[0] !== value.range[1]) {
        // `providers: []` or `providers: ~`: becomes a block list with the new item.
        this.edit(this.colonEnd(pair, 'omniauth.providers'), contentEnd(this.yaml, value), `\n${yamlItem(after, this.style, itemIndent, 'omniauth.providers')}`);
        return;
      }
      // `providers:` with nothing (or only comments) after it: the first item goes right under it.
      const keyEnd = (pair.key as YamlNode).range?.[1] ?? 0;
      const at = lineEndOf(this.text, keyEnd);
      this.edit(at, at, `\n${yamlItem(after, this.style, itemIndent, 'omniauth.providers')}`);
      return;
    }
    throw new Refusal(`'${this.env}.omniauth.providers' is not a list; edit it by hand`);
  }

  removeProvider(name: string): void {
    const node = this.providerNode(name);
    const pair = this.providersPair() as Pair;
    const seq = pair.value as YAMLSeq;
    const index = seq.items.indexOf(node);
    const range = node.range as [number, number, number];
    if (seq.items.length === 1) {
      this.replacePairValue(pair, { kind: 'array', items: [] }, false, 'omniauth.providers');
      return;
    }
    if (seq.flow) {
      const next = seq.items[index + 1] as YamlNode | undefined;
      if (next?.range) this.edit(range[0], next.range[0], '');
      else this.edit(contentEnd(this.yaml, seq.items[index - 1] as YamlNode), contentEnd(this.yaml, node), '');
      return;
    }
    // A block item: its lines go, from the dash to the end of its last line.
    this.edit(lineStartOf(this.text, range[0]), nextLineStart(this.text, contentEnd(this.yaml, node)), '');
  }

  // ---- settings ----

  setSetting(name: string, value: PlainValue): void {
    const omniauth = this.omniauthMap();
    const keys = name.split('.');
    if (!omniauth) {
      this.pendingSettings.push({ name, value });
      return;
    }
    let map: YAMLMap = omniauth;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const pair = lastPair(this.yaml, map, key);
      const rest = keys.slice(i + 1);
      if (pair && rest.length > 0 && this.yaml.isMap(pair.value)) {
        map = pair.value;
        continue;
      }
      if (pair) {
        this.replacePairValue(pair, nest(rest, value), Boolean(map.flow), `omniauth.${name}`, this.settingStyle);
        return;
      }
      this.insertSetting(map, key, nest(rest, value), `omniauth.${name}`, i);
      return;
    }
  }

  /**
   * Removes the setting's key (every copy of it, so none shows through); a
   * nested key that is alone in its mapping takes the mapping's key with it.
   */
  unsetSetting(name: string): void {
    const omniauth = this.omniauthMap();
    if (!omniauth) return;
    const path = `omniauth.${name}`;
    const keys = name.split('.');
    const chain: Array<{ map: YAMLMap; pairs: Pair[] }> = [];
    let map: YAMLMap | null = omniauth;
    for (const key of keys) {
      if (!map) return;
      const pairs: Pair[] = map.items.filter((p) => scalarValue(this.yaml, p.key) === key) as Pair[];
      if (pairs.length === 0) return;
      chain.push({ map, pairs });
      const value: unknown = (pairs[pairs.length - 1] as Pair).value;
      map = this.yaml.isMap(value) ? value : null;
    }
    // Climb while the mapping holds nothing but the key that goes.
    let level = chain.length - 1;
    while (level > 0 && (chain[level] as { map: YAMLMap; pairs: Pair[] }).map.items.length === (chain[level] as { pairs: Pair[] }).pairs.length) level--;
    const { map: container, pairs } = chain[level] as { map: YAMLMap; pairs: Pair[] };
    if (container.flow) throw new Refusal(`cannot remove ${path}: it is inside a flow mapping ({ ... }); edit it by hand`);
    for (const pair of pairs) this.removePair(pair, path);
  }

  /** A block mapping's pair goes with its lines, from its key's line to the end of its value. */
  private removePair(pair: Pair, path: string): void {
    const key = pair.key as YamlNode;
    const start = key.range?.[0] ?? 0;
    const end = contentEnd(this.yaml, (pair.value ?? pair.key) as YamlNode);
    if (!/^[ \t]*$/.test(this.text.slice(lineStartOf(this.text, start), start)) || !/^[ \t]*(#.*)?$/.test(this.text.slice(end, lineEndOf(this.text, end)))) {
      throw new Refusal(`cannot remove ${path}: it shares its line with other keys; edit it by hand`);
    }
    this.removedPairs.add(pair);
    this.edit(lineStartOf(this.text, start), nextLineStart(this.text, end), '');
  }

  /** A new setting goes after the last setting before `providers:` (the list stays last), or above `providers:`. */
  private insertSetting(map: YAMLMap, key: string, value: PlainValue, path: string, depth: number): void {
    if (map.flow) {
      this.insertPairs(map, [{ key, value }], path, this.settingStyle, depth);
      return;
    }
    const settings = map.items.filter((p) => scalarValue(this.yaml, p.key) !== 'providers' && !this.removedPairs.has(p as Pair));
    const last = settings[settings.length - 1];
    if (last) {
      const indent = ' '.repeat(this.column((last.key as YamlNode).range?.[0] ?? 0));
      const at = lineEndOf(this.text, this.anchorEnd((last.value ?? last.key) as YamlNode));
      this.edit(at, at, `\n${yamlPair(key, value, this.settingStyle, indent, path)}`, depth);
      return;
    }
    const first = map.items[0];
    if (!first) throw new Refusal(`cannot add ${path}: the omniauth section is empty in an unexpected way; edit it by hand`);
    const start = lineStartOf(this.text, (first.key as YamlNode).range?.[0] ?? 0);
    const indent = indentOf(this.text, (first.key as YamlNode).range?.[0] ?? 0);
    this.edit(start, start, `${yamlPair(key, value, this.settingStyle, indent, path)}\n`);
  }

  // ---- sections that do not exist yet ----

  finish(): TextEdit[] {
    if (this.pendingProviders.length === 0 && this.pendingSettings.length === 0) return this.edits;
    const unit = this.style.indentUnit;
    const omniauth = this.omniauthPair();
    const envMap = this.envMap();
    const envIndent = ' '.repeat(this.column((envMap.items[0]?.key as YamlNode | undefined)?.range?.[0] ?? unit.length));
    const body = (indent: string): string => {
      const lines: string[] = [];
      for (const s of this.pendingSettings) lines.push(yamlPair(s.name.split('.')[0] as string, nest(s.name.split('.').slice(1), s.value), this.settingStyle, indent, `omniauth.${s.name}`));
      if (this.pendingProviders.length > 0) {
        lines.push(`${indent}providers:`);
        for (const p of this.pendingProviders) lines.push(yamlItem(p, this.style, indent + unit, 'omniauth.providers'));
      }
      return lines.join('\n');
    };
    if (omniauth) {
      const map = this.omniauthMap();
      if (map) {
        // omniauth: exists with settings but no providers: the list goes after its last entry (one that stays).
        const kept = map.items.filter((p) => !this.removedPairs.has(p as Pair));
        const last = kept[kept.length - 1];
        if (!last) throw new Refusal(`cannot add providers to '${this.env}.omniauth' while removing all its settings; edit it by hand`);
        const indent = ' '.repeat(this.column((last.key as YamlNode).range?.[0] ?? 0));
        const at = lineEndOf(this.text, this.anchorEnd((last.value ?? last.key) as YamlNode));
        this.edit(at, at, `\n${body(indent)}`, SECTION_DEPTH);
        return this.edits;
      }
      // `omniauth:` with nothing under it but comments.
      const keyRange = (omniauth.key as YamlNode).range as [number, number, number];
      const value = omniauth.value as YamlNode | null;
      const indent = indentOf(this.text, keyRange[0]) + unit;
      if (value?.range && value.range[0] !== value.range[1]) {
        this.edit(keyRange[1], contentEnd(this.yaml, value), `:\n${body(indent)}`);
      } else {
        const at = lineEndOf(this.text, keyRange[1]);
        this.edit(at, at, `\n${body(indent)}`);
      }
      return this.edits;
    }
    // No omniauth: at all: a new section at the end of the environment.
    const last = envMap.items[envMap.items.length - 1];
    const at = last ? lineEndOf(this.text, this.anchorEnd((last.value ?? last.key) as YamlNode)) : lineEndOf(this.text, (envMap.range as [number, number, number])[0]);
    this.edit(at, at, `\n${envIndent}omniauth:\n${body(envIndent + unit)}`, SECTION_DEPTH);
    return this.edits;
  }
}

/**
 * The `omniauth:` an environment without its own gets through a merge key
 * (`production: { <<: *base }`): the pair in the anchored mapping (with a
 * list of sources, the first that has one, as YAML merges them), its anchor,
 * and the other top-level sections that merge the same mapping. Null when
 * the environment has its own or inherits none.
 */
export function inheritedOmniauth(yaml: YamlLib, doc: Document, env: string, text: string): { pair: Pair; map: YAMLMap; anchor: string; line: number; alsoMergedBy: string[] } | null {
  const root = doc.contents;
  if (!yaml.isMap(root)) return null;
  const envMap = lastPair(yaml, root, env)?.value;
  if (!yaml.isMap(envMap) || lastPair(yaml, envMap, 'omniauth')) return null;
  const merge = lastPair(yaml, envMap, '<<')?.value;
  const aliases = yaml.isAlias(merge) ? [merge] : yaml.isSeq(merge) ? merge.items.filter((item) => yaml.isAlias(item)) : [];
  for (const alias of aliases) {
    const source = alias.resolve(doc);
    if (!yaml.isMap(source)) continue;
    const pair = lastPair(yaml, source, 'omniauth');
    if (!pair) continue;
    const alsoMergedBy = root.items.flatMap((p) => {
      const name = scalarValue(yaml, p.key);
      if (name === undefined || name === env || !yaml.isMap(p.value)) return [];
      // `production: &base`: the anchored section is an environment of its own.
      if (p.value === source) return /^[a-z]/.test(name) && !/^(defaults?|base|common|shared)$/.test(name) ? [name] : [];
      const m = lastPair(yaml, p.value, '<<')?.value;
      const sources = yaml.isAlias(m) ? [m] : yaml.isSeq(m) ? m.items : [];
      return sources.some((a) => yaml.isAlias(a) && a.source === alias.source) ? [name] : [];
    });
    const start = (pair.key as YamlNode).range?.[0] ?? 0;
    return { pair, map: source, anchor: alias.source, line: text.slice(0, start).split('\n').length, alsoMergedBy };
  }
  return null;
}

function lastPair(yaml: YamlLib, map: YAMLMap, key: string): Pair | undefined {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const pair = map.items[i];
    if (pair && scalarValue(yaml, pair.key) === key) return pair as Pair;
  }
  return undefined;
}

function scalarValue(yaml: YamlLib, node: unknown): string | undefined {
  if (yaml.isScalar(node)) return node.value === null || node.value === undefined ? undefined : String(node.value);
  return undefined;
}

function isEmptyScalar(yaml: YamlLib, node: unknown): boolean {
  return node === null || node === undefined || (yaml.isScalar(node) && node.value === null);
}

function firstStringScalar(yaml: YamlLib, node: unknown): Scalar | undefined {
  if (yaml.isScalar(node)) return typeof node.value === 'string' && !/^_+$/.test(node.value) ? node : undefined;
  if (yaml.isMap(node)) {
    for (const pair of node.items) {
      if (scalarValue(yaml, pair.key) === 'name') continue;
      const found = firstStringScalar(yaml, pair.value);
      if (found) return found;
    }
    // Only the name is a string: its quotes still tell the style.
    return firstStringScalar(yaml, lastPair(yaml, node, 'name')?.value);
  }
  if (yaml.isSeq(node)) {
    for (const item of node.items) {
      const found = firstStringScalar(yaml, item);
      if (found) return found;
    }
  }
  return undefined;
}

/**
 * Where a node's own text ends: block collections end at their last content,
 * not after trailing comments, and (when `skip` is given) not at pairs that
 * are being removed, unless all of them are.
 */
function contentEnd(yaml: YamlLib, node: YamlNode, skip?: ReadonlySet<Pair>): number {
  if ((yaml.isMap(node) || yaml.isSeq(node)) && !node.flow) {
    const items: unknown[] = (node as YAMLMap | YAMLSeq).items;
    const kept = skip ? items.filter((item) => !(yaml.isPair(item) && skip.has(item as Pair))) : items;
    const last = kept[kept.length - 1] ?? items[items.length - 1];
    if (last) {
      if (yaml.isPair(last)) return contentEnd(yaml, ((last.value as YamlNode | null) ?? last.key) as YamlNode, skip);
      return contentEnd(yaml, last as YamlNode, skip);
    }
  }
  return node.range?.[1] ?? 0;
}
