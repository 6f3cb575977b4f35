/**
 * What the user asks for, from a provider file, a preset and flags, as one
 * EditRequest. Flag values are strings; a value is typed (YAML scalar or flow
 * value) only when the user says so with --arg-yaml / --field-yaml, never
 * silently: `--arg scope=0123` stays the string "0123".
 */
import type { DocumentValues } from '../idp/provider-values.js';
import type { PlainValue } from '../model/plain.js';
import { settingByName, SETTINGS, type SettingSpec } from '../model/settings.js';
import { erbEnvVariable, rubyEnvVariable } from '../render/env.js';
import { getEntry, isMapping, mapping, setPath, str, withEntry, withoutEntry, type PlainMapping } from './plain-ops.js';
import { presetBinding, presetNames, presetProvider, type PresetBinding } from './presets.js';

export interface ProviderUpsert {
  entry: PlainMapping;
  /** Replace the whole existing entry instead of merging key by key. */
  replace: boolean;
  /**
   * With --preset: the keys the user gave, without the preset's. A provider
   * the file already has gets only these merged in, so the preset's
   * placeholders never overwrite its real values.
   */
  given?: PlainMapping;
  /** The --preset it started from: the values it takes from the target file are bound later (preset-binding.ts). */
  preset?: string;
}

export interface SettingChange {
  /** gitlab.yml name under `omniauth` (`allow_single_sign_on`). */
  name: string;
  value: PlainValue;
}

/** `--remove-arg NAME.KEY[.KEY]`: one key under a provider's args. */
export interface ArgRemoval {
  name: string;
  /** Keys from the provider entry down (`['args', 'client_options', 'site']`). */
  path: string[];
}

export interface EditRequest {
  upserts: ProviderUpsert[];
  removals: string[];
  settings: SettingChange[];
  /** General settings to remove (gitlab.yml names). */
  unsets?: string[];
  argRemovals?: ArgRemoval[];
}

export interface ProviderFlags {
  /** Text of a `--provider FILE` (JSON or YAML: one provider mapping or a list of them). */
  providerFile?: { name: string; text: string };
  preset?: string;
  name?: string;
  appId?: string;
  /** Already resolved when the user passed `-` (read from stdin by the CLI). */
  appSecret?: string;
  appSecretEnv?: string;
  label?: string;
  icon?: string;
  /** `KEY=VALUE` under args; KEY may be dotted (`client_options.site`). Value: a string. */
  arg?: readonly string[];
  /** `KEY=VALUE` under args, VALUE parsed as YAML (`true`, `3600`, `[openid, email]`). */
  argYaml?: readonly string[];
  /** `KEY=VALUE` at the top level of the entry (`url`, `groups_attribute`). */
  field?: readonly string[];
  fieldYaml?: readonly string[];
  /** A request that changes nothing is fine (converting a file into the other format as it is). */
  allowEmpty?: boolean;
  /** `KEY=VAR` under args: written as `ENV['VAR']` (gitlab.rb) or `<%= ENV['VAR'] %>` (gitlab.yml). */
  argEnv?: readonly string[];
  /** `KEY=VAR` beside args, as an environment reference. */
  fieldEnv?: readonly string[];
  /** Values from the identity provider's own document (SAML metadata, OIDC discovery): over the preset, under the flags. */
  document?: DocumentValues;
  /** `NAME=VALUE` general settings (gitlab.yml names), typed by the setting's type. */
  set?: readonly string[];
  remove?: readonly string[];
  /** General settings to remove, by their gitlab.yml names. */
  unset?: readonly string[];
  /** `NAME.KEY[.KEY]`: a key under a provider's args to remove. */
  removeArg?: readonly string[];
  replace?: boolean;
}

export type InputResult<T> = { ok: true; value: T } | { ok: false; message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

export async function buildEditRequest(flags: ProviderFlags): Promise<InputResult<EditRequest>> {
  const upserts: ProviderUpsert[] = [];
  const replace = flags.replace ?? false;

  let fromFile: PlainMapping[] = [];
  if (flags.providerFile) {
    const parsed = await parseProviderFile(flags.providerFile.text, flags.providerFile.name);
    if (!parsed.ok) return parsed;
    fromFile = parsed.value;
  }

  const built = await buildFlagProvider(flags, fromFile.length === 1 ? fromFile[0] : undefined);
  if (!built.ok) return built;
  if (fromFile.length > 1) {
    if (built.value) return fail('--provider names several providers: other provider flags (--name, --arg, --preset, ...) would be ambiguous');
    upserts.push(...fromFile.map((entry) => ({ entry, replace })));
  } else if (built.value) {
    upserts.push({ entry: built.value, replace, ...(flags.preset === undefined ? {} : { given: await givenWithoutPreset(flags), preset: flags.preset }) });
  } else if (fromFile[0]) {
    upserts.push({ entry: fromFile[0], replace });
  }

  for (const upsert of upserts) {
    const name = upsert.entry.entries.find((e) => e.key === 'name')?.value;
    if (!name || (name.kind !== 'string' && name.kind !== 'symbol') || name.value === '') {
      return fail('the provider has no name: give --name (or --preset, or name: in the --provider file)');
    }
  }

  const settings: SettingChange[] = [];
  for (const spec of flags.set ?? []) {
    const setting = parseSetting(spec);
    if (!setting.ok) return setting;
    settings.push(setting.value);
  }

  const unsets: string[] = [];
  for (const key of flags.unset ?? []) {
    const name = settingName(key, '--unset');
    if (!name.ok) return name;
    if (settings.some((s) => s.name === name.value)) return fail(`--unset ${key}: the setting is also given with --set`);
    unsets.push(name.value);
  }

  const argRemovals: ArgRemoval[] = [];
  for (const spec of flags.removeArg ?? []) {
    const [name = '', ...keys] = spec.split('.');
    if (name === '' || keys.length === 0 || keys.some((k) => k === '')) return fail(`--remove-arg takes NAME.KEY (a key under the provider's args, dotted to go deeper), got '${spec}'`);
    argRemovals.push({ name, path: ['args', ...keys] });
  }

  const removals = [...(flags.remove ?? [])];
  if (upserts.length === 0 && removals.length === 0 && settings.length === 0 && unsets.length === 0 && argRemovals.length === 0 && !flags.allowEmpty) {
    return fail('nothing to render: give a provider (--name, --preset or --provider FILE), --set, --unset, --remove or --remove-arg');
  }
  return { ok: true, value: { upserts, removals, settings, unsets, argRemovals } };
}

/** A general setting named on the command line (`allow_single_sign_on`, also `omniauth_allow_single_sign_on`). */
function settingName(key: string, flag: string): InputResult<string> {
  const name = key.trim().replace(/^omniauth[._]/, '');
  const setting = settingByName(name);
  if (!setting || setting.type === 'providers') {
    const known = SETTINGS.filter((s) => s.type !== 'providers').map((s) => s.name);
    return fail(`${flag} ${key}: not an OmniAuth setting GitLab knows; settings: ${known.join(', ')}`);
  }
  return { ok: true, value: setting.name };
}

/** The provider the flags describe (over a preset or a one-provider file), or null when no provider flag is given. */
async function buildFlagProvider(flags: ProviderFlags, base: PlainMapping | undefined, presetName = flags.preset): Promise<InputResult<PlainMapping | null>> {
  let entry: PlainMapping | null = base ?? null;
  const binding: PresetBinding = presetName === undefined ? {} : presetBinding(presetName);
  if (flags.preset !== undefined) {
    const preset = presetProvider(flags.preset);
    if (!preset || !isMapping(preset)) return fail(`no preset named '${flags.preset}'; presets: ${presetNames().join(', ')}`);
    if (entry) return fail('give either --preset or --provider, not both');
    entry = preset;
  }
  const literals: Array<[string, string | undefined]> = [
    ['--name', flags.name],
    ['--label', flags.label],
    ['--icon', flags.icon],
    ['--app-id', flags.appId],
    ['--app-secret', flags.appSecret],
  ];
  for (const [flag, value] of literals) {
    const refused = value === undefined ? null : refuseExpression(flag, value, flag === '--app-secret' ? '--app-secret-env VAR' : null);
    if (refused) return refused;
  }
  // Each strategy keeps its client ID and secret where it reads them (OpenID Connect: args.client_options).
  const sets: Array<[readonly string[], PlainValue | undefined]> = [
    [['name'], flags.name === undefined ? undefined : str(flags.name)],
    [['label'], flags.label === undefined ? undefined : str(flags.label)],
    [['icon'], flags.icon === undefined ? undefined : str(flags.icon)],
    [binding.idPath ?? ['app_id'], flags.appId === undefined ? undefined : str(flags.appId)],
  ];
  if (flags.appSecret !== undefined && flags.appSecretEnv !== undefined) return fail('give either --app-secret or --app-secret-env, not both');
  if (flags.appSecretEnv !== undefined) {
    const variable = envVariable('--app-secret-env', flags.appSecretEnv);
    if (!variable.ok) return variable;
    sets.push([binding.secretPath ?? ['app_secret'], variable.value]);
  } else if (flags.appSecret !== undefined) {
    sets.push([binding.secretPath ?? ['app_secret'], str(flags.appSecret)]);
  }

  const pairLists = [flags.arg, flags.argYaml, flags.field, flags.fieldYaml, flags.argEnv, flags.fieldEnv];
  const touched = sets.some(([, v]) => v !== undefined) || pairLists.some((list) => (list?.length ?? 0) > 0) || flags.document !== undefined;
  if (!touched && !flags.preset) return { ok: true, value: entry };
  entry ??= mapping([]);
  if (flags.document) entry = withDocumentValues(entry, flags.document);
  for (const [path, value] of sets) if (value) entry = setPath(entry, path, value);
  if (flags.name !== undefined && binding.strategyClass !== undefined && flags.name !== presetName) {
    entry = withStrategyName(entry, flags.name, binding.strategyClass);
  }

  const pairs: Array<[readonly string[] | undefined, string, 'string' | 'yaml' | 'env', string]> = [
    [flags.field, '', 'string', '--field'],
    [flags.fieldYaml, '', 'yaml', '--field-yaml'],
    [flags.fieldEnv, '', 'env', '--field-env'],
    [flags.arg, 'args.', 'string', '--arg'],
    [flags.argYaml, 'args.', 'yaml', '--arg-yaml'],
    [flags.argEnv, 'args.', 'env', '--arg-env'],
  ];
  for (const [list, prefix, kind, flag] of pairs) {
    for (const spec of list ?? []) {
      const pair = splitPair(spec, flag);
      if (!pair.ok) return pair;
      const path = (prefix + pair.value.key).split('.');
      if (path.some((p) => p === '')) return fail(`${flag} ${spec}: the key has an empty part`);
      const value = await flagValue(kind, flag, pair.value.key, pair.value.value);
      if (!value.ok) return value;
      entry = setPath(entry, path, value.value);
    }
  }
  // Keep `args` last, where the docs put it, when flags added keys after it.
  const args = entry.entries.find((e) => e.key === 'args');
  if (args && entry.entries[entry.entries.length - 1]?.key !== 'args' && !base && !flags.preset) {
    entry = withEntry(withoutEntry(entry, 'args'), 'args', args.value);
  }
  return { ok: true, value: entry };
}

function withDocumentValues(entry: PlainMapping, document: DocumentValues): PlainMapping {
  let result = entry;
  for (const path of document.removes) result = withoutPath(result, path);
  for (const { path, value } of document.sets) result = setPath(result, path, value);
  return result;
}

function withoutPath(entry: PlainMapping, path: readonly string[]): PlainMapping {
  const [head, ...rest] = path;
  if (head === undefined) return entry;
  if (rest.length === 0) return withoutEntry(entry, head);
  const inner = getEntry(entry, head);
  return isMapping(inner) ? withEntry(entry, head, withoutPath(inner, rest)) : entry;
}

async function flagValue(kind: 'string' | 'yaml' | 'env', flag: string, key: string, text: string): Promise<InputResult<PlainValue>> {
  if (kind === 'env') return envVariable(`${flag} ${key}`, text);
  const envFlag = `${flag.startsWith('--arg') ? '--arg-env' : '--field-env'} ${key}=VAR`;
  const refused = refuseExpression(`${flag} ${key}`, text, envFlag);
  if (refused) return refused;
  if (kind === 'string') return { ok: true, value: str(text) };
  const parsed = await parseYamlValue(text, flag, key);
  if (!parsed.ok) return parsed;
  return parsed.value.kind === 'string' ? (refuseExpression(`${flag} ${key}`, parsed.value.value, envFlag) ?? parsed) : parsed;
}

function envVariable(flag: string, variable: string): InputResult<PlainValue> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) return fail(`${flag} takes an environment variable name, not '${variable}'`);
  return { ok: true, value: { kind: 'env', variable } };
}

/** `ENV['X']`, `ENV.fetch(...)` or an ERB tag: Ruby or ERB the user meant to run, which a flag would write as a literal string. */
const EXPRESSION_LOOKALIKE = /^\s*(ENV\s*(\[|\.fetch\b)|<%)/;

/** Whether a flag value would be refused as Ruby or ERB written where a literal goes. */
export function looksLikeExpression(value: string): boolean {
  return EXPRESSION_LOOKALIKE.test(value);
}

/**
 * A flag value that is an expression in disguise is refused: written as the
 * string it is, it would be sent to the identity provider verbatim.
 */
function refuseExpression(flag: string, value: string, envFlag: string | null): { ok: false; message: string } | null {
  if (!looksLikeExpression(value)) return null;
  const how = envFlag ? `use ${envFlag} to read it from the environment` : 'give the value itself';
  return fail(`${flag}: '${value}' looks like Ruby or ERB, but a flag value is written as a literal string; ${how}`);
}

/**
 * `--name NAME` on a preset of a kind GitLab can have several of: GitLab's
 * docs give each such provider `args.name` (the same name) and
 * `args.strategy_class`, first in `args`.
 */
function withStrategyName(entry: PlainMapping, name: string, strategyClass: string): PlainMapping {
  const args = getEntry(entry, 'args');
  const rest = isMapping(args) ? args.entries.filter((e) => e.key !== 'name' && e.key !== 'strategy_class') : [];
  const lead = [
    { key: 'name', value: str(name) },
    { key: 'strategy_class', value: str(strategyClass) },
  ];
  return withEntry(entry, 'args', mapping([...lead, ...rest]));
}

async function givenWithoutPreset(flags: ProviderFlags): Promise<PlainMapping> {
  const { preset, ...rest } = flags;
  const built = await buildFlagProvider(rest, undefined, preset);
  // The flags were already accepted with the preset: without it they build the same way.
  return built.ok && built.value ? built.value : mapping([]);
}

function splitPair(spec: string, flag: string): InputResult<{ key: string; value: string }> {
  const eq = spec.indexOf('=');
  if (eq <= 0) return fail(`${flag} takes KEY=VALUE, got '${spec}'`);
  return { ok: true, value: { key: spec.slice(0, eq).trim(), value: spec.slice(eq + 1) } };
}

/** `--set NAME=VALUE`, typed by what the setting holds (settings.ts). */
export function parseSetting(spec: string): InputResult<SettingChange> {
  const pair = splitPair(spec, '--set');
  if (!pair.ok) return pair;
  const { key, value } = pair.value;
  const name = key.replace(/^omniauth[._]/, '');
  const setting = settingByName(name);
  if (!setting) {
    const known = SETTINGS.filter((s) => s.type !== 'providers').map((s) => s.name);
    return fail(`--set ${key}: not an OmniAuth setting GitLab knows; settings: ${known.join(', ')}`);
  }
  const typed = typeSettingValue(setting, value);
  if (!typed.ok) return fail(`--set ${key}: ${typed.message}`);
  return { ok: true, value: { name: setting.name, value: typed.value } };
}

function typeSettingValue(setting: SettingSpec, raw: string): InputResult<PlainValue> {
  const text = raw.trim();
  const list = (): PlainValue => ({ kind: 'array', items: text === '' ? [] : text.split(',').map((s) => str(s.trim())) });
  const bool = (): PlainValue | null => (text === 'true' ? { kind: 'boolean', value: true } : text === 'false' ? { kind: 'boolean', value: false } : null);
  switch (setting.type) {
    case 'boolean':
      return bool() ? { ok: true, value: bool() as PlainValue } : fail(`takes true or false, not '${raw}'`);
    case 'boolean-or-providers':
      return { ok: true, value: bool() ?? list() };
    case 'profile-attributes':
      return { ok: true, value: text === 'true' ? { kind: 'boolean', value: true } : list() };
    case 'provider-list':
      return { ok: true, value: list() };
    case 'provider':
      if (text === 'false') return { ok: true, value: { kind: 'boolean', value: false } };
      return text === '' ? fail('takes a provider name') : { ok: true, value: str(text) };
    case 'integer':
      return /^\d+$/.test(text) ? { ok: true, value: { kind: 'integer', value: text } } : fail(`takes a whole number, not '${raw}'`);
    case 'providers':
      return fail('providers are given with --name/--preset/--provider, not --set');
  }
}

/** A provider file: one mapping, or a list of mappings (JSON is YAML). */
export async function parseProviderFile(text: string, file: string): Promise<InputResult<PlainMapping[]>> {
  const [{ parseDocument, LineCounter }, { plainYamlProblem }] = await Promise.all([import('yaml'), import('./plain-yaml.js')]);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { intAsBigInt: true, uniqueKeys: false, lineCounter });
  if (doc.errors.length > 0) {
    const first = doc.errors[0];
    const where = first?.linePos?.[0] ? `:${first.linePos[0].line}:${first.linePos[0].col}` : '';
    return fail(`cannot read ${file}${where}: ${first?.message.split('\n')[0] ?? 'not YAML or JSON'}`);
  }
  const notPlain = plainYamlProblem(doc, file, lineCounter);
  if (notPlain !== null) return fail(notPlain);
  let value: PlainValue;
  try {
    value = jsToPlain(doc.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    if (error instanceof ProviderFileValueError) return fail(`${file}: ${error.message}`);
    throw error;
  }
  const items = value.kind === 'array' ? value.items : [value];
  const mappings: PlainMapping[] = [];
  for (const item of items) {
    if (!isMapping(item)) return fail(`${file} must hold a provider mapping (name: ..., app_id: ...) or a list of them`);
    mappings.push(item);
  }
  if (mappings.length === 0) return fail(`${file} holds no provider`);
  return { ok: true, value: mappings };
}

async function parseYamlValue(text: string, flag: string, key: string): Promise<InputResult<PlainValue>> {
  const [{ parseDocument }, { plainYamlProblem }] = await Promise.all([import('yaml'), import('./plain-yaml.js')]);
  const doc = parseDocument(text, { intAsBigInt: true });
  if (doc.errors.length > 0) return fail(`${flag}: '${text}' is not a YAML value (${doc.errors[0]?.message.split('\n')[0] ?? ''})`);
  const notPlain = plainYamlProblem(doc, `${flag} ${key}`);
  if (notPlain !== null) return fail(notPlain);
  try {
    return { ok: true, value: jsToPlain(doc.toJS()) };
  } catch (error) {
    if (error instanceof ProviderFileValueError) return fail(`${flag}: ${error.message}`);
    throw error;
  }
}

/** A value in a provider file gitlab-omniauth will not write: an expression other than an ENV reference. */
class ProviderFileValueError extends Error {}

/**
 * A provider file's values as PlainValues. Besides plain YAML/JSON, the
 * forms `show --json` prints for expressions are read back when they are
 * ENV references: `{"$ruby": "ENV['X']"}` and `{"$erb": "<%= ENV['X'] %>"}`
 * (and a string that is exactly `<%= ENV['X'] %>`). Other expressions are
 * refused: their meaning depends on code gitlab-omniauth does not run.
 */
function jsToPlain(value: unknown, path = ''): PlainValue {
  if (value === null || value === undefined) return { kind: 'null' };
  if (typeof value === 'bigint') return { kind: 'integer', value: value.toString() };
  // Integers arrive as bigint (intAsBigInt), so a number here was written as a float (`1.0`).
  if (typeof value === 'number') return { kind: 'float', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'string') {
    const variable = erbEnvVariable(value);
    return variable ? { kind: 'env', variable } : str(value);
  }
  if (Array.isArray(value)) return { kind: 'array', items: value.map((item, i) => jsToPlain(item, `${path}[${i}]`)) };
  const pairs: Array<[string, unknown]> = value instanceof Map ? [...value.entries()].map(([k, v]) => [String(k), v]) : typeof value === 'object' ? Object.entries(value as Record<string, unknown>) : [];
  if (typeof value !== 'object') return str(String(value));
  const expression = expressionForm(pairs, path);
  if (expression) return expression;
  return mapping(pairs.map(([k, v]) => ({ key: k, value: jsToPlain(v, path ? `${path}.${k}` : k) })));
}

/** `{"$ruby": ...}` / `{"$erb": ...}` as an env reference; null for any other mapping; throws for other expressions. */
function expressionForm(pairs: ReadonlyArray<[string, unknown]>, path: string): PlainValue | null {
  const [only] = pairs;
  if (pairs.length !== 1 || !only || (only[0] !== '$ruby' && only[0] !== '$erb')) return null;
  const [form, source] = only;
  const where = path === '' ? '' : `${path}: `;
  if (typeof source !== 'string') throw new ProviderFileValueError(`${where}${form} must hold the expression as a string`);
  const variable = form === '$ruby' ? rubyEnvVariable(source) : erbEnvVariable(source);
  if (variable !== null) return { kind: 'env', variable };
  const example = form === '$ruby' ? `{"$ruby": "ENV['VAR']"}` : `{"$erb": "<%= ENV['VAR'] %>"}`;
  throw new ProviderFileValueError(`${where}${form} ${JSON.stringify(source)} is not an environment reference; a provider file may hold only ${example} as an expression (gitlab-omniauth never writes other code into the configuration)`);
}
