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
let damaged = false;

/**
 * The parse function. Prism's C stack lives inside the WASM memory with no
 * guard: input nested deeper than it allows (see nesting.ts) can throw, or
 * silently overwrite the parser's own data so that every later parse in the
 * process goes wrong. So a parse that throws drops its instance, and the next
 * parse runs on a fresh one made from the compiled module (a few milliseconds).
 */
export function loadPrism(): Promise<ParseRuby> {
  cached ??= withoutWasiWarning(async () => {
    const [{ WASI }, { readFile, open }, { devNull }, { parsePrism }] = await Promise.all([
      import('node:wasi'),
      import('node:fs/promises'),
      import('node:os'),
      import('@ruby/prism/src/parsePrism.js'),
    ]);
    const wasmUrl = new URL('prism.wasm', import.meta.resolve('@ruby/prism'));
    const compiled = await WebAssembly.compile(await readFile(wasmUrl));
    // Prism's C assertions ("Assertion failed: ...") write to stderr: the user gets a finding instead.
    const quiet = await open(devNull, 'w');
    const instantiate = (): WebAssembly.Exports => {
      const wasi = new WASI({ version: 'preview1', stderr: quiet.fd });
      const instance = new WebAssembly.Instance(compiled, wasi.getImportObject() as WebAssembly.Imports);
      wasi.initialize(instance);
      return instance.exports;
    };
    let exports = instantiate();
    return (source: string): ParseResult => {
      if (damaged) {
        exports = instantiate();
        damaged = false;
      }
      try {
        return parsePrism(exports, source);
      } catch (error) {
        damaged = true;
        throw error;
      }
    };
  });
  return cached;
}

/** What a healthy parser reads from CANARY_SOURCE. */
const CANARY_SOURCE = "a = [{ b: 'c' }]\n";

/**
 * Whether the parser still reads a known text correctly; when not, the next
 * parse starts on a fresh instance. A parse that overran Prism's stack may
 * return normally and leave the damage behind: this catches that.
 */
export function parserStillSound(parse: ParseRuby): boolean {
  let sound: boolean;
  try {
    const result = parse(CANARY_SOURCE);
    // The program spans the text up to its final newline.
    sound = result.errors.length === 0 && result.value.location.length === CANARY_SOURCE.length - 1;
  } catch {
    sound = false;
  }
  if (!sound) damaged = true;
  return sound;
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
