/**
 * Loading Prism (Ruby's parser compiled to WASM) once per process.
 *
 * Node's `wasi` module prints "ExperimentalWarning: WASI is an experimental
 * feature" on stderr when it loads on Node 20. Users of a config validator
 * must never see that, so while it loads we drop exactly that one warning and
 * let every other warning through.
 *
 * This does what `@ruby/prism`'s own `loadPrism` does, without importing its
 * index: that index has a static `import { WASI } from 'wasi'`, which loads
 * (and warns) before any filter can be in place, wherever a bundler hoists
 * it. Here `wasi` is taken with `process.getBuiltinModule` inside the filter.
 *
 * Nothing else may import `@ruby/prism` for its values (only `import type`).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ParseResult } from '@ruby/prism/src/deserialize.js';

export type { ParseResult };
export type ParseRuby = (source: string) => ParseResult;

let cached: Promise<ParseRuby> | undefined;

export function loadPrism(): Promise<ParseRuby> {
  cached ??= withoutWasiWarning(async () => {
    const { parsePrism } = await import('@ruby/prism/src/parsePrism.js');
    const wasmFile = createRequire(import.meta.url).resolve('@ruby/prism/src/prism.wasm');
    const wasm = await WebAssembly.compile(readFileSync(wasmFile));
    const { WASI } = process.getBuiltinModule('wasi');
    const wasi = new WASI({ version: 'preview1' });
    const instance = await WebAssembly.instantiate(wasm, wasi.getImportObject() as WebAssembly.Imports);
    wasi.initialize(instance);
    return parseOnce((source: string) => parsePrism(instance.exports, source));
  });
  return cached;
}

/**
 * How many recent texts keep their parse: `render` reads the file, edits it,
 * reads the result and compares the statements of both texts, so the same
 * two texts are parsed again and again. Trees are only read, never changed.
 */
const REMEMBERED_PARSES = 2;

/** `parse`, answering a text parsed recently with the same tree. */
export function parseOnce(parse: ParseRuby): ParseRuby {
  const recent = new Map<string, ParseResult>();
  return (source) => {
    let result = recent.get(source);
    if (result === undefined) {
      result = parse(source);
      if (recent.size >= REMEMBERED_PARSES) recent.delete(recent.keys().next().value as string);
    } else {
      recent.delete(source);
    }
    recent.set(source, result);
    return result;
  };
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
