import { describe, expect, it } from 'vitest';
import { missingStrategyClassRule } from '../../../src/check/rules/providers/missing-strategy-class.js';
import { strategyNameMismatchRule } from '../../../src/check/rules/providers/strategy-name-mismatch.js';
import { unknownStrategyClassRule } from '../../../src/check/rules/providers/unknown-strategy-class.js';
import type { Rule } from '../../../src/check/rule.js';
import { lines, ruby, sym, withProvider, type V } from './support.js';

type Case = [string, V, string[]];

function table(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    it.each(cases)('%s', (_, provider, expected) => {
      expect(lines(rule, withProvider(provider))).toEqual(expected);
    });
  });
}

const OIDC = 'OmniAuth::Strategies::OpenIDConnect';
const SAML = 'OmniAuth::Strategies::SAML';

table(missingStrategyClassRule, [
  ['a built-in name', { name: 'github', app_id: 'x', app_secret: 'y' }, []],
  ['a symbol name', { name: sym('saml'), args: {} }, []],
  ['the old kerberos name', { name: 'kerberos_spnego' }, []],
  ['a custom name with strategy_class', { name: 'saml_2', args: { name: 'saml_2', strategy_class: SAML } }, []],
  ['cognito with its strategy_class', { name: 'cognito', args: { name: 'cognito', strategy_class: 'OmniAuth::Strategies::OAuth2Generic' } }, []],
  ['args as an expression may hold a strategy_class', { name: 'saml_2', args: ruby('SAML_ARGS') }, []],
  ['a badly shaped name is the schema check\'s business', { name: 'SAML', args: {} }, []],
  ['a removed provider is the removed check\'s business', { name: 'twitter', app_id: 'x', app_secret: 'y' }, []],
  [
    'a second SAML provider without strategy_class',
    { name: 'saml_2', args: { name: 'saml_2' } },
    ['error omniauth.providers[0].name: `saml_2` is not a strategy\'s own name: for another saml provider, add `strategy_class: "OmniAuth::Strategies::SAML"` and `name: "saml_2"` inside args'],
  ],
  [
    'a second OpenID Connect provider without strategy_class',
    { name: 'openid_connect_2fa', args: { name: 'openid_connect_2fa', issuer: 'https://idp' } },
    ['error omniauth.providers[0].name: `openid_connect_2fa` is not a strategy\'s own name: for another openid_connect provider, add `strategy_class: "OmniAuth::Strategies::OpenIDConnect"` and `name: "openid_connect_2fa"` inside args'],
  ],
  [
    'cognito without strategy_class',
    { name: 'cognito', app_id: 'x', app_secret: 'y', args: { scope: 'openid' } },
    ['error omniauth.providers[0].name: `cognito` needs `args.strategy_class: "OmniAuth::Strategies::OAuth2Generic"`: GitLab has no strategy of that name'],
  ],
  [
    'a shortened name',
    { name: 'google', app_id: 'x', app_secret: 'y' },
    ['error omniauth.providers[0].name: `google` is not a provider GitLab knows, and args.strategy_class does not say which strategy to use (did you mean `google_oauth2`?)'],
  ],
]);

table(unknownStrategyClassRule, [
  ['OpenID Connect', { name: 'oidc_2', args: { strategy_class: OIDC } }, []],
  ['with a leading ::', { name: 'saml_2', args: { strategy_class: `::${SAML}` } }, []],
  ['an expression', { name: 'saml_2', args: { strategy_class: ruby("ENV['STRATEGY']") } }, []],
  [
    'wrong case',
    { name: 'oidc_2', args: { strategy_class: 'OmniAuth::Strategies::OpenIdConnect' } },
    ['error omniauth.providers[0].args.strategy_class: strategy_class `OmniAuth::Strategies::OpenIdConnect` is not a strategy GitLab ships (did you mean `OmniAuth::Strategies::OpenIDConnect`?)'],
  ],
  [
    'a made-up class',
    { name: 'okta', args: { strategy_class: 'OmniAuth::Strategies::Okta' } },
    ['error omniauth.providers[0].args.strategy_class: strategy_class `OmniAuth::Strategies::Okta` is not a strategy GitLab ships'],
  ],
]);

table(strategyNameMismatchRule, [
  ['names agree', { name: 'openid_connect_2fa', args: { name: 'openid_connect_2fa', strategy_class: OIDC } }, []],
  ['the strategy\'s own name needs no args.name', { name: 'saml', args: { strategy_class: SAML } }, []],
  ['a built-in provider without args.name', { name: 'github', args: { scope: 'user:email' } }, []],
  ['args.name as an expression', { name: 'saml_2', args: { name: ruby("ENV['N']"), strategy_class: SAML } }, []],
  [
    'copied from the first provider',
    { name: 'saml_2', args: { name: 'saml', strategy_class: SAML } },
    ['error omniauth.providers[0].args.name: args.name is `saml` but the provider is named `saml_2`: the strategy answers at /users/auth/saml while GitLab links to /users/auth/saml_2'],
  ],
  [
    'cognito without args.name',
    { name: 'cognito', args: { strategy_class: 'OmniAuth::Strategies::OAuth2Generic' } },
    ['error omniauth.providers[0].args.strategy_class: provider `cognito` uses strategy_class OmniAuth::Strategies::OAuth2Generic but has no args.name: the strategy answers at /users/auth/oauth2_generic instead of /users/auth/cognito'],
  ],
  [
    'a custom name without args.name',
    { name: 'azure_oauth2', args: { strategy_class: OIDC } },
    ['error omniauth.providers[0].args.strategy_class: provider `azure_oauth2` uses strategy_class OmniAuth::Strategies::OpenIDConnect but has no args.name: the strategy answers at /users/auth/openid_connect instead of /users/auth/azure_oauth2'],
  ],
]);
