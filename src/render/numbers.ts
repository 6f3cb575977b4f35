/**
 * Number text shared by the Ruby and YAML serializers. Both print numbers the
 * way Ruby's own `inspect` does, so a value read from one file and written to
 * the other keeps its spelling, and Psych reads the YAML form back as the
 * same Float (Psych needs the `.` and a signed exponent: `1e3` and `1.0e20`
 * are strings to it, `1.0e+20` is a Float).
 */
import { RenderError } from './errors.js';

/**
 * Decimal integer text without leading zeros: `0123` would be octal (83) in
 * both Ruby and YAML 1.1, so the digits are normalized, never passed through.
 */
export function canonicalInteger(text: string, path = ''): string {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new RenderError(`integer value ${JSON.stringify(text)} is not decimal digits`, path);
  }
  return BigInt(text).toString();
}

/**
 * Ruby's `Float#to_s`: the shortest digits that read back as the same double,
 * fixed notation when the decimal exponent is in [-4, 16), else `d.ddde+XX`.
 * Infinity and NaN have no literal in Ruby (nor in JSON), so they are refused.
 */
export function floatText(value: number, path = ''): string {
  if (!Number.isFinite(value)) {
    throw new RenderError(`float value ${String(value)} has no literal form; write it as a string or a Ruby expression`, path);
  }
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(value.toExponential());
  if (!match) throw new RenderError(`cannot format float ${String(value)}`, path);
  const sign = match[1] ?? '';
  const digits = (match[2] ?? '') + (match[3] ?? '');
  const exponent = Number(match[4]);
  const decimalPoint = exponent + 1;
  if (decimalPoint > -4 && decimalPoint < 16) {
    if (decimalPoint <= 0) return `${sign}0.${'0'.repeat(-decimalPoint)}${digits}`;
    if (decimalPoint >= digits.length) return `${sign}${digits}${'0'.repeat(decimalPoint - digits.length)}.0`;
    return `${sign}${digits.slice(0, decimalPoint)}.${digits.slice(decimalPoint)}`;
  }
  const mantissa = `${digits[0] ?? '0'}.${digits.slice(1) || '0'}`;
  const expSign = exponent < 0 ? '-' : '+';
  return `${sign}${mantissa}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/** JavaScript strings may hold lone surrogates (from JSON `\ud800`); no UTF-8 file can. */
export function assertWellFormed(text: string, path: string): void {
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    throw new RenderError('text contains a lone UTF-16 surrogate, which cannot be written as UTF-8', path);
  }
}
