import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/edit/merge.js';
import { buildEditRequest, type ProviderFlags } from '../../src/edit/provider-input.js';
import type { PlainValue } from '../../src/model/plain.js';
import { readConfig } from '../../src/read/index.js';

const s = (value: string): PlainValue => ({ kind: 'string', value });
const m = (entries: Record<string, PlainValue>): PlainValue => ({ kind: 'mapping', entries: Object.entries(entries).map(([key, value]) => ({ key, value })) });

const FILE = `omniauth:
  allow_single_sign_on: ["saml"]
  providers:
    - { name: 'github', app_id: 'gh', app_secret: 'x', args: { scope: 'user:email', client_options: { site: 'https://github.example.com' } } }
    - { name: 'saml', label: 'SSO' }
`;

async function plan(flags: ProviderFlags) {
  const { model } = await readConfig(FILE, { file: 'gitlab.yml', format: 'source' });
  const request = await buildEditRequest(flags);
  if (!request.ok) throw new Error(request.message);
  return planMerge(model, request.value);
}

describe('merge', () => {
  it('an update merges nested args key by key', async () => {
    const result = await plan({ name: 'github', arg: ['client_options.authorize_url=/login', 'scope=read:user'] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.providers).toMatchObject([
      {
        kind: 'update',
        name: 'github',
        sets: [
          { path: ['args', 'client_options', 'authorize_url'], value: s('/login') },
          { path: ['args', 'scope'], value: s('read:user') },
        ],
      },
    ]);
    expect(result.plan.intendedProviders[0]).toEqual(
      m({
        name: s('github'),
        app_id: s('gh'),
        app_secret: s('x'),
        args: m({ scope: s('read:user'), client_options: m({ site: s('https://github.example.com'), authorize_url: s('/login') }) }),
      }),
    );
  });

  it('--replace replaces the whole entry', async () => {
    const result = await plan({ name: 'github', appId: 'new', replace: true });
    expect(result.ok && result.plan.providers[0]).toMatchObject({ kind: 'replace', after: m({ name: s('github'), app_id: s('new') }) });
  });

  it('an unknown name is appended', async () => {
    const result = await plan({ name: 'gitlab', appId: 'a' });
    expect(result.ok && result.plan.providers[0]).toMatchObject({ kind: 'append', name: 'gitlab' });
    expect(result.ok && result.plan.intendedProviders.length).toBe(3);
  });

  it('giving what is already there changes nothing', async () => {
    const result = await plan({ name: 'github', appId: 'gh', arg: ['scope=user:email'], set: ['allow_single_sign_on=saml'] });
    expect(result.ok && result.plan.providers).toEqual([]);
    expect(result.ok && result.plan.settings).toEqual([]);
  });

  it('--remove drops a provider; removing one that is not there is a note', async () => {
    const result = await plan({ remove: ['saml', 'cas3'] });
    expect(result.ok && result.plan.providers).toMatchObject([{ kind: 'remove', name: 'saml' }]);
    expect(result.ok && result.plan.notes).toEqual(["no provider named 'cas3' to remove"]);
    expect(result.ok && result.plan.intendedProviders.length).toBe(1);
  });

  it('settings replace the effective value', async () => {
    const result = await plan({ set: ['allow_single_sign_on=saml,github', 'block_auto_created_users=true'] });
    expect(result.ok && result.plan.settings.map((c) => [c.name, c.current?.name ?? null])).toEqual([
      ['allow_single_sign_on', 'allow_single_sign_on'],
      ['block_auto_created_users', null],
    ]);
    expect(result.ok && result.plan.intendedSettings.get('allow_single_sign_on')).toEqual({ kind: 'array', items: [s('saml'), s('github')] });
  });

  describe('--preset on a provider the file already has', () => {
    it('merges only the keys given: the preset’s placeholders never overwrite real values', async () => {
      const result = await plan({ preset: 'github', appId: 'new' });
      expect(result.ok && result.plan.providers).toMatchObject([{ kind: 'update', name: 'github', sets: [{ path: ['app_id'], value: s('new') }] }]);
      expect(result.ok && result.plan.notes).toEqual([expect.stringMatching(/'github' is already configured: only the keys given are merged into it, not the preset's/)]);
    });

    it('with nothing else given changes nothing', async () => {
      const result = await plan({ preset: 'github' });
      expect(result.ok && result.plan.providers).toEqual([]);
    });

    it('with --replace starts the entry afresh from the preset', async () => {
      const result = await plan({ preset: 'github', appId: 'new', replace: true });
      expect(result.ok && result.plan.providers).toMatchObject([
        { kind: 'replace', after: m({ name: s('github'), app_id: s('new'), app_secret: s('YOUR_APP_SECRET'), args: m({ scope: s('user:email') }) }) },
      ]);
    });

    it('a new provider starts from the preset', async () => {
      const result = await plan({ preset: 'gitlab', appId: 'a' });
      expect(result.ok && result.plan.providers).toMatchObject([
        { kind: 'append', after: m({ name: s('gitlab'), app_id: s('a'), app_secret: s('YOUR_APP_SECRET'), args: m({ scope: s('read_user') }) }) },
      ]);
    });
  });

  describe('values it cannot see through are not guessed at', () => {
    const OPAQUE = `base_args = { scope: 'api' }
github = { name: 'github', app_id: 'gh', app_secret: 'x' }
gitlab_rails['omniauth_providers'] = [
  { name: 'gitlab', app_id: 'a', app_secret: File.read('/etc/gitlab/secret').strip, args: base_args },
  github
]
`;
    async function planRb(flags: ProviderFlags) {
      const { model } = await readConfig(OPAQUE, { file: 'gitlab.rb', format: 'omnibus' });
      const request = await buildEditRequest(flags);
      if (!request.ok) throw new Error(request.message);
      return planMerge(model, request.value);
    }

    it.each<[string, ProviderFlags, RegExp]>([
      ['a key merged into args held by an expression', { name: 'gitlab', arg: ['scope=read_user'] }, /provider 'gitlab': args is a Ruby expression \(line 4\).*--replace/],
      ['a provider added beside an entry that is an expression', { name: 'github', appId: 'new' }, /line 5\).*cannot tell whether it is 'github'/],
      ['a provider removed that may be that entry', { remove: ['github'] }, /line 5\).*cannot tell whether it is 'github'/],
    ])('refuses %s', async (_, flags, message) => {
      expect(await planRb(flags)).toEqual({ ok: false, message: expect.stringMatching(message) });
    });

    it('replacing the expression itself is what was asked: it goes ahead', async () => {
      const result = await planRb({ name: 'gitlab', arg: ['scope=read_user'], replace: true });
      expect(result.ok && result.plan.providers).toMatchObject([{ kind: 'replace', name: 'gitlab' }]);
    });

    it('a provider with a literal name is still updated beside an expression entry, an expression value replaced by a given one', async () => {
      const result = await planRb({ name: 'gitlab', appId: 'new', appSecret: 'given' });
      expect(result.ok && result.plan.providers).toMatchObject([{ kind: 'update', name: 'gitlab', sets: [{ path: ['app_id'] }, { path: ['app_secret'] }] }]);
    });
  });
});
