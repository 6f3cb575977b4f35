/**
 * What every CLI has: --version, help, shell completion, colours only where
 * they help, and help texts that list every choice and end with examples.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetNames } from '../../src/edit/presets.js';
import { repoRoot, runBin, runInProcess } from '../support/cli.js';

const version = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const COMMANDS = ['validate', 'show', 'render', 'callbacks', 'explain', 'providers'];
const RED = '\x1b[31m';

describe('--version', () => {
  it.each([['--version'], ['-v']])('%s prints the package version', async (flag) => {
    const r = await runInProcess([flag]);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.code).toBe(0);
  });

  it('works from the installed bin too', () => {
    expect(runBin(['--version']).stdout).toBe(`${version}\n`);
  });
});

describe('help', () => {
  it.each(COMMANDS)('help %s prints what %s --help prints', async (command) => {
    const viaHelp = await runInProcess(['help', command]);
    const viaFlag = await runInProcess([command, '--help']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaHelp.stdout).toMatch(new RegExp(`^gitlab-omniauth ${command}`));
  });

  it('help alone prints the command list', async () => {
    const r = await runInProcess(['help']);
    expect(r.stdout).toBe((await runInProcess(['--help'])).stdout);
    for (const command of [...COMMANDS, 'help', 'completion']) expect(r.stdout).toMatch(new RegExp(`gitlab-omniauth ${command}\\b`));
  });

  it('help of an unknown command is a usage error', async () => {
    const r = await runInProcess(['help', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/frobnicate/);
  });

  it.each([...COMMANDS, '(no command)'])('the help of %s says nothing contradictory and ends with 2-3 examples', async (command) => {
    const r = await runInProcess(COMMANDS.includes(command) ? [command, '--help'] : ['--help']);
    expect(r.stdout).not.toMatch(/\[required\][^\n]*\[default/);
    const examples = r.stdout.split('\nExamples:\n')[1];
    expect(examples, 'has an Examples section').toBeDefined();
    const exampleCount = (examples ?? '').split('\n').filter((line) => line.startsWith('  gitlab-omniauth ') || line.startsWith('  sudo gitlab-omniauth ')).length;
    expect(exampleCount).toBeGreaterThanOrEqual(2);
    expect(exampleCount).toBeLessThanOrEqual(3);
  });

  it('lists every preset and every reporter', async () => {
    const render = (await runInProcess(['render', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(presetNames().length).toBeGreaterThan(5);
    for (const preset of presetNames()) expect(render).toContain(preset);
    expect(render).not.toMatch(/saml, \.\.\./);
    const validate = (await runInProcess(['validate', '--help'])).stdout;
    for (const reporter of ['text', 'json', 'codequality', 'sarif', 'github']) expect(validate).toContain(`"${reporter}"`);
  });
});

describe('completion', () => {
  it('prints a bash completion script that calls back into gitlab-omniauth', async () => {
    const r = await runInProcess(['completion'], { env: { SHELL: '/bin/bash' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/complete -o bashdefault -o default -F _gitlab-omniauth_yargs_completions gitlab-omniauth/);
    expect(r.stdout).toContain('--get-yargs-completions');
  });

  it('completes commands, options and choices', () => {
    // What the script runs when the user presses Tab (a real process: yargs reads SHELL from it).
    expect(runBin(['--get-yargs-completions', 'gitlab-omniauth', 'val']).stdout.split('\n')).toEqual(expect.arrayContaining(['validate', 'render', 'help']));
    expect(runBin(['--get-yargs-completions', 'gitlab-omniauth', 'validate', '--rep']).stdout.split('\n')).toContain('--reporter');
    expect(runBin(['--get-yargs-completions', 'gitlab-omniauth', 'validate', '--reporter', '']).stdout.split('\n')).toEqual(
      expect.arrayContaining(['codequality', 'sarif', 'github']),
    );
  });

  it('prints a zsh script in zsh', () => {
    expect(runBin(['completion'], { env: { SHELL: '/usr/bin/zsh' } }).stdout).toMatch(/^#compdef gitlab-omniauth/);
  });
});

describe('validate colours and summary', () => {
  const broken = 'fixtures/cli/missing-comma-gitlab.rb';

  it.each([
    ['a terminal', { tty: true, env: {} }, true],
    ['a pipe', { tty: false, env: {} }, false],
    ['a terminal with NO_COLOR', { tty: true, env: { NO_COLOR: '1' } }, false],
    ['a pipe with FORCE_COLOR', { tty: false, env: { FORCE_COLOR: '1' } }, true],
    ['a terminal with FORCE_COLOR=0', { tty: true, env: { FORCE_COLOR: '0' } }, false],
  ])('on %s', async (_what, options, coloured) => {
    const r = await runInProcess(['validate', broken], options);
    expect(r.stdout.includes(`${RED}error\x1b[0m`)).toBe(coloured);
    expect(r.stdout.replace(/\x1b\[\d+m/g, '')).toMatch(/:6:\d+ error ruby-syntax/);
  });

  it('--color and --no-color win over the environment', async () => {
    expect((await runInProcess(['validate', '--color', broken], { tty: false, env: { NO_COLOR: '1' } })).stdout).toContain(RED);
    expect((await runInProcess(['validate', '--no-color', broken], { tty: true, env: { FORCE_COLOR: '1' } })).stdout).not.toContain('\x1b[');
  });

  it('never colours a machine-readable report', async () => {
    const r = await runInProcess(['validate', '--reporter', 'json', '--color', broken], { tty: true });
    expect(r.stdout).not.toContain('\x1b[');
  });

  it('says in the summary when --max-warnings fails the run', async () => {
    const text = "gitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_enabled'] = false\n";
    const over = await runInProcess(['validate', '--format', 'omnibus', '--max-warnings', '0', '-'], { stdin: text });
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/^0 errors, 1 warning, 0 notes in 1 file; failed: 1 warning, more than --max-warnings 0 allows$/m);
    const within = await runInProcess(['validate', '--format', 'omnibus', '--max-warnings', '1', '-'], { stdin: text });
    expect(within.code).toBe(0);
    expect(within.stderr).not.toMatch(/failed/);
    // --quiet hides the warning, not the reason for exit 1.
    const quiet = await runInProcess(['validate', '--quiet', '--format', 'omnibus', '--max-warnings', '0', '-'], { stdin: text });
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).toBe('');
    expect(quiet.stderr).toMatch(/failed: 1 warning, more than --max-warnings 0 allows/);
    // And with a machine-readable report on stdout, the reason still reaches the log.
    const sarif = await runInProcess(['validate', '--reporter', 'sarif', '--format', 'omnibus', '--max-warnings', '0', '-'], { stdin: text });
    expect(sarif.code).toBe(1);
    expect(sarif.stderr).toMatch(/more than --max-warnings 0/);
  });
});

describe('validate --output-file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-output-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the report to the file and the text findings to the terminal, with the same exit code', async () => {
    const report = path.join(dir, 'gl-code-quality-report.json');
    const r = await runInProcess(['validate', '--reporter', 'codequality', '--output-file', report, 'fixtures/cli/missing-comma-gitlab.rb']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^fixtures\/cli\/missing-comma-gitlab\.rb:6:\d+ error ruby-syntax/);
    expect(r.stderr).toMatch(/1 error, 0 warnings, 0 notes in 1 file/);
    const issues = JSON.parse(readFileSync(report, 'utf8')) as Array<{ severity: string; location: { path: string } }>;
    expect(issues).toMatchObject([{ severity: 'blocker', location: { path: 'fixtures/cli/missing-comma-gitlab.rb' } }]);
  });

  it('writes an empty report for a clean file, exit 0', async () => {
    const report = path.join(dir, 'clean.sarif');
    const r = await runInProcess(['validate', '--reporter', 'sarif', '--output-file', report, 'fixtures/cli/valid-gitlab.rb']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect((JSON.parse(readFileSync(report, 'utf8')) as { runs: Array<{ results: unknown[] }> }).runs[0]?.results).toEqual([]);
  });

  it('refuses to overwrite a file it checks, and says when it cannot write', async () => {
    const config = path.join(dir, 'gitlab.rb');
    writeFileSync(config, "external_url 'https://gitlab.example.com'\n");
    const same = await runInProcess(['validate', '--reporter', 'sarif', '--output-file', 'gitlab.rb', 'gitlab.rb'], { cwd: dir });
    expect(same.code).toBe(2);
    expect(same.stderr).toMatch(/--output-file gitlab\.rb is one of the files being checked/);
    expect(readFileSync(config, 'utf8')).toBe("external_url 'https://gitlab.example.com'\n");
    const missing = await runInProcess(['validate', '--reporter', 'sarif', '--output-file', 'no/such/dir/r.sarif', 'gitlab.rb'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot write no\/such\/dir\/r\.sarif: no such file/);
  });
});
