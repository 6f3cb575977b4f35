import { describe, expect, it } from 'vitest';
import { providerSchemaRule } from '../../../src/check/rules/providers/provider-schema.js';
import { unknownArgRule } from '../../../src/check/rules/providers/unknown-arg.js';
import type { Rule } from '../../../src/check/rule.js';
import { lines, ruby, withProvider, type V } from './support.js';

type Case = [string, V, string[]];

function table(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    it.each(cases)('%s', (_, provider, expected) => {
      expect(lines(rule, withProvider(provider))).toEqual(expected);
    });
  });
}

table(providerSchemaRule, [
  ['GitHub as documented', { name: 'github', app_id: 'id', app_secret: 'secret', args: { scope: 'user:email' } }, []],
  ['Auth0 with credentials in args', { name: 'auth0', args: { client_id: 'id', client_secret: 's', domain: 'example.auth0.com', scope: 'openid profile email' } }, []],
  ['secrets from the environment', { name: 'github', app_id: ruby("ENV['GH_ID']"), app_secret: ruby("ENV['GH_SECRET']") }, []],
  ['OIDC scope as a list', { name: 'openid_connect', args: { scope: ['openid', 'email'], client_options: { identifier: 'id' } } }, []],
  ['args as a list is GitLab\'s positional form', { name: 'github', app_id: 'id', app_secret: 's', args: ['x'] }, []],
  ['a removed provider gets only the removed finding', { name: 'facebook' }, []],
  ['identifier written beside client_options is unknown-arg\'s finding', { name: 'openid_connect', args: { identifier: 'id', client_options: { secret: 's' } } }, []],
  ['GitHub without app_secret', { name: 'github', app_id: 'id' }, ['error omniauth.providers[0]: github needs `app_secret` (set it with --app-secret-env VAR, read from the environment variable VAR)']],
  ['Auth0 without domain', { name: 'auth0', args: { client_id: 'id', client_secret: 's' } }, ['error omniauth.providers[0].args: auth0 needs `domain` in `args` (set it with --arg domain=URL)']],
  ['OIDC without client_options', { name: 'openid_connect', args: { issuer: 'https://idp' } }, ['error omniauth.providers[0].args: openid_connect needs `client_options` in `args`']],
  ['a second OIDC provider by strategy_class', { name: 'oidc_2', args: { name: 'oidc_2', strategy_class: 'OmniAuth::Strategies::OpenIDConnect', client_options: {} } }, ['error omniauth.providers[0].args.client_options: oidc_2 needs `identifier` in `args.client_options` (set it with --arg client_options.identifier=ID)']],
  ['JWT valid_within as a string', { name: 'jwt', args: { secret: 's', auth_url: 'https://x', valid_within: '3600' } }, ['error omniauth.providers[0].args.valid_within: jwt: `valid_within` must be a whole number, not a string']],
  ['a response_type that does not exist', { name: 'openid_connect', args: { response_type: 'token_id', client_options: { identifier: 'id' } } }, [expect.stringMatching(/^error omniauth\.providers\[0\]\.args\.response_type: openid_connect: `response_type` must be one of/) as unknown as string]],
  ['"false" for a key the string-boolean check knows is reported there only', { name: 'openid_connect', args: { send_scope_to_token_endpoint: 'false', client_options: { identifier: 'id' } } }, []],
  [
    '"false" for another boolean option',
    { name: 'openid_connect', args: { require_state: 'false', client_options: { identifier: 'id' } } },
    ['warning omniauth.providers[0].args.require_state: openid_connect: `require_state` must be true or false, not a string; Ruby treats every string as true, so `"false"` means true'],
  ],
]);

table(unknownArgRule, [
  ['known keys only', { name: 'google_oauth2', app_id: 'a', app_secret: 'b', args: { access_type: 'offline', approval_prompt: '' } }, []],
  ['GitLab\'s own args keys', { name: 'github', app_id: 'a', app_secret: 'b', args: { gitlab_username_claim: 'name' } }, []],
  ['GitHub Enterprise url at the top level', { name: 'github', app_id: 'a', app_secret: 'b', url: 'https://github.example.com/', verify_ssl: false }, []],
  ['SAML group keys beside args', { name: 'saml', groups_attribute: 'Groups', required_groups: ['Dev'], args: { idp_cert_fingerprint: 'x' } }, []],
  ['SAML group keys in args are another check\'s finding', { name: 'saml', args: { groups_attribute: 'Groups' } }, []],
  ['a nil app_id is not passed on', { name: 'saml', app_id: null, args: { idp_cert_fingerprint: 'x' } }, []],
  ['jwt takes its secret as app_secret', { name: 'jwt', app_secret: 's', args: { auth_url: 'https://x' } }, []],
  ['OIDC groups under client_options.gitlab', { name: 'openid_connect', args: { client_options: { identifier: 'i', gitlab: { groups_attribute: 'groups', required_groups: ['Dev'] } } } }, []],
  ['open mappings take any key', { name: 'oauth2_generic', app_id: 'a', app_secret: 'b', args: { client_options: { site: 'https://x', auth_scheme: 'basic_auth' } } }, []],
  ['a typo in args', { name: 'github', app_id: 'a', app_secret: 'b', args: { scopes: 'user:email' } }, ['warning omniauth.providers[0].args.scopes: `scopes` is not an option of the GitHub strategy; GitLab passes it on and the strategy ignores it (did you mean `scope`?)']],
  [
    'a typo in OIDC client_options',
    { name: 'openid_connect', args: { client_options: { identifier: 'i', redirect_url: 'https://x' } } },
    ['warning omniauth.providers[0].args.client_options.redirect_url: `redirect_url` is not a known key of `client_options` for the OpenIDConnect strategy (did you mean `redirect_uri`?)'],
  ],
  [
    'an option beside args',
    { name: 'gitlab', app_id: 'a', app_secret: 'b', scope: 'read_user' },
    ['warning omniauth.providers[0].scope: `scope` is an option of the GitLab strategy: put it inside `args`, GitLab ignores it at the top level'],
  ],
  ['an unknown top-level key', { name: 'github', app_id: 'a', app_secret: 'b', lable: 'GitHub' }, ['warning omniauth.providers[0].lable: `lable` is not a provider setting GitLab reads for github; it has no effect here (did you mean `label`?)']],
  [
    'app_id on SAML stops GitLab at boot',
    { name: 'saml', app_id: 'x', args: { idp_cert_fingerprint: 'x' } },
    ['error omniauth.providers[0].app_id: saml takes no `app_id`: GitLab passes app_id/app_secret as positional arguments and the SAML strategy fails at boot with "wrong number of arguments"'],
  ],
  [
    'jwt with both app_id and app_secret',
    { name: 'jwt', app_id: 'x', app_secret: 's', args: { auth_url: 'https://x' } },
    ['error omniauth.providers[0].app_secret: jwt takes no `app_secret`: GitLab passes app_id/app_secret as positional arguments and the Jwt strategy fails at boot with "wrong number of arguments"'],
  ],
  [
    'OpenID Connect credentials written the OAuth way are one mistake',
    { name: 'openid_connect', app_id: 'x', app_secret: 's', args: { client_options: { redirect_uri: 'https://gitlab.example.com/users/auth/openid_connect/callback' } } },
    ['error omniauth.providers[0].app_id: openid_connect takes no `app_id` and `app_secret`: GitLab passes app_id/app_secret as positional arguments and the OpenIDConnect strategy fails at boot with "wrong number of arguments" (the client ID and secret go in args.client_options as identifier and secret)'],
  ],
  [
    'OpenID Connect client settings beside client_options instead of in it',
    { name: 'openid_connect', args: { identifier: 'id', redirect_uri: 'https://gitlab.example.com/users/auth/openid_connect/callback', client_options: { secret: 's' } } },
    [
      'error omniauth.providers[0].args.identifier: `identifier` belongs inside `client_options`: the OpenIDConnect strategy ignores it directly in args',
      'warning omniauth.providers[0].args.redirect_uri: `redirect_uri` belongs inside `client_options`: the OpenIDConnect strategy ignores it directly in args',
    ],
  ],
  [
    'a misspelled SAML group key inside args',
    { name: 'saml', args: { idp_cert_fingerprint: 'x', external_group: ['Contractors'] } },
    ['warning omniauth.providers[0].args.external_group: `external_group` is not an option of the SAML strategy; GitLab passes it on and the strategy ignores it (did you mean `external_groups`? It belongs beside args, at the level of `name`)'],
  ],
  ['a custom name is checked against its strategy', { name: 'saml_2', args: { strategy_class: 'OmniAuth::Strategies::SAML', name: 'saml_2', idp_cert_fingerprnt: 'x' } }, ['warning omniauth.providers[0].args.idp_cert_fingerprnt: `idp_cert_fingerprnt` is not an option of the SAML strategy; GitLab passes it on and the strategy ignores it (did you mean `idp_cert_fingerprint` or `idp_cert`?)']],
]);
