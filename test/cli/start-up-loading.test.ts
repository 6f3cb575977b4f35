/**
 * What a CLI run loads, in a fresh process of the built CLI: the common
 * command lines start without yargs, `validate` never loads the renderer's
 * libraries (handlebars, diff) or ajv (the schemas are compiled at build
 * time), and a gitlab.yml never loads Prism. Checked by module, not by time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot } from '../support/cli.js';

const logger = path.join(repoRoot, 'test/support/log-modules.mjs');
const bin = path.join(repoRoot, 'bin/gitlab-omniauth.js');

/** Runs the CLI; its exit code and every module URL it loaded. */
function load(args: string[]): { code: number | null; modules: string[]; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', logger, bin, ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const modules = String(r.output[3] ?? '').split('\n').filter(Boolean);
  return { code: r.status, modules, stdout: r.stdout };
}

/** The CLI runs as a bundle: the npm packages inside each chunk, as the build recorded them. */
const bundlePackages = path.join(repoRoot, 'dist/bundle/packages.json');
const chunkPackages: Record<string, string[]> = existsSync(bundlePackages) ? JSON.parse(readFileSync(bundlePackages, 'utf8')) : {};

/** Whether the run loaded `pkg`: from node_modules/ (loaded at run time), or bundled into a chunk it loaded. */
const loads = (modules: string[], pkg: string): boolean =>
  modules.some((url) => {
    if (url.includes(`/node_modules/${pkg}/`)) return true;
    const chunk = /\/dist\/bundle\/([^/]+\.js)$/.exec(url)?.[1];
    return chunk !== undefined && (chunkPackages[chunk] ?? []).includes(pkg);
  });

const built = existsSync(path.join(repoRoot, 'dist/bundle/cli.js'));
if (!built && process.env.CI === 'true') throw new Error('dist/ is missing: run npm run build before the tests');

describe.skipIf(!built)('what a CLI run loads', () => {
  it('runs the bundle: the package record names the chunks holding each package', () => {
    const { code, modules } = load(['--version']);
    expect(code).toBe(0);
    expect(modules.some((url) => url.endsWith('/dist/bundle/cli.js'))).toBe(true);
    expect(modules.some((url) => /\/dist\/(?!bundle\/)[^?]*\.js$/.test(url))).toBe(false);
    const recorded = new Set(Object.values(chunkPackages).flat());
    for (const pkg of ['yargs', 'yaml', '@ruby/prism', 'diff']) expect(recorded.has(pkg), pkg).toBe(true);
  });

  it('the bundle finds the files beside its modules: package.json, help text, schemas/, templates/', () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    expect(load(['--version']).stdout).toBe(`${pkg.version}\n`);
    expect(load(['--help']).stdout).toBe(readFileSync(path.join(repoRoot, 'dist/cli/help.txt'), 'utf8'));
    expect(load(['schema', 'saml']).stdout).toBe(readFileSync(path.join(repoRoot, 'schemas/providers/saml.json'), 'utf8'));
    const fresh = load(['render', '--format', 'source', '--preset', 'gitlab', '--app-id', 'id', '--app-secret-env', 'S']);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('## OmniAuth settings');
  });

  it('a dynamic import of the YAML parser gets its named exports in the bundle (render into a gitlab.yml)', () => {
    const r = spawnSync(process.execPath, [bin, 'render', 'fixtures/source/gitlab.yml', '--name', 'saml', '--arg', 'issuer=https://gitlab.example.com', '--stdout'], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("- { name: 'saml', args: *saml_args }");
  });

  it('validate on a gitlab.rb: Prism, and no yargs, YAML parser, handlebars, diff or ajv', () => {
    const { code, modules } = load(['validate', path.join(corpusRoot, 'omnibus/gitlab.rb.template')]);
    expect(code).toBe(0);
    expect(loads(modules, '@ruby/prism')).toBe(true);
    for (const pkg of ['yargs', 'yaml', 'handlebars', 'diff', 'ajv']) expect(loads(modules, pkg), pkg).toBe(false);
  });

  it('validate on a gitlab.yml with flags: the YAML parser and the compiled schemas, and no yargs, Prism, handlebars, diff or ajv', () => {
    const { code, modules } = load(['validate', path.join(corpusRoot, 'source/gitlab.yml.example'), '--reporter', 'json', '--env', 'production']);
    expect(code).toBe(0);
    expect(loads(modules, 'yaml')).toBe(true);
    expect(modules.some((url) => url.endsWith('/check/compiled-schemas.cjs'))).toBe(true);
    for (const pkg of ['yargs', '@ruby/prism', 'handlebars', 'diff', 'ajv']) expect(loads(modules, pkg), pkg).toBe(false);
  });

  it('--help: no yargs, and the same text yargs prints', () => {
    const fast = load(['--help']);
    expect(fast.code).toBe(0);
    expect(loads(fast.modules, 'yargs')).toBe(false);
    const script = `const { runWithYargs } = await import(${JSON.stringify(path.join(repoRoot, 'dist/cli/yargs-cli.js'))});
      let out = ''; await runWithYargs(['--help'], { stdout: (t) => (out += t), stderr: () => {}, readStdin: async () => '', env: {}, cwd: '.', stdoutIsTTY: false });
      process.stdout.write(out);`;
    const viaYargs = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(viaYargs.stdout).toContain('Commands:');
    expect(fast.stdout).toBe(viaYargs.stdout);
  });

  it('render --check: no yargs', () => {
    const { code, modules } = load(['render', 'fixtures/omnibus/gitlab.rb', '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET', '--check']);
    expect(code).toBe(1);
    expect(loads(modules, 'yargs')).toBe(false);
    expect(loads(modules, '@ruby/prism')).toBe(true);
  });

  /** Runs the CLI with `nodeFlags`; each loaded chunk and what V8 did with its code cache. */
  function codeCache(nodeFlags: string[], args: string[]) {
    const r = spawnSync(process.execPath, [...nodeFlags, '--require', path.join(repoRoot, 'test/support/report-code-cache.cjs'), bin, ...args], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    const chunks = String(r.output[3] ?? '')
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' ') as [string, string, ...string[]]);
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, chunks };
  }

  it('every chunk of the common runs compiles from the code cache the build wrote', () => {
    for (const args of [
      ['validate', path.join(corpusRoot, 'omnibus/gitlab.rb.template')],
      ['validate', path.join(corpusRoot, 'source/gitlab.yml.example')],
      ['render', 'fixtures/omnibus/gitlab.rb', '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET', '--check'],
      ['--help'],
    ]) {
      const { code, chunks } = codeCache([], args);
      expect(code, args.join(' ')).toBeLessThanOrEqual(1);
      expect(chunks.length, args.join(' ')).toBeGreaterThan(0);
      for (const [chunk, state] of chunks) expect(state, `${args.join(' ')}: ${chunk}`).toBe('taken');
    }
  });

  it('no exported binding changes after its chunk has run: the loader hands out plain values', () => {
    for (const args of [
      ['validate', 'fixtures/cli/typo-gitlab.rb', 'fixtures/cli/missing-comma-gitlab.rb', path.join(corpusRoot, 'source/gitlab.yml.example'), 'fixtures/docker/docker-compose.yml'],
      ['render', 'fixtures/source/gitlab.yml', '--name', 'saml', '--arg', 'issuer=https://gitlab.example.com', '--stdout'],
      ['render', 'fixtures/omnibus/gitlab.rb', '--preset', 'github', '--app-id', 'x', '--app-secret-env', 'GH_SECRET', '--stdout'],
      ['validate', 'fixtures/cli/valid-gitlab.rb', '--reporter', 'sarif'],
      ['show', 'fixtures/omnibus/gitlab.rb', '--json'],
    ]) {
      const { chunks } = codeCache([], args);
      expect(chunks.length, args.join(' ')).toBeGreaterThan(0);
      for (const [chunk, , ...changed] of chunks) expect(changed, `${args.join(' ')}: ${chunk}`).toEqual([]);
    }
  });

  it('a code cache V8 rejects (other V8 flags) changes nothing but the speed', () => {
    const args = ['validate', 'fixtures/cli/typo-gitlab.rb', path.join(corpusRoot, 'source/gitlab.yml.example')];
    const cached = codeCache([], args);
    const rejected = codeCache(['--no-opt'], args);
    expect(rejected.chunks.map(([, state]) => state)).toEqual(rejected.chunks.map(() => 'rejected'));
    expect(rejected.chunks.map(([chunk]) => chunk)).toEqual(cached.chunks.map(([chunk]) => chunk));
    expect({ code: rejected.code, stdout: rejected.stdout, stderr: rejected.stderr }).toEqual({ code: cached.code, stdout: cached.stdout, stderr: cached.stderr });
    expect(cached.stdout).toContain('unknown-provider-reference');
  });

  it('a line the fast path declines goes to yargs', () => {
    const { code, modules } = load(['validate', 'fixtures/cli/valid-gitlab.rb', '-h']);
    expect(code).toBe(0);
    expect(loads(modules, 'yargs')).toBe(true);
  });
});
