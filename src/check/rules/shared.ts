/**
 * Small readers over the model that several checks need: the setting that
 * takes effect, a mapping's value for a key (after normalization the last one
 * wins, as in GitLab), provider names, and a walk over every value with the
 * key it sits under.
 */
import { valueAt } from '../../catalog/providers.js';
import { effectiveSettings } from '../../model/effective.js';
import type {
  ConfigValue,
  OmniauthModel,
  ProviderItem,
  SettingAssignment,
  StringValue,
  SymbolValue,
} from '../../model/types.js';

export type TextValue = StringValue | SymbolValue;

/** GitLab sees symbols as strings (Chef and Rails stringify them). */
export function isText(value: ConfigValue | undefined): value is TextValue {
  return value?.kind === 'string' || value?.kind === 'symbol';
}

/** A value the tool cannot see through (`ENV[...]`, ERB): whatever it is, no check may blame it. */
export function isOpaque(value: ConfigValue | undefined): boolean {
  return value?.kind === 'ruby' || value?.kind === 'erb';
}

/** The value GitLab uses for `key` when `value` is a mapping (a repeated key overrides: the last one wins). */
export function valueOf(value: ConfigValue | undefined, key: string): ConfigValue | undefined {
  return value?.kind === 'mapping' ? valueAt(value, key) : undefined;
}

/** The assignment of a setting that takes effect (the last plain assignment). */
/**
 * The value at a config path inside `root`. With a key given twice the last
 * one is returned: it is the one GitLab keeps, and the one schema findings
 * are about.
 */
export function valueAtPath(root: ConfigValue, path: string): ConfigValue | undefined {
  let found: ConfigValue | undefined;
  const visit = (v: ConfigValue): void => {
    if (v.path === path) found = v;
    else if (v.kind === 'array') v.items.forEach(visit);
    else if (v.kind === 'mapping') v.entries.forEach((e) => visit(e.value));
  };
  visit(root);
  return found;
}

export function effectiveSetting(model: OmniauthModel, name: string): SettingAssignment | undefined {
  return effectiveSettings(model).get(name);
}

/** The old name GitLab still accepts for a provider (DOMAIN.md §3). */
const PROVIDER_ALIASES: Record<string, string> = { kerberos_spnego: 'kerberos' };

export function canonicalProviderName(name: string): string {
  return PROVIDER_ALIASES[name] ?? name;
}

export interface NamedProvider {
  item: ProviderItem;
  /** The name as GitLab uses it. */
  name: string;
  nameValue: TextValue;
}

/**
 * The providers' literal names. `complete` is false when some provider's name
 * is an expression (or the entry is not a mapping we can read): then no one
 * can say that a name is *missing*.
 */
export function providerNames(model: OmniauthModel): { named: NamedProvider[]; complete: boolean } {
  const named: NamedProvider[] = [];
  let complete = true;
  for (const item of model.providers ?? []) {
    if (item.value.kind !== 'mapping') {
      complete = false;
      continue;
    }
    const nameValue = valueOf(item.value, 'name');
    if (isText(nameValue)) named.push({ item, name: canonicalProviderName(nameValue.value), nameValue });
    else complete = false;
    if (item.value.entries.some((e) => e.keyStyle === 'other')) complete = false;
  }
  return { named, complete };
}

/**
 * Why the providers setting is not a list GitLab can use, or null when it is
 * (or cannot be known: an expression, or no providers setting at all).
 */
export type ProvidersShapeProblem = 'string' | 'mapping' | 'scalar';

export function providersShapeProblem(model: OmniauthModel): { problem: ProvidersShapeProblem; setting: SettingAssignment } | null {
  const setting = effectiveSetting(model, 'providers');
  if (!setting) return null;
  const { value } = setting;
  switch (value.kind) {
    case 'array':
    case 'ruby':
    case 'erb':
    // nil is the default, `[]`: Rails reads a nil list as empty, and Omnibus drops nil attributes before rendering.
    case 'null':
      return null;
    case 'string':
    case 'symbol':
      return { problem: 'string', setting };
    case 'mapping':
      return { problem: 'mapping', setting };
    default:
      return { problem: 'scalar', setting };
  }
}

export interface Visit {
  value: ConfigValue;
  /** The mapping key the value sits under (the nearest one for list items), or null at the top. */
  key: string | null;
  /** Keys from the top down to the value. */
  keys: readonly string[];
}

/** Every value inside `value` (itself included), depth first, in source order. */
export function* walk(value: ConfigValue, key: string | null = null, keys: readonly string[] = []): Generator<Visit> {
  yield { value, key, keys };
  if (value.kind === 'array') {
    for (const item of value.items) yield* walk(item, key, keys);
  } else if (value.kind === 'mapping') {
    for (const entry of value.entries) {
      if (entry.keyStyle === 'other') continue;
      yield* walk(entry.value, entry.key, [...keys, entry.key]);
    }
  }
}

/** The value of each setting that takes effect, providers included when they are listed. */
export function* effectiveValues(model: OmniauthModel): Generator<{ setting: SettingAssignment | null; value: ConfigValue }> {
  for (const setting of effectiveSettings(model).values()) {
    if (setting.name === 'providers' && model.providers) continue;
    yield { setting, value: setting.value };
  }
  for (const item of model.providers ?? []) yield { setting: item.definedBy, value: item.value };
}

/** Line number for messages that refer to another place ("first at line 3"). */
export function lineOf(value: ConfigValue): number {
  return value.range.start.line;
}
