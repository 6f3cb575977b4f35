/**
 * What counts as a secret and how it is hidden: every output (show, diffs,
 * previews, finding messages and hints, every reporter) goes through these
 * unless the user asks for `--show-secrets`.
 *
 * Two views of a secret exist: the model's (a value at a secret key, with its
 * exact range) and the text's (a line `key: value`, `key => value`,
 * `['key'] = value` whose key is secret). The text view works whatever the
 * parse state, so it also covers lines outside OmniAuth
 * (`gitlab_rails['smtp_password']`) and values that do not parse.
 */
import { CATALOG_SECRET_FIELDS } from '../catalog/secret-fields.js';

export const SECRET_MASK = '********';

// Last words of a key that make it a secret, after normalising (camelCase and `-` to `_`, lower case):
// `client_secret`, `shared_secret`, `db_password`, `ssh_private_key`, `aws_secret_key`, `auth_token`...
const SECRET_LAST_WORDS = new Set(['secret', 'secrets', 'password', 'passwd', 'passphrase', 'token', 'credentials', 'credential']);
const SECRET_LAST_PAIRS = new Set(['private_key', 'api_key', 'access_key', 'secret_key', 'encryption_key', 'key_pem', 'certificate_key', 'secret_base64']);

/**
 * `clientSecret`, `client-secret`, `CLIENT_SECRET` → `client_secret`. Control and
 * invisible characters (NUL, a zero-width space, a byte-order mark) are dropped
 * first: a key that only looks like `secret` still holds what was meant as one.
 * Any other character that is not a letter or digit separates words
 * (`app^secret`, `\secret`: a mistyped or escaped `app_secret` still holds one).
 */
export function normaliseKey(key: string): string {
  return key
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .toLowerCase();
}

/** Keys whose values are secrets: masked in output unless `--show-secrets`. */
export function isSecretKey(key: string): boolean {
  const normal = normaliseKey(key.replace(/^:/, ''));
  if (CATALOG_SECRET_FIELDS.has(normal)) return true;
  const words = normal.split('_').filter((w) => w !== '');
  // Digits before the last word do not make it another word: `0secret` (a flipped byte in `- secret`) is `secret`.
  const last = words[words.length - 1]?.replace(/^[0-9]+/, '');
  if (last === undefined) return false;
  if (SECRET_LAST_WORDS.has(last)) return true;
  const pair = words.slice(-2).join('_');
  return SECRET_LAST_PAIRS.has(pair);
}

const KEY_WITH_VALUE = /^(\s*[:"']?([A-Za-z_][\w-]*)["']?\s*(?:=>|=|:)\s*)(\S[\s\S]*)$/;

/**
 * A mapping key that holds a whole `app_secret => 'x'` pair (how YAML reads a
 * Ruby hash rocket pasted into gitlab.yml) carries the secret in the key
 * itself: mask the value part before the key is printed anywhere.
 */
export function maskSecretInKey(key: string, mask = SECRET_MASK): string {
  const m = KEY_WITH_VALUE.exec(key);
  return m && m[2] !== undefined && isSecretKey(m[2]) ? `${m[1]}${mask}` : key;
}

// `scheme://user:password@host`: the password part (a user alone is no secret).
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"`]*):([^\s/?#@'"`]*)@/gi;

/** Masks the password in every `scheme://user:password@host` of a text. */
export function maskUrlUserinfo(text: string): string {
  return text.replace(URL_USERINFO, (_all, user: string) => `${user}:${SECRET_MASK}@`);
}

// A string literal in Ruby or inside ERB: quoted with ' or ", backslash escapes.
const STRING_LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g;
// What may stand right before the literal that names the variable: `ENV[`, `ENV.fetch(`.
const ENV_NAME_BEFORE = /ENV\s*(?:\[|\.fetch\s*\(?)\s*$/;
// Forms whose text the literal scan cannot delimit: heredocs, %-literals, backticks, interpolation.
const OPAQUE_LITERAL = /<<[~-]?['"]?[A-Za-z_]|%[qQwWiI]?[^\w\s=]|`|#\{/;

/**
 * An expression at a secret key with its literals masked: `ENV.fetch('X',
 * 'fallback')` → `ENV.fetch('X', '********')`. Only the environment variable's
 * name stays readable; numbers go too. ERB text outside the tags is masked.
 */
export function maskExpressionLiterals(source: string): string {
  if (source.includes('<%')) return maskErbSource(source);
  if (OPAQUE_LITERAL.test(source) || !/\bENV\b/.test(source)) return SECRET_MASK;
  let out = '';
  let last = 0;
  for (const m of source.matchAll(STRING_LITERAL)) {
    const before = source.slice(0, m.index);
    const quote = m[0][0] ?? "'";
    out += maskBareLiterals(source.slice(last, m.index));
    out += ENV_NAME_BEFORE.test(before) ? m[0] : `${quote}${SECRET_MASK}${quote}`;
    last = m.index + m[0].length;
  }
  return out + maskBareLiterals(source.slice(last));
}

/** Numbers and symbols outside string literals (`|| 12345`, `:abcdef`). */
function maskBareLiterals(code: string): string {
  return code.replace(/(^|[^\w.])(?:\d[\w.]*|:[A-Za-z_]\w*)/g, (_all, lead: string) => `${lead}${SECRET_MASK}`);
}

function maskErbSource(source: string): string {
  return source.replace(/(<%[=-]?)([\s\S]*?)(-?%>)|[^<]+|</g, (all, open?: string, code?: string, close?: string) => {
    if (open !== undefined && code !== undefined && close !== undefined) return `${open}${code.trim() === '' ? code : ` ${maskExpressionLiterals(code.trim())} `}${close}`;
    return all.trim() === '' ? all : SECRET_MASK;
  });
}

/** A masked stand-in that reads as the same kind of value: quotes kept, ENV names kept. */
export function maskValueText(literal: string): string {
  const quote = literal[0];
  if ((quote === '"' || quote === "'") && literal.length >= 2 && literal.endsWith(quote)) {
    const inner = literal.slice(1, -1);
    if (!inner.includes(quote) && inner.includes('<%')) return `${quote}${maskErbSource(inner)}${quote}`;
    // `"abc" + "def"` too: the masked value reads as one string, its parts are gone.
    if (!/\bENV\b/.test(inner)) return `${quote}${SECRET_MASK}${quote}`;
  }
  if (/\bENV\b/.test(literal)) return maskExpressionLiterals(literal);
  return SECRET_MASK;
}
