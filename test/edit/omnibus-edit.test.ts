import { describe, expect, it } from 'vitest';
import { corpus, edited, fixture, lineOf, render, touchedLines } from './helpers.js';

const gitlabCom = { name: 'gitlab', appId: 'f6a0e2a1c3b4', appSecret: 'gloas-9d8c7b6a5f4e', arg: ['scope=api'] };

describe('gitlab.rb.template (acceptance)', () => {
  const template = corpus('omnibus/gitlab.rb.template');
  const blockStart = lineOf(template, '### OmniAuth Settings');
  const blockEnd = lineOf(template, "# gitlab_rails['omniauth_saml_message_max_byte_size'] = 250000");

  it('adding the GitLab.com provider changes only lines in the OmniAuth block', async () => {
    const after = await edited(template, gitlabCom, 'gitlab.rb');
    const touched = touchedLines(template, after);
    expect(touched).toEqual([blockEnd]);
    expect(after).toContain(
      [
        "# gitlab_rails['omniauth_saml_message_max_byte_size'] = 250000",
        "gitlab_rails['omniauth_providers'] = [",
        '  {',
        '    name: "gitlab",',
        '    app_id: "f6a0e2a1c3b4",',
        '    app_secret: "gloas-9d8c7b6a5f4e",',
        '    args: { scope: "api" }',
        '  }',
        ']',
        '',
        '### OIDC settings',
      ].join('\n'),
    );
  });

  it('settings go into the OmniAuth block too', async () => {
    const after = await edited(template, { ...gitlabCom, set: ['allow_single_sign_on=gitlab', 'block_auto_created_users=true'] }, 'gitlab.rb');
    for (const line of touchedLines(template, after)) {
      expect(line).toBeGreaterThanOrEqual(blockStart);
      expect(line).toBeLessThanOrEqual(blockEnd);
    }
    // Settings in the template's quotes (`['saml']`), providers in the docs' style.
    expect(after).toContain(`250000\ngitlab_rails['omniauth_allow_single_sign_on'] = ['gitlab']\ngitlab_rails['omniauth_block_auto_created_users'] = true\ngitlab_rails['omniauth_providers'] = [\n  {\n    name: "gitlab",`);
  });

  it('running the same command again changes nothing', async () => {
    const once = await edited(template, gitlabCom, 'gitlab.rb');
    const twice = await render(once, gitlabCom, 'gitlab.rb');
    expect(twice).toMatchObject({ status: 'ok', edits: [] });
    if (twice.status === 'ok') expect(twice.after).toBe(once);
  });
});

describe('style preservation', () => {
  it('a string-rocket file stays string-rocket, single quotes stay single', async () => {
    const text = fixture('string-rockets.gitlab.rb');
    const after = await edited(text, { name: 'gitlab', appId: 'id', appSecretEnv: 'GITLAB_SECRET', arg: ['scope=api'] }, 'gitlab.rb');
    expect(after).toContain("    }\n  },\n  {\n    'name' => 'gitlab',\n    'app_id' => 'id',\n    'app_secret' => ENV['GITLAB_SECRET'],\n    'args' => { 'scope' => 'api' }\n  }\n]\n");
  });

  it('a new key in a string-rocket hash is a string rocket', async () => {
    const text = fixture('string-rockets.gitlab.rb');
    const after = await edited(text, { name: 'saml', arg: ['allowed_clock_drift=5'] }, 'gitlab.rb');
    expect(after).toContain("      'name_identifier_format' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',\n      'allowed_clock_drift' => '5'\n    }");
    expect(touchedLines(text, after)).toEqual([lineOf(text, "'name_identifier_format'")]);
  });

  it('a symbol-key file stays symbol keys with double quotes', async () => {
    const text = fixture('symbol-keys.gitlab.rb');
    const after = await edited(text, { name: 'github', label: 'GitHub Enterprise' }, 'gitlab.rb');
    // The comment after the last entry stays on its line; the new key follows it.
    expect(after).toContain('    args: { scope: "user:email" }, # the default scope\n    label: "GitHub Enterprise"\n  }\n]');
  });

  it('a one-line list stays on one line', async () => {
    const text = fixture('one-line.gitlab.rb');
    const after = await edited(text, { name: 'gitlab', appId: 'a', appSecret: 'b' }, 'gitlab.rb');
    expect(after).toBe(text.replace(' } }]\n', ' } }, { "name" => "gitlab", "app_id" => "a", "app_secret" => "b" }]\n'));
  });

  it('a list whose items hug the brackets, [{ ... }], gets the new one as }, { ... }', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{\n  name: 'github',\n  app_id: 'x'\n}]\n";
    expect(await edited(text, { name: 'gitlab', appId: 'a' }, 'gitlab.rb')).toBe(
      "gitlab_rails['omniauth_providers'] = [{\n  name: 'github',\n  app_id: 'x'\n}, {\n  name: 'gitlab',\n  app_id: 'a'\n}]\n",
    );
  });

  it('a CRLF file stays CRLF', async () => {
    const text = fixture('crlf.gitlab.rb');
    const after = await edited(text, { name: 'gitlab', appId: 'a', appSecret: 'b', set: ['block_auto_created_users=true'] }, 'gitlab.rb');
    expect(after.replace(/\r\n/g, '')).not.toContain('\n');
    expect(after).toContain("  { name: 'saml', label: 'SSO' },\r\n  { name: 'gitlab', app_id: 'a', app_secret: 'b' }\r\n]\r\n");
  });

  it('a multi-byte comment before the edit point does not shift the edit', async () => {
    const text = fixture('symbol-keys.gitlab.rb');
    expect(text).toMatch(/Zürich ✓ 日本語/);
    const after = await edited(text, { name: 'google_oauth2', appId: 'new-google-id' }, 'gitlab.rb');
    expect(after).toBe(text.replace('app_id: "google-id"', 'app_id: "new-google-id"'));
  });
});

describe('which statement is edited', () => {
  it('a provider added with << is edited in its << statement', async () => {
    const text = fixture('symbol-keys.gitlab.rb');
    const after = await edited(text, { name: 'google_oauth2', arg: ['prompt=consent'] }, 'gitlab.rb');
    expect(after).toBe(text.replace('approval_prompt: "" }\n}', 'approval_prompt: "", prompt: "consent" }\n}'));
  });

  it('a new provider after a << gets a << statement of its own', async () => {
    const text = fixture('symbol-keys.gitlab.rb');
    const after = await edited(text, { name: 'gitlab', appId: 'a', appSecretEnv: 'S' }, 'gitlab.rb');
    expect(after).toContain('approval_prompt: "" }\n}\ngitlab_rails[\'omniauth_providers\'] << {\n  name: "gitlab",\n  app_id: "a",\n  app_secret: ENV[\'S\']\n}\n');
  });

  it('the later reassignment, the one GitLab uses, is edited', async () => {
    const text = fixture('reassigned.gitlab.rb');
    const after = await edited(text, { name: 'github', appId: 'new' }, 'gitlab.rb');
    expect(after).toBe(text.replace('app_id: "current"', 'app_id: "new"'));
  });

  it('--remove of a << provider removes its statement', async () => {
    const text = fixture('symbol-keys.gitlab.rb');
    const after = await edited(text, { remove: ['google_oauth2'] }, 'gitlab.rb');
    expect(after).not.toContain('google_oauth2');
    expect(after).toContain('  }\n]\n\npostgresql');
  });

  it.each([
    ['the last', ['github'], "  { name: 'saml', label: 'SSO' }, # staff\n]\n"],
    ['the first', ['saml'], "  { name: 'github', app_id: 'x' }\n]\n"],
  ])('--remove of %s item on its own line takes its lines and keeps the neighbours’ comments', async (_, remove, tail) => {
    const text = "gitlab_rails['omniauth_providers'] = [\n  { name: 'saml', label: 'SSO' }, # staff\n  { name: 'github', app_id: 'x' }\n]\n";
    expect(await edited(text, { remove }, 'gitlab.rb')).toBe(`gitlab_rails['omniauth_providers'] = [\n${tail}`);
  });

  it('--remove in a one-line list takes the item and its comma', async () => {
    const text = fixture('one-line.gitlab.rb').replace(' } }]', ' } }, { "name" => "github" }]');
    expect(await edited(text, { remove: ['saml'] }, 'gitlab.rb')).toBe(fixture('one-line.gitlab.rb').replace(/\[\{ "name" => "saml".*\} \}\]/, '[{ "name" => "github" }]'));
  });

  it('--replace swaps the whole entry', async () => {
    const text = fixture('reassigned.gitlab.rb');
    const after = await edited(text, { name: 'github', appId: 'x', replace: true }, 'gitlab.rb');
    expect(after).toContain('  { name: "github", app_id: "x" }\n]');
  });

  it('refuses a list built by an expression it cannot see through', async () => {
    const result = await render(fixture('opaque.gitlab.rb'), { name: 'gitlab', appId: 'a' }, 'gitlab.rb');
    expect(result).toMatchObject({ status: 'refused', message: expect.stringMatching(/expression gitlab-omniauth cannot see through \(line 2\)/) });
  });

  it('an edit that would not read back is refused, with the reason (nothing to write)', async () => {
    // After __END__ Ruby reads no code: a statement appended there would be lost.
    const text = "external_url 'https://gitlab.example.com'\n__END__\nnotes\n";
    const result = await render(text, { name: 'gitlab', appId: 'a', appSecret: 'b' }, 'gitlab.rb');
    expect(result).toMatchObject({ status: 'refused', message: 'the edit did not verify: nothing was changed', reasons: ['the edited file has 0 provider(s) where 1 were intended'] });
  });

  it.each([
    ['no trailing newline', "external_url 'https://gitlab.example.com'", "external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_block_auto_created_users'] = true"],
    ['a byte-order mark', "\uFEFFexternal_url 'https://gitlab.example.com'\n", "\uFEFFexternal_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_block_auto_created_users'] = true\n"],
    ['an empty file', '', "gitlab_rails['omniauth_block_auto_created_users'] = true\n"],
  ])('a file with %s keeps it', async (_, text, expected) => {
    expect(await edited(text, { set: ['block_auto_created_users=true'] }, 'gitlab.rb')).toBe(expected);
  });

  it('a file without OmniAuth statements or template block gets them at the end', async () => {
    const after = await edited("external_url 'https://gitlab.example.com'\n", { name: 'gitlab', appId: 'a', appSecret: 'b' }, 'gitlab.rb');
    expect(after).toBe(`external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_providers'] = [\n  {\n    name: "gitlab",\n    app_id: "a",\n    app_secret: "b"\n  }\n]\n`);
  });
});

describe('serialization of awkward values', () => {
  it.each([
    ['quotes and backslashes', `it's a "test" \\ ok`],
    ['interpolation', '#{`rm -rf /`} #@x #$y'],
    ['newline and tab', 'a\nb\tc'],
    // A value that starts with an ERB tag is refused as a flag (it is meant for --arg-env); inside text it is a literal.
    ['ERB', "see <%= ENV['X'] %>"],
    ['Unicode', 'Zürich ✓ 日本語 🎉'],
    ['looks like a number', '0123'],
  ])('%s: read back exactly', async (_, value) => {
    const result = await render(fixture('symbol-keys.gitlab.rb'), { name: 'gitlab', appId: 'a', label: value, arg: [`value=${value}`] }, 'gitlab.rb');
    // Verification re-reads the file and compares values: ok means they survived.
    expect(result.status).toBe('ok');
  });
});
