import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';

describe('validate', () => {
  it('exits 0 and prints nothing on stdout for a clean file', async () => {
    const r = await runInProcess(['validate', 'fixtures/cli/valid-gitlab.rb']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('checks several files of both formats in one call', async () => {
    const r = await runInProcess(['validate', 'fixtures/cli/valid-gitlab.rb', 'fixtures/cli/valid-gitlab.yml']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
  });

  it('prints file:line:col severity rule message and exits 1 on an error', async () => {
    const r = await runInProcess(['validate', 'fixtures/cli/missing-comma-gitlab.rb']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^fixtures\/cli\/missing-comma-gitlab\.rb:6:\d+ error ruby-syntax .*,/m);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reports a provider reference that matches no provider with a did-you-mean', async () => {
    const r = await runInProcess(['validate', 'fixtures/cli/typo-gitlab.rb']);
    expect(r.stdout).toMatch(/^fixtures\/cli\/typo-gitlab\.rb:3:\d+ \w+ unknown-provider-reference .*google.*google_oauth2/m);
  });

  it('prints the same findings as JSON with --reporter json', async () => {
    const r = await runInProcess(['validate', '--reporter', 'json', 'fixtures/cli/missing-comma-gitlab.rb']);
    const findings = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ file: 'fixtures/cli/missing-comma-gitlab.rb', line: 6, severity: 'error', rule: 'ruby-syntax' });
    expect(r.code).toBe(1);
  });

  it('exits 1 when warnings exceed --max-warnings, 0 when within', async () => {
    const text = "gitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_enabled'] = false\n";
    const within = await runInProcess(['validate', '--format', 'omnibus', '--max-warnings', '5', '-'], { stdin: text });
    expect(within.stdout).toMatch(/warning overridden-assignment/);
    expect(within.code).toBe(0);
    const over = await runInProcess(['validate', '--format', 'omnibus', '--max-warnings', '0', '-'], { stdin: text });
    expect(over.code).toBe(1);
  });

  it('forces the format with --format', async () => {
    const r = await runInProcess(['validate', '--format', 'source', '-'], { stdin: "omniauth:\n  providers:\n    - { name: 'gitlab' => 'x' }\n" });
    expect(r.stdout).toMatch(/<stdin>:3:\d+ error yaml-syntax/);
  });

  it.each([
    [['validate', 'fixtures/cli/does-not-exist.rb'], /cannot read fixtures\/cli\/does-not-exist\.rb: no such file/],
    [['validate'], /Not enough non-option arguments|files/],
    [['validate', '--reporter', 'xml', 'fixtures/cli/valid-gitlab.rb'], /Invalid values|reporter/],
    [['validate', '--max-warnings', '-1', 'fixtures/cli/valid-gitlab.rb'], /--max-warnings/],
    [['frobnicate'], /Unknown argument|frobnicate/],
    [['validate', '--gitlab-version', 'latest', 'fixtures/cli/valid-gitlab.rb'], /--gitlab-version takes a version like 16\.11/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
