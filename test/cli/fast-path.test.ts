/**
 * The command-line fast path against yargs: on random command lines, every
 * line the fast path takes, yargs takes too, with the same arguments for the
 * command; everything else is left to yargs. And the option declarations the
 * fast path reads are all the options yargs knows for the command, so an
 * option added another way fails here instead of being misread.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RENDER_COMMAND, type RenderArgs } from '../../src/cli/commands/render.js';
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

/** What yargs hands the command for `argv`, or the usage error it reports. */
async function yargsArgs(argv: string[]): Promise<{ args: object } | { usage: string }> {
  let args: ValidateArgs | RenderArgs | undefined;
  try {
    await runWithYargs(argv, io({ stdout: '' }), {
      validate: async (parsed) => {
        args = parsed;
        return 0;
      },
      render: async (parsed) => {
        args = parsed;
      },
    });
  } catch (error) {
    if (error instanceof UsageError) return { usage: error.message };
    throw error;
  }
  if (!args) throw new Error(`yargs ran no command for ${JSON.stringify(argv)}`);
  return { args };
}

const camelCase = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
/** The command's arguments only (yargs adds `_`, `$0` and the kebab-case twins). */
function meaning(command: CommandDeclaration, args: object): Record<string, unknown> {
  const keys = [command.positional.name, ...Object.keys(command.options).map(camelCase)];
  const all = args as Record<string, unknown>;
  return Object.fromEntries(keys.filter((k) => all[k] !== undefined).map((k) => [k, all[k]]));
}

/** Every line `parseFast` takes, yargs takes with the same meaning; returns how many it took. */
async function compareOn(command: CommandDeclaration, lines: fc.Arbitrary<string[]>, runs: number): Promise<number> {
  let taken = 0;
  await fc.assert(
    fc.asyncProperty(lines, async (rest) => {
      const argv = [command.name, ...rest];
      const fast = parseFast(argv, command);
      if (!fast) return;
      taken++;
      const viaYargs = await yargsArgs(argv);
      expect(viaYargs, JSON.stringify(argv)).toHaveProperty('args');
      if ('args' in viaYargs) expect(fast, JSON.stringify(argv)).toEqual(meaning(command, viaYargs.args));
    }),
    { numRuns: runs },
  );
  return taken;
}

// yargs parses a line in milliseconds, more on a busy machine: enough lines to cover every option, and time to spare.
const RUNS = 300;
const TIMEOUT = 240_000;

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
    const taken = await compareOn(VALIDATE_COMMAND, fc.oneof(fc.array(token(), { maxLength: 7 }), plainLine()), RUNS);
    // The comparison means something only if the fast path takes a fair share of lines.
    expect(taken / RUNS).toBeGreaterThan(0.1);
  }, TIMEOUT);

  it.each([
    [['validate', 'gitlab.rb']],
    [['validate', 'gitlab.rb', 'config/gitlab.yml', '-', '--quiet']],
    [['validate', '--reporter', 'json', 'gitlab.rb', '--max-warnings', '0']],
    [['validate', 'gitlab.rb', '--format=source', '--env', 'development', '--gitlab-version', '16.11']],
  ])('takes the plain lines a hook or CI runs: %j', async (argv) => {
    const fast = parseFast(argv, VALIDATE_COMMAND);
    expect(fast).toBeDefined();
    const viaYargs = await yargsArgs(argv);
    expect('args' in viaYargs && meaning(VALIDATE_COMMAND, viaYargs.args)).toEqual(fast);
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

  it.each([[VALIDATE_COMMAND], [RENDER_COMMAND]])('declares every option yargs knows for %s (options added outside the declaration fail here)', async (command: CommandDeclaration) => {
    const out = { stdout: '' };
    await runWithYargs([command.name, '--help'], io(out));
    // Option lines only: a wrapped description may start with an option's name too (`--no-color to turn off`).
    const shown = new Set([...out.stdout.matchAll(/^ {2}(?:-\w, | {4})--([\w-]+)/gm)].map((m) => m[1]));
    expect(shown.size).toBeGreaterThan(3);
    const declared = new Set([...Object.keys(command.options), 'help', 'version']);
    expect([...shown].filter((name) => !declared.has(name as string))).toEqual([]);
  });
});

describe('render command lines: fast path and yargs', () => {
  const names = Object.keys(RENDER_COMMAND.options);
  const values = ['omnibus', 'source', 'github', 'saml', 'id', 'SECRET_ENV', 'a=b', 'scope=api', 'x=[1, 2]', 'timestamp', 'bak', '16.11', 'banana', '-', '3', 'true', 'false', ''];
  const renderToken = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('gitlab.rb', 'config/gitlab.yml', '-', '12', 'render') },
    { weight: 4, arbitrary: fc.constantFrom(...names.map((n) => `--${n}`)) },
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...names), fc.constantFrom(...values)).map(([n, v]) => `--${n}=${v}`) },
    { weight: 1, arbitrary: fc.constantFrom('--', '-h', '--no-check', '--appId', '--unknown') },
  );
  const pairs = fc.constantFrom(
    ['--preset', 'github'],
    ['--app-id', 'x'],
    ['--app-secret-env', 'GH_SECRET'],
    ['--check'],
    ['--stdout'],
    ['--write'],
    ['--arg', 'scope=api'],
    ['--arg=a.b=c'],
    ['--set', 'allow_single_sign_on=saml'],
    ['--remove', 'twitter'],
    ['--format', 'source'],
    ['--backup=timestamp'],
    ['--replace'],
  );
  const plain = fc
    .array(fc.oneof(fc.constantFrom(['gitlab.rb'], ['config/gitlab.yml']), pairs, renderToken.map((t) => [t])), { maxLength: 6 })
    .map((parts) => parts.flat());

  it('the fast path takes a line only as yargs does, with the same arguments', async () => {
    const taken = await compareOn(RENDER_COMMAND, fc.oneof(fc.array(renderToken, { maxLength: 7 }), plain), RUNS);
    expect(taken / RUNS).toBeGreaterThan(0.1);
  }, TIMEOUT);

  it.each([
    [['render', 'gitlab.rb', '--check', '--stdout']],
    [['render', 'gitlab.rb', '--arg', 'a=b', 'c=d']],
    [['render', 'gitlab.rb', '--backup']],
    [['render', 'gitlab.rb', '--app-secret', '-']],
  ])('leaves conflicts, greedy arrays and values yargs reads its own way to yargs: %j', (argv) => {
    expect(parseFast(argv, RENDER_COMMAND)).toBeUndefined();
  });
});
