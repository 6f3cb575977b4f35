/**
 * JSON Schema validation of model values, with every finding placed in the
 * user's file. ajv sees a plain JSON copy of the value; a side table maps each
 * JSON pointer back to the ConfigValue (and mapping entry) it came from, so an
 * error lands on the offending value, on the key for an unknown key, or on the
 * mapping for a missing one — never on a JSON pointer.
 *
 * Values the tool does not evaluate (`ENV['X']`, `<%= ... %>`) may turn out to
 * be anything: they never produce type or format errors, but they do count as
 * present for `required`.
 *
 * The committed schemas are compiled at build time (scripts/compile-schemas.mjs
 * writes a module per schema and their index, dist/check/compiled-schemas.cjs,
 * which loads each module on first use), so a normal run never loads ajv:
 * loading and compiling it costs more than reading and checking a small file.
 * Any other schema, or every schema when running from src before a build, is
 * compiled by ajv, loaded on the first such validation (through
 * `createRequire`, so checking stays synchronous). Either validator is cached
 * per schema object, and both kinds of error go through the same mapping.
 *
 * Schemas may carry an `x-message` annotation: a template, or templates by
 * ajv keyword, used instead of the generic message (`{{name}}` is the value's
 * short name, `{{value}}` the value, masked when it is a secret).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { isSecretKey } from '../model/settings.js';
import type { ConfigValue, MappingEntry } from '../model/types.js';
import type { SourceRange } from '../text/source-text.js';

export interface SchemaFinding {
  /** One human line, e.g. "`args` must be a mapping or a list, not a string". */
  message: string;
  /** Where in the user's file: the value, the key (unknown key) or the mapping (missing key). */
  range: SourceRange;
  /** Config path of the value concerned (`omniauth.providers[0].args`). */
  path: string;
  /** The JSON Schema keyword that failed (`type`, `required`, ...). */
  keyword: string;
  params: Record<string, unknown>;
}

export type BundledSchemaName = 'settings' | 'provider';

const SCHEMA_DIR = new URL('../../schemas/', import.meta.url);
const BUNDLED: readonly BundledSchemaName[] = ['settings', 'provider'];

const bundledCache = new Map<BundledSchemaName, object>();

/** The committed schema `schemas/<name>.schema.json` (read once). */
export function bundledSchema(name: BundledSchemaName): object {
  let schema = bundledCache.get(name);
  if (!schema) {
    schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as object;
    bundledCache.set(name, schema);
  }
  return schema;
}

// ---------------------------------------------------------------------------
// Validators: compiled at build time, or by ajv loaded on first use

/** The part of ajv's API used here (its default export does not type well as a CommonJS import). */
export interface AjvCore {
  addKeyword(keyword: string): AjvCore;
  addSchema(schema: object, key?: string): AjvCore;
  getSchema(id: string): ValidateFunction | undefined;
  removeSchema(id: string): AjvCore;
  compile(schema: object): ValidateFunction;
}

type AjvClass = new (options: Record<string, unknown>) => AjvCore;

const AJV_OPTIONS = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictTypes: false,
  strictTuples: false,
  strictRequired: false,
  allowUnionTypes: true,
  logger: false,
};

export type SchemaDraft = '2020' | '07';

/** The draft a schema declares: 2020-12 unless it names draft-07 (only tests and custom schemas do). */
export function schemaDraft(schema: object): SchemaDraft {
  const declared = (schema as { $schema?: unknown }).$schema;
  return typeof declared === 'string' && declared.includes('draft-07') ? '07' : '2020';
}

/**
 * A new ajv set up as validation uses it: the options, the formats, the
 * `x-message` annotation and (2020-12) the bundled schemas registered by
 * `$id`, so others can `$ref` them. The build adds `extra` options
 * (`code: { source: true }`) and so compiles exactly what the runtime would.
 */
export function createAjv(draft: SchemaDraft, extra: Record<string, unknown> = {}): AjvCore {
  const require = createRequire(import.meta.url);
  const Ajv = (require(draft === '2020' ? 'ajv/dist/2020' : 'ajv') as { default: AjvClass }).default;
  const addFormats = (require('ajv-formats') as { default: (ajv: AjvCore) => AjvCore }).default;
  const ajv = addFormats(new Ajv({ ...AJV_OPTIONS, ...extra }));
  ajv.addKeyword('x-message');
  if (draft === '2020') for (const name of BUNDLED) ajv.addSchema(bundledSchema(name));
  return ajv;
}

/** One ajv per JSON Schema draft, each made on first use. */
const ajvByDraft = new Map<SchemaDraft, AjvCore>();
const runtimeValidators = new WeakMap<object, ValidateFunction>();
const validators = new WeakMap<object, ValidateFunction>();

function ajvFor(draft: SchemaDraft): AjvCore {
  let ajv = ajvByDraft.get(draft);
  if (!ajv) {
    ajv = createAjv(draft);
    ajvByDraft.set(draft, ajv);
  }
  return ajv;
}

/** The schema compiled by ajv at run time (cached per schema object). */
export function runtimeValidator(schema: object): ValidateFunction {
  const cached = runtimeValidators.get(schema);
  if (cached) return cached;
  const ajv = ajvFor(schemaDraft(schema));
  const id = (schema as { $id?: unknown }).$id;
  let validate: ValidateFunction | undefined;
  if (typeof id === 'string') {
    const registered = ajv.getSchema(id);
    if (registered && registered.schema === schema) validate = registered;
    else if (registered) ajv.removeSchema(id);
  }
  const compiled = validate ?? ajv.compile(schema);
  runtimeValidators.set(schema, compiled);
  return compiled;
}

/**
 * Identifies a schema by its exact content: a validator compiled at build
 * time is used only for the very schema it was compiled from, so an edited
 * schema file without a rebuild, or an ad-hoc schema reusing an `$id`, is
 * compiled afresh instead of checked against stale code.
 *
 * The text's length and a 64-bit FNV-1a hash of it: no cryptographic strength
 * is needed against one's own schema files, and importing `node:crypto` costs
 * a short run more than checking a small file does.
 */
export function schemaFingerprint(schema: object): string {
  const text = JSON.stringify(schema);
  const [hi, lo] = fnv1a64(text);
  return `${text.length.toString(16)}-${hi.toString(16).padStart(8, '0')}${lo.toString(16).padStart(8, '0')}`;
}

/**
 * 64-bit FNV-1a over the UTF-16 code units, as two unsigned 32-bit halves
 * [high, low]. The multiply by the FNV prime 2^40 + 0x1b3 is done on the
 * halves, every step exact in a double.
 */
function fnv1a64(text: string): [number, number] {
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (let i = 0; i < text.length; i++) {
    lo = (lo ^ text.charCodeAt(i)) >>> 0;
    const product = lo * 0x1b3; // < 2^41
    const carry = Math.floor(product / 0x100000000);
    hi = (Math.imul(hi, 0x1b3) + carry + ((lo << 8) >>> 0)) >>> 0;
    lo = product >>> 0;
  }
  return [hi, lo];
}

/** What scripts/compile-schemas.mjs writes to dist/check/compiled-schemas.cjs. */
export interface CompiledSchemas {
  /** By schema `$id` (absolute, e.g. `https://unpkg.com/gitlab-omniauth/schemas/providers/saml.json`). */
  validators: Record<string, ValidateFunction>;
  /** schemaFingerprint(schema) → its key in `validators`. */
  ids: Record<string, string>;
}

const compiledModule: { loaded?: CompiledSchemas | null } = {};

/** The build's validators; null from src (not built) or if the file cannot be loaded: ajv then does the work. */
function compiledSchemas(): CompiledSchemas | null {
  if (compiledModule.loaded === undefined) {
    try {
      compiledModule.loaded = createRequire(import.meta.url)('./compiled-schemas.cjs') as CompiledSchemas;
    } catch {
      compiledModule.loaded = null;
    }
  }
  return compiledModule.loaded;
}

function validatorFor(schema: object): ValidateFunction {
  const cached = validators.get(schema);
  if (cached) return cached;
  const compiled = compiledSchemas();
  const id = compiled?.ids[schemaFingerprint(schema)];
  const validate = (id === undefined ? undefined : compiled?.validators[id]) ?? runtimeValidator(schema);
  validators.set(schema, validate);
  return validate;
}

// ---------------------------------------------------------------------------
// ConfigValue → JSON instance, remembering where every part came from

interface Instance {
  json: unknown;
  /** JSON pointer → the value there. */
  values: Map<string, ConfigValue>;
  /** JSON pointer of a mapping member → the entry (for its key range). */
  entries: Map<string, MappingEntry>;
  /** Pointers of values the tool cannot see through. */
  opaque: string[];
  /** Pointers of mappings with a non-literal key: any key may be present. */
  openMappings: Set<string>;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function toInstance(value: ConfigValue): Instance {
  const inst: Instance = { json: null, values: new Map(), entries: new Map(), opaque: [], openMappings: new Set() };
  inst.json = convert(value, '', inst);
  return inst;
}

function convert(value: ConfigValue, pointer: string, inst: Instance): unknown {
  inst.values.set(pointer, value);
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return value.value;
    case 'integer':
      return Number(value.value);
    case 'float':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map((item, i) => convert(item, `${pointer}/${i}`, inst));
    case 'mapping': {
      const out: Record<string, unknown> = {};
      for (const entry of value.entries) {
        if (entry.keyStyle === 'other') {
          inst.openMappings.add(pointer);
          continue;
        }
        // A key given twice keeps the last value, as GitLab's Hash does.
        const child = `${pointer}/${escapePointer(entry.key)}`;
        inst.entries.set(child, entry);
        out[entry.key] = convert(entry.value, child, inst);
      }
      return out;
    }
    case 'ruby':
    case 'erb':
      inst.opaque.push(pointer);
      // Unique per place so two opaque items never look like duplicates.
      return `\u0000opaque${pointer}`;
  }
}

function isUnder(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(`${base}/`);
}

// ---------------------------------------------------------------------------
// ajv errors → findings

const COMBINATORS = new Set(['anyOf', 'oneOf']);

/**
 * Whether the error could be caused by a value the tool does not know: such
 * errors are dropped, the value might well be right.
 */
function blamesOpaque(error: ErrorObject, inst: Instance): boolean {
  if (inst.opaque.some((p) => isUnder(error.instancePath, p))) return true;
  if ((error.keyword === 'required' || error.keyword === 'dependentRequired' || error.keyword === 'dependencies') && inst.openMappings.has(error.instancePath)) return true;
  if (error.keyword === 'contains' || error.keyword === 'uniqueItems') {
    return inst.opaque.some((p) => p.startsWith(`${error.instancePath}/`));
  }
  return false;
}

interface Raw {
  error: ErrorObject;
  /** For a summarized anyOf/oneOf type mismatch: the types the branches accept. */
  expected?: string[];
}

/**
 * The errors ajv reported for a combinator's branches are the ones just
 * before it whose schema path lies under it (or in a referenced schema).
 */
function branchIndices(errors: readonly ErrorObject[], at: number, taken: Set<number>): number[] {
  const combinator = errors[at];
  if (!combinator) return [];
  const prefix = `${combinator.schemaPath}/`;
  const found: number[] = [];
  for (let j = at - 1; j >= 0; j--) {
    const e = errors[j];
    if (!e || taken.has(j)) continue;
    const inside = isUnder(e.instancePath, combinator.instancePath);
    // Errors inside a `$ref` carry the referenced schema's path, not the branch's.
    const fromBranch =
      e.schemaPath.startsWith(prefix) || !e.schemaPath.startsWith('#') || /^#\/(\$defs|definitions)\//.test(e.schemaPath);
    if (!inside || !fromBranch) break;
    found.push(j);
  }
  return found.reverse();
}

function branchOf(error: ErrorObject, combinator: ErrorObject): number {
  const rest = error.schemaPath.slice(combinator.schemaPath.length + 1);
  const n = Number.parseInt(rest, 10);
  return Number.isNaN(n) ? -1 : n;
}

function typeNames(schemaType: unknown): string[] {
  return Array.isArray(schemaType) ? schemaType.map(String) : [String(schemaType)];
}

/** Reduces ajv's error list to the findings a person needs: one per mistake. */
function summarize(errors: readonly ErrorObject[], inst: Instance): Raw[] {
  const taken = new Set<number>();
  const out: Raw[] = [];
  for (let i = errors.length - 1; i >= 0; i--) {
    if (taken.has(i)) continue;
    const error = errors[i];
    if (!error) continue;
    // `if` only says "must match then": the `then` errors carry the detail.
    if (error.keyword === 'if') continue;
    // The reasons a key name failed `propertyNames`: the propertyNames error itself says it, at the key.
    if (error.propertyName !== undefined && error.keyword !== 'propertyNames') continue;
    if (!COMBINATORS.has(error.keyword)) {
      if (!blamesOpaque(error, inst)) out.push({ error });
      continue;
    }
    const branchIdx = branchIndices(errors, i, taken);
    for (const j of branchIdx) taken.add(j);
    const branches = branchIdx.map((j) => errors[j]).filter((e): e is ErrorObject => e !== undefined);
    out.push(...combinatorFindings(error, branches, inst));
  }
  return out.reverse();
}

function combinatorFindings(error: ErrorObject, branches: ErrorObject[], inst: Instance): Raw[] {
  if (branches.some((b) => blamesOpaque(b, inst))) return [];
  if (blamesOpaque(error, inst)) return [];
  // oneOf with several matching branches has no branch errors.
  if (branches.length === 0) return [{ error }];
  const byBranch = new Map<number, ErrorObject[]>();
  for (const b of branches) {
    const n = branchOf(b, error);
    byBranch.set(n, [...(byBranch.get(n) ?? []), b]);
  }
  const mismatch = (list: ErrorObject[]): boolean =>
    list.some((b) => b.keyword === 'type' && b.instancePath === error.instancePath);
  const fitting = [...byBranch.values()].filter((list) => !mismatch(list));
  if (fitting.length === 0) {
    const expected = [...byBranch.values()].flatMap((list) =>
      list.filter((b) => b.keyword === 'type' && b.instancePath === error.instancePath).flatMap((b) => typeNames(b.schema)),
    );
    return [{ error: { ...error, keyword: 'type', params: { type: [...new Set(expected)] } }, expected: [...new Set(expected)] }];
  }
  // The value has the right type for some branch: its errors are the real ones.
  const chosen = fitting[0] ?? [];
  return summarize(chosen, inst);
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  null: 'empty (nil)',
};

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** What kind of value the user wrote, for "must be X, not Y" messages. */
export function describeActual(value: ConfigValue | undefined): string {
  switch (value?.kind) {
    case 'string':
      return 'a string';
    case 'symbol':
      return 'a symbol';
    case 'integer':
      return 'a whole number';
    case 'float':
      return 'a number';
    case 'boolean':
      return `\`${value.value}\``;
    case 'null':
      return 'empty (nil)';
    case 'array':
      return 'a list';
    case 'mapping':
      return 'a mapping';
    default:
      return 'something else';
  }
}

/** Short name of a value for messages: `omniauth.providers[0].args` → `args`. */
export function displayName(path: string): string {
  const last = path.split(/\.(?![^[]*\])/).pop() ?? '';
  return last === '' ? 'the value' : last;
}

const MAX_SHOWN = 60;

/** A value for a message: quoted, shortened, and masked when it sits under a secret key. */
function showValue(value: ConfigValue | undefined, pointer: string): string {
  if (!value) return 'it';
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (keys.some((k) => isSecretKey(k))) return 'the secret value';
  switch (value.kind) {
    case 'string':
    case 'symbol': {
      const text = value.value.length > MAX_SHOWN ? `${value.value.slice(0, MAX_SHOWN)}…` : value.value;
      return `\`${text.replace(/\n/g, '\\n')}\``;
    }
    case 'integer':
    case 'float':
    case 'boolean':
      return `\`${String(value.value)}\``;
    case 'null':
      return 'nil';
    default:
      return describeActual(value);
  }
}

function showJson(v: unknown): string {
  return `\`${typeof v === 'string' ? v : JSON.stringify(v)}\``;
}

function customMessage(error: ErrorObject): string | undefined {
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  const custom = parent?.['x-message'];
  if (typeof custom === 'string') return custom;
  if (custom && typeof custom === 'object') {
    const byKeyword = (custom as Record<string, unknown>)[error.keyword];
    if (typeof byKeyword === 'string') return byKeyword;
  }
  return undefined;
}

function fill(template: string, data: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

function messageFor(raw: Raw, target: { name: string; value: ConfigValue | undefined; pointer: string }): string {
  const { error } = raw;
  const name = `\`${target.name}\``;
  const value = showValue(target.value, target.pointer);
  const custom = raw.expected ? undefined : customMessage(error);
  if (custom) return fill(custom, { name: target.name, value });
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': {
      const all = raw.expected ?? typeNames(error.schema);
      // Empty (nil) is allowed wherever it means "GitLab's default"; saying so in every message is noise.
      const expected = all.length > 1 ? all.filter((t) => t !== 'null') : all;
      return `${name} must be ${joinOr(expected.map((t) => TYPE_WORDS[t] ?? t))}, not ${describeActual(target.value)}`;
    }
    case 'required':
      return `${name} is missing \`${String(p.missingProperty)}\``;
    case 'dependentRequired':
    case 'dependencies':
      return `${name} sets \`${String(p.property)}\` but not \`${String(p.missingProperty)}\``;
    case 'additionalProperties':
      return `unknown key \`${String(p.additionalProperty)}\` in ${name}`;
    case 'unevaluatedProperties':
      return `unknown key \`${String(p.unevaluatedProperty)}\` in ${name}`;
    case 'propertyNames':
      return `key \`${String(p.propertyName)}\` is not allowed in ${name}`;
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues.map(showJson) : [];
      return `${name} must be ${allowed.length === 1 ? allowed[0] : `one of ${joinOr(allowed)}`}, not ${value}`;
    }
    case 'const':
      return `${name} must be ${showJson(p.allowedValue)}, not ${value}`;
    case 'pattern':
      return `${name} ${value} does not have the expected form (${String(p.pattern)})`;
    case 'format':
      return `${name} ${value} is not a valid ${String(p.format)}`;
    case 'minLength':
      return p.limit === 1 ? `${name} must not be empty` : `${name} must be at least ${String(p.limit)} characters long`;
    case 'maxLength':
      return `${name} must be at most ${String(p.limit)} characters long`;
    case 'minItems':
      return p.limit === 1 ? `${name} must not be an empty list` : `${name} must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `${name} must have at most ${String(p.limit)} items`;
    case 'minProperties':
      return `${name} must not be an empty mapping`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${name} must be ${String(p.comparison)} ${String(p.limit)}, not ${value}`;
    case 'multipleOf':
      return `${name} must be a multiple of ${String(p.multipleOf)}`;
    case 'uniqueItems': {
      const list = target.value?.kind === 'array' ? target.value : undefined;
      const dup = list?.items[Number(p.i)];
      return `${name} lists ${showValue(dup, `${target.pointer}/${String(p.i)}`)} more than once`;
    }
    case 'contains':
      return `${name} has no item of the expected kind`;
    case 'oneOf':
      return `${name} matches more than one of the allowed forms`;
    case 'not':
      return `${name} is not allowed here`;
    default:
      return `${name} ${error.message ?? 'is not valid'}`;
  }
}

function childPointer(base: string, key: unknown): string {
  return `${base}/${escapePointer(String(key))}`;
}

function toFinding(raw: Raw, inst: Instance, root: ConfigValue): SchemaFinding {
  const { error } = raw;
  const holder = inst.values.get(error.instancePath) ?? root;
  const p = error.params as Record<string, unknown>;
  // For a key problem, point at the key; for a missing key, at the mapping.
  const keyParam =
    error.keyword === 'additionalProperties' ? p.additionalProperty
    : error.keyword === 'unevaluatedProperties' ? p.unevaluatedProperty
    : error.keyword === 'propertyNames' ? p.propertyName
    : undefined;
  let range = holder.range;
  let path = holder.path;
  if (keyParam !== undefined) {
    const entry = inst.entries.get(childPointer(error.instancePath, keyParam));
    if (entry) {
      range = entry.keyRange;
      path = entry.value.path;
    }
  } else if (error.keyword === 'uniqueItems' && holder.kind === 'array') {
    const dup = holder.items[Number(p.i)];
    if (dup) {
      range = dup.range;
      path = dup.path;
    }
  }
  return {
    message: messageFor(raw, { name: displayName(holder.path), value: holder, pointer: error.instancePath }),
    range,
    path,
    keyword: error.keyword,
    params: { ...p },
  };
}

/**
 * Whether a `type` finding's schema accepts a boolean: ajv gives the accepted
 * types as a list, or for a union type as one comma-separated string.
 */
export function expectsBoolean(finding: SchemaFinding): boolean {
  const type = finding.params.type;
  const types = Array.isArray(type) ? type.map(String) : String(type).split(',');
  return types.includes('boolean');
}

/**
 * Validates one model value against a JSON Schema and returns every problem
 * at its place in the user's file, with a message for people.
 */
export function schemaFindings(schema: object, value: ConfigValue): SchemaFinding[] {
  return findingsOf(validatorFor(schema), value);
}

/**
 * The findings of one validator, compiled at build or at run time: the one
 * place ajv's errors become findings.
 */
export function findingsOf(validate: ValidateFunction, value: ConfigValue): SchemaFinding[] {
  const inst = toInstance(value);
  if (validate(inst.json)) return [];
  const raws = summarize(validate.errors ?? [], inst);
  const findings = raws.map((raw) => toFinding(raw, inst, value));
  return findings.sort((a, b) => a.range.start.offset - b.range.start.offset);
}
