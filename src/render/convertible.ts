/**
 * Whether a file's OmniAuth settings can be written in another format
 * (gitlab.rb → gitlab.yml, and every renderer built on that conversion).
 * A converter writes every value it was given: a value the reader could not
 * see into would silently become something else — a provider list read from
 * `JSON.parse(File.read(...))` an empty `providers:`, a Ruby expression a
 * string. So before anything is rendered, every such value is found and the
 * conversion refused, naming the statement's line.
 *
 * An environment reference (`ENV['X']`, `<%= ENV['X'] %>`) is the one
 * expression both formats state exactly, so it converts.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { PlainValue } from '../model/plain.js';
import { toPlain } from '../model/plain.js';
import { effectiveSettings } from '../model/effective.js';
import type { ConfigValue, OmniauthModel } from '../model/types.js';
import type { SourceRange } from '../text/source-text.js';
import { erbEnvVariable, rubyEnvVariable } from './env.js';
import { RenderError, childPath } from './errors.js';

const RULE = 'unrenderable-value';

/** The values a conversion writes: general settings by gitlab.yml name, and the provider list. */
export interface ConversionValues {
  settings: Readonly<Record<string, PlainValue>>;
  providers: readonly PlainValue[];
}

export interface ConvertibleOptions {
  /**
   * The values that will be written (after a merge), when they differ from
   * the file's own; default: the file's effective values.
   */
  intended?: ConversionValues;
  /** Settings the command replaces with a value of its own: what the file says about them no longer matters. */
  replacedSettings?: Iterable<string>;
}

/** One value the conversion cannot write faithfully, where the file sets it. */
export interface UnconvertibleValue {
  path: string;
  message: string;
  range: SourceRange | null;
}

/**
 * Every value of `model` a conversion into another format would get wrong:
 * a provider list that is not a literal (an expression, `+=` of an
 * expression, a statement the reader does not follow such as
 * `.first[:label] = ...`), and any setting or provider value that is an
 * expression other than an environment reference. Empty when the whole
 * section converts. A provider list made known again by a later literal
 * assignment converts.
 */
export function unconvertibleValues(model: OmniauthModel, options: ConvertibleOptions = {}): UnconvertibleValue[] {
  const replaced = new Set(options.replacedSettings ?? []);
  const found: UnconvertibleValue[] = [];
  const list = unreadableProviderList(model);
  if (list) found.push(list);
  for (const change of model.unfollowed ?? []) {
    if (change.name === 'providers' || replaced.has(change.name) || reassignedAfter(model, change.name, change.range.start.offset)) continue;
    found.push({
      path: `omniauth.${change.name}`,
      message: `omniauth.${change.name} is changed on line ${change.range.start.line} with ${change.how}, which gitlab-omniauth does not follow, so its value is unknown`,
      range: change.range,
    });
  }
  const intended = options.intended ?? effectiveValues(model);
  const located = expressionsOf(model);
  for (const [name, value] of Object.entries(intended.settings)) {
    if (replaced.has(name)) continue;
    for (const expression of opaqueIn(value, `omniauth.${name}`)) found.push(describe(expression, located));
  }
  intended.providers.forEach((provider, i) => {
    for (const expression of opaqueIn(provider, childPath('omniauth.providers', i))) found.push(describe(expression, located));
  });
  return found;
}

/**
 * Throws a RenderError naming the first value that cannot be converted (with
 * its line); returns when the whole section converts. Every renderer that
 * writes a gitlab.rb's settings in another format calls this first.
 */
export function assertConvertible(model: OmniauthModel, options: ConvertibleOptions = {}): void {
  const [first, ...rest] = unconvertibleValues(model, options);
  if (!first) return;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new RenderError(`${first.message}${more}`, first.path);
}

/** The unconvertible values as findings in the user's file, for a refusal that shows each one. */
export function unconvertibleDiagnostics(model: OmniauthModel, values: readonly UnconvertibleValue[]): Diagnostic[] {
  return values.map((v) => ({ rule: RULE, severity: 'error', message: v.message, file: model.file, range: v.range, path: v.path }));
}

function effectiveValues(model: OmniauthModel): ConversionValues {
  const settings: Record<string, PlainValue> = {};
  for (const [name, setting] of effectiveSettings(model)) {
    if (setting.known && name !== 'providers') settings[name] = toPlain(setting.value);
  }
  return { settings, providers: (model.providers ?? []).map((item) => toPlain(item.value)) };
}

function reassignedAfter(model: OmniauthModel, name: string, offset: number): boolean {
  return model.settings.some((s) => s.name === name && s.operation === 'assign' && !s.conditional && s.statementRange.start.offset > offset);
}

function isOpaque(value: { kind: string; source?: string }): boolean {
  if (value.kind === 'ruby') return rubyEnvVariable(value.source ?? '') === null;
  if (value.kind === 'erb') return erbEnvVariable(value.source ?? '') === null;
  return false;
}

/**
 * Why the provider list cannot be read, at the statement after which it stays
 * unknown; null when the list is a literal (or never set, or nil: Omnibus's
 * default `[]`).
 */
function unreadableProviderList(model: OmniauthModel): UnconvertibleValue | null {
  if (model.providers !== null) return null;
  // Applied in file order: a literal assignment makes every provider known again, an expression or a change the
  // reader does not follow makes the list unknown, appends leave it as it is.
  type Step = { offset: number; effect: 'reset' | UnconvertibleValue };
  const steps: Step[] = [];
  for (const s of model.settings) {
    if (s.name !== 'providers' || s.operation === 'append') continue;
    const offset = s.statementRange.start.offset;
    if (s.value.kind === 'array' || (s.operation === 'assign' && s.value.kind === 'null')) {
      if (s.operation === 'assign') steps.push({ offset, effect: 'reset' });
      continue;
    }
    const what = isOpaque(s.value) ? 'a Ruby expression gitlab-omniauth does not evaluate' : `not a list but ${article(s.value.kind)}`;
    const how = s.operation === 'assign' ? 'set to' : 'extended with';
    const line = s.statementRange.start.line;
    steps.push({
      offset,
      effect: { path: 'omniauth.providers', message: `the provider list is ${how} ${what} on line ${line}, so its providers are unknown and converting would lose them; write the providers as a literal list`, range: s.value.range },
    });
  }
  for (const change of model.unfollowed ?? []) {
    if (change.name !== 'providers') continue;
    const line = change.range.start.line;
    steps.push({
      offset: change.range.start.offset,
      effect: { path: 'omniauth.providers', message: `the provider list is changed on line ${line} with ${change.how}, which gitlab-omniauth does not follow, so its providers are unknown and converting would lose the change; write it into the literal list`, range: change.range },
    });
  }
  steps.sort((a, b) => a.offset - b.offset);
  let cause: UnconvertibleValue | null = null;
  for (const step of steps) cause = step.effect === 'reset' ? null : step.effect;
  return cause;
}

function article(kind: string): string {
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

interface Expression {
  path: string;
  kind: 'ruby' | 'erb';
  source: string;
}

/** The expressions (other than environment references) inside `value`, with their config paths. */
function opaqueIn(value: PlainValue, path: string): Expression[] {
  switch (value.kind) {
    case 'ruby':
    case 'erb':
      return isOpaque(value) ? [{ path, kind: value.kind, source: value.source }] : [];
    case 'array':
      return value.items.flatMap((item, i) => opaqueIn(item, childPath(path, i)));
    case 'mapping':
      return value.entries.flatMap((e) => opaqueIn(e.value, childPath(path, e.key)));
    default:
      return [];
  }
}

/** Where each expression of the file is written, by its source text (the first place wins). */
function expressionsOf(model: OmniauthModel): Map<string, SourceRange> {
  const at = new Map<string, SourceRange>();
  const walk = (value: ConfigValue): void => {
    if (value.kind === 'ruby' || value.kind === 'erb') {
      if (!at.has(value.source)) at.set(value.source, value.range);
    } else if (value.kind === 'array') value.items.forEach(walk);
    else if (value.kind === 'mapping') value.entries.forEach((e) => walk(e.value));
  };
  for (const s of model.settings) walk(s.value);
  for (const item of model.providers ?? []) walk(item.value);
  return at;
}

function describe(expression: Expression, located: ReadonlyMap<string, SourceRange>): UnconvertibleValue {
  const range = located.get(expression.source) ?? null;
  const where = range ? ` (line ${range.start.line})` : '';
  const what = expression.kind === 'ruby' ? 'a Ruby expression' : 'an ERB expression';
  // The expression's text is not quoted: it may hold a secret.
  return {
    path: expression.path,
    message: `${expression.path} is ${what}${where} gitlab-omniauth does not evaluate, so its value in the other format is unknown; write it as a literal or an environment reference`,
    range,
  };
}
