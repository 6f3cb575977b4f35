/**
 * Fresh OmniAuth sections from the Handlebars templates in `templates/`: what
 * an administrator would write, comments included, for a file that has no
 * section yet or for rendering into the other format.
 *
 * Templates never splice user text: the helpers below run every value
 * through the literal serializers, and the templates use triple-stash only on
 * helper output. Handlebars is loaded on first use (the pre-commit hook must
 * stay fast when nothing is rendered).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { HelperOptions } from 'handlebars';
import type { PlainEntry, PlainValue } from '../model/plain.js';
import { SETTINGS, settingByName } from '../model/settings.js';
import { RenderError, childPath } from './errors.js';
import { DOCS_RUBY_STYLE, rubyLiteral, rubyString, type RubyStyle } from './ruby-literal.js';
import { DOCS_YAML_STYLE, escapeErb, yamlPair, type YamlStyle } from './yaml-literal.js';

type HandlebarsModule = typeof import('handlebars');
type Template = (context: object) => string;

const TEMPLATE_DIR = new URL('../../templates/', import.meta.url);
const compiled = new Map<string, Template>();
let handlebars: HandlebarsModule | undefined;

/** Ruby/YAML comment text must stay on one line and carry no ERB or control characters. */
function commentLine(text: string, yaml: boolean): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  return `# ${yaml ? escapeErb(flat) : flat}`;
}

function asPlain(value: unknown, what: string): PlainValue {
  if (typeof value === 'object' && value !== null && 'kind' in value) return value as PlainValue;
  throw new Error(`template helper ${what}: expected a value, got ${typeof value}`);
}

function asString(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  throw new Error(`template helper ${what}: expected a string, got ${typeof value}`);
}

interface RubyRoot {
  rubyStyle: RubyStyle;
  settingsStyle: RubyStyle;
}
interface YamlRoot {
  yamlStyle: YamlStyle;
  settingsStyle: YamlStyle;
  inner: string;
}

function root<T>(options: HelperOptions): T {
  return (options.data as { root: T }).root;
}

/** `setting=true` in a helper call: a general setting, in the settings style. */
function isSetting(options: HelperOptions): boolean {
  return (options.hash as Record<string, unknown>).setting === true;
}

function environment(): HandlebarsModule {
  if (handlebars) return handlebars;
  const require = createRequire(import.meta.url);
  const hb = (require('handlebars') as HandlebarsModule).create();
  hb.registerHelper('rb', (value: unknown, path: unknown, column: unknown, options: HelperOptions) => {
    const r = root<RubyRoot>(options);
    const style = isSetting(options) ? r.settingsStyle : r.rubyStyle;
    return rubyLiteral(asPlain(value, 'rb'), style, '', asString(path, 'rb'), typeof column === 'number' ? column : 0);
  });
  // `gitlab_rails['omniauth_enabled']`: the docs and gitlab.rb.template always use single quotes here.
  hb.registerHelper('rbString', (text: unknown) => rubyString(asString(text, 'rbString'), 'single'));
  hb.registerHelper('ymlPair', (key: unknown, value: unknown, path: unknown, options: HelperOptions) => {
    const r = root<YamlRoot>(options);
    const style = isSetting(options) ? r.settingsStyle : r.yamlStyle;
    return yamlPair(asString(key, 'ymlPair'), asPlain(value, 'ymlPair'), style, r.inner, asString(path, 'ymlPair'));
  });
  hb.registerHelper('comment', (text: unknown, options: HelperOptions) => {
    const r = root<Partial<YamlRoot>>(options);
    const yaml = r.yamlStyle !== undefined;
    return `${r.inner ?? ''}${commentLine(asString(text, 'comment'), yaml)}`;
  });
  handlebars = hb;
  return hb;
}

function template(name: string): Template {
  let t = compiled.get(name);
  if (!t) {
    const source = readFileSync(new URL(name, TEMPLATE_DIR), 'utf8');
    t = environment().compile(source, {
      strict: true,
      knownHelpersOnly: true,
      knownHelpers: { rb: true, rbString: true, ymlPair: true, comment: true },
    });
    compiled.set(name, t);
  }
  return t;
}

interface SettingRow {
  /** gitlab.yml name (`cas3.session_duration`). */
  name: string;
  omnibusKey: string;
  description: string;
  value: PlainValue;
  path: string;
}

/**
 * Settings in the order of GitLab's own table, unknown names after them in
 * the order given. `providers` belongs in its own argument.
 */
function settingRows(settings: Readonly<Record<string, PlainValue>>): SettingRow[] {
  const names = Object.keys(settings);
  if (names.includes('providers')) {
    throw new RenderError('providers are passed separately from the general settings', 'omniauth.providers');
  }
  const known = SETTINGS.map((s) => s.name).filter((n) => names.includes(n));
  const unknown = names.filter((n) => !settingByName(n));
  return [...known, ...unknown].map((name) => {
    const spec = settingByName(name);
    const value = settings[name] as PlainValue;
    return {
      name,
      omnibusKey: spec?.omnibusKey ?? `omniauth_${name.replaceAll('.', '_')}`,
      description: spec ? spec.description : 'Not a setting GitLab knows: check the spelling',
      value,
      path: `omniauth.${name}`,
    };
  });
}

/**
 * The gitlab.rb OmniAuth section: `gitlab_rails['omniauth_...'] = ...` for
 * each setting given (gitlab.yml names as keys), then
 * `gitlab_rails['omniauth_providers'] = [...]`. Ends with a newline. The docs
 * write setting values in single quotes (`['saml']`) and provider hashes in
 * double quotes, hence the separate `settingsStyle`.
 */
export function renderOmnibusSection(
  settings: Readonly<Record<string, PlainValue>>,
  providers: readonly PlainValue[],
  style: RubyStyle = DOCS_RUBY_STYLE,
  settingsStyle: RubyStyle = { ...style, quote: 'single' },
): string {
  const rows = settingRows(settings).map((row) => ({
    ...row,
    column: `gitlab_rails[${rubyString(row.omnibusKey, 'single')}] = `.length,
  }));
  const context = {
    rubyStyle: style,
    settingsStyle,
    settings: rows,
    providers: { kind: 'array', items: [...providers] } satisfies PlainValue,
    hasProviders: providers.length > 0,
  };
  return template('omnibus-omniauth.hbs')(context);
}

export interface SourceSectionOptions {
  /** Indentation of the `omniauth:` line: `'  '` under `production:`, `''` for a bare section. */
  indent?: string;
  /** Style of the general settings; gitlab.yml.example writes them in double quotes (`["saml"]`), providers in single. */
  settingsStyle?: YamlStyle;
}

/**
 * The gitlab.yml `omniauth:` section (settings by their gitlab.yml names,
 * dotted names nested: `cas3.session_duration`), then `providers:`. Every
 * line is prefixed with `options.indent`. Ends with a newline.
 */
export function renderSourceSection(
  settings: Readonly<Record<string, PlainValue>>,
  providers: readonly PlainValue[],
  style: YamlStyle = DOCS_YAML_STYLE,
  options: SourceSectionOptions = {},
): string {
  const indent = options.indent ?? '';
  if (!/^ *$/.test(indent) || !/^ +$/.test(style.indentUnit)) {
    throw new RenderError('YAML indentation must be spaces', 'omniauth');
  }
  const context = {
    yamlStyle: style,
    settingsStyle: options.settingsStyle ?? { ...style, quote: 'double' },
    inner: style.indentUnit,
    settings: nestDotted(settingRows(settings)),
    providers: { kind: 'array', items: [...providers] } satisfies PlainValue,
    hasProviders: providers.length > 0,
  };
  const text = template('source-omniauth.hbs')(context);
  return text
    .split('\n')
    .map((line) => (line === '' ? line : indent + line))
    .join('\n');
}

interface YamlSettingRow {
  key: string;
  value: PlainValue;
  path: string;
  description: string;
}

/** `cas3.session_duration` is `cas3: { session_duration: ... }` in gitlab.yml. */
function nestDotted(rows: SettingRow[]): YamlSettingRow[] {
  const out: YamlSettingRow[] = [];
  const groups = new Map<string, { row: YamlSettingRow; entries: PlainEntry[] }>();
  for (const row of rows) {
    const dot = row.name.indexOf('.');
    if (dot < 0) {
      out.push({ key: row.name, value: row.value, path: row.path, description: row.description });
      continue;
    }
    const head = row.name.slice(0, dot);
    let group = groups.get(head);
    if (!group) {
      const entries: PlainEntry[] = [];
      group = {
        row: { key: head, value: { kind: 'mapping', entries }, path: childPath('omniauth', head), description: row.description },
        entries,
      };
      groups.set(head, group);
      out.push(group.row);
    }
    group.entries.push({ key: row.name.slice(dot + 1), value: row.value });
  }
  return out;
}
