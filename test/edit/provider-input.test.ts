import { describe, expect, it } from 'vitest';
import type { PlainValue } from '../../src/model/plain.js';
import { buildEditRequest, parseProviderFile, parseSetting, type ProviderFlags } from '../../src/edit/provider-input.js';
import { presetNames, presetProvider } from '../../src/edit/presets.js';

const s = (value: string): PlainValue => ({ kind: 'string', value });
const m = (entries: Record<string, PlainValue>): PlainValue => ({ kind: 'mapping', entries: Object.entries(entries).map(([key, value]) => ({ key, value })) });

async function entryOf(flags: ProviderFlags): Promise<PlainValue> {
  const result = await buildEditRequest(flags);
  if (!result.ok) throw new Error(result.message);
  const upsert = result.value.upserts[0];
  if (!upsert) throw new Error('no provider');
  return upsert.entry;
}

describe('provider from flags', () => {
  it('builds the entry in the docs order, args last', async () => {
    expect(await entryOf({ name: 'gitlab', arg: ['scope=api'], appId: 'id', appSecret: 'secret', label: 'GitLab.com' })).toEqual(
      m({ name: s('gitlab'), label: s('GitLab.com'), app_id: s('id'), app_secret: s('secret'), args: m({ scope: s('api') }) }),
    );
  });

  it('dotted --arg keys nest under args', async () => {
    expect(await entryOf({ name: 'gitlab', arg: ['scope=api', 'client_options.site=https://gitlab.example.com'] })).toEqual(
      m({ name: s('gitlab'), args: m({ scope: s('api'), client_options: m({ site: s('https://gitlab.example.com') }) }) }),
    );
  });

  it.each([
    ['0123', s('0123')],
    ['true', s('true')],
    ['3600', s('3600')],
    ['a=b', s('a=b')],
    ['', s('')],
  ])('--arg values stay strings: %j', async (raw, expected) => {
    expect(await entryOf({ name: 'x', arg: [`k=${raw}`] })).toEqual(m({ name: s('x'), args: m({ k: expected }) }));
  });

  it.each<[string, PlainValue]>([
    ['true', { kind: 'boolean', value: true }],
    ['3600', { kind: 'integer', value: '3600' }],
    ['1.5', { kind: 'float', value: 1.5 }],
    ['~', { kind: 'null' }],
    ["'0123'", s('0123')],
    ['[openid, email]', { kind: 'array', items: [s('openid'), s('email')] }],
  ])('--arg-yaml types the value as YAML: %s', async (raw, expected) => {
    expect(await entryOf({ name: 'x', argYaml: [`k=${raw}`] })).toEqual(m({ name: s('x'), args: m({ k: expected }) }));
  });

  it('--field sets top-level keys (beside args)', async () => {
    expect(await entryOf({ name: 'saml', field: ['groups_attribute=Groups'], fieldYaml: ['verify_ssl=false'] })).toEqual(
      m({ name: s('saml'), groups_attribute: s('Groups'), verify_ssl: { kind: 'boolean', value: false } }),
    );
  });

  it('--app-secret-env is a reference, not a value', async () => {
    expect(await entryOf({ name: 'gitlab', appSecretEnv: 'GITLAB_OAUTH_SECRET' })).toEqual(
      m({ name: s('gitlab'), app_secret: { kind: 'env', variable: 'GITLAB_OAUTH_SECRET' } }),
    );
  });

  it.each<[ProviderFlags, RegExp]>([
    [{ appId: 'x' }, /no name/],
    [{ name: 'x', appSecret: 'a', appSecretEnv: 'B' }, /either --app-secret or --app-secret-env/],
    [{ name: 'x', appSecretEnv: 'NOT-A-NAME' }, /environment variable name/],
    [{ name: 'x', arg: ['scope'] }, /KEY=VALUE/],
    [{ name: 'x', arg: ['a..b=1'] }, /empty part/],
    [{ name: 'x', argYaml: ['k=[unclosed'] }, /not a YAML value/],
    [{ preset: 'facebookk' }, /no preset named 'facebookk'/],
    [{}, /nothing to render/],
  ])('refuses %j', async (flags, message) => {
    const result = await buildEditRequest(flags);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});

describe('presets', () => {
  it('every preset is a provider mapping named after itself', () => {
    for (const name of presetNames()) {
      const preset = presetProvider(name);
      expect(preset?.kind).toBe('mapping');
      if (preset?.kind === 'mapping') expect(preset.entries.find((e) => e.key === 'name')?.value).toEqual(s(name));
    }
  });

  it.each(['gitlab', 'github', 'google_oauth2', 'openid_connect', 'saml', 'bitbucket', 'azure_activedirectory_v2'])('has %s', (name) => {
    expect(presetNames()).toContain(name);
  });

  it('flags fill in a preset: given keys replace the placeholders in place', async () => {
    const entry = await entryOf({ preset: 'gitlab', appId: 'real-id', arg: ['scope=api'] });
    expect(entry).toEqual(m({ name: s('gitlab'), app_id: s('real-id'), app_secret: s('YOUR_APP_SECRET'), args: m({ scope: s('api') }) }));
  });
});

describe('provider file', () => {
  it('reads a YAML mapping', async () => {
    const result = await parseProviderFile("name: gitlab\napp_id: '0123'\nargs:\n  scope: api\n  valid_within: 3600\n", 'p.yml');
    expect(result).toEqual({ ok: true, value: [m({ name: s('gitlab'), app_id: s('0123'), args: m({ scope: s('api'), valid_within: { kind: 'integer', value: '3600' } }) })] });
  });

  it('reads JSON, and a list of providers', async () => {
    const result = await parseProviderFile('[{"name": "github"}, {"name": "saml", "args": {"x": 1.0}}]', 'p.json');
    expect(result).toEqual({ ok: true, value: [m({ name: s('github') }), m({ name: s('saml'), args: m({ x: { kind: 'float', value: 1 } }) })] });
  });

  it("takes a whole-value <%= ENV['X'] %> as a secret reference", async () => {
    const result = await parseProviderFile(`name: gitlab\napp_secret: "<%= ENV['GITLAB_SECRET'] %>"\nlabel: "a <% b"\n`, 'p.yml');
    expect(result).toEqual({ ok: true, value: [m({ name: s('gitlab'), app_secret: { kind: 'env', variable: 'GITLAB_SECRET' }, label: s('a <% b') })] });
  });

  it('reports a YAML error with its line', async () => {
    const result = await parseProviderFile('name: gitlab\n  app_id: [x\n', 'p.yml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^cannot read p\.yml:\d+:\d+/);
  });

  it('refuses a scalar', async () => {
    expect((await parseProviderFile('gitlab\n', 'p.yml')).ok).toBe(false);
  });

  it('a single-provider file can be completed by flags', async () => {
    const request = await buildEditRequest({ providerFile: { name: 'p.yml', text: 'name: gitlab\napp_id: x\n' }, appSecretEnv: 'S' });
    expect(request.ok && request.value.upserts[0]?.entry).toEqual(m({ name: s('gitlab'), app_id: s('x'), app_secret: { kind: 'env', variable: 'S' } }));
  });
});

describe('--set', () => {
  it.each<[string, string, PlainValue]>([
    ['allow_single_sign_on=gitlab,saml', 'allow_single_sign_on', { kind: 'array', items: [s('gitlab'), s('saml')] }],
    ['allow_single_sign_on=true', 'allow_single_sign_on', { kind: 'boolean', value: true }],
    ['block_auto_created_users=true', 'block_auto_created_users', { kind: 'boolean', value: true }],
    ['external_providers=', 'external_providers', { kind: 'array', items: [] }],
    ['auto_sign_in_with_provider=saml', 'auto_sign_in_with_provider', s('saml')],
    ['sync_profile_attributes=true', 'sync_profile_attributes', { kind: 'boolean', value: true }],
    ['sync_profile_attributes=name,email', 'sync_profile_attributes', { kind: 'array', items: [s('name'), s('email')] }],
    ['saml_message_max_byte_size=500000', 'saml_message_max_byte_size', { kind: 'integer', value: '500000' }],
    ['omniauth_block_auto_created_users=false', 'block_auto_created_users', { kind: 'boolean', value: false }],
  ])('%s', (spec, name, value) => {
    expect(parseSetting(spec)).toEqual({ ok: true, value: { name, value } });
  });

  it.each([
    ['block_auto_created_users=yes', /true or false/],
    ['saml_message_max_byte_size=big', /whole number/],
    ['allow_single_sign_onn=true', /not an OmniAuth setting/],
    ['providers=x', /--name/],
  ])('refuses %s', (spec, message) => {
    const result = parseSetting(spec);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });
});
