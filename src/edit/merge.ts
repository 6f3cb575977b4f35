/**
 * Merge semantics of `render`: a provider is matched by name; an update
 * merges the given keys into it (nested mappings such as `args` key by key),
 * `--replace` swaps the whole entry, an unknown name is appended, `--remove`
 * drops it. Settings replace the effective value. The result is both the
 * list of changes the editors apply and the values GitLab should see after.
 */
import { effectiveSettings as effectiveAssignments } from '../model/effective.js';
import { toPlain, type PlainValue } from '../model/plain.js';
import type { ConfigValue, OmniauthModel, ProviderItem, SettingAssignment } from '../model/types.js';
import { SETTINGS } from '../model/settings.js';
import { getEntry, getPath, isMapping, nest, providerName, samePlain, setPath, withoutPath, type PlainMapping } from './plain-ops.js';
import type { ArgRemoval, EditRequest } from './provider-input.js';

export interface PathSet {
  /** Keys from the provider entry down (`['args', 'client_options', 'site']`). */
  path: string[];
  value: PlainValue;
}

export type ProviderChange =
  /** `unsets`: keys removed (`--remove-arg`), each a path from the provider entry down. */
  | { kind: 'update'; name: string; item: ProviderItem; sets: PathSet[]; unsets: string[][]; after: PlainMapping }
  | { kind: 'replace'; name: string; item: ProviderItem; after: PlainMapping }
  | { kind: 'append'; name: string; after: PlainMapping }
  | { kind: 'remove'; name: string; item: ProviderItem };

export interface SettingChangePlan {
  name: string;
  /** The new value; null removes the setting. */
  value: PlainValue | null;
  /** The statement or key that sets it now (the effective one), if any. */
  current: SettingAssignment | null;
  /** Every statement or key that sets or adds to it: what removing the setting takes out. */
  statements: SettingAssignment[];
}

export interface MergePlan {
  providers: ProviderChange[];
  settings: SettingChangePlan[];
  /** Providers GitLab should see after the edit, in order. */
  intendedProviders: PlainValue[];
  /** Effective value of every general setting after the edit (providers excluded). */
  intendedSettings: Map<string, PlainValue>;
  /** Things the user should know that are not failures (`--remove` of a provider that is not there). */
  notes: string[];
}

/** Where the sets of an update land in one file's tree of containers (hashes, YAML maps). */
export interface PlacedSets<C, E> {
  /** Existing entries whose value is replaced (by a nested mapping when the path went on below a non-mapping). */
  replace: Array<{ entry: E; container: C; value: PlainValue }>;
  /**
   * New keys per container that lacks them: inserted together, once per
   * container. `depth` counts the keys from the root down to the container
   * (0 for the root), for ordering insertions at one offset.
   */
  insert: Map<C, { depth: number; entries: Array<{ key: string; value: PlainValue }> }>;
}

/**
 * Walks each set's path down from `root`: into an entry when the path goes on
 * and the entry holds a container, else the entry's value is replaced; a
 * missing key becomes a new entry of the container that lacks it. Both
 * editors place updates this way; `find` is their last-wins key lookup.
 */
export function placeSets<C, E>(root: C, sets: readonly PathSet[], find: (container: C, key: string) => E | undefined, inner: (entry: E) => C | null): PlacedSets<C, E> {
  const placed: PlacedSets<C, E> = { replace: [], insert: new Map() };
  for (const set of sets) {
    let container = root;
    for (let i = 0; i < set.path.length; i++) {
      const key = set.path[i] as string;
      const rest = set.path.slice(i + 1);
      const entry = find(container, key);
      if (!entry) {
        const found = placed.insert.get(container) ?? { depth: i, entries: [] };
        found.entries.push({ key, value: nest(rest, set.value) });
        placed.insert.set(container, found);
        break;
      }
      const below = rest.length > 0 ? inner(entry) : null;
      if (below) {
        container = below;
        continue;
      }
      placed.replace.push({ entry, container, value: nest(rest, set.value) });
      break;
    }
  }
  return placed;
}

export type MergeResult = { ok: true; plan: MergePlan } | { ok: false; message: string };

export function planMerge(model: OmniauthModel, request: EditRequest): MergeResult {
  const items: Array<ProviderItem | null> = [...(model.providers ?? [])];
  const current: PlainValue[] = items.map((item) => toPlain((item as ProviderItem).value));
  const changes: ProviderChange[] = [];
  const notes: string[] = [];

  for (const upsert of request.upserts) {
    const name = providerName(upsert.entry) ?? '';
    const matches = indexesNamed(current, name);
    if (matches.length > 1) return { ok: false, message: `${matches.length} providers are named '${name}': remove the duplicates first (GitLab would use only one)` };
    const index = matches[0];
    if (index === undefined) {
      const hidden = opaqueItem(items);
      if (hidden) return { ok: false, message: maybeHidden(hidden, name) };
      changes.push({ kind: 'append', name, after: upsert.entry });
      current.push(upsert.entry);
      items.push(null);
      continue;
    }
    const item = items[index];
    const before = current[index];
    if (!item || !before || !isMapping(before)) {
      return { ok: false, message: `provider '${name}' is given twice in this command` };
    }
    if (upsert.replace) {
      if (!samePlain(before, upsert.entry)) changes.push({ kind: 'replace', name, item, after: upsert.entry });
      current[index] = upsert.entry;
      continue;
    }
    if (upsert.given) notes.push(`provider '${name}' is already configured: only the keys given are merged into it, not the preset's (--replace starts afresh from the preset)`);
    const sets = mergeSets(before, upsert.given ?? upsert.entry, []);
    const into = sets.filter((set) => isMapping(set.value)).map((set) => opaqueAt(item.value, set.path)).find((v) => v !== null && v !== undefined);
    if (into) {
      // Keys cannot be merged into a value only Ruby (or ERB) knows; replacing it would silently drop it.
      return { ok: false, message: `provider '${name}': ${into.path} is ${into.what} (line ${into.line}) gitlab-omniauth cannot merge keys into; edit it by hand, or give the whole entry with --replace` };
    }
    let after = before;
    for (const set of sets) after = setPath(after, set.path, set.value);
    if (sets.length > 0) changes.push({ kind: 'update', name, item, sets, unsets: [], after });
    current[index] = after;
  }

  for (const removal of request.argRemovals ?? []) {
    const refused = removeArg(removal, items, current, changes, notes);
    if (refused) return { ok: false, message: refused };
  }

  const removed = new Set<string>();
  for (const name of request.removals) {
    const matches = indexesNamed(current, name);
    if (matches.length === 0) {
      const hidden = opaqueItem(items);
      if (hidden) return { ok: false, message: maybeHidden(hidden, name) };
      notes.push(`no provider named '${name}' to remove`);
      continue;
    }
    for (const index of matches.reverse()) {
      const item = items[index];
      if (!item) return { ok: false, message: `provider '${name}' is both added and removed in this command` };
      const other = changes.findIndex((c) => c.kind !== 'append' && c.kind !== 'remove' && c.item === item);
      if (other !== -1) return { ok: false, message: `provider '${name}' is both changed and removed in this command` };
      changes.push({ kind: 'remove', name, item });
      current.splice(index, 1);
      items.splice(index, 1);
    }
    removed.add(name);
  }

  const intendedSettings = effectiveSettings(model);
  const settings: SettingChangePlan[] = [];
  const plan = (name: string, value: PlainValue | null): void => {
    const statements = model.settings.filter((s) => s.name === name);
    settings.push({ name, value, current: effectiveAssignment(model, name), statements });
  };
  for (const change of request.settings) {
    const existing = intendedSettings.get(change.name);
    intendedSettings.set(change.name, change.value);
    if (existing && samePlain(existing, change.value)) continue;
    plan(change.name, change.value);
  }
  for (const name of request.unsets ?? []) {
    if (!intendedSettings.has(name)) {
      notes.push(`${name} is not set: nothing to unset`);
      continue;
    }
    intendedSettings.delete(name);
    plan(name, null);
  }
  // A removed provider leaves no name behind in the settings that list providers (unless the command sets them itself).
  for (const spec of SETTINGS) {
    if (!spec.referencesProviders || removed.size === 0) continue;
    if (request.settings.some((s) => s.name === spec.name) || (request.unsets ?? []).includes(spec.name)) continue;
    const value = intendedSettings.get(spec.name);
    const without = value ? withoutReferences(value, removed) : undefined;
    if (without === undefined) continue;
    if (without === null) intendedSettings.delete(spec.name);
    else intendedSettings.set(spec.name, without);
    plan(spec.name, without);
  }

  return { ok: true, plan: { providers: changes, settings, intendedProviders: current, intendedSettings, notes } };
}

/**
 * The value of a setting that lists providers with the removed names taken
 * out: a list loses those items, a single name that is removed unsets the
 * setting (null). Undefined when it names none of them.
 */
export function withoutReferences(value: PlainValue, removed: ReadonlySet<string>): PlainValue | null | undefined {
  const named = (v: PlainValue): boolean => (v.kind === 'string' || v.kind === 'symbol') && removed.has(v.value);
  if (value.kind === 'array') {
    const items = value.items.filter((item) => !named(item));
    return items.length === value.items.length ? undefined : { kind: 'array', items };
  }
  return named(value) ? null : undefined;
}

/**
 * `--remove-arg NAME.KEY`: the key leaves the provider's entry. A provider
 * this command adds or replaces just loses it from the entry written; one
 * the file has gets an update that removes the key's text. Returns why it
 * cannot be done, or null.
 */
function removeArg(removal: ArgRemoval, items: ReadonlyArray<ProviderItem | null>, current: PlainValue[], changes: ProviderChange[], notes: string[]): string | null {
  const { name, path } = removal;
  const shown = path.slice(1).join('.');
  const matches = indexesNamed(current, name);
  if (matches.length > 1) return `${matches.length} providers are named '${name}': remove the duplicates first (GitLab would use only one)`;
  const index = matches[0];
  const before = index === undefined ? undefined : current[index];
  if (index === undefined || !before || !isMapping(before)) {
    notes.push(`no provider named '${name}': nothing to remove from its args`);
    return null;
  }
  const item = items[index];
  const hidden = item ? opaqueAt(item.value, path.slice(0, -1)) : null;
  if (hidden) return `provider '${name}': ${hidden.path} is ${hidden.what} (line ${hidden.line}) gitlab-omniauth cannot remove keys from; edit it by hand`;
  if (getPath(before, path) === undefined) {
    notes.push(`provider '${name}' has no args.${shown}: nothing to remove`);
    return null;
  }
  const after = withoutPath(before, path);
  current[index] = after;
  const change = changes.find((c) => c.name === name && c.kind !== 'remove');
  if (change?.kind === 'update' && change.sets.some((set) => overlaps(set.path, path))) return `provider '${name}': args.${shown} is both set and removed in this command`;
  if (change && change.kind !== 'remove') {
    change.after = after;
    if (change.kind === 'update') change.unsets.push(path);
    return null;
  }
  if (!item) return null;
  changes.push({ kind: 'update', name, item, sets: [], unsets: [path], after });
  return null;
}

/** Whether one path is the other or lies below it. */
function overlaps(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n).every((key, i) => key === b[i]);
}

type Opaque = Extract<ConfigValue, { kind: 'ruby' | 'erb' }>;

function isOpaque(value: ConfigValue | undefined): value is Opaque {
  return value?.kind === 'ruby' || value?.kind === 'erb';
}

/** A provider entry that is an expression (`github_provider`, `{ **common }`): its name is unknown. */
function opaqueItem(items: ReadonlyArray<ProviderItem | null>): Opaque | undefined {
  return items.map((item) => item?.value).find(isOpaque);
}

function maybeHidden(entry: Opaque, name: string): string {
  return `the provider list has an entry gitlab-omniauth cannot see through (line ${entry.range.start.line}): it cannot tell whether it is '${name}'; edit it by hand`;
}

/**
 * The expression at `path` (where a merge that gives a mapping would have to
 * add keys to it), or null.
 */
function opaqueAt(value: ConfigValue, path: readonly string[]): { path: string; what: string; line: number } | null {
  let current: ConfigValue | undefined = value;
  for (const key of path) {
    if (current?.kind !== 'mapping') return null;
    // The last entry with the key is the one Ruby and YAML keep.
    current = [...current.entries].reverse().find((e) => e.key === key)?.value;
  }
  if (!isOpaque(current)) return null;
  return { path: path.join('.'), what: current.kind === 'ruby' ? 'a Ruby expression' : 'an ERB expression', line: current.range.start.line };
}

function indexesNamed(providers: readonly PlainValue[], name: string): number[] {
  const found: number[] = [];
  providers.forEach((p, i) => {
    if (providerName(p) === name) found.push(i);
  });
  return found;
}

/** The keys of `given` that change `existing`, descending into mappings present on both sides. */
function mergeSets(existing: PlainMapping, given: PlainMapping, path: string[]): PathSet[] {
  const sets: PathSet[] = [];
  const seen = new Set<string>();
  // Last entry wins in the given mapping too; walk it backwards and keep the first of each key.
  const effective = [...given.entries].reverse().filter((e) => (seen.has(e.key) ? false : (seen.add(e.key), true))).reverse();
  for (const { key, value } of effective) {
    const now = getEntry(existing, key);
    if (now && isMapping(now) && isMapping(value)) {
      sets.push(...mergeSets(now, value, [...path, key]));
    } else if (!now || !samePlain(now, value)) {
      sets.push({ path: [...path, key], value });
    }
  }
  return sets;
}

/** Each general setting's value as GitLab ends up with it (see model/effective.ts), as a PlainValue. */
export function effectiveSettings(model: OmniauthModel): Map<string, PlainValue> {
  const values = new Map<string, PlainValue>();
  for (const [name, setting] of effectiveAssignments(model)) {
    if (name !== 'providers') values.set(name, toPlain(setting.value));
  }
  return values;
}

/** The statement or key an edit of the setting must change: the last plain assignment of it. */
export function effectiveAssignment(model: OmniauthModel, name: string): SettingAssignment | null {
  let found: SettingAssignment | null = null;
  for (const s of model.settings) if (s.name === name && s.operation === 'assign') found = s;
  return found;
}
