/**
 * The catalog's commands as a user runs them: callbacks, providers, explain.
 */
import { describe, expect, it } from 'vitest';
import { runInProcess } from '../support/cli.js';

describe('gitlab-omniauth callbacks', () => {
  it('prints exactly the two GitLab.com URLs for the docs\' example', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/gitlab-com.rb', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { providers: Array<{ name: string; callbacks: Array<{ url: string }> }> };
    expect(json.providers.map((p) => [p.name, p.callbacks.map((c) => c.url)])).toEqual([
      ['gitlab', ['http://your-gitlab.example.com/import/gitlab/callback', 'http://your-gitlab.example.com/users/auth/gitlab/callback']],
    ]);
  });

  it('prints them as text, one URL per line with its purpose', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/gitlab-com.rb']);
    expect(r.stdout).toBe(
      [
        'external_url: http://your-gitlab.example.com',
        '',
        'gitlab (GitLab.com)',
        '  http://your-gitlab.example.com/import/gitlab/callback      redirect URI for the GitLab.com importer (the GitLab.com importer was removed in GitLab 16.0: this URL only matters before 16.0)',
        '  http://your-gitlab.example.com/users/auth/gitlab/callback  redirect URI for sign-in',
        '',
      ].join('\n'),
    );
  });

  it('builds the URL of a gitlab.yml from host, port, https and relative_url_root', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/gitlab.yml', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { external_url: string; providers: Array<{ name: string; strategy: string; callbacks: Array<{ url: string }> }> };
    expect(json.external_url).toBe('https://gitlab.example.com:8443/gitlab');
    expect(json.providers.map((p) => [p.name, p.strategy, p.callbacks.map((c) => c.url)])).toEqual([
      ['github', 'github', ['https://gitlab.example.com:8443/gitlab/users/auth']],
      [
        'saml_2',
        'saml',
        [
          'https://gitlab.example.com:8443/gitlab/users/auth/saml_2/callback',
          'https://gitlab.example.com:8443/gitlab/users/auth/saml_2/metadata',
          'https://gitlab.example.com:8443/gitlab',
        ],
      ],
    ]);
  });

  it('takes --external-url for a fragment without one', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/google-fragment.yml', '--external-url', 'https://gitlab.example.com/', '--json']);
    const json = JSON.parse(r.stdout) as { providers: Array<{ callbacks: Array<{ url: string }> }> };
    expect(json.providers[0]?.callbacks.map((c) => c.url)).toEqual([
      'https://gitlab.example.com/users/auth/google_oauth2/callback',
      'https://gitlab.example.com/-/google_api/auth/callback',
    ]);
  });

  it('says when the file does not give external_url', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/google-fragment.yml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('external_url: unknown');
    expect(r.stdout).toContain('<external_url>/users/auth/google_oauth2/callback');
  });

  it('rejects an --external-url that is no URL (exit 2)', async () => {
    const r = await runInProcess(['callbacks', 'fixtures/callbacks/gitlab-com.rb', '--external-url', 'gitlab.example.com']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--external-url takes an absolute http(s) URL');
  });
});

describe('gitlab-omniauth providers', () => {
  it('lists every provider with its status for the version asked', async () => {
    const r = await runInProcess(['providers', '--gitlab-version', '16.11']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^OmniAuth providers in GitLab 16\.11/);
    expect(r.stdout).toMatch(/^twitter +Twitter +deprecated \(deprecated in 16\.3, removed in 17\.0\)$/m);
    expect(r.stdout).toMatch(/^cas3 +Cas3 +removed \(removed in 16\.0\)$/m);
    expect(r.stdout).toMatch(/^github +GitHub +current$/m);
  });

  it('shows removals at the newest version by default, and JSON with docs links', async () => {
    const r = await runInProcess(['providers', '--json']);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; status: string; docsUrl: string; strategyClass: string }>;
    expect(rows.find((p) => p.name === 'twitter')?.status).toBe('removed');
    expect(rows.find((p) => p.name === 'openid_connect')).toMatchObject({ status: 'current', strategyClass: 'OmniAuth::Strategies::OpenIDConnect' });
    expect(rows.every((p) => p.docsUrl.startsWith('https://docs.gitlab.com/'))).toBe(true);
  });

  it('lists azure_oauth2 by its strategy: usable until 17.0, then only as OpenID Connect', async () => {
    const before = await runInProcess(['providers', '--gitlab-version', '16.11']);
    const after = await runInProcess(['providers', '--gitlab-version', '17.0']);
    expect(before.stdout).toMatch(/^azure_oauth2 +Azure AD \(Obsolete\) +deprecated \(strategy removed in 17\.0\)$/m);
    expect(after.stdout).toMatch(/^azure_oauth2 +Azure AD \(Obsolete\) +removed \(strategy removed in 17\.0: use the name with OpenID Connect\)$/m);
  });

  it('rejects a version it cannot read (exit 2)', async () => {
    const r = await runInProcess(['providers', '--gitlab-version', 'latest']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--gitlab-version takes a version like 16.11');
  });
});

describe('gitlab-omniauth explain', () => {
  it('explains a check: what, why, how to fix', async () => {
    const r = await runInProcess(['explain', 'saml-fingerprint-format']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^saml-fingerprint-format — default severity: error\n/);
    expect(r.stdout).toContain('Why it matters:');
    expect(r.stdout).toContain('How to fix it:');
    expect(r.stdout).toContain('openssl x509');
  });

  it('lists every check without an argument, general and reader checks included', async () => {
    const r = await runInProcess(['explain']);
    expect(r.code).toBe(0);
    for (const id of ['ruby-syntax', 'unknown-setting', 'provider-schema', 'callback-mismatch', 'removed-provider']) {
      expect(r.stdout).toMatch(new RegExp(`^  ${id} `, 'm'));
    }
  });

  it('suggests the nearest id for a typo (exit 2)', async () => {
    const r = await runInProcess(['explain', 'callback-mismach']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('did you mean `callback-mismatch`?');
  });
});
