/**
 * Layouts users write that edits must handle: a heredoc as a value in
 * gitlab.rb, JSON-style `"key":` hashes in gitlab.rb, and a gitlab.yml whose
 * environment gets its omniauth settings through a YAML merge key.
 */
import { describe, expect, it } from 'vitest';
import { edited, render } from './helpers.js';

const heredoc = (opener: string, comma: string): string =>
  [
    "gitlab_rails['omniauth_providers'] = [",
    '  {',
    "    name: 'saml',",
    "    label: 'Staff',",
    '    args: {',
    "      assertion_consumer_service_url: 'https://gitlab.example.com/users/auth/saml/callback',",
    `      idp_cert: ${opener}${comma}`,
    '        -----BEGIN CERTIFICATE-----',
    '        MIIB',
    '        -----END CERTIFICATE-----',
    '      CERT',
    '    }',
    '  }',
    ']',
    '',
  ].join('\n');

describe('gitlab.rb: a heredoc value', () => {
  it.each([
    ['<<~CERT', ''],
    ['<<-CERT', ''],
    ["<<~'CERT'", ''],
    ['<<~CERT', ','],
  ])('a new arg after %s%s goes after its closing line, the comma after its opener', async (opener, comma) => {
    const text = heredoc(opener, comma);
    const after = await edited(text, { name: 'saml', arg: ['issuer=gitlab', 'name_identifier_format=persistent'] }, 'gitlab.rb');
    expect(after).toContain(`      idp_cert: ${opener},\n        -----BEGIN CERTIFICATE-----\n`);
    expect(after).toContain(`      CERT\n      issuer: 'gitlab',\n      name_identifier_format: 'persistent'${comma}\n    }\n`);
  });

  it('a heredoc value replaced keeps the comma after it', async () => {
    const text = heredoc('<<~CERT', ',').replace('      CERT\n', "      CERT\n      issuer: 'gitlab'\n");
    const after = await edited(text, { name: 'saml', arg: ['idp_cert=NEW'] }, 'gitlab.rb');
    expect(after).toContain("      idp_cert: 'NEW',\n      issuer: 'gitlab'\n");
  });

  it('a heredoc arg removed goes with its lines', async () => {
    const after = await edited(heredoc('<<~CERT', ''), { removeArg: ['saml.idp_cert'] }, 'gitlab.rb');
    expect(after).not.toMatch(/CERT/);
    expect(after).toContain("callback',\n    }\n");
  });
});

describe('gitlab.rb: JSON-style "key": hashes', () => {
  const text = ["gitlab_rails['omniauth_providers'] = [", '  { "name": "github", "app_id": "x", "app_secret": "y", "args": { "scope": "user:email" } }', ']', ''].join('\n');

  it('new keys are written the same way', async () => {
    const after = await edited(text, { name: 'github', label: 'GH', arg: ['allow_signup=false'] }, 'gitlab.rb');
    expect(after).toContain('{ "name": "github", "app_id": "x", "app_secret": "y", "args": { "scope": "user:email", "allow_signup": "false" }, "label": "GH" }');
  });

  it('a new provider follows them too', async () => {
    const after = await edited(text, { name: 'gitlab', appId: 'a', appSecretEnv: 'S' }, 'gitlab.rb');
    expect(after).toContain('"name": "gitlab"');
  });
});

describe('gitlab.yml: omniauth: inherited through a merge key', () => {
  const text = [
    'defaults: &base',
    '  omniauth:',
    '    enabled: true',
    '    providers:',
    '      - { name: saml, label: Staff, args: { issuer: x } }',
    'production:',
    '  <<: *base',
    '  gitlab:',
    '    host: gitlab.example.com',
    'development:',
    '  <<: *base',
    '',
  ].join('\n');

  it('is edited where the anchor defines it, and says so', async () => {
    const result = await render(text, { name: 'saml', label: 'SSO', set: ['block_auto_created_users=true'] }, 'gitlab.yml');
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).toBe(
      text
        .replace('    enabled: true\n', '    enabled: true\n    block_auto_created_users: true\n')
        .replace('label: Staff', 'label: SSO'),
    );
    expect(result.plan.notes).toEqual([
      "'production:' inherits omniauth: through <<: *base: the change is made where &base defines it (line 2); 'development:' merges it too and gets the change as well",
    ]);
  });

  it('a section that inherits no omniauth: is still refused, with the reason', async () => {
    const none = text.replace(/ {2}omniauth:\n(?: {4}.*\n)+/, '  x: 1\n');
    const result = await render(none, { name: 'gitlab', appId: 'a', appSecretEnv: 'S' }, 'gitlab.yml');
    expect(result.status).toBe('refused');
    if (result.status === 'refused') expect(result.message).toMatch(/merge key/);
  });
});
