import { describe, expect, it } from 'vitest';
import { azureOauth2RemovedRule } from '../../../src/check/rules/providers/azure-oauth2-removed.js';
import { deprecatedSettingRule } from '../../../src/check/rules/providers/deprecated-setting.js';
import { deprecatedProviderRule, removedProviderRule } from '../../../src/check/rules/providers/removed-provider.js';
import type { Rule } from '../../../src/check/rule.js';
import { lines, model, ruby, withProvider, type ModelSpec, type V } from './support.js';

type Case = [string, V, string | undefined, string[]];

function table(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    it.each(cases)('%s', (_, provider, gitlabVersion, expected) => {
      expect(lines(rule, withProvider(provider), gitlabVersion ? { gitlabVersion } : {})).toEqual(expected);
    });
  });
}

const twitter: V = { name: 'twitter', app_id: 'a', app_secret: 'b' };

table(removedProviderRule, [
  ['a current provider', { name: 'github' }, undefined, []],
  ['twitter before its removal', twitter, '16.11', []],
  ['twitter at the newest known version', twitter, undefined, [expect.stringMatching(/^error omniauth\.providers\[0\]\.name: `twitter` was removed in GitLab 17\.0 \(checked for \d+\.\d+\)$/) as unknown as string]],
  ['twitter on 17.0', twitter, '17.0', ['error omniauth.providers[0].name: `twitter` was removed in GitLab 17.0 (checked for 17.0)']],
  ['CAS on 16.0', { name: 'cas3', args: {} }, '16.0.3', ['error omniauth.providers[0].name: `cas3` was removed in GitLab 16.0 (checked for 16.0)']],
  [
    'Authentiq',
    { name: 'authentiq' },
    '16.0',
    ['error omniauth.providers[0].name: `authentiq` was removed in GitLab 15.9 (checked for 16.0): Authentiq shut down its service; GitLab removed the omniauth-authentiq gem without a deprecation period'],
  ],
  ['a removed name reused with another strategy', { name: 'facebook', args: { strategy_class: 'OmniAuth::Strategies::OpenIDConnect' } }, '17.0', []],
]);

table(deprecatedProviderRule, [
  ['twitter before its deprecation', twitter, '16.2', []],
  ['twitter deprecated', twitter, '16.11', ['warning omniauth.providers[0].name: `twitter` is deprecated since GitLab 16.3 and removed in 17.0']],
  ['twitter removed is not also deprecated', twitter, '17.0', []],
  ['DingTalk deprecated', { name: 'dingtalk' }, '16.0', ['warning omniauth.providers[0].name: `dingtalk` is deprecated since GitLab 15.10 and removed in 17.0']],
  ['DingTalk before it existed', { name: 'dingtalk' }, '14.4', ['error omniauth.providers[0].name: `dingtalk` only exists from GitLab 14.5 (checked for 14.4)']],
  ['the old Kerberos name', { name: 'kerberos_spnego' }, '16.0', ['warning omniauth.providers[0].name: `kerberos_spnego` was renamed to `kerberos` in GitLab 15.4; GitLab still reads the old name, use the new one']],
]);

table(azureOauth2RemovedRule, [
  ['migrated to OpenID Connect', { name: 'azure_oauth2', args: { name: 'azure_oauth2', strategy_class: 'OmniAuth::Strategies::OpenIDConnect' } }, undefined, []],
  ['Azure v2', { name: 'azure_activedirectory_v2', args: { client_id: 'a', client_secret: 'b' } }, undefined, []],
  ['args computed by an expression may hold the migration', { name: 'azure_oauth2', args: ruby('AZURE_OIDC_ARGS') }, '17.2', []],
  [
    'still on v1, GitLab 17',
    { name: 'azure_oauth2', args: { client_id: 'a', client_secret: 'b', tenant_id: 't' } },
    '17.2',
    ['error omniauth.providers[0].name: `azure_oauth2` uses the Azure AD v1 strategy, removed in GitLab 17.0: move it to OpenID Connect (keep the name, add strategy_class OmniAuth::Strategies::OpenIDConnect and uid_field "sub")'],
  ],
  [
    'still on v1, GitLab 16',
    { name: 'azure_oauth2', args: { client_id: 'a', client_secret: 'b', tenant_id: 't' } },
    '16.11',
    ['warning omniauth.providers[0].name: `azure_oauth2` uses the Azure AD v1 strategy, which GitLab 17.0 removes: move it to OpenID Connect before upgrading (keep the name, add strategy_class OmniAuth::Strategies::OpenIDConnect and uid_field "sub")'],
  ],
]);

describe('deprecated-setting', () => {
  const cases: Array<[string, ModelSpec, string | undefined, string[]]> = [
    ['no such settings', { settings: { enabled: true } }, undefined, []],
    ['CAS session duration before deprecation', { settings: { 'cas3.session_duration': 28800 } }, '15.2', []],
    ['CAS session duration, deprecated', { settings: { 'cas3.session_duration': 28800 } }, '15.11', ['warning omniauth.cas3.session_duration: `omniauth_cas3_session_duration` is deprecated since GitLab 15.3 and removed in 16.0']],
    ['CAS session duration, removed', { settings: { 'cas3.session_duration': 28800 } }, '16.0', ['error omniauth.cas3.session_duration: `omniauth_cas3_session_duration` has had no effect since GitLab 16.0 (removed with the CAS provider; GitLab ignores it)']],
    ['step-up authentication on a new enough GitLab', { providers: [{ name: 'openid_connect', step_up_auth: { admin_mode: {}, namespace: {} }, args: {} }] }, '18.4', []],
    [
      'step-up authentication for groups on 18.0',
      { providers: [{ name: 'openid_connect', step_up_auth: { admin_mode: {}, namespace: {} }, args: {} }] },
      '18.0',
      ['warning omniauth.providers[0].step_up_auth.namespace: `step_up_auth.namespace` needs GitLab 18.4 or later (checked for 18.0); earlier versions ignore it'],
    ],
  ];
  it.each(cases)('%s', (_, spec, gitlabVersion, expected) => {
    expect(lines(deprecatedSettingRule, model(spec), gitlabVersion ? { gitlabVersion } : {})).toEqual(expected);
  });
});
