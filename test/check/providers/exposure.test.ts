import { describe, expect, it } from 'vitest';
import { callbackMismatchRule } from '../../../src/check/rules/providers/callback-mismatch.js';
import { insecureExternalUrlRule } from '../../../src/check/rules/providers/insecure-external-url.js';
import { openSignupRule } from '../../../src/check/rules/providers/open-signup.js';
import { lines, model, type ModelSpec, type V } from './support.js';

const oidc = (name: string, redirect: string): V => ({
  name,
  args: { name, strategy_class: 'OmniAuth::Strategies::OpenIDConnect', client_options: { identifier: 'i', redirect_uri: redirect } },
});
const saml = (name: string, acs: string): V => ({
  name,
  args: { ...(name === 'saml' ? {} : { name, strategy_class: 'OmniAuth::Strategies::SAML' }), assertion_consumer_service_url: acs, idp_cert_fingerprint: 'x' },
});

describe('callback-mismatch', () => {
  const cases: Array<[string, ModelSpec, string[]]> = [
    ['OIDC redirect equals the callback', { externalUrl: 'https://gitlab.example.com', providers: [oidc('openid_connect', 'https://gitlab.example.com/users/auth/openid_connect/callback')] }, []],
    ['default port and host case do not matter', { externalUrl: 'https://GitLab.example.com:443/', providers: [saml('saml', 'https://gitlab.example.com/users/auth/saml/callback')] }, []],
    ['relative URL root and port kept', { externalUrl: 'https://example.com:8443/gitlab', providers: [saml('saml', 'https://example.com:8443/gitlab/users/auth/saml/callback')] }, []],
    ['no external_url: the provider name still matches', { providers: [oidc('openid_connect_2fa', 'https://sso.example.com/users/auth/openid_connect_2fa/callback')] }, []],
    ['a docs placeholder host, right name', { externalUrl: 'https://gitlab.example.com', providers: [oidc('openid_connect', '<your_gitlab_url>/users/auth/openid_connect/callback')] }, []],
    ['group SAML has per-group URLs', { externalUrl: 'https://gitlab.example.com', providers: [{ name: 'group_saml' }] }, []],
    [
      'another host',
      { externalUrl: 'https://gitlab.example.com', providers: [saml('saml', 'https://gitlab.example.org/users/auth/saml/callback')] },
      ['error omniauth.providers[0].args.assertion_consumer_service_url: assertion_consumer_service_url is `https://gitlab.example.org/users/auth/saml/callback` but GitLab receives the saml callback at `https://gitlab.example.com/users/auth/saml/callback`'],
    ],
    [
      'http against an https external_url',
      { externalUrl: 'https://gitlab.example.com', providers: [oidc('openid_connect', 'http://gitlab.example.com/users/auth/openid_connect/callback')] },
      ['error omniauth.providers[0].args.client_options.redirect_uri: client_options.redirect_uri is `http://gitlab.example.com/users/auth/openid_connect/callback` but GitLab receives the openid_connect callback at `https://gitlab.example.com/users/auth/openid_connect/callback`'],
    ],
    [
      'another port',
      { externalUrl: 'https://gitlab.example.com:8443', providers: [oidc('openid_connect', 'https://gitlab.example.com/users/auth/openid_connect/callback')] },
      ['error omniauth.providers[0].args.client_options.redirect_uri: client_options.redirect_uri is `https://gitlab.example.com/users/auth/openid_connect/callback` but GitLab receives the openid_connect callback at `https://gitlab.example.com:8443/users/auth/openid_connect/callback`'],
    ],
    [
      'another provider\'s name under external_url',
      { externalUrl: 'https://gitlab.example.com', providers: [saml('saml_2', 'https://gitlab.example.com/users/auth/saml/callback')] },
      ['error omniauth.providers[0].args.assertion_consumer_service_url: assertion_consumer_service_url is `https://gitlab.example.com/users/auth/saml/callback` but GitLab receives the saml_2 callback at `https://gitlab.example.com/users/auth/saml_2/callback`'],
    ],
    // Only the scheme differs and external_url is the insecure one: insecure-external-url says so, with the right fix.
    ['https callback under an http external_url', { externalUrl: 'http://gitlab.example.com', providers: [saml('saml', 'https://gitlab.example.com/users/auth/saml/callback')] }, []],
    [
      'https callback under a local http external_url',
      { externalUrl: 'http://localhost:3000', providers: [saml('saml', 'https://localhost:3000/users/auth/saml/callback')] },
      ['error omniauth.providers[0].args.assertion_consumer_service_url: assertion_consumer_service_url is `https://localhost:3000/users/auth/saml/callback` but GitLab receives the saml callback at `http://localhost:3000/users/auth/saml/callback`'],
    ],
    [
      'the relative URL root left out',
      { externalUrl: 'https://example.com/gitlab', providers: [saml('saml', 'https://example.com/users/auth/saml/callback')] },
      ['error omniauth.providers[0].args.assertion_consumer_service_url: assertion_consumer_service_url is `https://example.com/users/auth/saml/callback` but GitLab receives the saml callback at `https://example.com/gitlab/users/auth/saml/callback`'],
    ],
    [
      'a second provider copied from the first (no external_url)',
      { providers: [saml('saml_2', 'https://gitlab.example.com/users/auth/saml/callback')] },
      ['error omniauth.providers[0].args.assertion_consumer_service_url: assertion_consumer_service_url ends in `/users/auth/saml/callback` but the callback of provider `saml_2` is `/users/auth/saml_2/callback`'],
    ],
  ];
  it.each(cases)('%s', (_, spec, expected) => {
    expect(lines(callbackMismatchRule, model(spec))).toEqual(expected);
  });
});

describe('insecure-external-url', () => {
  const github: V = { name: 'github', app_id: 'a', app_secret: 'b' };
  const cases: Array<[string, ModelSpec, string[]]> = [
    ['https', { externalUrl: 'https://gitlab.example.com', providers: [github] }, []],
    ['http without providers', { externalUrl: 'http://gitlab.example.com', providers: [] }, []],
    ['http on localhost', { externalUrl: 'http://localhost:8080', providers: [github] }, []],
    ['http with only Crowd (a form, no redirect)', { externalUrl: 'http://gitlab.example.com', providers: [{ name: 'crowd', args: {} }] }, []],
    [
      'http with OAuth and SAML',
      { externalUrl: 'http://gitlab.example.com', providers: [github, { name: 'saml', args: {} }] },
      ['warning external_url: external_url `http://gitlab.example.com` uses http while `github`, `saml` sign users in through redirects: tokens and SAML assertions travel unencrypted'],
    ],
    [
      'gitlab.yml with https off names the setting, not external_url',
      { format: 'source', externalUrl: 'http://gitlab.example.com/gitlab', providers: [github] },
      ['warning external_url: gitlab.https is not true, so GitLab\'s URL is `http://gitlab.example.com/gitlab` while `github` signs users in through redirects: tokens and SAML assertions travel unencrypted'],
    ],
  ];
  it.each(cases)('%s', (_, spec, expected) => {
    expect(lines(insecureExternalUrlRule, model(spec))).toEqual(expected);
  });
});

describe('open-signup', () => {
  const github: V = { name: 'github', app_id: 'a', app_secret: 'b' };
  const google = (args: Record<string, V> = {}): V => ({ name: 'google_oauth2', app_id: 'a', app_secret: 'b', args });
  const samlEntry: V = { name: 'saml', args: {} };
  const message = (providers: string, them = 'it'): string =>
    `warning omniauth.allow_single_sign_on: anyone with a ${providers} account can create a GitLab account: allow_single_sign_on includes ${them} and block_auto_created_users is false`;
  const cases: Array<[string, ModelSpec, string[]]> = [
    ['users are blocked until approved', { settings: { allow_single_sign_on: ['github'], block_auto_created_users: true }, providers: [github] }, []],
    ['block_auto_created_users left at its default (true)', { settings: { allow_single_sign_on: ['github'] }, providers: [github] }, []],
    ['only SAML may create accounts', { settings: { allow_single_sign_on: ['saml'], block_auto_created_users: false }, providers: [github, samlEntry] }, []],
    ['Google restricted to one domain', { settings: { allow_single_sign_on: true, block_auto_created_users: false }, providers: [google({ hd: 'example.com' })] }, []],
    ['Shibboleth as in its docs', { settings: { allow_single_sign_on: true, block_auto_created_users: false }, providers: [{ name: 'shibboleth', args: {} }] }, []],
    ['GitHub in the list', { settings: { allow_single_sign_on: ['saml', 'github'], block_auto_created_users: false }, providers: [github, samlEntry] }, [message('`github`')]],
    ['true allows every provider', { settings: { allow_single_sign_on: true, block_auto_created_users: false }, providers: [github, google(), samlEntry] }, [message('`github` or `google_oauth2`', 'them')]],
    [
      'Azure without a tenant',
      { settings: { allow_single_sign_on: ['azure_activedirectory_v2'], block_auto_created_users: false }, providers: [{ name: 'azure_activedirectory_v2', args: { client_id: 'a', client_secret: 'b' } }] },
      [message('`azure_activedirectory_v2`')],
    ],
    ['"false" as a string in gitlab.rb is written as false', { settings: { allow_single_sign_on: ['github'], block_auto_created_users: 'false' }, providers: [github] }, [message('`github`')]],
  ];
  it.each(cases)('%s', (_, spec, expected) => {
    expect(lines(openSignupRule, model(spec))).toEqual(expected);
  });
});
