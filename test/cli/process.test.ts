/**
 * What only a real process shows: start-up warnings, stdin, exit codes.
 * Runs the built CLI (npm test builds first).
 */
import { describe, expect, it } from 'vitest';
import { runBin } from '../support/cli.js';

describe('the gitlab-omniauth process', () => {
  it('reads a gitlab.rb without printing Node warnings (Prism loads WASI)', () => {
    const r = runBin(['validate', 'fixtures/cli/valid-gitlab.rb']);
    expect(r.stderr).not.toMatch(/ExperimentalWarning|WASI/);
    expect(r.code).toBe(0);
  });

  it('exits 1 on findings and 2 on a missing file, without a stack trace', () => {
    const findings = runBin(['validate', 'fixtures/cli/missing-comma-gitlab.rb']);
    expect(findings.code).toBe(1);
    const missing = runBin(['validate', 'no/such/gitlab.rb']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read no\/such\/gitlab\.rb: no such file/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
  });

  it('reads stdin for -', () => {
    const r = runBin(['show', '--format', 'source', '-'], { stdin: "omniauth:\n  providers:\n    - { name: 'gitlab' }\n" });
    expect(JSON.parse(r.stdout).omniauth.providers).toEqual([{ name: 'gitlab' }]);
  });
});
