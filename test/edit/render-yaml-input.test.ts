/**
 * `render` with values given as YAML (`--arg-yaml`, `--field-yaml`,
 * `--provider FILE`): only plain values are taken; a tag that makes
 * something else, or a value that contains itself, is a usage error.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-yaml-input-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runInProcess(['render', ...args], { cwd: dir });
const github = ['--name', 'github', '--app-id', 'f6a0e2a1c3b4', '--app-secret-env', 'GITHUB_SECRET'];

async function providerFile(text: string): Promise<string> {
  const file = path.join(dir, 'provider.yml');
  await writeFile(file, text);
  return file;
}

describe('render: YAML values must be plain', () => {
  it('refuses !!binary in --arg-yaml instead of writing the bytes as a map of numbers', async () => {
    const r = await run([...github, '--arg-yaml', 'scope=!!binary aGVsbG8=']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--arg-yaml scope: the tag !!binary makes a value that is not a string/);
    expect(r.stdout).toBe('');
  });

  it('refuses !!timestamp and custom tags in --field-yaml', async () => {
    const timestamp = await run([...github, '--field-yaml', 'label=!!timestamp 2001-12-14']);
    expect(timestamp.code).toBe(2);
    expect(timestamp.stderr).toMatch(/--field-yaml label: the tag !!timestamp makes a value/);
    const custom = await run([...github, '--field-yaml', 'label=!vault secret/github']);
    expect(custom.code).toBe(2);
    expect(custom.stderr).toMatch(/--field-yaml label: the tag !vault makes a value/);
  });

  it('refuses a self-referencing alias in --arg-yaml with exit 2, not a crash', async () => {
    const r = await run([...github, '--arg-yaml', 'scope=&a [user, *a]']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--arg-yaml scope: the alias \*a is inside the value it names, so that value contains itself/);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('refuses a recursive alias in a --provider YAML file, naming file:line:col', async () => {
    const file = await providerFile('name: github\napp_id: f6a0e2a1c3b4\nargs: &args\n  scope: user\n  nested: *args\n');
    const r = await run(['--provider', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:5:11: the alias *args is inside the value it names`);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it('refuses a tag that does not fit its value rather than writing it as a string', async () => {
    const r = await run([...github, '--arg-yaml', 'timeout=!!float 30']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--arg-yaml timeout: the tag !!float does not fit its value/);
  });

  it('keeps aliases that do not contain themselves, and plain core tags', async () => {
    const flags = await run([...github, '--arg-yaml', 'scope=[&s user, *s]', '--arg-yaml', 'id=!!str 0123', '--arg-yaml', 'n=!!int "30"']);
    expect(flags.stderr).not.toMatch(/gitlab-omniauth:/);
    expect(flags.code).toBe(0);
    expect(flags.stdout).toContain('args: { scope: ["user", "user"], id: "0123", n: 30 }');

    const file = await providerFile(
      'name: github\napp_id: f6a0e2a1c3b4\napp_secret: {"$ruby": "ENV[\'GITHUB_SECRET\']"}\nargs:\n  client_options: &opts {site: https://github.example.com}\n  copy: *opts\n',
    );
    const fromFile = await run(['--provider', file]);
    expect(fromFile.stderr).not.toMatch(/gitlab-omniauth:/);
    expect(fromFile.code).toBe(0);
    expect(fromFile.stdout).toMatch(/copy: \{ site: "https:\/\/github\.example\.com" \}/);
  });
});
