/**
 * The `omniauth:` section that `gitlab-ctl reconfigure` writes into
 * /var/opt/gitlab/gitlab-rails/etc/gitlab.yml for a given gitlab.rb, value for
 * value. Omnibus renders it with Chef from
 * `files/gitlab-cookbooks/gitlab/templates/default/gitlab.yml.erb`
 * (gitlab-org/omnibus-gitlab; read at gitlabhq/omnibus-gitlab@10aca5dc7aae,
 * "OmniAuth settings" part), whose expressions are, per setting:
 *
 *   enabled, auto_sign_in_with_provider,
 *   block_auto_created_users, auto_link_ldap_user   `<%= @x %>` (raw to_s; nil → empty → YAML null)
 *   sync_email_from_provider                        `<%= @x.inspect %>` inside `<% unless @x.nil? %>`
 *   sync_profile_from_provider, sync_profile_attributes
 *                                                   `<%= @x.to_json %>` inside `<% if @x %>`
 *   allow_single_sign_on, auto_link_saml_user, auto_link_user,
 *   external_providers, allow_bypass_two_factor     `<%= @x.to_json %>`
 *   providers                                       `- <%= provider.to_json %>` per provider
 *
 * and, in newer versions (DOMAIN.md §2; the omnibus spec
 * `gitlab-rails` "omniauth settings" expects them absent by default),
 * `cas3.session_duration` and `saml_message_max_byte_size` raw, only when
 * truthy. Omnibus defaults apply when gitlab.rb leaves a setting unset or
 * sets it to nil (Omnibus drops nil attributes before rendering):
 * `allow_single_sign_on` is `['saml']`, `providers` is `[]`. Which write each
 * setting gets comes from the one settings table (src/model/settings.ts).
 *
 * Where reconfigure's own text would not read back as the gitlab.rb value
 * (a literal `<%`, which GitLab's ERB pass would execute, or characters a
 * YAML double-quoted scalar folds or rejects), this writes an equivalent that
 * does; where no faithful text exists (a raw setting whose value would
 * inject YAML, a Ruby expression the tool cannot evaluate, a provider list it
 * cannot read: see convertible.ts) it refuses with a RenderError naming the
 * setting and, from a model, the line.
 *
 * `ENV['X']` is read by reconfigure from its own environment, which the
 * Rails processes never see; it is written as `<%= ENV['X'] %>`, which GitLab's
 * ERB pass reads from the Rails environment instead: the right form when
 * moving to a source installation, and not what reconfigure itself writes.
 */
import type { OmniauthModel } from '../model/types.js';
import type { PlainValue } from '../model/plain.js';
import { toPlain } from '../model/plain.js';
import { effectiveSettings } from '../model/effective.js';
import { SETTINGS, type OmnibusWrite } from '../model/settings.js';
import { uniqueEntries } from './entries.js';
import { rubyEnvVariable } from './env.js';
import { assertConvertible } from './convertible.js';
import { quotedSource, RenderError, childPath } from './errors.js';
import { assertWellFormed, canonicalInteger, floatText } from './numbers.js';
import { MERGE_KEY, escapeErb, needsExplicitKey } from './yaml-literal.js';

export interface OmnibusSettingsInput {
  /** gitlab.rb settings by their gitlab.yml names (`allow_single_sign_on`, `cas3.session_duration`); absent = unset. */
  settings: Readonly<Record<string, PlainValue>>;
  /** The provider list; null when gitlab.rb does not set it (Omnibus default `[]`). */
  providers: readonly PlainValue[] | null;
}

export interface GitlabYmlOptions {
  /** Indentation of the `omniauth:` line (under `production:` in the generated file). */
  indent?: string;
}

/** The order in which gitlab.yml.erb writes the settings. */
const TEMPLATE_ORDER = [
  'enabled',
  'auto_sign_in_with_provider',
  'sync_email_from_provider',
  'sync_profile_from_provider',
  'sync_profile_attributes',
  'allow_single_sign_on',
  'block_auto_created_users',
  'auto_link_ldap_user',
  'auto_link_saml_user',
  'auto_link_user',
  'external_providers',
  'allow_bypass_two_factor',
  'cas3.session_duration',
  'saml_message_max_byte_size',
] as const;

const UNSET = Symbol('unset');
type Setting = PlainValue | typeof UNSET;

export function gitlabYmlFromOmnibus(input: OmniauthModel | OmnibusSettingsInput, options: GitlabYmlOptions = {}): string {
  const { settings, providers } = 'format' in input ? fromModel(input) : input;
  const indent = options.indent ?? '  ';
  const unit = '  ';
  const lines = [`${indent}omniauth:`];
  for (const name of TEMPLATE_ORDER) {
    const spec = SETTINGS.find((s) => s.name === name);
    if (!spec) continue;
    const given: Setting = Object.hasOwn(settings, name) ? (settings[name] as PlainValue) : UNSET;
    // Omnibus drops nil attributes before the template renders: nil in gitlab.rb is the default, not null.
    const value = given === UNSET || given.kind === 'null' ? omnibusDefault(spec.omnibusDefault) : given;
    const text = settingText(value, spec.omnibusWrite, `omniauth.${name}`);
    if (text === null) continue;
    const [head, tail] = name.split('.');
    if (tail !== undefined) {
      lines.push(`${indent}${unit}${head}:`, `${indent}${unit}${unit}${tail}:${text}`);
    } else {
      lines.push(`${indent}${unit}${name}:${text}`);
    }
  }
  // An empty list leaves `providers:` with no items: YAML null, as reconfigure's output has.
  lines.push(`${indent}${unit}providers:`);
  (providers ?? []).forEach((provider, i) => {
    lines.push(`${indent}${unit}${unit}- ${rubyJson(provider, childPath('omniauth.providers', i))}`);
  });
  return lines.join('\n') + '\n';
}

/**
 * YAML comment lines above a converted section: where it comes from, and,
 * when gitlab.rb reads environment variables, that those are the one
 * deliberate difference from reconfigure's output (reconfigure writes the
 * value it saw; GitLab's ERB pass reads the variable when GitLab starts, so
 * it must be set for the GitLab processes).
 */
export function reconfigureHeader(file: string, envVariables: readonly string[]): string {
  // Comments go through GitLab's ERB pass too: no `<%` and no line breaks in them.
  const name = file.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '?').replace(/<%/g, '<%%');
  const lines = [`# The omniauth: section gitlab-ctl reconfigure writes into gitlab.yml for ${name},`];
  if (envVariables.length === 0) {
    lines.push('# value for value (Omnibus defaults included).');
  } else {
    const names = envVariables.join(', ');
    const one = envVariables.length === 1;
    lines.push(
      '# value for value (Omnibus defaults included), except for environment variables:',
      `# reconfigure writes the value ENV[...] has when it runs; here ${names} ${one ? 'is' : 'are'} written as`,
      `# ${one ? 'an ERB tag' : 'ERB tags'} that GitLab evaluates each time it loads gitlab.yml, so set ${one ? 'it' : 'them'} in the`,
      '# environment of the GitLab processes (Puma, Sidekiq), not only in the shell that runs reconfigure.',
    );
  }
  return lines.map((line) => `${line}
`).join('');
}

function fromModel(model: OmniauthModel): OmnibusSettingsInput {
  if (model.format !== 'omnibus') {
    throw new RenderError(`gitlab-ctl reconfigure renders gitlab.rb settings; ${model.file} is a gitlab.yml`, 'omniauth');
  }
  assertConvertible(model);
  const settings: Record<string, PlainValue> = {};
  for (const [name, assignment] of effectiveSettings(model)) {
    if (name !== 'providers' && assignment.known) settings[name] = toPlain(assignment.value);
  }
  const providers = model.providers ? model.providers.map((item) => toPlain(item.value)) : null;
  return { settings, providers };
}

function omnibusDefault(value: unknown): PlainValue {
  if (value === null || value === undefined) return { kind: 'null' };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(omnibusDefault) };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'integer', value: String(value) } : { kind: 'float', value };
  throw new Error(`unsupported Omnibus default ${JSON.stringify(value)}`);
}

/** Ruby truthiness: everything but nil and false (0 and "" are truthy). */
function truthy(value: PlainValue): boolean {
  return !(value.kind === 'null' || (value.kind === 'boolean' && !value.value));
}

/** The text after `key:` (leading space included), or null when the template leaves the key out. */
function settingText(value: PlainValue, write: OmnibusWrite, path: string): string | null {
  const resolved = resolveEnv(value, path);
  switch (write) {
    case 'raw':
      return spaced(rawText(resolved, path));
    case 'raw-when-truthy':
      return truthy(resolved) ? spaced(rawText(resolved, path)) : null;
    case 'json':
      return spaced(rubyJson(resolved, path));
    case 'json-when-truthy':
      return truthy(resolved) ? spaced(rubyJson(resolved, path)) : null;
    case 'inspect-when-set':
      return resolved.kind === 'null' ? null : spaced(rubyInspect(resolved, path));
    case 'providers':
      return null;
  }
}

function spaced(text: string): string {
  return text === '' ? '' : ` ${text}`;
}

/** `ENV['X']` in gitlab.rb is the one Ruby expression with a gitlab.yml equivalent (GitLab's ERB pass). */
function resolveEnv(value: PlainValue, path: string): PlainValue {
  if (value.kind !== 'ruby') return value;
  const variable = rubyEnvVariable(value.source);
  if (variable !== null) return { kind: 'env', variable };
  throw new RenderError(
    `the Ruby expression ${quotedSource(value.source, path)} is evaluated by gitlab-ctl reconfigure; its gitlab.yml value cannot be known without running it`,
    path,
  );
}

/** Text Ruby's `to_s` gives and YAML reads back as one scalar in a block mapping. */
const RAW_SAFE = /^[A-Za-z0-9_.\/+-](?:[^\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff#:]|:(?! )|(?<! )#)*$/;

/** `<%= value %>`: Ruby's `to_s`, unquoted. nil gives an empty value (YAML null). */
function rawText(value: PlainValue, path: string): string {
  switch (value.kind) {
    case 'null':
      return '';
    case 'boolean':
      return String(value.value);
    case 'integer':
      return canonicalInteger(value.value, path);
    case 'float':
      return floatText(value.value, path);
    case 'string':
    case 'symbol': {
      assertWellFormed(value.value, path);
      if (value.value === '') return '';
      if (!RAW_SAFE.test(value.value) || value.value.endsWith(' ') || value.value.endsWith(':')) {
        throw new RenderError(
          `gitlab-ctl reconfigure writes this setting unquoted, and ${JSON.stringify(value.value)} would corrupt gitlab.yml; use a plain name`,
          path,
        );
      }
      return escapeErb(value.value);
    }
    case 'env':
      return `"<%= ENV['${value.variable}'] %>"`;
    default:
      throw new RenderError(`gitlab-ctl reconfigure writes this setting as text; a ${value.kind} has no stable text form`, path);
  }
}

/**
 * Escapes of Ruby's JSON generator (named for \b \f \n \r \t, `\u00XX` for
 * other C0 controls), plus DEL, C1 controls, the YAML 1.1 line breaks, the BOM
 * and non-characters, which Ruby leaves raw but a YAML double-quoted scalar
 * folds or rejects.
 */
const JSON_ESCAPE = /["\\\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;
const JSON_NAMED: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** A JSON string, with a literal `<%` written `<%%` for GitLab's ERB pass. */
function jsonString(text: string, path: string): string {
  assertWellFormed(text, path);
  return `"${escapeErb(text).replace(JSON_ESCAPE, (ch) => JSON_NAMED[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

/**
 * `value.to_json` as Ruby's JSON generator writes it (no spaces, symbols as
 * strings), ready for gitlab.yml: literal `<%` escaped, `env` as an ERB tag.
 */
export function rubyJson(value: PlainValue, path = ''): string {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return jsonString(value.value, path);
    case 'integer':
      return canonicalInteger(value.value, path);
    case 'float':
      return floatText(value.value, path);
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'env':
      return `"<%= ENV['${value.variable}'] %>"`;
    case 'array':
      return `[${value.items.map((item, i) => rubyJson(item, childPath(path, i))).join(',')}]`;
    case 'mapping':
      return `{${uniqueEntries(value.entries)
        .map((e) => {
          // YAML (unlike JSON) caps implicit keys at 1024 characters: longer ones need `? `.
          // `<<` is a merge key to Psych even quoted: an explicit tag keeps it a key (still valid YAML, no longer JSON).
          const key = `${e.key === MERGE_KEY ? '!!str ' : ''}${jsonString(e.key, path)}`;
          return `${needsExplicitKey(key) ? '? ' : ''}${key}:${rubyJson(e.value, childPath(path, e.key))}`;
        })
        .join(',')}}`;
    case 'ruby':
      return rubyJson(resolveEnv(value, path), path);
    case 'erb':
      throw new RenderError(`an ERB expression (${quotedSource(value.source, path)}) is not a gitlab.rb value`, path);
  }
}

const BARE_SYMBOL = /^[A-Za-z_][A-Za-z0-9_]*[?!]?$/;

/**
 * Ruby's `inspect` for the values `sync_email_from_provider` takes. A string
 * inspects like its JSON form; a symbol stays `:name` (Psych loads it as a
 * Symbol, as it does reconfigure's output).
 */
function rubyInspect(value: PlainValue, path: string): string {
  switch (value.kind) {
    case 'symbol':
      if (BARE_SYMBOL.test(value.value)) return `:${value.value}`;
      throw new RenderError(`the symbol ${JSON.stringify(value.value)} has no inspect form that YAML reads back; use a string`, path);
    case 'array':
      return `[${value.items.map((item, i) => rubyInspect(item, childPath(path, i))).join(', ')}]`;
    case 'mapping':
      throw new RenderError('a Hash has no stable inspect form across Ruby versions', path);
    default:
      return rubyJson(value, path);
  }
}
