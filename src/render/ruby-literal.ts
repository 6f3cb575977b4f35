/**
 * PlainValue → Ruby literal text for gitlab.rb. Deterministic (the same value
 * and style always give the same bytes, whatever the Ruby version) and exact:
 * Ruby evaluating the text gets back the value, with no type coerced
 * (`"0123"` stays a String, symbols stay Symbols). Peers that use Ruby's
 * `inspect` or "numify" values get both wrong (DOMAIN.md §8).
 */
import type { PlainEntry, PlainValue } from '../model/plain.js';
import { assertEnvName, erbEnvVariable } from './env.js';
import { quotedSource, RenderError, childPath } from './errors.js';
import { uniqueEntries } from './entries.js';
import { assertWellFormed, canonicalInteger, floatText } from './numbers.js';

export type RubyKeyStyle = 'string' | 'symbol';
export type RubyQuote = 'single' | 'double';

export interface RubyStyle {
  /** `name: ...` (symbol keys, the current docs) or `"name" => ...` (string keys, gitlab.rb.template). */
  keys: RubyKeyStyle;
  /** Symbol keys written JSON-style, `"name": ...` (as people paste JSON into gitlab.rb). */
  quotedSymbols?: boolean;
  quote: RubyQuote;
  /** One entry per line for provider hashes and anything too long for a line; else everything on one line. */
  multiline: boolean;
  indentUnit: string;
}

/** The style of the GitLab OmniAuth docs: symbol keys, double quotes, two spaces. */
export const DOCS_RUBY_STYLE: RubyStyle = { keys: 'symbol', quote: 'double', multiline: true, indentUnit: '  ' };

/** Containers are kept on one line when the whole line fits in this many columns. */
export const RUBY_LINE_WIDTH = 80;

/** A name Ruby accepts bare as `:name` and as a `name:` label. ASCII only, on purpose: no surprises with encodings. */
const BARE_NAME = /^[A-Za-z_][A-Za-z0-9_]*[?!]?$/;
/** C0 controls, DEL and C1 controls: invisible, so always escaped (and never put in single quotes). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '\u001b': '\\e' };

function escapeDouble(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    const next = text[i + 1];
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    // `#{`, `#@` and `#$` interpolate inside double quotes; a lone `#` does not.
    else if (ch === '#' && (next === '{' || next === '@' || next === '$')) out += '\\#';
    else if (CONTROL.test(ch)) out += NAMED_ESCAPES[ch] ?? `\\u{${ch.charCodeAt(0).toString(16)}}`;
    else out += ch;
  }
  return out;
}

/**
 * A Ruby string literal. Single quotes when asked for and the text needs no
 * escape but `\\` and `\'`; text with control characters (newlines, tabs)
 * always gets double quotes so the escapes are visible.
 */
export function rubyString(text: string, quote: RubyQuote, path = ''): string {
  assertWellFormed(text, path);
  if (quote === 'single' && !CONTROL.test(text)) return `'${text.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  return `"${escapeDouble(text)}"`;
}

/** `:name`, or `:"foo-bar"` when the name is not a bare identifier. */
export function rubySymbol(name: string, path = ''): string {
  assertWellFormed(name, path);
  return BARE_NAME.test(name) ? `:${name}` : `:"${escapeDouble(name)}"`;
}

/**
 * A hash key with its separator: `name:` / `"foo-bar":` for symbol keys,
 * `"name" =>` / `'name' =>` for string keys.
 */
export function rubyKey(key: string, keyStyle: RubyKeyStyle, quote: RubyQuote = 'double', path = '', quotedSymbols = false): string {
  assertWellFormed(key, path);
  if (keyStyle === 'string') return `${rubyString(key, quote, path)} =>`;
  return BARE_NAME.test(key) && !quotedSymbols ? `${key}:` : `"${escapeDouble(key)}":`;
}

/** `ENV['VAR']`, for secrets passed by reference. */
function rubyEnv(variable: string, path = ''): string {
  assertEnvName(variable, path);
  return `ENV['${variable}']`;
}

/**
 * The Ruby literal for `value`. `indent` is the indentation of the line the
 * literal starts on: continuation lines are indented from it. `path` names
 * the value in errors (`omniauth.providers[0]`). `column` is how many
 * characters precede the literal on its line after the indent
 * (`gitlab_rails['omniauth_external_providers'] = `), for the line width.
 */
export function rubyLiteral(value: PlainValue, style: RubyStyle, indent = '', path = '', column = 0): string {
  if (!style.multiline) return inline(value, style, path);
  return layout(value, style, indent, column, 'root', path);
}

function scalar(value: PlainValue, style: RubyStyle, path: string): string | null {
  switch (value.kind) {
    case 'string':
      return rubyString(value.value, style.quote, path);
    case 'symbol':
      return rubySymbol(value.value, path);
    case 'integer':
      return canonicalInteger(value.value, path);
    case 'float':
      return floatText(value.value, path);
    case 'boolean':
      return value.value ? 'true' : 'false';
    case 'null':
      return 'nil';
    case 'env':
      return rubyEnv(value.variable, path);
    case 'ruby':
      return value.source;
    case 'erb': {
      // The one ERB form with an exact gitlab.rb equivalent: a secret kept in the environment.
      const variable = erbEnvVariable(value.source);
      if (variable !== null) return rubyEnv(variable, path);
      throw new RenderError(
        `the ERB expression ${quotedSource(value.source, path)} only works in gitlab.yml; in gitlab.rb write the Ruby itself (for example ENV['VAR'])`,
        path,
      );
    }
    case 'array':
    case 'mapping':
      return null;
  }
}

function entryText(entry: PlainEntry, style: RubyStyle, path: string): string {
  return rubyKey(entry.key, style.keys, style.quote, path, style.quotedSymbols);
}

function inline(value: PlainValue, style: RubyStyle, path: string): string {
  const text = scalar(value, style, path);
  if (text !== null) return text;
  if (value.kind === 'array') {
    return `[${value.items.map((item, i) => inline(item, style, childPath(path, i))).join(', ')}]`;
  }
  if (value.kind === 'mapping') {
    if (value.entries.length === 0) return '{}';
    const parts = uniqueEntries(value.entries).map((entry) => {
      const p = childPath(path, entry.key);
      return `${entryText(entry, style, p)} ${inline(entry.value, style, p)}`;
    });
    return `{ ${parts.join(', ')} }`;
  }
  return '';
}

type Position = 'root' | 'item' | 'value';

/**
 * Whether a container must span lines whatever its width: hashes at the top
 * or inside an array (each provider of the list gets its own block, as in the
 * docs), and anything holding such a hash.
 */
function mustBreak(value: PlainValue, position: Position): boolean {
  if (value.kind === 'mapping') {
    if (value.entries.length === 0) return false;
    return position !== 'value' || value.entries.some((e) => mustBreak(e.value, 'value'));
  }
  if (value.kind === 'array') return value.items.some((item) => mustBreak(item, 'item'));
  return false;
}

/** `column` is how many characters precede the value on its first line (indent, key). */
function layout(value: PlainValue, style: RubyStyle, indent: string, column: number, position: Position, path: string): string {
  const text = scalar(value, style, path);
  if (text !== null) return text;
  if (!mustBreak(value, position)) {
    const flat = inline(value, style, path);
    // +1 for the comma that may follow.
    if (!flat.includes('\n') && indent.length + column + flat.length + 1 <= RUBY_LINE_WIDTH) return flat;
  }
  const inner = indent + style.indentUnit;
  if (value.kind === 'array') {
    if (value.items.length === 0) return '[]';
    const lines = value.items.map((item, i) => inner + layout(item, style, inner, 0, 'item', childPath(path, i)));
    return `[\n${lines.join(',\n')}\n${indent}]`;
  }
  if (value.kind === 'mapping') {
    if (value.entries.length === 0) return '{}';
    const entries = uniqueEntries(value.entries);
    const lines = entries.map((entry, i) => {
      const p = childPath(path, entry.key);
      const key = entryText(entry, style, p);
      const comma = i < entries.length - 1 ? ',' : '';
      // A heredoc's comma goes after its opening: the body and terminator follow on their own lines.
      const heredoc = entry.value.kind === 'string' ? pemHeredoc(entry.value.value, inner) : null;
      if (heredoc !== null) return `${inner}${key} ${heredoc.opening}${comma}\n${heredoc.body}`;
      return `${inner}${key} ${layout(entry.value, style, inner, key.length + 1, 'value', p)}${comma}`;
    });
    return `{\n${lines.join('\n')}\n${indent}}`;
  }
  return '';
}

/** A PEM block (certificates, keys): base64 lines between BEGIN and END lines, ending with a newline. */
const PEM_BLOCK = /^(-----BEGIN [A-Z0-9 ]+-----\n)([A-Za-z0-9+/=]+\n)+-----END [A-Z0-9 ]+-----\n$/;

/**
 * A certificate as GitLab's docs write it: a squiggly heredoc (`<<~CERT`),
 * one PEM line per source line, indented one level beyond the key. Only
 * for text made of PEM lines, which need no escape inside the heredoc.
 */
function pemHeredoc(text: string, indent: string): { opening: string; body: string } | null {
  if (!PEM_BLOCK.test(text)) return null;
  const tag = /PRIVATE KEY/.test(text) ? 'KEY' : 'CERT';
  const lines = text.slice(0, -1).split('\n').map((line) => `${indent}  ${line}`);
  return { opening: `<<~${tag}`, body: `${lines.join('\n')}\n${indent}${tag}` };
}
