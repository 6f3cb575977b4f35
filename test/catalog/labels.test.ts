/**
 * Provider labels as GitLab shows them on the sign-in button when an entry
 * sets no `label`: GitLab's LABELS table, else Rails' `titleize`.
 */
import { describe, expect, it } from 'vitest';
import { GITLAB_LABELS, signInLabel, titleize } from '../../src/catalog/labels.js';
import { PROVIDERS } from '../../src/catalog/providers.js';
import { runInProcess } from '../support/cli.js';

describe('signInLabel', () => {
  it.each([
    ['github', 'GitHub'],
    ['gitlab', 'GitLab.com'],
    ['google_oauth2', 'Google'],
    ['alicloud', 'AliCloud'],
    ['atlassian_oauth2', 'Atlassian'],
    ['azure_activedirectory_v2', 'Azure AD v2'],
    ['azure_oauth2', 'Azure AD (Obsolete)'],
    ['dingtalk', 'DingTalk'],
    // Not in the table: titleize, as the docs' "defaults to" comments say.
    ['openid_connect', 'Openid Connect'],
    ['saml', 'Saml'],
    ['jwt', 'Jwt'],
    ['oauth2_generic', 'Oauth2 Generic'],
    ['cas3', 'Cas3'],
    ['saml_2', 'Saml 2'],
    ['openid_connect_2fa', 'Openid Connect 2fa'],
  ])('%s → %j', (name, label) => {
    expect(signInLabel(name)).toBe(label);
  });

  it('titleize follows ActiveSupport: a trailing _id dropped, GitLab\'s acronyms kept, CamelCase split', () => {
    expect(titleize('corp_id')).toBe('Corp');
    expect(titleize('ee_saml')).toBe('EE Saml');
    expect(titleize('MyProvider')).toBe('My Provider');
    expect(titleize('okta-oidc')).toBe('Okta Oidc');
  });

  it('every catalog label is the one GitLab computes from the name', () => {
    for (const p of PROVIDERS) expect(p.label, p.name).toBe(signInLabel(p.name));
    for (const name of Object.keys(GITLAB_LABELS)) expect(PROVIDERS.some((p) => p.name === name), name).toBe(true);
  });

  it('`providers` prints them', async () => {
    const r = await runInProcess(['providers']);
    expect(r.stdout).toMatch(/^dingtalk +DingTalk +/m);
    expect(r.stdout).toMatch(/^azure_oauth2 +Azure AD \(Obsolete\) +/m);
    expect(r.stdout).toMatch(/^github +GitHub +/m);
  });
});
