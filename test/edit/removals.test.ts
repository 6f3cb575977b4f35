/**
 * Taking things out: `--remove` also takes the provider's name out of the
 * settings that list providers, `--unset` removes a general setting,
 * `--remove-arg` one key of a provider's args. Each is checked on both
 * formats and read back by the edit's own verification.
 */
import { describe, expect, it } from 'vitest';
import { edited, render, touchedLines } from './helpers.js';

const rb = [
  "gitlab_rails['omniauth_allow_single_sign_on'] = ['saml', 'github']",
  "gitlab_rails['omniauth_auto_sign_in_with_provider'] = 'github'",
  "gitlab_rails['omniauth_block_auto_created_users'] = true",
  "gitlab_rails['omniauth_external_providers'] = ['github']",
  "gitlab_rails['omniauth_sync_profile_from_provider'] = ['saml']",
  "gitlab_rails['omniauth_providers'] = [",
  "  { name: 'saml', label: 'Staff', args: { issuer: 'x', idp_cert_fingerprint: 'AA' } },",
  '  {',
  "    name: 'github',",
  "    app_id: ENV['A'],",
  "    app_secret: ENV['B'],",
  "    args: { scope: 'user:email', foo: 'bar' }",
  '  }',
  ']',
  '',
].join('\n');

const yml = [
  'production:',
  '  omniauth:',
  '    allow_single_sign_on: ["saml", "github"]',
  '    auto_sign_in_with_provider: "github"',
  '    block_auto_created_users: true',
  '    external_providers: ["github"]',
  '    sync_profile_from_provider: ["saml"]',
  '    providers:',
  '      - { name: saml, label: Staff, args: { issuer: x, idp_cert_fingerprint: AA } }',
  '      - name: github',
  `        app_id: "<%= ENV['A'] %>"`,
  `        app_secret: "<%= ENV['B'] %>"`,
  '        args:',
  '          scope: user:email',
  '          foo: bar',
  '',
].join('\n');

describe.each([
  ['gitlab.rb', rb],
  ['gitlab.yml', yml],
])('%s', (file, text) => {
  it('--remove takes the provider out of every setting that names it, in the same edit', async () => {
    const result = await render(text, { remove: ['github'] }, file);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).not.toMatch(/github/);
    expect(result.after).toMatch(/allow_single_sign_on.*\[['"]saml['"]\]/);
    expect(result.after).toMatch(/external_providers.*\[\]/);
    expect(result.after).not.toMatch(/auto_sign_in_with_provider/);
    // The settings that do not name it stay as they were.
    expect(result.after).toMatch(/sync_profile_from_provider.*\[['"]saml['"]\]/);
    expect(result.after).toMatch(/block_auto_created_users.*true/);
    expect(result.plan.settings.map((s) => s.name).sort()).toEqual(['allow_single_sign_on', 'auto_sign_in_with_provider', 'external_providers']);
  });

  it('--remove of a provider that is not there says so and changes nothing', async () => {
    const result = await render(text, { remove: ['gitlab'] }, file);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).toBe(text);
    expect(result.plan.notes).toEqual(["no provider named 'gitlab' to remove"]);
  });

  it('--set of a listing setting wins over the cleanup of a removed provider', async () => {
    const after = await edited(text, { remove: ['github'], set: ['external_providers=saml'] }, file);
    expect(after).toMatch(/external_providers.*\[['"]saml['"]\]/);
  });

  it('--unset removes a general setting and its line, nothing else', async () => {
    const after = await edited(text, { unset: ['block_auto_created_users'] }, file);
    expect(after).not.toMatch(/block_auto_created_users/);
    expect(touchedLines(text, after)).toEqual([text.split('\n').findIndex((l) => l.includes('block_auto_created_users')) + 1]);
    const again = await render(after, { unset: ['block_auto_created_users'] }, file);
    expect(again.status === 'ok' && again.after).toBe(after);
  });

  it('--unset of a name GitLab does not know is refused', async () => {
    await expect(render(text, { unset: ['block_auto_created_user'] }, file)).rejects.toThrow(/not an OmniAuth setting/);
  });

  it('--remove-arg removes one key, in a one-line and in a multi-line mapping', async () => {
    const after = await edited(text, { removeArg: ['github.foo', 'saml.issuer'] }, file);
    expect(after).not.toMatch(/foo|issuer/);
    expect(after).toMatch(/scope: ['"]?user:email/);
    expect(after).toMatch(/idp_cert_fingerprint: ['"]?AA/);
  });

  it('--remove-arg with new keys in the same mapping and beside it', async () => {
    const after = await edited(text, { name: 'github', label: 'GH', arg: ['allow_signup=false'], removeArg: ['github.foo'] }, file);
    expect(after).not.toMatch(/foo/);
    expect(after).toMatch(/allow_signup: ['"]false/);
    expect(after).toMatch(/label: ['"]?GH/);
  });

  it('--remove-arg of every key leaves an empty args mapping', async () => {
    const after = await edited(text, { removeArg: ['saml.issuer', 'saml.idp_cert_fingerprint'] }, file);
    expect(after).toMatch(/label: ['"]?Staff['"]?, args: \{\} \}/);
  });

  it('--remove-arg of a key that is not there says so and changes nothing', async () => {
    const result = await render(text, { removeArg: ['github.nope'] }, file);
    expect(result.status === 'ok' && result.after).toBe(text);
    expect(result.status === 'ok' && result.plan.notes).toEqual(["provider 'github' has no args.nope: nothing to remove"]);
  });

  it('--remove-arg and --arg of the same key is refused', async () => {
    const result = await render(text, { name: 'github', arg: ['foo=x'], removeArg: ['github.foo'] }, file);
    expect(result.status).toBe('refused');
  });
});
