/**
 * `validate` runs in pre-commit hooks, so a file costs only what its format
 * needs: a gitlab.yml never loads Prism (WASM), a gitlab.rb never loads the
 * YAML parser, and the bundled schemas run as validators compiled at build
 * time: ajv loads only for a schema that was not compiled.
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

const built = existsSync(path.join(repoRoot, 'dist/read/index.js'));
// `npm test` builds first: in CI a missing build is a failure, not a skip.
if (!built && process.env.CI === 'true') throw new Error('dist/ is missing: run npm run build before the tests');

describe.skipIf(!built)('what reading and checking load', () => {
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

  it('checking uses the schemas compiled at build time: ajv loads only for a schema that was not compiled', () => {
    const checked = modulesLoadedBy(`
      const { readConfig } = await import(dist + 'read/index.js');
      const { checkModel } = await import(dist + 'check/index.js');
      const { model } = await readConfig('omniauth:\\n  enabled: true\\n', { file: 'gitlab.yml' });
      checkModel(model);
    `);
    expect(checked.some((url) => url.endsWith('/dist/check/compiled-schemas.cjs'))).toBe(true);
    expect(loads(checked, 'ajv')).toBe(false);
    const adHoc = modulesLoadedBy(`
      const { readConfig } = await import(dist + 'read/index.js');
      const { schemaFindings } = await import(dist + 'check/schema.js');
      const { model } = await readConfig('omniauth:\\n  enabled: true\\n', { file: 'gitlab.yml' });
      schemaFindings({ type: 'object' }, model.settings[0].value);
    `);
    expect(loads(adHoc, 'ajv')).toBe(true);
  });
});
