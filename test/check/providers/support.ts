/**
 * Compact models for the provider checks' tables: plain JS values become
 * ConfigValues with their config paths and distinct (synthetic) positions,
 * so a table row reads like the config it stands for.
 */
import { runRule, type CheckOptions, type Rule } from '../../../src/check/rule.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { ConfigValue, Format, OmniauthModel, SettingAssignment } from '../../../src/model/types.js';
import type { SourceRange } from '../../../src/text/source-text.js';

export interface Ruby {
  $ruby: string;
}
export interface Sym {
  $sym: string;
}
export type V = string | number | boolean | null | Ruby | Sym | V[] | { [key: string]: V };

/** A Ruby expression the tool does not evaluate (`ENV['X']`). */
export const ruby = (source: string): Ruby => ({ $ruby: source });
/** A Ruby symbol (`:saml`). */
export const sym = (name: string): Sym => ({ $sym: name });

class Positions {
  private next = 0;
  range(): SourceRange {
    const at = this.next++;
    return { start: { offset: at * 10, line: at + 1, column: 1 }, end: { offset: at * 10 + 5, line: at + 1, column: 6 } };
  }
}

function isRuby(v: V): v is Ruby {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$ruby' in v;
}
function isSym(v: V): v is Sym {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && '$sym' in v;
}

function toValue(v: V, path: string, pos: Positions): ConfigValue {
  const range = pos.range();
  if (v === null) return { kind: 'null', range, path };
  if (typeof v === 'string') return { kind: 'string', value: v, range, path };
  if (typeof v === 'boolean') return { kind: 'boolean', value: v, range, path };
  if (typeof v === 'number') return Number.isInteger(v) ? { kind: 'integer', value: String(v), range, path } : { kind: 'float', value: v, range, path };
  if (Array.isArray(v)) return { kind: 'array', items: v.map((item, i) => toValue(item, `${path}[${i}]`, pos)), range, path };
  if (isRuby(v)) return { kind: 'ruby', source: v.$ruby, range, path };
  if (isSym(v)) return { kind: 'symbol', value: v.$sym, range, path };
  return {
    kind: 'mapping',
    range,
    path,
    entries: Object.entries(v).map(([key, child]) => {
      const keyRange = pos.range();
      const value = toValue(child, `${path}.${key}`, pos);
      return { key, keyStyle: 'symbol' as const, keyRange, value, range: { start: keyRange.start, end: value.range.end } };
    }),
  };
}

export interface ModelSpec {
  externalUrl?: string | null;
  format?: Format;
  /** General settings by gitlab.yml name. */
  settings?: Record<string, V>;
  providers?: V[];
}

export function model(spec: ModelSpec = {}): OmniauthModel {
  const pos = new Positions();
  const settings: SettingAssignment[] = Object.entries(spec.settings ?? {}).map(([name, v]) => {
    const keyRange = pos.range();
    const value = toValue(v, `omniauth.${name}`, pos);
    return { name, sourceKey: `omniauth_${name.replace('.', '_')}`, known: true, operation: 'assign', value, keyRange, statementRange: keyRange, conditional: false };
  });
  let providers: OmniauthModel['providers'] = null;
  if (spec.providers) {
    const list = toValue(spec.providers, 'omniauth.providers', pos);
    const keyRange = pos.range();
    const assignment: SettingAssignment = { name: 'providers', sourceKey: 'omniauth_providers', known: true, operation: 'assign', value: list, keyRange, statementRange: keyRange, conditional: false };
    settings.push(assignment);
    providers = list.kind === 'array' ? list.items.map((value) => ({ value, definedBy: assignment })) : null;
  }
  const url = spec.externalUrl ?? null;
  return {
    file: 'test.rb',
    format: spec.format ?? 'omnibus',
    shape: 'gitlab_rb',
    env: null,
    externalUrl: url === null ? null : { url, value: null, range: pos.range() },
    settings,
    providers,
  };
}

/** One provider entry, no other settings. */
export function withProvider(provider: V, extra: Omit<ModelSpec, 'providers'> = {}): OmniauthModel {
  return model({ ...extra, providers: [provider] });
}

export function run(rule: Rule, m: OmniauthModel, options: CheckOptions = {}): Diagnostic[] {
  return runRule(rule, m, options);
}

/** The findings as `severity path: message` lines: what a table row asserts. */
export function lines(rule: Rule, m: OmniauthModel, options: CheckOptions = {}): string[] {
  return run(rule, m, options).map((d) => `${d.severity} ${d.path ?? '-'}: ${d.message}${d.hint ? ` (${d.hint})` : ''}`);
}
