/**
 * PlainValue → YAML text for gitlab.yml, exact as GitLab loads the file:
 * first an ERB pass over the whole text (so every literal `<%` is written
 * `<%%`), then Psych with YAML 1.1 resolution (so every string Psych would
 * read as something else — `yes`, `off`, `~`, `0123`, `1_000`, `1:20`,
 * `2001-12-14`, `:saml`, ... — is quoted). Plain scalars are used only for a
 * conservative set of strings that are strings to every YAML reader.
 */
import type { PlainValue } from '../model/plain.js';
import { assertEnvName, rubyEnvVariable } from './env.js';
import { quotedSource, RenderError, childPath } from './errors.js';
import { uniqueEntries } from './entries.js';
import { assertWellFormed, canonicalInteger, floatText } from './numbers.js';

export type YamlQuote = 'single' | 'double';

export interface YamlStyle {
  /** `{ name: 'gitlab', args: { scope: 'api' } }` (gitlab.yml.example) or block mappings and `- ` lists. */
  flow: boolean;
  /** Preferred quotes; double quotes are used anyway when the text needs escapes. */
  quote: YamlQuote;
  /** Quote every string value, as gitlab.yml.example does (keys stay plain when safe). */
  quoteStrings: boolean;
  indentUnit: string;
}

/** The style of gitlab.yml.example's provider entries. */
export const DOCS_YAML_STYLE: YamlStyle = { flow: true, quote: 'single', quoteStrings: true, indentUnit: '  ' };

/** Flow collections stay on one line when the whole line fits in this many columns. */
const YAML_LINE_WIDTH = 80;

/**
 * YAML limits implicit keys to 1024 characters (libyaml counts them and
 * fails beyond); longer keys are written as explicit `? key` entries.
 */
const IMPLICIT_KEY_LIMIT = 1000;

export function needsExplicitKey(keyText: string): boolean {
  return keyText.length > IMPLICIT_KEY_LIMIT && [...keyText].length > IMPLICIT_KEY_LIMIT;
}

/** Strings that are plain scalars and strings to Psych and to YAML 1.1/1.2 readers alike. */
const PLAIN_BLOCK = /^[A-Za-z_][A-Za-z0-9_ .\/@:+-]*$/;
/** In flow collections `,` `:` `[]{}` end a plain scalar, so URLs and the like are quoted there. */
const PLAIN_FLOW = /^[A-Za-z_][A-Za-z0-9_ .\/@+-]*$/;
/** YAML 1.1 booleans and null (Psych reads `yes`/`on`/`off`; `y`/`n` are booleans to other 1.1 readers). */
const RESERVED = /^(y|n|yes|no|true|false|on|off|null)$/i;

/**
 * Characters that cannot stand literally in a single-quoted scalar: C0/C1
 * controls, DEL, YAML 1.1 line breaks (NEL, LS, PS, which would be folded),
 * the BOM and non-characters libyaml rejects.
 */
const NEEDS_ESCAPE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;

const NAMED_ESCAPES: Record<string, string> = {
  '\0': '\\0',
  '\u0007': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\u000b': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\u001b': '\\e',
  '\u0085': '\\N',
  '\u2028': '\\L',
  '\u2029': '\\P',
};

/** `<%` would open an ERB tag in GitLab's ERB pass; `<%%` is ERB's literal `<%`. */
export function escapeErb(text: string): string {
  return text.replaceAll('<%', '<%%');
}

function escapeDouble(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (NEEDS_ESCAPE.test(ch)) {
      const code = ch.codePointAt(0) ?? 0;
      out += NAMED_ESCAPES[ch] ?? (code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`);
    } else out += ch;
  }
  return out;
}

function hex(code: number, width: number): string {
  return code.toString(16).toUpperCase().padStart(width, '0');
}

function quoted(text: string, quote: YamlQuote): string {
  if (quote === 'single' && !NEEDS_ESCAPE.test(text)) return `'${text.replaceAll("'", "''")}'`;
  return `"${escapeDouble(text)}"`;
}

/** Whether `text` can be written as a plain scalar and still be read as this exact string. */
export function isPlainSafe(text: string, flow: boolean): boolean {
  if (!(flow ? PLAIN_FLOW : PLAIN_BLOCK).test(text)) return false;
  if (RESERVED.test(text)) return false;
  // `: ` starts a value, ` #` a comment; a trailing space or `:` would be lost or change the meaning.
  return !text.includes(': ') && !text.includes(' #') && !text.endsWith(' ') && !text.endsWith(':');
}

export interface YamlStringOptions {
  quote: YamlQuote;
  /** Inside a flow collection (stricter plain scalars). */
  flow: boolean;
  /** Quote even when a plain scalar would do. */
  forceQuotes?: boolean;
  path?: string;
}

/** A YAML scalar for a literal string, ERB-escaped. */
export function yamlString(text: string, options: YamlStringOptions): string {
  assertWellFormed(text, options.path ?? '');
  const scalar = !options.forceQuotes && isPlainSafe(text, options.flow) ? text : quoted(text, options.quote);
  return escapeErb(scalar);
}

/**
 * A mapping key (plain when safe, whatever `quoteStrings` says:
 * gitlab.yml.example never quotes keys). A `<<` key is a merge key to Psych
 * even when quoted; only an explicit `!!str` tag keeps it a plain key.
 */
function yamlKey(key: string, style: Pick<YamlStyle, 'flow' | 'quote'>, path = ''): string {
  const text = yamlString(key, { quote: style.quote, flow: style.flow, path });
  return key === MERGE_KEY ? `!!str ${text}` : text;
}

export const MERGE_KEY = '<<';

/** `"<%= ENV['VAR'] %>"`: GitLab's ERB pass puts the variable's value inside the double quotes. */
function yamlEnv(variable: string, path = ''): string {
  assertEnvName(variable, path);
  return `"<%= ENV['${variable}'] %>"`;
}

/**
 * ERB source as a quoted scalar. The tags are kept verbatim (GitLab's ERB
 * pass runs before YAML, so YAML escapes inside a tag would corrupt the Ruby);
 * only the text between tags is escaped. Double quotes unless a tag itself
 * holds a double quote and no single quote.
 */
export function yamlErb(source: string, path = ''): string {
  assertWellFormed(source, path);
  const parts = source.split(/(<%[\s\S]*?%>)/);
  const tags = parts.filter((_, i) => i % 2 === 1);
  const useSingle = tags.some((t) => t.includes('"')) && !tags.some((t) => t.includes("'")) && !NEEDS_ESCAPE.test(source);
  const body = parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      return escapeErb(useSingle ? part.replaceAll("'", "''") : escapeDouble(part));
    })
    .join('');
  return useSingle ? `'${body}'` : `"${body}"`;
}

/** The scalar text of a non-collection value; null for arrays and mappings. */
export function yamlScalar(value: PlainValue, style: YamlStyle, path = '', flow = style.flow): string | null {
  switch (value.kind) {
    // gitlab.yml has no symbols worth writing: `:saml` would load as a Symbol where
    // GitLab compares strings, and Omnibus writes symbols through to_json (as strings).
    case 'symbol':
    case 'string':
      return yamlString(value.value, { quote: style.quote, flow, forceQuotes: style.quoteStrings, path });
    case 'integer':
      return canonicalInteger(value.value, path);
    case 'float':
      return floatText(value.value, path);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'null';
    case 'env':
      return yamlEnv(value.variable, path);
    case 'erb':
      return yamlErb(value.source, path);
    case 'ruby': {
      // The one Ruby expression with an exact gitlab.yml equivalent: a secret kept in the environment.
      const variable = rubyEnvVariable(value.source);
      if (variable !== null) return yamlEnv(variable, path);
      throw new RenderError(
        `the Ruby expression ${quotedSource(value.source, path)} cannot be expressed in gitlab.yml; use a literal, or an environment variable (<%= ENV['VAR'] %>)`,
        path,
      );
    }
    case 'array':
    case 'mapping':
      return null;
  }
}

/**
 * A flow node (`{ name: 'gitlab', args: { scope: 'api' } }`) starting at
 * `column`; when too long for a line, entries continue on the next lines
 * aligned under the first one, as in gitlab.yml.example.
 */
export function yamlFlow(value: PlainValue, style: YamlStyle, column = 0, path = ''): string {
  const scalar = yamlScalar(value, style, path, true);
  if (scalar !== null) return scalar;
  const flat = flowInline(value, style, path);
  if (column + flat.length + 1 <= YAML_LINE_WIDTH) return flat;
  if (value.kind === 'array') {
    if (value.items.length === 0) return '[]';
    const pad = ' '.repeat(column + 1);
    const items = value.items.map((item, i) => yamlFlow(item, style, column + 1, childPath(path, i)));
    return `[${items.join(`,\n${pad}`)}]`;
  }
  if (value.kind === 'mapping') {
    if (value.entries.length === 0) return '{}';
    const pad = ' '.repeat(column + 2);
    const entries = uniqueEntries(value.entries).map((entry) => yamlFlowEntry(entry.key, entry.value, style, column + 2, childPath(path, entry.key)));
    return `{ ${entries.join(`,\n${pad}`)} }`;
  }
  return flat;
}

/**
 * One `key: value` entry of a flow mapping starting at `column`; a key too
 * long for an implicit key becomes `? key : value`.
 */
export function yamlFlowEntry(key: string, value: PlainValue, style: YamlStyle, column = 0, path = ''): string {
  const lead = flowKeyLead(key, style, path);
  return `${lead} ${yamlFlow(value, style, column + lead.length + 1, path)}`;
}

/** `key:`, or `? key :` for a key too long to be implicit. */
function flowKeyLead(key: string, style: YamlStyle, path: string): string {
  const keyText = yamlKey(key, { flow: true, quote: style.quote }, path);
  return needsExplicitKey(keyText) ? `? ${keyText} :` : `${keyText}:`;
}

/** A flow node on one line, however long: for a flow collection its author kept on one line. */
export function yamlFlowInline(value: PlainValue, style: YamlStyle, path = ''): string {
  return flowInline(value, { ...style, flow: true }, path);
}

function flowInline(value: PlainValue, style: YamlStyle, path: string): string {
  const scalar = yamlScalar(value, style, path, true);
  if (scalar !== null) return scalar;
  if (value.kind === 'array') return `[${value.items.map((item, i) => flowInline(item, style, childPath(path, i))).join(', ')}]`;
  if (value.kind === 'mapping') {
    if (value.entries.length === 0) return '{}';
    const entries = uniqueEntries(value.entries).map((entry) => {
      const p = childPath(path, entry.key);
      return `${flowKeyLead(entry.key, style, p)} ${flowInline(entry.value, style, p)}`;
    });
    return `{ ${entries.join(', ')} }`;
  }
  return '';
}

/**
 * Whether a value at block level is written as a block collection. In flow
 * style only a list of mappings is (the providers list of gitlab.yml.example:
 * one `- { ... }` line per provider).
 */
function isBlockCollection(value: PlainValue, style: YamlStyle): boolean {
  if (style.flow) return value.kind === 'array' && value.items.some((item) => item.kind === 'mapping');
  if (value.kind === 'array') return value.items.length > 0;
  if (value.kind === 'mapping') return value.entries.length > 0;
  return false;
}

/** `indent key: value` line(s), no trailing newline. */
export function yamlPair(key: string, value: PlainValue, style: YamlStyle, indent = '', path = ''): string {
  const keyText = yamlKey(key, { flow: false, quote: style.quote }, path);
  if (needsExplicitKey(keyText)) {
    const body = isBlockCollection(value, style)
      ? `\n${blockBody(value, style, indent + style.indentUnit, path)}`
      : ` ${inlineNode(value, style, indent.length + 2, path)}`;
    return `${indent}? ${keyText}\n${indent}:${body}`;
  }
  const block = value.kind === 'string' ? pemLiteralBlock(value.value, indent + style.indentUnit) : null;
  if (block !== null) return `${indent}${keyText}: ${block}`;
  if (!isBlockCollection(value, style)) {
    return `${indent}${keyText}: ${inlineNode(value, style, indent.length + keyText.length + 2, path)}`;
  }
  return `${indent}${keyText}:\n${blockBody(value, style, indent + style.indentUnit, path)}`;
}

/** A PEM block (certificate, key): base64 lines between BEGIN and END lines, ending with one newline. */
const PEM_BLOCK = /^(-----BEGIN [A-Z0-9 ]+-----\n)([A-Za-z0-9+/=]+\n)+-----END [A-Z0-9 ]+-----\n$/;

/**
 * A certificate as a literal block scalar (`|`), one PEM line per line, the
 * way the docs show it; only for PEM text, which needs no escape (no `<%`,
 * no quotes, no trailing spaces).
 */
function pemLiteralBlock(text: string, indent: string): string | null {
  if (!PEM_BLOCK.test(text)) return null;
  return `|\n${text.slice(0, -1).split('\n').map((line) => `${indent}${line}`).join('\n')}`;
}

/** `indent- value` line(s), no trailing newline. A block mapping starts on the dash's line. */
export function yamlItem(value: PlainValue, style: YamlStyle, indent = '', path = ''): string {
  if (!isBlockCollection(value, style)) return `${indent}- ${inlineNode(value, style, indent.length + 2, path)}`;
  if (value.kind === 'mapping') {
    const body = blockBody(value, style, `${indent}  `, path);
    return `${indent}- ${body.slice(indent.length + 2)}`;
  }
  return `${indent}-\n${blockBody(value, style, indent + style.indentUnit, path)}`;
}

/**
 * The text that follows `key:` on its line, separator included: ` value` for
 * scalars and flow collections, a newline and indented lines for block ones.
 * `indent` is the indentation of the key's line.
 */
export function yamlLiteral(value: PlainValue, style: YamlStyle, indent = '', path = '', column = indent.length): string {
  if (!isBlockCollection(value, style)) return ` ${inlineNode(value, style, column + 1, path)}`;
  return `\n${blockBody(value, style, indent + style.indentUnit, path)}`;
}

function inlineNode(value: PlainValue, style: YamlStyle, column: number, path: string): string {
  const scalar = yamlScalar(value, style, path);
  if (scalar !== null) return scalar;
  return yamlFlow(value, style, column, path);
}

function blockBody(value: PlainValue, style: YamlStyle, indent: string, path: string): string {
  if (value.kind === 'mapping') {
    return uniqueEntries(value.entries).map((e) => yamlPair(e.key, e.value, style, indent, childPath(path, e.key))).join('\n');
  }
  if (value.kind === 'array') {
    return value.items.map((item, i) => yamlItem(item, style, indent, childPath(path, i))).join('\n');
  }
  return '';
}
