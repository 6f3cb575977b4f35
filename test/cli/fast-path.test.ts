/**
 * The command-line fast path against yargs: on random command lines, every
 * line the fast path takes, yargs takes too, with the same arguments for the
 * command; everything else is left to yargs. And the option declarations the
 * fast path reads are all the options yargs knows for the command, so an
 * option added another way fails here instead of being misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VALIDATE_COMMAND, type ValidateArgs } from '../../src/cli/commands/validate.js';
import { parseFast, type CommandDeclaration } from '../../src/cli/fast-path.js';
import { UsageError, type CliIO } from '../../src/cli/io.js';
import { runWithYargs } from '../../src/cli/yargs-cli.js';

const io = (out: { stdout: string }): CliIO => ({
  stdout: (t) => void (out.stdout += t),
  stderr: () => undefined,
  readStdin: async () => '',
  env: {},
  cwd: process.cwd(),
  stdoutIsTTY: false,
});

/** What yargs hands `validate` for `argv`, or the usage error it reports. */
async function yargsValidateArgs(argv: string[]): Promise<{ args: ValidateArgs } | { usage: string }> {
  let args: ValidateArgs | undefined;
  try {
    await runWithYargs(argv, io({ stdout: '' }), {
      validate: async (parsed) => {
        args = parsed;
        return 0;
      },
    });
  } catch (error) {
    if (error instanceof UsageError) return { usage: error.message };
    throw error;
  }
  if (!args) throw new Error(`yargs ran no validate for ${JSON.stringify(argv)}`);
  return { args };
}

const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const KEYS = [VALIDATE_COMMAND.positional.name, ...Object.keys(VALIDATE_COMMAND.options).map(camelCase)];

/** The command's arguments only (yargs adds `_`, `$0` and the kebab-case twins). */
function meaning(args: object): Record<string, unknown> {
  const all = args as Record<string, unknown>;
  return Object.fromEntries(KEYS.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

/** Tokens a validate command line is made of: file names, every declared option, values good and bad, and things only yargs reads. */
function token(): fc.Arbitrary<string> {
  const names = Object.keys(VALIDATE_COMMAND.options);
  const values = ['omnibus', 'source', 'text', 'json', 'xml', 'production', 'development', '16.11', '17.0.2', 'banana', '0', '3', '007', '-1', '2.5', 'x', 'true', 'false', ''];
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom('gitlab.rb', 'config/gitlab.yml', 'a b.yml', '-', 'validate', '12', '1e3', '0x1f', '.5', 'ü.rb') },
    { weight: 4, arbitrary: fc.constantFrom(...names.map((n) => `--${n}`)) },
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...values)).map(([n, v]) => `--${n}=${v}`) },
    { weight: 1, arbitrary: fc.constantFrom('--', '-h', '--help', '-q', '--no-quiet', '--maxWarnings', '--unknown', '--env.x', '--version') },
  );
}

/** Lines of files and declared options with values of their type: the kind the fast path is for, with near misses mixed in by `token`. */
function plainLine(): fc.Arbitrary<string[]> {
  const pair = fc.constantFrom(
    ['--quiet'],
    ['--reporter', 'json'],
    ['--reporter=text'],
    ['--format', 'omnibus'],
    ['--format=source'],
    ['--env', 'staging'],
    ['--max-warnings', '2'],
    ['--max-warnings=0'],
    ['--gitlab-version', '17.0'],
  );
  const file = fc.constantFrom('gitlab.rb', 'config/gitlab.yml', '-', 'ü.rb');
  return fc.array(fc.oneof(file.map((f) => [f]), pair, token().map((t) => [t])), { maxLength: 6 }).map((parts) => parts.flat());
}

describe('validate command lines: fast path and yargs', () => {
  it('the fast path takes a line only as yargs does, with the same arguments', async () => {
    let taken = 0;
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.array(token(), { maxLength: 7 }), plainLine()), async (rest) => {
        runs++;
        const argv = ['validate', ...rest];
        const fast = parseFast(argv, VALIDATE_COMMAND);
        if (!fast) return;
        taken++;
        const viaYargs = await yargsValidateArgs(argv);
        expect(viaYargs, JSON.stringify(argv)).toHaveProperty('args');
        if ('args' in viaYargs) expect(fast, JSON.stringify(argv)).toEqual(meaning(viaYargs.args));
      }),
      { numRuns: 600 },
    );
    // The comparison means something only if the fast path takes a fair share of lines.
    expect(taken / runs).toBeGreaterThan(0.1);
  });

  it.each([
    [['validate', 'gitlab.rb']],
    [['validate', 'gitlab.rb', 'config/gitlab.yml', '-', '--quiet']],
    [['validate', '--reporter', 'json', 'gitlab.rb', '--max-warnings', '0']],
    [['validate', 'gitlab.rb', '--format=source', '--env', 'development', '--gitlab-version', '16.11']],
  ])('takes the plain lines a hook or CI runs: %j', async (argv) => {
    const fast = parseFast(argv, VALIDATE_COMMAND);
    expect(fast).toBeDefined();
    const viaYargs = await yargsValidateArgs(argv);
    expect('args' in viaYargs && meaning(viaYargs.args)).toEqual(fast);
  });

  it.each([
    [['validate']],
    [['validate', 'gitlab.rb', '--reporter', 'xml']],
    [['validate', 'gitlab.rb', '--gitlab-version', 'banana']],
    [['validate', 'gitlab.rb', '--max-warnings', 'x']],
    [['validate', 'gitlab.rb', '--quiet', 'false']],
    [['validate', 'gitlab.rb', '--env', 'a', '--env', 'b']],
    [['validate', 'gitlab.rb', '-h']],
    [['validate', '--', 'gitlab.rb']],
    [['show', 'gitlab.rb']],
  ])('leaves what it cannot read exactly as yargs to yargs: %j', (argv) => {
    expect(parseFast(argv, VALIDATE_COMMAND)).toBeUndefined();
  });

  it('declines a command with an option property it does not implement, so a new kind of option goes to yargs', () => {
    const withAlias: CommandDeclaration = {
      ...VALIDATE_COMMAND,
      options: { ...VALIDATE_COMMAND.options, output: { type: 'string', alias: 'o' } },
    };
    expect(parseFast(['validate', 'gitlab.rb'], withAlias)).toBeUndefined();
    const plain: CommandDeclaration = { ...VALIDATE_COMMAND, options: { ...VALIDATE_COMMAND.options, output: { type: 'string' } } };
    expect(parseFast(['validate', 'gitlab.rb', '--output', 'x.json'], plain)).toMatchObject({ output: 'x.json' });
  });

  it('declares every option yargs knows for validate (options added outside the declaration fail here)', async () => {
    const out = { stdout: '' };
    await runWithYargs(['validate', '--help'], io(out));
    const shown = new Set([...out.stdout.matchAll(/^\s+(?:-\w, )?--([\w-]+)/gm)].map((m) => m[1]));
    expect(shown.size).toBeGreaterThan(3);
    const declared = new Set([...Object.keys(VALIDATE_COMMAND.options), 'help', 'version']);
    expect([...shown].filter((name) => !declared.has(name as string))).toEqual([]);
  });
});
