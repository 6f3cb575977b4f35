import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { corpusRoot, runInProcess } from '../support/cli.js';

describe('show --json', () => {
  it('prints the model of a gitlab.rb with secrets referenced, not printed', async () => {
    const r = await runInProcess(['show', '--json', 'fixtures/cli/valid-gitlab.rb']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      file: 'fixtures/cli/valid-gitlab.rb',
      format: 'omnibus',
      shape: 'gitlab_rb',
      external_url: 'https://gitlab.example.com',
      omniauth: {
        allow_single_sign_on: ['gitlab'],
        block_auto_created_users: true,
        providers: [
          {
            name: 'gitlab',
            label: 'GitLab.com',
            app_id: { $ruby: "ENV['GITLAB_COM_APP_ID']" },
            app_secret: { $ruby: "ENV['GITLAB_COM_APP_SECRET']" },
            args: { scope: 'read_user' },
          },
        ],
      },
    });
  });

  it('reads the same settings from the equivalent gitlab.yml', async () => {
    const r = await runInProcess(['show', '--json', 'fixtures/cli/valid-gitlab.yml']);
    const json = JSON.parse(r.stdout) as { format: string; external_url: string; omniauth: Record<string, unknown> };
    expect(json.format).toBe('source');
    expect(json.external_url).toBe('https://gitlab.example.com');
    expect(json.omniauth).toEqual({
      enabled: true,
      allow_single_sign_on: ['gitlab'],
      block_auto_created_users: true,
      providers: [
        {
          name: 'gitlab',
          app_id: { $erb: "<%= ENV['GITLAB_COM_APP_ID'] %>" },
          app_secret: { $erb: "<%= ENV['GITLAB_COM_APP_SECRET'] %>" },
          args: { scope: 'read_user' },
        },
      ],
    });
  });

  it('masks literal secrets unless --show-secrets', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'abc', app_secret: 's3cr3t', args: { client_options: { secret: 'x' } } }]\n";
    const masked = await runInProcess(['show', '--format', 'omnibus', '-'], { stdin: text });
    expect(masked.stdout).not.toContain('s3cr3t');
    expect(JSON.parse(masked.stdout).omniauth.providers[0]).toMatchObject({ app_id: 'abc', app_secret: '********', args: { client_options: { secret: '********' } } });
    const shown = await runInProcess(['show', '--show-secrets', '--format', 'omnibus', '-'], { stdin: text });
    expect(JSON.parse(shown.stdout).omniauth.providers[0].app_secret).toBe('s3cr3t');
  });

  it.each([
    ['a Ruby hash rocket pasted into YAML (the key holds the secret)', "omniauth:\n  providers:\n    - { name: 'github', app_id: 'x', app_secret => 's3cr3t' }\n"],
    ['a mapping under a secret key', "omniauth:\n  providers:\n    - { name: 'github', app_id: 'x', app_secret: { 's3cr3t': 1 } }\n"],
  ])('never prints a secret hidden in %s, in show or validate', async (_, text) => {
    const show = await runInProcess(['show', '--format', 'source', '-'], { stdin: text });
    const validate = await runInProcess(['validate', '--format', 'source', '-'], { stdin: text });
    expect(show.stdout).toContain('********');
    for (const out of [show.stdout, show.stderr, validate.stdout, validate.stderr]) expect(out).not.toContain('s3cr3t');
    const revealed = await runInProcess(['show', '--show-secrets', '--format', 'source', '-'], { stdin: text });
    expect(revealed.stdout).toContain('s3cr3t');
  });

  it('reads the environment section chosen with --env', async () => {
    const example = path.join(corpusRoot, 'source/gitlab.yml.example');
    const production = JSON.parse((await runInProcess(['show', example])).stdout);
    const test = JSON.parse((await runInProcess(['show', '--env', 'test', example])).stdout);
    expect(production.omniauth.providers ?? null).toBeNull();
    expect(test.env).toBe('test');
    expect(test.omniauth.providers.map((p: { name: string }) => p.name)).toEqual([
      'alicloud', 'github', 'bitbucket', 'gitlab', 'google_oauth2', 'jwt', 'auth0', 'salesforce', 'atlassian_oauth2', 'openid_connect',
    ]);
  });
});
