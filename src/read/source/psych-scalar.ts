/**
 * What a plain (unquoted) YAML scalar means to GitLab. GitLab loads gitlab.yml
 * with Ruby's Psych, whose ScalarScanner follows YAML 1.1 with quirks of its
 * own, so this is a port of `Psych::ScalarScanner#tokenize` (Psych 4/5) rather
 * than any schema of the `yaml` library:
 * - `yes`/`no`/`on`/`off`/`true`/`false` in any letter case are booleans, but
 *   `y`/`n` are strings;
 * - `~`, `null` (any case) and the empty scalar are nil;
 * - `0123` is octal, `0x1F` hex, `0b101` binary, `1_000` and even `1,000` decimal;
 * - `1e3` is a string (a float needs a `.`), `1.` is a float;
 * - `:saml` is a Symbol; `12:30` is a base-60 integer (with Psych's own weights);
 * - dates and times stay strings here: Psych makes Date/Time objects of them,
 *   which no OmniAuth setting takes.
 * Quoted and block scalars are always strings (Psych returns them untouched).
 */

export type PsychScalar =
  | { kind: 'string'; value: string }
  | { kind: 'symbol'; value: string }
  | { kind: 'integer'; value: string }
  | { kind: 'float'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

const STRINGISH = /^[^\d.:-]?[\p{Alphabetic}_\s!@#$%^&*(){}<>|/\\~;=]+/mu;
const TIME = /^-?\d{4}-\d{1,2}-\d{1,2}(?:[Tt]|\s+)\d{1,2}:\d\d:\d\d(?:\.\d*)?(?:\s*(?:Z|[-+]\d{1,2}:?(?:\d\d)?))?$/m;
const DATE = /^\d{4}-(?:1[012]|0\d|\d)-(?:[12]\d|3[01]|0\d|\d)$/m;
const FLOAT = /^(?:[-+]?([0-9][0-9_,]*)?\.[0-9]*([eE][-+][0-9]+)?)$/m;
const INTEGER =
  /^(?:[-+]?0b[0-1_,]+|[-+]?0[0-7_,]+|[-+]?(?:0|[1-9](?:[0-9]|,[0-9]|_[0-9])*)|[-+]?0x[0-9a-fA-F_,]+)$/m;
const SEXAGESIMAL_INT = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}$/m;
const SEXAGESIMAL_FLOAT = /^[-+]?[0-9][0-9_]*(:[0-5]?[0-9]){1,2}\.[0-9_]*$/m;

export function resolvePlainScalar(text: string): PsychScalar {
  if (text === '') return { kind: 'null' };
  const str = { kind: 'string', value: text } as const;
  if (STRINGISH.test(text) || text.includes('\n')) {
    if (text.length > 5) return str;
    if (/^[^ytonf~]/i.test(text)) return str;
    if (text === '~' || /^null$/i.test(text)) return { kind: 'null' };
    if (/^(yes|true|on)$/i.test(text)) return { kind: 'boolean', value: true };
    if (/^(no|false|off)$/i.test(text)) return { kind: 'boolean', value: false };
    return str;
  }
  if (TIME.test(text) || DATE.test(text)) return str;
  if (/^\+?\.inf$/i.test(text)) return { kind: 'float', value: Infinity };
  if (/^-\.inf$/i.test(text)) return { kind: 'float', value: -Infinity };
  if (/^\.nan$/i.test(text)) return { kind: 'float', value: NaN };
  if (/^:./.test(text)) {
    const quoted = /^:(["'])(.*)\1/.exec(text);
    return { kind: 'symbol', value: quoted ? (quoted[2] ?? '').replace(/^:/, '') : text.slice(1) };
  }
  if (SEXAGESIMAL_INT.test(text)) return { kind: 'integer', value: sexagesimal(text).toString() };
  if (SEXAGESIMAL_FLOAT.test(text)) return { kind: 'float', value: sexagesimalFloat(text) };
  if (FLOAT.test(text)) {
    if (/^[-+]?\.$/.test(text)) return str;
    const n = Number(text.replace(/[,_]|\.([Ee]|$)/g, '$1'));
    return Number.isNaN(n) ? str : { kind: 'float', value: n };
  }
  if (INTEGER.test(text)) {
    const n = parseRubyInteger(text.replace(/[,_]/g, ''));
    return n === null ? str : { kind: 'integer', value: n.toString() };
  }
  return str;
}

/** Ruby's `Integer(string)`: prefixes 0b, 0x and a leading 0 for octal. */
function parseRubyInteger(text: string): bigint | null {
  const negative = text.startsWith('-');
  const digits = text.replace(/^[-+]/, '');
  let literal: string;
  if (/^0b[01]+$/.test(digits) || /^0x[0-9a-fA-F]+$/.test(digits)) literal = digits;
  else if (/^0[0-7]+$/.test(digits)) literal = '0o' + digits.slice(1);
  else if (/^(0|[1-9][0-9]*)$/.test(digits)) literal = digits;
  else return null;
  const n = BigInt(literal);
  return negative ? -n : n;
}

/** Ruby's `String#to_i`: leading sign and digits (underscores allowed), 0 otherwise. */
function rubyToI(part: string): bigint {
  const m = /^[-+]?[0-9][0-9_]*/.exec(part);
  return m ? BigInt(m[0].replace(/_/g, '')) : 0n;
}

/**
 * Psych weighs the parts as 60^|index - 2|: `1:30:00` is 5400, but `12:30` is
 * 12*3600 + 30*60 (not 750). Reproduced, since that is what GitLab reads.
 */
function sexagesimal(text: string): bigint {
  return text.split(':').reduce((sum, part, index) => sum + rubyToI(part) * 60n ** BigInt(Math.abs(index - 2)), 0n);
}

function sexagesimalFloat(text: string): number {
  return text.split(':').reduce((sum, part, index) => sum + (Number.parseFloat(part.replace(/_/g, '')) || 0) * 60 ** Math.abs(index - 2), 0);
}

/** Ruby's `Float#to_s` for the values a YAML key can have (`1.5`, `2.0`, `Infinity`). */
export function rubyFloatToS(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  return Number.isInteger(n) && Math.abs(n) < 1e16 ? n.toFixed(1) : String(n);
}
