/**
 * render on GitLab Helm chart values: settings are edited in place under
 * global.appConfig.omniauth by the chart's names, providers become
 * `{secret, key}` references with their content in a Secret manifest, and
 * every other byte of the values file stays as it was.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProviderFlags } from '../../src/edit/provider-input.js';
import { verifyChartEdit } from '../../src/edit/helm-values-edit.js';
import { providerSecretManifest } from '../../src/render/helm.js';
import { repoRoot } from '../support/cli.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { render } from './helpers.js';

const DIR = path.join(repoRoot, 'fixtures/helm/values-edit');
const values = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');
const FLAGS: ProviderFlags = { arg: [], argYaml: [], field: [], fieldYaml: [], argEnv: [], fieldEnv: [], set: [], remove: [], unset: [], removeArg: [], replace: false };

async function chartEdit(text: string, flags: Partial<ProviderFlags>, file = 'values.yaml') {
  const result = await render(text, { ...FLAGS, ...flags }, file);
  if (result.status !== 'ok') throw new Error(`${result.message}\n${result.reasons.join('\n')}`);
  return result;
}

/** The edit is a no-op the second time: same text, no edits. */
async function expectIdempotent(after: string, flags: Partial<ProviderFlags>, file = 'values.yaml'): Promise<void> {
  const again = await chartEdit(after, flags, file);
  expect(again.edits).toEqual([]);
  expect(again.after).toBe(after);
}

describe('chart values: settings', () => {
  it('changes, adds and removes settings by their chart names, every other byte kept', async () => {
    const before = values('values.yaml');
    const flags = { set: ['block_auto_created_users=true', 'auto_link_user=openid_connect'], unset: ['external_providers'] };
    const result = await chartEdit(before, flags);
    expect(result.after).toBe(
      before
        .replace('      blockAutoCreatedUsers: false\n', '      blockAutoCreatedUsers: true\n')
        .replace('      externalProviders: []\n', "      autoLinkUser: ['openid_connect']\n"),
    );
    await expectIdempotent(result.after, flags);
  });

  it('writes a list in the flow style and quotes the file uses', async () => {
    const before = values('flow-providers.yaml');
    const result = await chartEdit(before, { set: ['allow_single_sign_on=saml,kerberos'] });
    expect(result.after).toBe(before.replace('"saml"\n', '"saml"\n            allowSingleSignOn: ["saml", "kerberos"]\n'));
  });

  it('creates the missing appConfig: and omniauth: levels with the file\'s indentation', async () => {
    const before = values('no-omniauth.yaml');
    const flags = { set: ['enabled=true', 'block_auto_created_users=false'] };
    const result = await chartEdit(before, flags);
    expect(result.after).toBe(
      before.replace('    domain: example.com\n', '    domain: example.com\n  appConfig:\n    omniauth:\n      enabled: true\n      blockAutoCreatedUsers: false\n'),
    );
    await expectIdempotent(result.after, flags);
    const four = 'global:\n    edition: ce\n';
    expect((await chartEdit(four, { set: ['enabled=true'] })).after).toBe(`${four}    appConfig:\n        omniauth:\n            enabled: true\n`);
  });

  it('creates global: in a values file that has none, and in an empty one', async () => {
    const before = '# nothing else\nimage:\n  tag: v1 # pinned\n';
    expect((await chartEdit(before, { set: ['enabled=true'] })).after).toBe(`${before}global:\n  appConfig:\n    omniauth:\n      enabled: true\n`);
    expect((await chartEdit('', { set: ['enabled=true'] })).after).toBe('global:\n  appConfig:\n    omniauth:\n      enabled: true\n');
    expect((await chartEdit('global:\n', { set: ['enabled=true'] })).after).toBe('global:\n  appConfig:\n    omniauth:\n      enabled: true\n');
  });

  it('refuses `<%` and ERB in a setting: the chart and GitLab both run gitlab.yml through ERB', async () => {
    const result = await render(values('values.yaml'), { ...FLAGS, set: ['auto_sign_in_with_provider=<%= 1 %>'] }, 'values.yaml');
    expect(result.status).toBe('refused');
    expect(result.status === 'refused' && result.message).toMatch(/ERB/);
  });

  it('refuses a setting the chart has no value for', async () => {
    const result = await render(values('values.yaml'), { ...FLAGS, set: ['sync_email_from_provider=saml'] }, 'values.yaml');
    expect(result.status === 'refused' && result.message).toMatch(/no chart value under global\.appConfig\.omniauth/);
  });
});

const HOSTILE = {
  label: `It's "SSO" #{x} $HOME <% raise %> %>`,
  appId: 'id with: colon # not a comment',
  appSecret: "s3cr'et\n  second line: <%= ENV['X'] %> \u00e9\u4e2d\ud83d\ude00 \\ end ",
};

/**
 * What GitLab ends up with from a Secret: Psych loads the manifest and the
 * provider YAML in it, the chart's template writes that as JSON into
 * gitlab.yml, and GitLab's ERB pass runs over it.
 */
const CHART_LOAD = String.raw`
require 'erb'
require 'json'
require 'yaml'
manifest = YAML.safe_load($stdin.read)
provider = YAML.safe_load(manifest.fetch('stringData').fetch('provider'))
puts JSON.generate({ 'kind' => manifest['kind'], 'type' => manifest['type'], 'name' => manifest.dig('metadata', 'name'), 'provider' => JSON.parse(ERB.new(provider.to_json).result) })
`;

describe('chart values: providers', () => {
  it('adds a {secret, key} reference in the list\'s style; the provider goes to a Secret, never into the values', async () => {
    const before = values('values.yaml');
    const flags = { name: 'github', appId: HOSTILE.appId, appSecret: HOSTILE.appSecret, label: HOSTILE.label };
    const result = await chartEdit(before, flags);
    expect(result.after).toBe(before.replace('        - name: group_saml\n', '        - name: group_saml\n        - secret: gitlab-omniauth-github\n          key: provider\n'));
    expect(result.helm?.secrets.map((s) => [s.name, s.key])).toEqual([['gitlab-omniauth-github', 'provider']]);
    for (const value of [HOSTILE.appId, 's3cr', 'second line', 'SSO']) expect(result.after).not.toContain(value);
    await expectIdempotent(result.after, flags);
  });

  it('adds to a flow list on its line, and the levels and enabled: true where there were none', async () => {
    const flow = values('flow-providers.yaml');
    const inFlow = await chartEdit(flow, { name: 'github', appId: 'x', appSecret: 'y' });
    expect(inFlow.after).toBe(flow.replace('{name: kerberos}]', '{name: kerberos}, { secret: gitlab-omniauth-github, key: provider }]'));
    const bare = values('no-omniauth.yaml');
    const created = await chartEdit(bare, { name: 'my_oidc', appId: 'x', appSecret: 'y', helmSecret: undefined } as Partial<ProviderFlags>);
    expect(created.after).toBe(
      bare.replace('    domain: example.com\n', '    domain: example.com\n  appConfig:\n    omniauth:\n      enabled: true\n      providers:\n        - secret: gitlab-omniauth-my-oidc\n          key: provider\n'),
    );
    expect(created.plan.notes.join('\n')).toMatch(/enabled is set to true/);
  });

  it('fills a preset\'s callback URL from the chart\'s GitLab host (global.hosts)', async () => {
    const flags = { preset: 'openid_connect', appId: 'x', appSecret: 'y', arg: ['issuer=https://idp.example.com', 'uid_field=sub'] };
    const redirect = async (text: string) => {
      const [secret] = (await chartEdit(text, flags)).helm?.secrets ?? [];
      const provider = secret?.provider;
      const options = provider?.kind === 'mapping' ? provider.entries.find((e) => e.key === 'args')?.value : undefined;
      const client = options?.kind === 'mapping' ? options.entries.find((e) => e.key === 'client_options')?.value : undefined;
      return client?.kind === 'mapping' ? client.entries.find((e) => e.key === 'redirect_uri')?.value : undefined;
    };
    expect(await redirect(values('no-omniauth.yaml'))).toEqual({ kind: 'string', value: 'https://gitlab.example.com/users/auth/openid_connect/callback' });
    const named = 'global:\n  hosts:\n    domain: example.com\n    https: false\n    gitlab:\n      name: code.example.org\n';
    expect(await redirect(named)).toEqual({ kind: 'string', value: 'http://code.example.org/users/auth/openid_connect/callback' });
  });

  it('keeps a provider that is already referenced: no second item, its Secret key kept', async () => {
    const before = values('values.yaml');
    const result = await render(before, { ...FLAGS, name: 'openid_connect', arg: ['issuer=https://idp.example.com'] }, 'values.yaml', undefined, { secretName: 'gitlab-oidc' });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).toBe(before);
    expect(result.helm?.secrets.map((s) => [s.name, s.key])).toEqual([['gitlab-oidc', 'oidc.json']]);
    expect(result.plan.notes.join('\n')).toMatch(/--secret-file/);
  });

  it('leaves a name-only item (group_saml) to the file: it is not moved into a Secret', async () => {
    const result = await render(values('values.yaml'), { ...FLAGS, name: 'group_saml', label: 'Group SSO' }, 'values.yaml');
    expect(result.status === 'refused' && result.message).toMatch(/name-only item/);
  });

  it.skipIf(!oracleAvailable('ruby'))('writes a Secret that Psych, the chart and GitLab\'s ERB read back to exactly the provider given', async () => {
    const result = await chartEdit(values('values.yaml'), { name: 'github', appId: HOSTILE.appId, appSecret: HOSTILE.appSecret, label: HOSTILE.label, arg: ['scope=user:email $x'] });
    const [secret] = result.helm?.secrets ?? [];
    if (!secret) throw new Error('no Secret');
    const manifest = providerSecretManifest(secret.name, secret.provider, { key: secret.key, showSecrets: true });
    const run = runRuby(CHART_LOAD, manifest);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({
      kind: 'Secret',
      type: 'Opaque',
      name: 'gitlab-omniauth-github',
      provider: { name: 'github', label: HOSTILE.label, app_id: HOSTILE.appId, app_secret: HOSTILE.appSecret, args: { scope: 'user:email $x' } },
    });
  });
});

describe('chart values: --secret-file manifests', () => {
  it.skipIf(!oracleAvailable('ruby'))('a provider merged into an existing manifest reads back with Psych, the chart and ERB as the merge of both', async () => {
    const manifest = `# kept\n${values('saml-secret.yaml')}`;
    const result = await render(values('values.yaml'), { ...FLAGS, name: 'saml', label: HOSTILE.label, arg: [`idp_cert_fingerprint=${HOSTILE.appSecret}`] }, 'values.yaml', undefined, {
      secretFile: { name: 'saml-secret.yaml', text: manifest },
    });
    if (result.status !== 'ok') throw new Error(result.message);
    const after = result.helm?.secretFile?.after ?? '';
    expect(after.startsWith('# kept\n# Secrets of the GitLab chart\napiVersion: v1\n')).toBe(true);
    const run = runRuby(CHART_LOAD, after);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).provider).toEqual({
      name: 'saml',
      label: HOSTILE.label,
      args: {
        assertion_consumer_service_url: 'https://gitlab.example.com/users/auth/saml/callback',
        idp_cert_fingerprint: HOSTILE.appSecret,
        idp_sso_target_url: 'https://idp.example.com/sso/saml',
        issuer: 'https://gitlab.example.com',
        name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
      },
    });
    // The values file is not touched: the reference is there already.
    expect(result.after).toBe(values('values.yaml'));
  });
});

describe('chart values: --remove and --unset', () => {
  it('removes the reference of a provider by its default Secret name, --helm-secret or the --secret-file manifest, and its name from the list settings', async () => {
    const before = values('values.yaml');
    const bySecretFile = await render(before, { ...FLAGS, remove: ['saml'] }, 'values.yaml', undefined, { secretFile: { name: 'saml-secret.yaml', text: values('saml-secret.yaml') } });
    if (bySecretFile.status !== 'ok') throw new Error(bySecretFile.message);
    expect(bySecretFile.after).toBe(before.replace("['saml', 'openid_connect']", "['openid_connect']").replace('        - secret: gitlab-saml\n', ''));
    expect(bySecretFile.helm?.dropped).toEqual(['gitlab-saml']);
    expect(bySecretFile.plan.notes.join('\n')).toMatch(/kubectl delete secret -n NAMESPACE gitlab-saml/);

    const byName = await render(before, { ...FLAGS, remove: ['openid_connect'] }, 'values.yaml', undefined, { secretName: 'gitlab-oidc' });
    if (byName.status !== 'ok') throw new Error(byName.message);
    expect(byName.after).toBe(before.replace("['saml', 'openid_connect']", "['saml']").replace('        - secret: gitlab-oidc\n          key: oidc.json\n', ''));

    const added = await chartEdit(before, { name: 'github', appId: 'x', appSecret: 'y' });
    const removed = await chartEdit(added.after, { remove: ['github'] });
    expect(removed.after).toBe(before);
  });

  it('removes a name-only item, and one from a flow list; the last item leaves `providers: []`', async () => {
    const before = values('values.yaml');
    expect((await chartEdit(before, { remove: ['group_saml'] })).after).toBe(before.replace('        - name: group_saml\n', ''));
    const flow = values('flow-providers.yaml');
    const one = await chartEdit(flow, { remove: ['kerberos'] });
    expect(one.after).toBe(flow.replace(', {name: kerberos}]', ']'));
    const both = await render(one.after, { ...FLAGS, remove: ['saml'] }, 'values.yaml', undefined, { secretName: 'gitlab-saml' });
    if (both.status !== 'ok') throw new Error(both.message);
    // autoSignInWithProvider named the provider removed: it goes too.
    expect(both.after).toBe(flow.replace('[{secret: gitlab-saml}, {name: kerberos}]', '[]').replace('            autoSignInWithProvider: "saml"\n', ''));
  });

  it('removes and adds in one command, in block and flow lists, the last item removed included', async () => {
    const block = 'global:\n  appConfig:\n    omniauth:\n      enabled: true\n      providers:\n        - secret: gitlab-omniauth-saml\n        - name: kerberos\nx: 1\n';
    const swapped = await chartEdit(block, { remove: ['saml', 'kerberos'], name: 'github', appId: 'a', appSecret: 'b' });
    expect(swapped.after).toBe(block.replace('        - secret: gitlab-omniauth-saml\n        - name: kerberos\n', '        - secret: gitlab-omniauth-github\n          key: provider\n'));
    const flow = 'global:\n  appConfig:\n    omniauth:\n      enabled: true\n      providers: [{secret: gitlab-omniauth-saml}, {name: kerberos}, {name: group_saml}]\n';
    expect((await chartEdit(flow, { remove: ['kerberos', 'group_saml'] })).after).toBe(flow.replace(', {name: kerberos}, {name: group_saml}]', ']'));
    const mixed = await chartEdit(flow, { remove: ['saml', 'kerberos'], name: 'github', appId: 'a', appSecret: 'b' });
    expect(mixed.after).toBe(flow.replace('[{secret: gitlab-omniauth-saml}, {name: kerberos}, {name: group_saml}]', '[{name: group_saml}, { secret: gitlab-omniauth-github, key: provider }]'));
  });

  it('says so when no item references the provider\'s Secret, and changes nothing', async () => {
    const before = values('values.yaml');
    const result = await chartEdit(before, { remove: ['github'] });
    expect(result.after).toBe(before);
    expect(result.plan.notes.join('\n')).toMatch(/no item of global\.appConfig\.omniauth\.providers references the Secret gitlab-omniauth-github/);
  });

  it('unsets a setting whose value spans lines, and a setting that is not there is a note', async () => {
    const before = values('values.yaml').replace("allowSingleSignOn: ['saml', 'openid_connect']   # who may sign up", 'allowSingleSignOn:\n        - saml\n        - openid_connect');
    const result = await chartEdit(before, { unset: ['allow_single_sign_on', 'auto_link_user'] });
    expect(result.after).toBe(before.replace('      allowSingleSignOn:\n        - saml\n        - openid_connect\n', ''));
    expect(result.plan.notes.join('\n')).toMatch(/auto_link_user is not set/);
  });
});

describe('chart values: the gate before a write', () => {
  it('refuses an edit that changed a key outside the section, a setting not asked for, or a reference', async () => {
    const before = values('values.yaml');
    const flags = { set: ['block_auto_created_users=true'] };
    const good = await chartEdit(before, flags);
    const check = (after: string, references = ['gitlab-saml/provider', 'gitlab-oidc/oidc.json', 'gitlab-github/provider']) =>
      verifyChartEdit(before, after, good.beforeModel, good.edits, good.plan, [[before.indexOf('    omniauth:'), before.indexOf('    ldap:')]], references, 'values.yaml');
    expect(await check(good.after)).toEqual([]);
    expect((await check(good.after.replace('domain: example.com', 'domain: example.org'))).join('\n')).toMatch(/keys outside global\.appConfig\.omniauth/);
    expect((await check(good.after.replace("['saml', 'openid_connect']", "['saml']"))).join('\n')).toMatch(/allow_single_sign_on/);
    expect((await check(good.after.replace('key: oidc.json', 'key: provider'))).join('\n')).toMatch(/Secret references read back/);
    // An edit that replaces text outside the section is refused even when the data reads the same.
    const stray = { start: 0, end: 1, text: '#' };
    expect((await verifyChartEdit(before, before, good.beforeModel, [stray], good.plan, [], [], 'values.yaml')).join('\n')).toMatch(/outside global\.appConfig\.omniauth/);
  });

  it('refuses to edit an omniauth: shared through an anchor', async () => {
    const result = await render('global:\n  appConfig:\n    omniauth: &om\n      enabled: true\nother: *om\n', { ...FLAGS, set: ['enabled=false'] }, 'values.yaml');
    expect(result.status === 'refused' && result.message).toMatch(/shared through the YAML anchor &om/);
  });

  it('runs the provider checks on the Secret\'s provider: an error it brings in is reported', async () => {
    const result = await render(values('values.yaml'), { ...FLAGS, name: 'github', appId: 'x' }, 'values.yaml');
    if (result.status !== 'ok') throw new Error(result.message);
    expect(result.introduced.map((d) => `${d.rule} ${d.severity}`)).toContain('provider-schema error');
  });
});
