/**
 * The package as users get it: `npm pack`, installed into an empty prefix,
 * run from a directory that has nothing to do with this repository. Catches a
 * `files` list that leaves out something the code or the README needs.
 * Needs the npm registry for the dependencies (npm's cache when it has them).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('npm pack → npm install into an empty prefix', () => {
  let scratch: string;
  let prefix: string;
  let elsewhere: string;
  let bin: string;
  let installed: string;

  beforeAll(() => {
    scratch = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-pack-'));
    prefix = path.join(scratch, 'prefix');
    elsewhere = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-elsewhere-'));
    // dist/ is already built (npm test builds first); --ignore-scripts packs exactly that.
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], repoRoot);
    expect(pack.code, pack.stderr).toBe(0);
    const [packed] = JSON.parse(pack.stdout) as [{ filename: string }];
    const install = run('npm', ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(scratch, packed.filename)], scratch);
    expect(install.code, install.stderr).toBe(0);
    bin = path.join(prefix, 'bin', 'gitlab-omniauth');
    installed = path.join(prefix, 'lib', 'node_modules', 'gitlab-omniauth');
  }, 300_000);

  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('installs a gitlab-omniauth command that validates a file in another directory', () => {
    writeFileSync(path.join(elsewhere, 'gitlab.rb'), readFileSync(path.join(repoRoot, 'fixtures/cli/missing-comma-gitlab.rb')));
    const r = run(bin, ['validate', 'gitlab.rb'], elsewhere);
    expect(r.stdout).toMatch(/^gitlab\.rb:6:\d+ error ruby-syntax/);
    expect(r.stderr).toBe('1 error, 0 warnings, 0 notes in 1 file\n'); // no warnings from Node, no stack
    expect(r.code).toBe(1);
    const clean = run(bin, ['validate', path.join(repoRoot, 'fixtures/cli/valid-gitlab.yml')], elsewhere);
    expect(clean.code).toBe(0);
  }, 120_000);

  it('runs the bundled command line, with its code cache', () => {
    expect(existsSync(path.join(installed, 'dist/bundle/cli.js'))).toBe(true);
    expect(existsSync(path.join(installed, 'dist/bundle/cli.js.v8-cache'))).toBe(true);
    expect(readFileSync(path.join(installed, 'bin/gitlab-omniauth.js'), 'utf8')).toContain("loadChunk(path.join(BUNDLE_DIR, 'cli.js'))");
    expect(existsSync(path.join(installed, 'bin/bundle-loader.js'))).toBe(true);
  });

  it('prints its version and writes reports', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(run(bin, ['--version'], elsewhere).stdout).toBe(`${pkg.version}\n`);
    writeFileSync(path.join(elsewhere, 'gitlab.rb'), readFileSync(path.join(repoRoot, 'fixtures/cli/typo-gitlab.rb')));
    const r = run(bin, ['validate', '--reporter', 'sarif', 'gitlab.rb'], elsewhere);
    const log = JSON.parse(r.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } } }> };
    // Every rule page SARIF links to is in the package.
    for (const rule of log.runs[0]!.tool.driver.rules) {
      expect(existsSync(path.join(installed, 'docs/rules', `${rule.id}.md`)), rule.helpUri).toBe(true);
    }
  }, 120_000);

  it('ships what the README links: docs/rules/, LICENSE matching package.json, CHANGELOG.md', () => {
    const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8')) as { license: string };
    expect(readFileSync(path.join(installed, 'LICENSE'), 'utf8')).toMatch(new RegExp(`^${pkg.license} License`));
    expect(readFileSync(path.join(installed, 'CHANGELOG.md'), 'utf8')).toMatch(/^# Changelog/);
    const readme = readFileSync(path.join(installed, 'README.md'), 'utf8');
    const localLinks = [...readme.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)].map((m) => m[1]!.replace(/#.*$/, ''));
    expect(localLinks).toContain('docs/rules/README.md');
    for (const link of localLinks) expect(existsSync(path.join(installed, link)), link).toBe(true);
    expect(readdirSync(path.join(installed, 'docs/rules')).length).toBeGreaterThan(20);
  });
});
