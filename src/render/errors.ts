/**
 * A value that cannot be written into the target format (`erb` into gitlab.rb,
 * `ruby` into gitlab.yml, a non-finite float, an invalid environment variable
 * name). Serializers throw it; callers turn it into a Diagnostic with
 * `renderErrorDiagnostic` so users never see a stack trace.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { isSecretKey, maskExpressionLiterals } from '../model/secrets.js';

const UNRENDERABLE_RULE = 'unrenderable-value';

/** The refusal line beside an `unrenderable-value` finding, which says which value and why. */
export const NOT_RENDERABLE = 'a value has no form in the target format (see above); nothing rendered';

export class RenderError extends Error {
  override name = 'RenderError';
  /** Config path of the value (`omniauth.providers[0].app_secret`), empty when unknown. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(path ? `${path}: ${message}` : message);
    this.path = path;
  }
}

export function renderErrorDiagnostic(error: RenderError, file: string): Diagnostic {
  const diagnostic: Diagnostic = { rule: UNRENDERABLE_RULE, severity: 'error', message: error.message, file, range: null };
  if (error.path) diagnostic.path = error.path;
  return diagnostic;
}

/** `base.key`, or `base["key"]` when the key is not a plain identifier, so paths stay unambiguous. */
export function childPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  const safe = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
  if (!base) return safe;
  return safe.startsWith('"') ? `${base}[${safe}]` : `${base}.${safe}`;
}

/** Whether some key on a config path (`omniauth.providers[0].app_secret`) is a secret key. */
export function isSecretPath(path: string): boolean {
  for (const m of path.matchAll(/(?:^|\.)([A-Za-z_][A-Za-z0-9_]*)|\[("(?:[^"\\]|\\.)*")\]/g)) {
    const key = m[1] ?? (m[2] === undefined ? undefined : (JSON.parse(m[2]) as string));
    if (key !== undefined && isSecretKey(key)) return true;
  }
  return false;
}

/** Source text of an expression for an error message: under a secret key only its ENV name shows. */
export function quotedSource(source: string, path: string): string {
  return JSON.stringify(isSecretPath(path) ? maskExpressionLiterals(source) : source);
}
