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
import { repoRoot } from '../support/cli.js';
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
