/**
 * Loading Prism (Ruby's parser compiled to WASM) once per process.
 *
 * `@ruby/prism` imports Node's `wasi` module, and on Node 20 that prints
 * "ExperimentalWarning: WASI is an experimental feature" on stderr. Users of a
 * config validator must never see that, so while the module loads we drop
 * exactly that one warning and let every other warning through.
 *
 * Nothing else may import `@ruby/prism` for its values (only `import type`),
 * or the warning would escape before this filter is in place.
 */
import type { ParseResult } from '@ruby/prism/src/deserialize.js';

export type { ParseResult };
export type ParseRuby = (source: string) => ParseResult;

let cached: Promise<ParseRuby> | undefined;

export function loadPrism(): Promise<ParseRuby> {
  cached ??= withoutWasiWarning(async () => {
    const prism = await import('@ruby/prism');
    const parse = await prism.loadPrism();
    return (source: string) => parse(source);
  });
  return cached;
}

/** Whether a warning is Node's WASI experimental notice and nothing else. */
export function isWasiExperimentalWarning(warning: string | Error, type?: unknown): boolean {
  const message = typeof warning === 'string' ? warning : warning.message;
  const name = typeof warning === 'string' ? type : warning.name;
  return name === 'ExperimentalWarning' && /^WASI is an experimental feature/.test(message);
}

/**
 * Runs `load` with `process.emitWarning` filtered for the WASI notice only;
 * restores the original afterwards, also when `load` fails.
 */
export async function withoutWasiWarning<T>(load: () => Promise<T>): Promise<T> {
  const original = process.emitWarning;
  const filtered = function emitWarning(this: unknown, warning: string | Error, ...rest: unknown[]): void {
    const [typeOrOptions] = rest;
    const type =
      typeof typeOrOptions === 'object' && typeOrOptions !== null
        ? (typeOrOptions as { type?: unknown }).type
        : typeOrOptions;
    if (isWasiExperimentalWarning(warning, type)) return;
    (original as (this: unknown, ...args: unknown[]) => void).call(process, warning, ...rest);
  } as typeof process.emitWarning;
  process.emitWarning = filtered;
  try {
    return await load();
  } finally {
    // Only undo our own patch: someone else may have replaced it meanwhile.
    if (process.emitWarning === filtered) process.emitWarning = original;
  }
}
