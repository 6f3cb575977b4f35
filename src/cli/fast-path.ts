/**
 * The command-line fast path: the common, plain command lines (`validate
 * FILES [--flag value ...]`, `render FILE [--flag value ...]`, `--help`)
 * parsed without loading yargs, which
 * costs more start-up time than checking a small file.
 *
 * It reads the same option declarations that yargs gets, and handles only what
 * it can parse exactly as yargs would: long options with a value (`--env x`,
 * `--env=x`), plain boolean flags, string, number and choice values, one value
 * per array option. Anything else (a short or unknown option, `--no-x`,
 * `--flag true`, a repeated option, `--`, a value starting with `-`, a
 * number-like file name, a value yargs would reject, an option property this
 * parser does not know) is declined, and yargs parses the whole line: errors
 * and help text always come from yargs. So an option added to a declaration is
 * either understood here or sent to yargs, never misread.
 * test/cli/fast-path.test.ts compares the two on random command lines.
 */
import { readFileSync } from 'node:fs';
import type { InferredOptionTypes, Options } from 'yargs';

/** One command as data: its positional argument and its options (yargs `Options`). */
export interface CommandDeclaration {
  name: string;
  positional: { name: string; variadic: boolean; options: Options };
  options: Readonly<Record<string, Options>>;
}

type KebabToCamel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<KebabToCamel<Tail>>}` : S;

/** A command handler's arguments from option declarations: the camel-case keys the handler reads. */
export type ParsedOptions<O extends Record<string, Options>> = {
  [K in keyof InferredOptionTypes<O> as KebabToCamel<K & string>]: InferredOptionTypes<O>[K];
};

/** The option properties this parser implements; an option with any other property sends the command to yargs. */
const UNDERSTOOD = new Set(['type', 'choices', 'default', 'describe', 'coerce', 'array', 'nargs', 'conflicts']);

type Parsed = Record<string, unknown>;

const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** yargs-parser reads a token like this as a number, even as a positional argument. */
const looksNumeric = (token: string): boolean => /^[-+]?(\d|\.\d)/.test(token) || /^0x/i.test(token);

function understood(option: Options): boolean {
  if (!Object.keys(option).every((key) => UNDERSTOOD.has(key))) return false;
  if (option.nargs !== undefined && option.nargs !== 1) return false;
  if (option.array && option.type !== 'string') return false;
  // Without a type, yargs-parser reads numbers as numbers: only choice lists are safe.
  return option.type === 'string' || option.type === 'number' || option.type === 'boolean' || (option.type === undefined && option.choices !== undefined);
}

/** Exactly the value yargs gives this option for `text`, or undefined where yargs would read it otherwise or reject it. */
function valueOf(option: Options, text: string): { value: unknown } | undefined {
  if (text === '' || text.startsWith('-')) return undefined;
  let value: unknown = text;
  if (option.type === 'number') {
    // Digits only, few enough to stay an exact integer: what Number() and yargs agree on.
    if (!/^\d{1,15}$/.test(text)) return undefined;
    value = Number(text);
  }
  if (option.choices !== undefined && !(option.choices as readonly unknown[]).includes(value)) return undefined;
  if (option.coerce) {
    try {
      value = option.coerce(value);
    } catch {
      return undefined;
    }
  }
  return { value };
}

/**
 * The arguments yargs would hand the command's handler for `argv` (camel-case
 * keys, defaults filled in), or undefined when this line is for yargs to parse.
 */
export function parseFast(argv: readonly string[], command: CommandDeclaration): Parsed | undefined {
  if (argv[0] !== command.name) return undefined;
  if (!Object.values(command.options).every(understood)) return undefined;
  const positionals: string[] = [];
  const given = new Map<string, unknown>();
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i] as string;
    if (!token.startsWith('-') || token === '-') {
      if (token === '' || looksNumeric(token)) return undefined;
      positionals.push(token);
      continue;
    }
    if (!token.startsWith('--') || token === '--') return undefined;
    const equals = token.indexOf('=');
    const name = token.slice(2, equals === -1 ? undefined : equals);
    const option = Object.hasOwn(command.options, name) ? command.options[name] : undefined;
    if (!option) return undefined;
    const arrayOption = option.array === true;
    if (given.has(name) && !arrayOption) return undefined;
    let value: unknown;
    if (option.type === 'boolean') {
      // `--quiet=false` and `--quiet false` are yargs's to read.
      if (equals !== -1 || /^(true|false)$/.test(argv[i + 1] ?? '')) return undefined;
      value = true;
    } else {
      const text = equals === -1 ? argv[++i] : token.slice(equals + 1);
      if (text === undefined) return undefined;
      const parsed = valueOf(option, text);
      if (!parsed) return undefined;
      value = parsed.value;
      // An array option takes every following value up to the next option: decline unless one does follow.
      const next = argv[i + 1];
      if (arrayOption && next !== undefined && !next.startsWith('--')) return undefined;
    }
    given.set(name, arrayOption ? [...((given.get(name) as unknown[] | undefined) ?? []), value] : value);
  }
  if (positionals.length === 0 && command.positional.options.demandOption) return undefined;
  // Options given together that conflict: yargs says so.
  for (const name of given.keys()) {
    const conflicts = command.options[name]?.conflicts;
    if ([conflicts ?? []].flat().some((other) => given.has(String(other)))) return undefined;
  }
  if (!command.positional.variadic && positionals.length > 1) return undefined;

  const args: Parsed = {};
  if (positionals.length > 0) args[command.positional.name] = command.positional.variadic ? positionals : positionals[0];
  for (const [name, option] of Object.entries(command.options)) {
    const value = given.has(name) ? given.get(name) : option.default;
    if (value !== undefined) args[camelCase(name)] = value;
  }
  return args;
}

/**
 * The top-level `--help` text, written at build time from yargs's own output
 * at the width it uses for a pipe or a wide terminal (scripts/generate-help.mjs);
 * undefined when it must come from yargs (a narrower terminal, or no build).
 */
export function prebuiltHelp(argv: readonly string[], columns: number | undefined): string | undefined {
  if (argv.length !== 1 || (argv[0] !== '--help' && argv[0] !== '-h')) return undefined;
  if (columns !== undefined && columns < HELP_WIDTH) return undefined;
  try {
    return readFileSync(new URL('./help.txt', import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

/** The widest the help text is wrapped to (main.ts: min(100, terminal width)). */
export const HELP_WIDTH = 100;
