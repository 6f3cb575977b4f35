/**
 * Issue 2's acceptance as a user meets it: `show --json` and `validate` run
 * through the CLI on the real gitlab.yml.example, our fixtures of every shape,
 * every docs snippet, and files with literal secrets.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { corpusRoot, runInProcess } from '../support/cli.js';

const EXAMPLE = path.join(corpusRoot, 'source/gitlab.yml.example');
const SNIPPETS = path.join(corpusRoot, 'snippets');
/** `file:line:col severity rule-id message`, the text format. */
const FINDING_LINE = /^[^\s:]+:\d+:\d+ (error|warning|info) [a-z]+(-[a-z0-9]+)* \S.*$/;

async function show(...args: string[]): Promise<{ [key: string]: unknown }> {
  const r = await runInProcess(['show', '--json', ...args]);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return JSON.parse(r.stdout) as { [key: string]: unknown };
}

describe('show --json on gitlab.yml.example', () => {
  it('production: no provider; --env test: the ten of the test section', async () => {
    const production = (await show(EXAMPLE)) as { env: string; omniauth: { providers?: unknown[] } };
    expect(production.env).toBe('production');
    expect(production.omniauth.providers ?? []).toEqual([]);
    const test = (await show('--env', 'test', EXAMPLE)) as { env: string; omniauth: { providers: Array<{ name: string }> } };
    expect(test.env).toBe('test');
    expect(test.omniauth.providers.map((p) => p.name)).toEqual([
      'alicloud', 'github', 'bitbucket', 'gitlab', 'google_oauth2', 'jwt', 'auth0', 'salesforce', 'atlassian_oauth2', 'openid_connect',
    ]);
  });
});

describe('show --json says what a file holds', () => {
  it.each([
    ['fixtures/omnibus/gitlab.rb', 'omnibus', 'gitlab_rb'],
    ['fixtures/omnibus/providers-fragment.rb', 'omnibus', 'providers_list'],
    ['fixtures/source/gitlab.yml', 'source', 'gitlab_yml'],
    ['fixtures/source/helm-values.yml', 'source', 'omniauth_section'],
    ['fixtures/source/provider-secret.yaml', 'source', 'provider'],
    ['fixtures/source/provider-secret.json', 'source', 'provider'],
  ])('%s: %s, %s', async (file, format, shape) => {
    expect(await show(file)).toMatchObject({ file, format, shape });
  });
});

describe('validate on every docs snippet', () => {
  const files = readdirSync(SNIPPETS).filter((f) => /\.(rb|yml)$/.test(f));

  it('reads them all in one call: findings in the text format, exit 1 for the docs\' placeholders, no stack trace', async () => {
    expect(files.length).toBeGreaterThan(200);
    const r = await runInProcess(['validate', ...files], { cwd: SNIPPETS });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at |cannot read/);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => !FINDING_LINE.test(l))).toEqual([]);
    expect(r.stderr).toMatch(new RegExp(`in ${files.length} files`));
  });
});

describe('secrets are never printed', () => {
  const SECRET = 'Xq7-s3cr3t-VALUE-91';
  const format = (file: string): string => (file.endsWith('.rb') ? 'omnibus' : 'source');

  it.each([
    ['gitlab.rb', `gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'abc', app_secret: '${SECRET}',\n    args: { client_secret: "${SECRET}" } }\n]\n`],
    ['gitlab.rb', `gitlab_rails['omniauth_providers'] = [\n  { name: 'github',\n    app_secret: '${SECRET}'\n    label: 'GitHub' }\n]\n`],
    ['gitlab.yml', `omniauth:\n  providers:\n    - { name: github, app_id: 12345, app_secret: '${SECRET}' label: x }\n    - { name: gitlab, app_secret => ${SECRET} }\n`],
    ['gitlab.yml', `omniauth:\n  providers:\n    - name: saml\n      args:\n        private_key: "${SECRET}"\n        password => ${SECRET}\n`],
  ])('validate, in text and JSON, on %s: %j', async (file, text) => {
    for (const reporter of ['text', 'json']) {
      const r = await runInProcess(['validate', '--reporter', reporter, '--format', format(file), '-'], { stdin: text });
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    }
  });

  it.each([
    ['gitlab.rb', `gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'abc', app_secret: '${SECRET}',\n    args: { client_secret: "${SECRET}" } }\n]\n`],
    ['gitlab.yml', `omniauth:\n  providers:\n    - name: saml\n      args:\n        private_key: "${SECRET}"\n        client_options:\n          secret: |\n            ${SECRET}\n`],
  ])('show --json on %s: %j', async (file, text) => {
    const r = await runInProcess(['show', '--json', '--format', format(file), '-'], { stdin: text });
    expect(r.stdout).toContain('********');
    expect(r.stdout).not.toContain(SECRET);
  });
});
