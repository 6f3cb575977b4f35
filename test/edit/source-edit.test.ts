import { describe, expect, it } from 'vitest';
import { corpus, edited, fixture, lineOf, render, touchedLines } from './helpers.js';

const gitlabCom = { name: 'gitlab', appId: 'f6a0e2a1c3b4', appSecret: 'gloas-9d8c7b6a5f4e', arg: ['scope=api'] };

describe('gitlab.yml.example (acceptance)', () => {
  const example = corpus('source/gitlab.yml.example');

  it('adding the GitLab.com provider changes only lines of production.omniauth', async () => {
    const after = await edited(example, gitlabCom, 'gitlab.yml');
    const start = lineOf(example, /^  omniauth:$/m);
    const end = lineOf(example, '  # FortiAuthenticator settings');
    const touched = touchedLines(example, after);
    expect(touched.length).toBeGreaterThan(0);
    for (const line of touched) {
      expect(line).toBeGreaterThanOrEqual(start);
      expect(line).toBeLessThan(end);
    }
    expect(after).toContain("      - { name: 'gitlab',\n");
    expect(after).toContain("args: { scope: 'api' } }");
  });

  it('running the same command again changes nothing', async () => {
    const once = await edited(example, gitlabCom, 'gitlab.yml');
    const twice = await render(once, gitlabCom, 'gitlab.yml');
    expect(twice.status).toBe('ok');
    if (twice.status === 'ok') {
      expect(twice.after).toBe(once);
      expect(twice.edits).toEqual([]);
    }
  });

  it('updating a provider of another environment (--env test) replaces just its value', async () => {
    const after = await edited(example, { name: 'gitlab', arg: ['scope=read_user'] }, 'gitlab.yml', 'test');
    const touched = touchedLines(example, after);
    expect(touched).toEqual([lineOf(example, "          args: { scope: 'api' } }\n      - { name: 'google_oauth2',")]);
    expect(after).toContain("          args: { scope: 'read_user' } }\n      - { name: 'google_oauth2',");
  });

  it('a new key in a multi-line flow mapping lines up with the others', async () => {
    const after = await edited(example, { name: 'gitlab', label: 'GitLab.com' }, 'gitlab.yml', 'test');
    expect(after).toContain("          args: { scope: 'api' },\n          label: 'GitLab.com' }");
  });

  it('settings are edited where they stand, new ones go before the provider list', async () => {
    const after = await edited(example, { set: ['allow_single_sign_on=gitlab,saml', 'auto_sign_in_with_provider=gitlab'] }, 'gitlab.yml');
    expect(after).toContain('    allow_single_sign_on: ["gitlab", "saml"]\n');
    expect(after).toContain('    allow_bypass_two_factor: ["saml", "google_oauth2"]\n    auto_sign_in_with_provider: "gitlab"\n\n    ## Auth providers');
    expect(touchedLines(example, after)).toHaveLength(2);
  });

  it('--remove drops the provider lines of a flow item in a block list', async () => {
    const after = await edited(example, { remove: ['bitbucket'] }, 'gitlab.yml', 'test');
    expect(after).not.toMatch(/^      - \{ name: 'bitbucket'/m);
    expect(example.split('\n').length - after.split('\n').length).toBe(3);
  });
});

describe('style preservation', () => {
  it('block providers stay block: a new provider is a block mapping, new args keys are block lines', async () => {
    const text = fixture('block-providers.gitlab.yml');
    const after = await edited(text, { name: 'gitlab', appId: 'id', appSecretEnv: 'GITLAB_SECRET', arg: ['scope=api'] }, 'gitlab.yml');
    expect(after).toContain(
      [
        '          name_identifier_format: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"',
        '      - name: "gitlab"',
        '        app_id: "id"',
        `        app_secret: "<%= ENV['GITLAB_SECRET'] %>"`,
        '        args:',
        '          scope: "api"',
        '',
      ].join('\n'),
    );
    const updated = await edited(text, { name: 'github', arg: ['allow_signup=false'] }, 'gitlab.yml');
    expect(updated).toContain('        args:\n          scope: "user:email"\n          allow_signup: "false"\n      # SAML for staff');
  });

  it('a new top-level key and a new args key of a provider whose args come last land in their own mappings', async () => {
    const text = 'production:\n  omniauth:\n    providers:\n      - name: "github"\n        app_id: "abc"\n        args:\n          scope: "user:email"\n  ldap:\n    enabled: false\n';
    for (const flags of [{ name: 'github', label: 'GH', arg: ['allow_signup=false'] }, { name: 'github', arg: ['allow_signup=false', 'deep.er=1'], label: 'GH', field: ['x.y=z'] }]) {
      const after = await edited(text, flags, 'gitlab.yml');
      expect(after).toContain('        args:\n          scope: "user:email"\n          allow_signup: "false"\n');
      expect(after).toMatch(/\n        label: "GH"\n/);
    }
  });

  it('--replace of a block provider writes a block provider in its place', async () => {
    const text = fixture('block-providers.gitlab.yml');
    const after = await edited(text, { name: 'github', appId: 'gh2', appSecretEnv: 'GITHUB_SECRET', arg: ['scope=read:user'], replace: true }, 'gitlab.yml');
    expect(after).toContain(
      ['    providers:', '      - name: "github"', '        app_id: "gh2"', `        app_secret: "<%= ENV['GITHUB_SECRET'] %>"`, '        args:', '          scope: "read:user"', '      # SAML for staff', ''].join('\n'),
    );
  });

  it('keeps ERB elsewhere in the file byte for byte', async () => {
    const text = fixture('block-providers.gitlab.yml');
    const after = await edited(text, { name: 'saml', label: 'Staff' }, 'gitlab.yml');
    expect(after).toContain(`app_secret: "<%= ENV['GITHUB_SECRET'] %>"`);
    expect(touchedLines(text, after)).toEqual([lineOf(text, 'label: "Staff SSO"')]);
  });

  it('a CRLF file stays CRLF', async () => {
    const text = fixture('crlf.gitlab.yml');
    const after = await edited(text, { name: 'gitlab', appId: 'id', appSecret: 'secret', set: ['block_auto_created_users=true'] }, 'gitlab.yml');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toContain(`\r\n      - { name: "gitlab", app_id: "id", app_secret: "secret" }\r\n`);
    expect(after).toContain('    allow_single_sign_on: ["saml"]\r\n    block_auto_created_users: true\r\n    providers:');
  });

  it('creates omniauth: and providers: when missing, after a multi-byte comment without shifting', async () => {
    const text = fixture('no-omniauth.gitlab.yml');
    const after = await edited(text, { name: 'gitlab', appId: 'id', appSecretEnv: 'GITLAB_SECRET', set: ['block_auto_created_users=true'] }, 'gitlab.yml');
    expect(after).toBe(
      text.replace(
        `    token: "<%= ENV['GITALY_TOKEN'] %>"\n`,
        `    token: "<%= ENV['GITALY_TOKEN'] %>"\n  omniauth:\n    block_auto_created_users: true\n    providers:\n      - { name: 'gitlab',\n          app_id: 'id',\n          app_secret: "<%= ENV['GITLAB_SECRET'] %>" }\n`,
      ),
    );
  });
});

describe('a flow list of providers', () => {
  const file = (providers: string): string => `production:\n  omniauth:\n    enabled: true\n${providers}\n  ldap:\n    enabled: false\n`;
  const gitlab = { name: 'gitlab', appId: 'application-id-0123456789', appSecret: 'application-secret-0123456789' };

  it('on one line stays on one line, however long', async () => {
    const text = file("    providers: [ { name: 'github', app_id: 'x', app_secret: 'y' } ]  # inline");
    expect(await edited(text, gitlab, 'gitlab.yml')).toBe(
      file("    providers: [ { name: 'github', app_id: 'x', app_secret: 'y' }, { name: 'gitlab', app_id: 'application-id-0123456789', app_secret: 'application-secret-0123456789' } ]  # inline"),
    );
  });

  it('on lines of its own gets the new provider on a line of its own, lined up', async () => {
    const text = file("    providers: [\n      { name: 'github', app_id: 'x', app_secret: 'y' }\n    ]");
    expect(await edited(text, gitlab, 'gitlab.yml')).toBe(
      file(
        "    providers: [\n      { name: 'github', app_id: 'x', app_secret: 'y' },\n      { name: 'gitlab',\n        app_id: 'application-id-0123456789',\n        app_secret: 'application-secret-0123456789' }\n    ]",
      ),
    );
  });
});

describe('keys beyond YAML’s 1024-character implicit key limit', () => {
  // Psych (libyaml) refuses such an implicit key; the yaml library reads it, so only the writer can keep it out.
  const long = 'k'.repeat(1100);
  const text = "production:\n  omniauth:\n    providers:\n      - { name: 'github',\n          args: { scope: 'user:email' } }\n";

  it.each([
    ['in a one-line flow mapping', { name: 'github', arg: [`${long}=v`] }, `args: { scope: 'user:email', ? ${long} : 'v' } }`],
    ['in a multi-line flow mapping', { name: 'github', field: [`${long}=v`] }, `args: { scope: 'user:email' },\n          ? ${long} : 'v' }`],
  ])('are written as explicit `? key : value` entries %s', async (_, flags, expected) => {
    expect(await edited(text, flags, 'gitlab.yml')).toContain(expected);
  });
});

describe('refusals', () => {
  it('refuses a missing environment', async () => {
    const result = await render(fixture('block-providers.gitlab.yml'), { name: 'gitlab' }, 'gitlab.yml', 'staging');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringMatching(/no 'staging:' section/) });
  });

  it('a section that inherits omniauth: through <<: *base is edited where the anchor is, and the note names who else sees it', async () => {
    const result = await render(fixture('block-providers.gitlab.yml'), { name: 'gitlab', appId: 'a' }, 'gitlab.yml', 'test');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.plan.notes).toEqual([
      "'test:' inherits omniauth: through <<: *base: the change is made where &base defines it (line 9); 'production:', 'development:' merge it too and get the change as well",
    ]);
  });

  it('refuses two providers with the same name', async () => {
    const text = fixture('block-providers.gitlab.yml').replace('- name: saml', '- name: github');
    const result = await render(text, { name: 'github', label: 'x' }, 'gitlab.yml');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringMatching(/2 providers are named 'github'/) });
  });
});

describe('every provider of gitlab.yml.example’s test section', () => {
  const example = corpus('source/gitlab.yml.example');
  const names = ['alicloud', 'github', 'bitbucket', 'gitlab', 'google_oauth2', 'jwt', 'auth0', 'salesforce', 'atlassian_oauth2', 'openid_connect'];

  it.each(names)('%s: updated (nested args too), removed, each verified and idempotent', async (name) => {
    for (const flags of [{ name, label: 'New label', arg: ['extra=1', 'client_options.site=https://sso.example.com'] }, { remove: [name] }, { name, appId: 'new-id', replace: true }]) {
      const first = await render(example, flags, 'gitlab.yml', 'test');
      expect(first.status === 'refused' ? [first.message, ...first.reasons] : []).toEqual([]);
      if (first.status !== 'ok') continue;
      expect(first.after).not.toBe(example);
      const again = await render(first.after, flags, 'gitlab.yml', 'test');
      expect(again.status === 'ok' ? again.edits : null).toEqual([]);
    }
  });
});
