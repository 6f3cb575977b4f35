/**
 * Builds OmniAuth models for check tests from compact literals, without the
 * readers. The literal is also written out as text (Ruby-like for omnibus,
 * YAML flow style for source) and every value's range points at its own text,
 * so a test can assert *where* a finding lands: `at(d.range)` gives the text
 * the user would see highlighted.
 */
import { nameForOmnibusKey, settingByName, settingByOmnibusKey } from '../../../src/model/settings.js';
import type {
  ConfigValue,
  Format,
  KeyStyle,
  MappingEntry,
  OmniauthModel,
  ProviderItem,
  SettingAssignment,
  Shape,
} from '../../../src/model/types.js';
import { SourceText, type SourceRange } from '../../../src/text/source-text.js';

/** Tagged literals for the kinds plain JS cannot express. */
export class Sym {
  constructor(readonly value: string) {}
}
export class Opaque {
  constructor(
    readonly kind: 'ruby' | 'erb',
    readonly source: string,
  ) {}
}
export class Int {
  constructor(readonly value: string) {}
}
export class Entries {
  constructor(readonly entries: ReadonlyArray<readonly [string, Lit, KeyStyle?]>) {}
}

export type Lit = string | number | boolean | null | Sym | Opaque | Int | Entries | Lit[] | { [key: string]: Lit };

export const sym = (value: string): Sym => new Sym(value);
export const ruby = (source: string): Opaque => new Opaque('ruby', source);
export const erb = (source: string): Opaque => new Opaque('erb', source);
export const int = (value: string): Int => new Int(value);
/** A mapping with explicit entries: duplicate keys and key styles (`other` for a non-literal key). */
export const entries = (...list: Array<readonly [string, Lit, KeyStyle?]>): Entries => new Entries(list);

export interface Statement {
  /** gitlab.rb key (`omniauth_providers`) for omnibus, gitlab.yml name for source. */
  key: string;
  value: Lit;
  operation?: SettingAssignment['operation'];
  conditional?: boolean;
}

export interface ModelSpec {
  format?: Format;
  shape?: Shape;
  /** Settings in file order: keys as the format spells them. */
  settings?: Record<string, Lit>;
  /** Extra statements after `settings` (repeated keys, appends, conditionals). */
  statements?: Statement[];
  /**
   * Provider items for a fragment with no providers setting (shape
   * `providers_list` / `provider`). With a `providers` setting, the items come
   * from it instead.
   */
  fragmentProviders?: Lit[];
  externalUrl?: string;
  /** Provider blocks kept outside the file (Helm secrets). */
  providersElsewhere?: number;
}

export interface BuiltModel {
  model: OmniauthModel;
  text: string;
  /** The file text a range covers. */
  at(range: SourceRange | null | undefined): string;
}

class Writer {
  text = '';
  readonly format: Format;
  constructor(format: Format) {
    this.format = format;
  }
  write(s: string): number {
    this.text += s;
    return this.text.length;
  }
}


/** Ranges are filled in once the whole text exists (SourceText needs it for line/column). */
type RangeFixer = (source: SourceText) => void;

function writeValue(lit: Lit, path: string, w: Writer, fixers: RangeFixer[]): ConfigValue {
  const start = w.text.length;
  const placeholder: SourceRange = { start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  let value: ConfigValue;
  if (typeof lit === 'string') {
    w.write(JSON.stringify(lit));
    value = { kind: 'string', value: lit, range: placeholder, path };
  } else if (typeof lit === 'number') {
    w.write(String(lit));
    value = Number.isInteger(lit)
      ? { kind: 'integer', value: String(lit), range: placeholder, path }
      : { kind: 'float', value: lit, range: placeholder, path };
  } else if (typeof lit === 'boolean') {
    w.write(String(lit));
    value = { kind: 'boolean', value: lit, range: placeholder, path };
  } else if (lit === null) {
    w.write(w.format === 'omnibus' ? 'nil' : 'null');
    value = { kind: 'null', range: placeholder, path };
  } else if (lit instanceof Sym) {
    w.write(w.format === 'omnibus' ? `:${lit.value}` : lit.value);
    value = { kind: 'symbol', value: lit.value, range: placeholder, path };
  } else if (lit instanceof Int) {
    w.write(lit.value);
    value = { kind: 'integer', value: lit.value, range: placeholder, path };
  } else if (lit instanceof Opaque) {
    w.write(lit.kind === 'erb' ? `"${lit.source}"` : lit.source);
    value = { kind: lit.kind, source: lit.source, range: placeholder, path };
  } else if (Array.isArray(lit)) {
    w.write('[');
    const items = lit.map((item, i) => {
      if (i > 0) w.write(', ');
      return writeValue(item, `${path}[${i}]`, w, fixers);
    });
    w.write(']');
    value = { kind: 'array', items, range: placeholder, path };
  } else {
    const list: ReadonlyArray<readonly [string, Lit, KeyStyle?]> =
      lit instanceof Entries ? lit.entries : Object.entries(lit).map(([k, v]) => [k, v] as const);
    w.write('{ ');
    const mappingEntries = list.map(([key, v, style], i) => {
      if (i > 0) w.write(', ');
      return writeEntry(key, v, style ?? (w.format === 'omnibus' ? 'symbol' : 'yaml'), path, w, fixers);
    });
    w.write(' }');
    value = { kind: 'mapping', entries: mappingEntries, range: placeholder, path };
  }
  const end = w.text.length;
  fixers.push((source) => {
    value.range = source.range(start, end);
  });
  return value;
}

function writeEntry(key: string, lit: Lit, keyStyle: KeyStyle, parent: string, w: Writer, fixers: RangeFixer[]): MappingEntry {
  const start = w.text.length;
  const keyText = keyStyle === 'string' ? `"${key}" => ` : keyStyle === 'other' ? `${key} => ` : `${key}: `;
  w.write(keyText);
  const keyEnd = start + keyText.replace(/(: | => )$/, '').length;
  const value = writeValue(lit, parent === '' ? key : `${parent}.${key}`, w, fixers);
  const end = w.text.length;
  const entry: MappingEntry = { key, keyStyle, keyRange: value.range, value, range: value.range };
  fixers.push((source) => {
    entry.keyRange = source.range(start, keyEnd);
    entry.range = source.range(start, end);
  });
  return entry;
}

function writeStatement(st: Statement, w: Writer, fixers: RangeFixer[]): SettingAssignment {
  const omnibus = w.format === 'omnibus';
  const name = omnibus ? nameForOmnibusKey(st.key) : st.key;
  const known = omnibus ? settingByOmnibusKey(st.key) !== undefined : settingByName(st.key) !== undefined;
  const operation = st.operation ?? 'assign';
  const start = w.text.length;
  if (st.conditional) w.write(omnibus ? 'if x\n' : '');
  const keyStart = w.text.length + (omnibus ? "gitlab_rails['".length : 2);
  const keyEnd = keyStart + st.key.length;
  w.write(omnibus ? `gitlab_rails['${st.key}']` : `  ${st.key}`);
  w.write(omnibus ? (operation === 'assign' ? ' = ' : operation === 'append' ? ' << ' : '.concat(') : ': ');
  const value = writeValue(st.value, `omniauth.${name}`, w, fixers);
  if (operation === 'concat') w.write(')');
  const end = w.text.length;
  if (st.conditional && omnibus) w.write('\nend');
  w.write('\n');
  const assignment: SettingAssignment = {
    name,
    sourceKey: st.key,
    known,
    operation,
    value,
    keyRange: value.range,
    statementRange: value.range,
    conditional: st.conditional ?? false,
  };
  fixers.push((source) => {
    assignment.keyRange = source.range(keyStart, keyEnd);
    assignment.statementRange = source.range(start, end);
  });
  return assignment;
}

/** Applies assignments and appends in order, as the readers do. */
function effectiveProviders(settings: SettingAssignment[]): ProviderItem[] | null {
  let items: ProviderItem[] | null = null;
  for (const s of settings) {
    if (s.name !== 'providers') continue;
    const list = s.value.kind === 'array' ? s.value.items : null;
    if (s.operation === 'assign') items = list ? list.map((value) => ({ value, definedBy: s })) : null;
    else if (s.operation === 'append') items = [...(items ?? []), { value: s.value, definedBy: s }];
    else if (list) items = [...(items ?? []), ...list.map((value) => ({ value, definedBy: s }))];
  }
  return items;
}

export function buildModel(spec: ModelSpec): BuiltModel {
  const format = spec.format ?? 'omnibus';
  const w = new Writer(format);
  const fixers: RangeFixer[] = [];
  if (format === 'source') w.write('production:\n omniauth:\n');
  const statements: Statement[] = [
    ...Object.entries(spec.settings ?? {}).map(([key, value]) => ({ key, value })),
    ...(spec.statements ?? []),
  ];
  const settings = statements.map((st) => writeStatement(st, w, fixers));
  let providers = effectiveProviders(settings);
  if (spec.fragmentProviders) {
    providers = spec.fragmentProviders.map((lit, i) => {
      w.write('- ');
      const value = writeValue(lit, `omniauth.providers[${i}]`, w, fixers);
      w.write('\n');
      return { value, definedBy: null };
    });
  }
  const source = new SourceText(w.text);
  for (const fix of fixers) fix(source);
  const model: OmniauthModel = {
    file: format === 'omnibus' ? 'gitlab.rb' : 'gitlab.yml',
    format,
    shape: spec.shape ?? (spec.fragmentProviders ? 'providers_list' : format === 'omnibus' ? 'gitlab_rb' : 'gitlab_yml'),
    env: format === 'source' ? 'production' : null,
    externalUrl: spec.externalUrl
      ? { url: spec.externalUrl, value: null, range: source.range(0, 0) }
      : null,
    settings,
    providers,
  };
  if (spec.providersElsewhere !== undefined) model.providersElsewhere = spec.providersElsewhere;
  return { model, text: w.text, at: (range) => (range ? source.slice(range) : '') };
}
