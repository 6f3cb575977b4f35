/**
 * Small operations on PlainValue trees that input, merge and verification
 * share: key lookup with GitLab's last-wins rule, setting a dotted path, and
 * the equality GitLab sees (symbol keys and values are strings to it, an ENV
 * reference is the same whichever way it is spelled).
 */
import { erbEnvVariable, rubyEnvVariable } from '../render/env.js';
import type { PlainEntry, PlainValue } from '../model/plain.js';

export type PlainMapping = Extract<PlainValue, { kind: 'mapping' }>;

export function isMapping(value: PlainValue | undefined): value is PlainMapping {
  return value?.kind === 'mapping';
}

/** The effective value of `key` (the last entry wins, as in GitLab). */
export function getEntry(mapping: PlainMapping, key: string): PlainValue | undefined {
  for (let i = mapping.entries.length - 1; i >= 0; i--) {
    const entry = mapping.entries[i];
    if (entry && entry.key === key) return entry.value;
  }
  return undefined;
}

/** A copy of `mapping` with `key` set: in place of the last entry with that key, else appended. */
export function withEntry(mapping: PlainMapping, key: string, value: PlainValue): PlainMapping {
  const entries = [...mapping.entries];
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i]?.key === key) {
      entries[i] = { key, value };
      return { kind: 'mapping', entries };
    }
  }
  entries.push({ key, value });
  return { kind: 'mapping', entries };
}

export function withoutEntry(mapping: PlainMapping, key: string): PlainMapping {
  return { kind: 'mapping', entries: mapping.entries.filter((e) => e.key !== key) };
}

/** Sets `path` (keys) inside `mapping`, creating mappings on the way and replacing non-mappings in the way. */
export function setPath(mapping: PlainMapping, path: readonly string[], value: PlainValue): PlainMapping {
  const [head, ...rest] = path;
  if (head === undefined) return mapping;
  if (rest.length === 0) return withEntry(mapping, head, value);
  const current = getEntry(mapping, head);
  const inner: PlainMapping = isMapping(current) ? current : { kind: 'mapping', entries: [] };
  return withEntry(mapping, head, setPath(inner, rest, value));
}

/** The value at `path` (last-wins at every level), or undefined when a key is missing or a value on the way is no mapping. */
export function getPath(mapping: PlainMapping, path: readonly string[]): PlainValue | undefined {
  let current: PlainValue | undefined = mapping;
  for (const key of path) current = isMapping(current) ? getEntry(current, key) : undefined;
  return current;
}

/** A copy of `mapping` without the key at the end of `path` (every entry of that key, so no earlier one shows through). */
export function withoutPath(mapping: PlainMapping, path: readonly string[]): PlainMapping {
  const [head, ...rest] = path;
  if (head === undefined) return mapping;
  if (rest.length === 0) return withoutEntry(mapping, head);
  const inner = getEntry(mapping, head);
  return isMapping(inner) ? withEntry(mapping, head, withoutPath(inner, rest)) : mapping;
}

/** `path = ['a', 'b']`, value v → `{ a: { b: v } }`; no path → v. What a new key at the end of a dotted path holds. */
export function nest(path: readonly string[], value: PlainValue): PlainValue {
  return path.reduceRight<PlainValue>((inner, key) => mapping([{ key, value: inner }]), value);
}

export function mapping(entries: PlainEntry[]): PlainMapping {
  return { kind: 'mapping', entries };
}

export function str(value: string): PlainValue {
  return { kind: 'string', value };
}

/** The provider's `name` as GitLab reads it, or null when it has none it can read. */
export function providerName(value: PlainValue): string | null {
  if (!isMapping(value)) return null;
  const name = getEntry(value, 'name');
  return name && (name.kind === 'string' || name.kind === 'symbol') ? name.value : null;
}

/** The ENV variable an expression reads, when it is nothing but `ENV['X']` / `ENV.fetch('X')` (Ruby or ERB). */
export function envVariableOf(source: string): string | null {
  return erbEnvVariable(source) ?? rubyEnvVariable(source);
}

/**
 * The value as GitLab ends up seeing it: symbols as strings, duplicate keys
 * collapsed (last wins) and ordered by key, ENV references by variable name.
 */
function canonical(value: PlainValue): unknown {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return { s: value.value };
    case 'integer':
      return { i: value.value.replace(/_/g, '') };
    case 'float':
      return { f: value.value };
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map(canonical);
    case 'mapping': {
      const last = new Map<string, PlainValue>();
      for (const e of value.entries) last.set(e.key, e.value);
      return Object.fromEntries([...last.keys()].sort().map((k) => [k, canonical(last.get(k) as PlainValue)]));
    }
    case 'env':
      return { env: value.variable };
    case 'ruby':
    case 'erb': {
      const variable = envVariableOf(value.source);
      return variable ? { env: variable } : { expr: value.source.trim() };
    }
  }
}

export function samePlain(a: PlainValue, b: PlainValue): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
