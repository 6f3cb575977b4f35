/**
 * YAML anchors and aliases that GitLab's Psych rejects, that name the value
 * around them, or that multiply: each is a finding at the alias, read in
 * well under a second, and `render` never fails on them with an internal error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../src/validate.js';
import { repoRoot, runInProcess } from '../support/cli.js';

const fixture = (name: string): string => path.join(repoRoot, 'fixtures/hostile', name);
const read = (name: string): string => readFileSync(fixture(name), 'utf8');

async function findings(name: string) {
  const started = performance.now();
  const { diagnostics } = await validateText(read(name), { file: name });
  return { diagnostics, ms: performance.now() - started };
}

describe('aliases', () => {
  it('an alias used before its anchor is an error at the alias, as Psych fails on it', async () => {
    const { diagnostics } = await findings('alias-before-anchor.yml');
    const error = diagnostics.find((d) => d.rule === 'yaml-syntax');
    expect(error?.severity).toBe('error');
    expect(error?.message).toContain('`*base` names no anchor before it');
    expect(error?.range?.start).toMatchObject({ line: 2, column: 7 });
  });

  it('an undefined alias in the place of a secret is an error, not a silently empty secret', async () => {
    const text = 'production:\n  omniauth:\n    providers:\n      - name: github\n        app_id: abc\n        app_secret: *undefined_alias\n';
    const { diagnostics } = await validateText(text, { file: 'g.yml' });
    expect(diagnostics.map((d) => `${d.range?.start.line} ${d.severity} ${d.rule}`)).toContain('6 error yaml-syntax');
  });

  it('an anchor merged into itself adds nothing (as Psych) and renders', async () => {
    const { diagnostics } = await findings('self-merge.yml');
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const run = await runInProcess(['render', fixture('self-merge.yml'), '--set', 'block_auto_created_users=false', '--stdout']);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('block_auto_created_users: false');
  });

  it('a value that contains itself is an error at the alias, and render refuses with exit 2', async () => {
    const { diagnostics } = await findings('self-reference.yml');
    expect(diagnostics.find((d) => d.rule === 'yaml-syntax')?.message).toContain('contains itself');
    const run = await runInProcess(['render', fixture('self-reference.yml'), '--set', 'block_auto_created_users=false', '--stdout']);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('internal error');
  });

  it('render does not fail on an alias used before its anchor', async () => {
    const run = await runInProcess(['render', fixture('alias-before-anchor.yml'), '--set', 'block_auto_created_users=false', '--stdout']);
    expect(run.stderr).not.toContain('internal error');
    expect(run.code).toBe(2);
  });

  for (const name of ['alias-bomb.yml', 'alias-bomb-merge.yml']) {
    it(`${name}: an alias bomb is one finding in well under a second`, async () => {
      const { diagnostics, ms } = await findings(name);
      expect(ms).toBeLessThan(500);
      const bomb = diagnostics.filter((d) => d.message.includes('stand for more than'));
      expect(bomb).toHaveLength(1);
      expect(bomb[0]?.severity).toBe('error');
      for (const command of [['validate'], ['show', '--json'], ['render', '--set', 'enabled=false', '--stdout']]) {
        const [verb, ...rest] = command;
        const run = await runInProcess([verb as string, fixture(name), ...rest]);
        expect(run.code, `${command.join(' ')}: ${run.stderr}`).not.toBe(3);
      }
    });
  }

  it('aliases that stay small are still followed', async () => {
    const text = 'production:\n  omniauth:\n    providers:\n      - &gh { name: github, app_id: a, app_secret: b }\n      - <<: *gh\n        name: gitlab\n';
    const { model, diagnostics } = await validateText(text, { file: 'g.yml' });
    expect(diagnostics.filter((d) => d.rule === 'yaml-syntax')).toEqual([]);
    expect(model.providers).toHaveLength(2);
  });
});

describe('secrets YAML reads as null', () => {
  it('`app_secret: #abc` is an error saying that # starts a comment', async () => {
    const text = 'production:\n  omniauth:\n    providers:\n      - name: github\n        app_id: abc\n        app_secret: #abc\n';
    const { diagnostics } = await validateText(text, { file: 'g.yml' });
    const found = diagnostics.find((d) => d.rule === 'provider-schema');
    expect(found?.severity).toBe('error');
    expect(found?.message).toContain('github needs `app_secret`, and YAML reads the value here as null');
    expect(found?.message).toContain('a `#` starts a comment');
    expect(found?.range?.start.line).toBe(6);
  });

  it('a quoted value with # is a secret like any other', async () => {
    const text = 'production:\n  omniauth:\n    providers:\n      - name: github\n        app_id: abc\n        app_secret: "#abc"\n';
    const { diagnostics } = await validateText(text, { file: 'g.yml' });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});
