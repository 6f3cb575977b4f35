/**
 * Values to be written: what the merge produces and the serializers render.
 * The same kinds as the model's ConfigValue but without source positions, plus
 * `env` for a secret passed by reference (`ENV['VAR']` in gitlab.rb,
 * `<%= ENV['VAR'] %>` in gitlab.yml).
 */
import type { ConfigValue } from './types.js';

export type PlainValue =
  | { kind: 'string'; value: string }
  | { kind: 'symbol'; value: string }
  | { kind: 'integer'; value: string }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'array'; items: PlainValue[] }
  | { kind: 'mapping'; entries: PlainEntry[] }
  | { kind: 'env'; variable: string }
  | { kind: 'ruby'; source: string }
  | { kind: 'erb'; source: string };

export interface PlainEntry {
  key: string;
  value: PlainValue;
}

export function toPlain(value: ConfigValue): PlainValue {
  switch (value.kind) {
    case 'string':
    case 'symbol':
    case 'integer':
    case 'float':
    case 'boolean':
      return { kind: value.kind, value: value.value } as PlainValue;
    case 'null':
      return { kind: 'null' };
    case 'array':
      return { kind: 'array', items: value.items.map(toPlain) };
    case 'mapping':
      return { kind: 'mapping', entries: value.entries.map((e) => ({ key: e.key, value: toPlain(e.value) })) };
    case 'ruby':
    case 'erb':
      return { kind: value.kind, source: value.source };
  }
}
