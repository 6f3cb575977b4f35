import { describe, expect, test } from 'vitest';
import { unknownProviderReferenceRule } from '../../src/check/rules/unknown-provider-reference.js';
import { ruby, sym, type Lit, type ModelSpec } from './support/model.js';
import { run } from './support/run.js';

const withProviders = (settings: Record<string, Lit>, list: Lit[] = [{ name: 'google_oauth2' }, { name: 'saml' }]): ModelSpec => ({
  settings: { ...settings, omniauth_providers: list },
});

describe('rule: unknown-provider-reference', () => {
  test.each<[string, ModelSpec]>([
    ['configured names', withProviders({ omniauth_allow_single_sign_on: ['saml', 'google_oauth2'], omniauth_external_providers: ['saml'] })],
    ['booleans instead of names', withProviders({ omniauth_allow_single_sign_on: true, omniauth_auto_link_user: false })],
    ['symbols', withProviders({ omniauth_sync_profile_from_provider: [sym('saml')] })],
    ['LDAP servers and Kerberos live elsewhere', withProviders({ omniauth_allow_single_sign_on: ['ldapmain', 'kerberos'] })],
    ['the old kerberos name', withProviders({ omniauth_auto_link_user: ['kerberos_spnego'] })],
    ['a file without providers says nothing about them', { settings: { omniauth_allow_single_sign_on: ['google'] } }],
    ['a provider named by an expression could be any name', withProviders({ omniauth_external_providers: ['x'] }, [{ name: ruby('NAME') }])],
    ['an expression as the reference', withProviders({ omniauth_auto_sign_in_with_provider: ruby("ENV['P']") })],
    ['a boolean in quotes (string-boolean reports it)', withProviders({ omniauth_allow_single_sign_on: 'false', omniauth_auto_link_user: 'true' })],
    ['auto sign-in with a configured provider', withProviders({ omniauth_auto_sign_in_with_provider: 'saml' })],
    ['providers kept in Helm secrets may hold the name', { ...withProviders({ omniauth_allow_single_sign_on: ['azure'] }), providersElsewhere: 1 }],
  ])('passes: %s', (_, spec) => {
    expect(run(unknownProviderReferenceRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, Array<{ severity: string; message: string; at: string; hint?: string }>]>([
    [
      'a short name in allow_single_sign_on',
      withProviders({ omniauth_allow_single_sign_on: ['saml', 'google'] }),
      [{ severity: 'warning', message: '`allow_single_sign_on` names `google`, which is not a configured provider', at: '"google"', hint: 'did you mean `google_oauth2`?' }],
    ],
    [
      'auto sign-in with a missing provider is an error',
      withProviders({ omniauth_auto_sign_in_with_provider: 'sam' }),
      [{ severity: 'error', message: '`auto_sign_in_with_provider` names `sam`, which is not a configured provider: every sign-in is sent to it and fails, local sign-in is impossible', at: '"sam"', hint: 'did you mean `saml`?' }],
    ],
    [
      'every referencing setting is checked',
      withProviders({
        omniauth_external_providers: ['twitter'],
        omniauth_sync_profile_from_provider: ['github'],
        omniauth_sync_email_from_provider: 'github',
        omniauth_auto_link_user: ['github'],
        omniauth_allow_bypass_two_factor: ['github'],
      }),
      [
        { severity: 'warning', message: '`sync_email_from_provider` names `github`, which is not a configured provider', at: '"github"' },
        { severity: 'warning', message: '`sync_profile_from_provider` names `github`, which is not a configured provider', at: '"github"' },
        { severity: 'warning', message: '`auto_link_user` names `github`, which is not a configured provider', at: '"github"' },
        { severity: 'warning', message: '`external_providers` names `twitter`, which is not a configured provider', at: '"twitter"' },
        { severity: 'warning', message: '`allow_bypass_two_factor` names `github`, which is not a configured provider', at: '"github"' },
      ],
    ],
    [
      'a single name as a string',
      withProviders({ omniauth_allow_single_sign_on: 'github' }),
      [{ severity: 'warning', message: '`allow_single_sign_on` names `github`, which is not a configured provider', at: '"github"' }],
    ],
    [
      'gitlab.yml names',
      { format: 'source', settings: { allow_single_sign_on: ['openid'], providers: [{ name: 'openid_connect' }] } },
      [{ severity: 'warning', message: '`allow_single_sign_on` names `openid`, which is not a configured provider', at: '"openid"', hint: 'did you mean `openid_connect`?' }],
    ],
    [
      'a misspelled provider name is the typo, not the correct reference to it',
      withProviders({ omniauth_allow_single_sign_on: ['gitlab'] }, [{ name: 'gitlba' }, { name: 'saml' }]),
      [
        {
          severity: 'warning',
          message: '`allow_single_sign_on` names `gitlab`, which is not a configured provider',
          at: '"gitlab"',
          hint: expect.stringMatching(/^provider `gitlba` on line \d+ is probably a misspelling of `gitlab`: correct its name there$/),
        },
      ],
    ],
    [
      'a custom name with its own strategy_class is deliberate: the reference is the likely typo',
      withProviders({ omniauth_allow_single_sign_on: ['gitlab'] }, [{ name: 'gitlba', args: { strategy_class: 'OmniAuth::Strategies::GitLab' } }]),
      [{ severity: 'warning', message: '`allow_single_sign_on` names `gitlab`, which is not a configured provider', at: '"gitlab"', hint: 'did you mean `gitlba`?' }],
    ],
    [
      'an empty provider list configures nothing',
      withProviders({ omniauth_allow_single_sign_on: ['saml'] }, []),
      [{ severity: 'warning', message: '`allow_single_sign_on` names `saml`, which is not a configured provider', at: '"saml"' }],
    ],
  ])('fails: %s', (_, spec, expected) => {
    // In the order of the settings table; checkModel sorts all findings by position.
    const found = run(unknownProviderReferenceRule, spec);
    expect(found).toEqual(expected.map((e) => ({ rule: 'unknown-provider-reference', path: expect.stringMatching(/^omniauth\./), ...e })));
  });
});
