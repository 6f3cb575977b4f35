/**
 * `validate` runs in pre-commit hooks, so a file costs only what its format
 * needs: a gitlab.yml never loads Prism (WASM), a gitlab.rb never loads the
 * YAML parser, and ajv loads when a check first validates, not on import.
 * Checked in a fresh Node process on the built modules (`npm test` builds).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

const HOOKS = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  process.stderr.write('LOADED ' + r.url + '\\n');
  return r;
}`;

/** Runs `body` (an ES module body with `dist` in scope) and returns every module URL the process loaded. */
function modulesLoadedBy(body: string): string[] {
  const script = `
    import { register, createRequire } from 'node:module';
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}));
    const dist = ${JSON.stringify(`${path.join(repoRoot, 'dist')}/`)};
    ${body}
    for (const file of Object.keys(createRequire(import.meta.url).cache)) process.stderr.write('LOADED file://' + file + '\\n');
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
}

const loads = (modules: string[], pkg: string): boolean => modules.some((url) => url.includes(`/node_modules/${pkg}/`));

describe.skipIf(!existsSync(path.join(repoRoot, 'dist/read/index.js')))('what reading and checking load', () => {
  it('reading a gitlab.yml loads the YAML parser, not Prism or ajv', () => {
    const modules = modulesLoadedBy(`
      const { readConfig } = await import(dist + 'read/index.js');
      await readConfig('production:\\n  omniauth:\\n    enabled: true\\n', { file: 'gitlab.yml' });
    `);
    expect(loads(modules, 'yaml')).toBe(true);
    expect(loads(modules, '@ruby/prism')).toBe(false);
    expect(loads(modules, 'ajv')).toBe(false);
  });

  it('reading a gitlab.rb loads Prism, not the YAML parser', () => {
    const modules = modulesLoadedBy(`
      const { readConfig } = await import(dist + 'read/index.js');
      await readConfig("gitlab_rails['omniauth_enabled'] = true\\n", { file: 'gitlab.rb' });
    `);
    expect(loads(modules, '@ruby/prism')).toBe(true);
    expect(loads(modules, 'yaml')).toBe(false);
  });

  it('importing the checks loads no ajv; the first check that validates does', () => {
    const importOnly = modulesLoadedBy(`await import(dist + 'check/index.js');`);
    expect(loads(importOnly, 'ajv')).toBe(false);
    const checked = modulesLoadedBy(`
      const { readConfig } = await import(dist + 'read/index.js');
      const { checkModel } = await import(dist + 'check/index.js');
      const { model } = await readConfig('omniauth:\\n  enabled: true\\n', { file: 'gitlab.yml' });
      checkModel(model);
    `);
    expect(loads(checked, 'ajv')).toBe(true);
  });
});
