/**
 * Mapping entries as they are written: each key once, with its last value, at
 * the place of its first occurrence — what the model promises (after
 * normalization the last wins, as in GitLab). Writing a key twice would make
 * the result depend on the reader: Ruby keeps the last occurrence's place,
 * Psych the first's, and Ruby warns.
 */
import type { PlainEntry } from '../model/plain.js';

export function uniqueEntries(entries: readonly PlainEntry[]): PlainEntry[] {
  const byKey = new Map<string, PlainEntry>();
  for (const entry of entries) {
    const first = byKey.get(entry.key);
    byKey.set(entry.key, first ? { key: first.key, value: entry.value } : entry);
  }
  return [...byKey.values()];
}
