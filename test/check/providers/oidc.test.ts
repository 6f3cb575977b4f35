import { describe, expect, it } from 'vitest';
import { oidcDiscoveryEndpointsRule } from '../../../src/check/rules/providers/oidc-discovery-endpoints.js';
import { oidcIssuerFormatRule } from '../../../src/check/rules/providers/oidc-issuer-format.js';
import { lines, withProvider, ruby, type V } from './support.js';

const oidc = (args: Record<string, V>, name = 'openid_connect'): V => ({
  name,
  args: { name, client_options: { identifier: 'id', secret: 's' }, ...args },
});

describe('oidc-issuer-format', () => {
  const cases: Array<[string, V, string[]]> = [
    ['a plain issuer', oidc({ issuer: 'https://accounts.google.com', discovery: true }), []],
    ['a realm path', oidc({ issuer: 'https://keycloak.example.com/realms/myrealm' }), []],
    ['Azure B2C keeps its documented trailing slash', oidc({ issuer: 'https://example.b2clogin.com/tfp/tenant/b2c_1a_signin/v2.0/' }), []],
    ['Auth0 issuers end in a slash', oidc({ issuer: 'https://example.auth0.com/' }), []],
    ['a docs placeholder is the placeholder check\'s business', oidc({ issuer: '<your_oidc_url>' }), []],
    ['an expression cannot be judged', oidc({ issuer: ruby("ENV['ISSUER']") }), []],
    [
      'the discovery document URL',
      oidc({ issuer: 'https://accounts.google.com/.well-known/openid-configuration' }),
      ['error omniauth.providers[0].args.issuer: issuer `https://accounts.google.com/.well-known/openid-configuration` includes the discovery path: use `https://accounts.google.com`; GitLab appends /.well-known/openid-configuration itself'],
    ],
    [
      'a trailing slash',
      oidc({ issuer: 'https://keycloak.example.com/realms/myrealm/' }),
      ["warning omniauth.providers[0].args.issuer: issuer `https://keycloak.example.com/realms/myrealm/` ends with `/`: it must equal the `issuer` of the provider's discovery document exactly, which usually has no trailing slash (unless the discovery document says otherwise, use `https://keycloak.example.com/realms/myrealm`)"],
    ],
    ['not a URL', oidc({ issuer: 'keycloak.example.com' }), ['error omniauth.providers[0].args.issuer: issuer `keycloak.example.com` is not an https URL']],
    [
      'a second OIDC provider by strategy_class',
      oidc({ strategy_class: 'OmniAuth::Strategies::OpenIDConnect', issuer: 'https://idp.example.com/.well-known/openid-configuration' }, 'openid_connect_2fa'),
      ['error omniauth.providers[0].args.issuer: issuer `https://idp.example.com/.well-known/openid-configuration` includes the discovery path: use `https://idp.example.com`; GitLab appends /.well-known/openid-configuration itself'],
    ],
    ['SAML issuers are not OIDC issuers', { name: 'saml', args: { issuer: 'https://gitlab.example.com/' } }, []],
  ];
  it.each(cases)('%s', (_, provider, expected) => {
    expect(lines(oidcIssuerFormatRule, withProvider(provider))).toEqual(expected);
  });
});

describe('oidc-discovery-endpoints', () => {
  const endpoints = {
    authorization_endpoint: 'https://idp/authorize',
    token_endpoint: 'https://idp/token',
    userinfo_endpoint: 'https://idp/userinfo',
    jwks_uri: 'https://idp/keys',
  };
  const cases: Array<[string, V, string[]]> = [
    ['discovery true', oidc({ issuer: 'https://idp', discovery: true }), []],
    ['discovery false with all four endpoints', { name: 'openid_connect', args: { discovery: false, client_options: { identifier: 'id', ...endpoints } } }, []],
    ['discovery computed by an expression', oidc({ discovery: ruby("ENV['DISCOVERY'] == '1'") }), []],
    [
      'discovery false without endpoints',
      oidc({ issuer: 'https://idp', discovery: false }),
      ['error omniauth.providers[0].args.discovery: openid_connect does not use discovery (discovery: false) but client_options lacks `authorization_endpoint`, `token_endpoint`, `userinfo_endpoint`, `jwks_uri`'],
    ],
    [
      'discovery left out and only some endpoints',
      { name: 'openid_connect', args: { client_options: { identifier: 'id', authorization_endpoint: 'https://idp/a', token_endpoint: 'https://idp/t' } } },
      ['error omniauth.providers[0].args.client_options: openid_connect does not use discovery (discovery is not set and defaults to false) but client_options lacks `userinfo_endpoint`, `jwks_uri`'],
    ],
  ];
  it.each(cases)('%s', (_, provider, expected) => {
    expect(lines(oidcDiscoveryEndpointsRule, withProvider(provider))).toEqual(expected);
  });
});
