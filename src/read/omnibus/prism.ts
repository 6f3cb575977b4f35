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
import { openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { devNull } from 'node:os';
import type { ParseResult } from '@ruby/prism/src/deserialize.js';
import { tooDeeplyNestedAt } from './nesting.js';

export type { ParseResult };
export type ParseRuby = (source: string) => ParseResult;

/**
 * A text nested deeper than Prism's stack takes (nesting.ts), which the parse
 * refuses instead of handing it over: such a parse can corrupt the parser's
 * memory so that a later parse never returns. It covers the user's text (the
 * reader reports the offset as the finding's place) and the texts made from
 * it (trial repairs, edits), where a repair can turn bracket text inside a
 * string into code.
 */
export class NestedTooDeeply extends Error {
  constructor(readonly offset: number) {
    super(`nested too deeply for the parser at character ${offset}`);
    this.name = 'NestedTooDeeply';
  }
}

/** Parses Prism has run since the process started, and the characters handed to it: the work, for tests of how it grows. */
export const prismWork = { parses: 0, chars: 0 };

let cached: Promise<RememberingParse> | undefined;
/** The loaded parser's memory of recent trees, dropped when the parser may be damaged. */
let remembered: RememberingParse | undefined;
let damaged = false;

/** The next parse runs on a fresh instance, and no tree from this one is answered again. */
function markDamaged(): void {
  damaged = true;
  remembered?.forget();
}

/**
 * The parse function. Prism's C stack lives inside the WASM memory with no
 * guard: input nested deeper than it allows (see nesting.ts) can throw, or
 * silently overwrite the parser's own data so that every later parse in the
 * process goes wrong. So a parse that throws drops its instance, and the next
 * parse runs on a fresh one made from the compiled module (a few milliseconds).
 */
export function loadPrism(): Promise<RememberingParse> {
  cached ??= withoutWasiWarning(async () => {
    const { parsePrism } = await import('@ruby/prism/src/parsePrism.js');
    const wasmFile = createRequire(import.meta.url).resolve('@ruby/prism/src/prism.wasm');
    const compiled = await WebAssembly.compile(readFileSync(wasmFile));
    const { WASI } = process.getBuiltinModule('wasi');
    // Prism's C assertions ("Assertion failed: ...") write to stderr: the user gets a finding instead.
    const quiet = openSync(devNull, 'w');
    const instantiate = (): WebAssembly.Exports => {
      const wasi = new WASI({ version: 'preview1', stderr: quiet });
      const instance = new WebAssembly.Instance(compiled, wasi.getImportObject() as WebAssembly.Imports);
      wasi.initialize(instance);
      return instance.exports;
    };
    let exports = instantiate();
    const parse = parseOnce((source: string): ParseResult => {
      if (damaged) {
        exports = instantiate();
        damaged = false;
        // Trees from the replaced instance may be what damaged it: none is answered again.
        parse.forget();
      }
      const deep = tooDeeplyNestedAt(source);
      if (deep !== null) throw new NestedTooDeeply(deep);
      prismWork.parses++;
      prismWork.chars += source.length;
      try {
        return parsePrism(exports, source);
      } catch (error) {
        markDamaged();
        throw error;
      }
    });
    remembered = parse;
    return parse;
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
export function parserStillSound(parse: RememberingParse): boolean {
  let sound: boolean;
  try {
    // Past the remembered trees: a remembered canary would say nothing about the parser now.
    const result = parse.uncached(CANARY_SOURCE);
    // The program spans the text up to its final newline.
    sound = result.errors.length === 0 && result.value.location.length === CANARY_SOURCE.length - 1;
  } catch {
    sound = false;
  }
  if (!sound) markDamaged();
  parse.confirmedSound = sound;
  return sound;
}

/**
 * parserStillSound before a read: answered without a parse when the parser
 * passed the check and has parsed nothing since (the check after the
 * previous file's read), which halves the checks of a run over many files.
 */
export function parserSoundBeforeUse(parse: RememberingParse): boolean {
  return parse.confirmedSound || parserStillSound(parse);
}

/**
 * How many recent texts keep their parse: `render` reads the file, edits it,
 * reads the result and compares the statements of both texts, so the same
 * two texts are parsed again and again. Trees are only read, never changed.
 */
const REMEMBERED_PARSES = 2;

/** A parse function that answers recent texts from memory. */
export interface RememberingParse extends ParseRuby {
  /** The parse underneath, which neither reads nor fills the memory. */
  readonly uncached: ParseRuby;
  /** Drops every remembered tree. */
  forget(): void;
  /** Whether the parser passed parserStillSound and has parsed nothing since. */
  confirmedSound: boolean;
}

/** `parse`, answering a text parsed recently with the same tree. */
export function parseOnce(parse: ParseRuby): RememberingParse {
  const recent = new Map<string, ParseResult>();
  const parseNow = (source: string): ParseResult => {
    self.confirmedSound = false;
    return parse(source);
  };
  const remembering = (source: string): ParseResult => {
    let result = recent.get(source);
    if (result === undefined) {
      result = parseNow(source);
      if (recent.size >= REMEMBERED_PARSES) recent.delete(recent.keys().next().value as string);
    } else {
      recent.delete(source);
    }
    recent.set(source, result);
    return result;
  };
  const self: RememberingParse = Object.assign(remembering, { uncached: parseNow, forget: () => recent.clear(), confirmedSound: false });
  return self;
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
