import { describe, expect, test } from 'vitest';
import { stringBooleanRule } from '../../src/check/rules/string-boolean.js';
import type { ModelSpec } from './support/model.js';
import { providers, run } from './support/run.js';

describe('rule: string-boolean', () => {
  test.each<[string, ModelSpec]>([
    ['real booleans', { settings: { omniauth_block_auto_created_users: false, omniauth_allow_single_sign_on: true } }],
    ['provider names that happen to be words elsewhere', { settings: { omniauth_auto_sign_in_with_provider: 'yes' } }],
    ['a boolean option written as a boolean', providers({ name: 'openid_connect', args: { discovery: false, pkce: true } })],
    ['a string option that is not boolean', providers({ name: 'openid_connect', args: { response_type: 'false', client_auth_method: 'query' } })],
  ])('passes: %s', (_, spec) => {
    expect(run(stringBooleanRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, { message: string; at: string; path: string }[]]>([
    [
      '"false" for a setting Omnibus writes as JSON (stays a string: true)',
      { settings: { omniauth_allow_single_sign_on: 'false' } },
      [{ message: '`allow_single_sign_on` is the string `"false"`, which Ruby treats as true: write `false` without quotes', at: '"false"', path: 'omniauth.allow_single_sign_on' }],
    ],
    [
      '"false" for a setting Omnibus writes raw (becomes false by accident)',
      { settings: { omniauth_block_auto_created_users: 'false' } },
      [{ message: '`block_auto_created_users` is the string `"false"`, not a boolean: write `false` without quotes', at: '"false"', path: 'omniauth.block_auto_created_users' }],
    ],
    [
      '"false" in gitlab.yml stays a string',
      { format: 'source', settings: { block_auto_created_users: 'false' } },
      [{ message: '`block_auto_created_users` is the string `"false"`, which Ruby treats as true: write `false` without quotes', at: '"false"', path: 'omniauth.block_auto_created_users' }],
    ],
    [
      '"yes" and "True"',
      { format: 'source', settings: { enabled: 'yes', auto_link_saml_user: 'True' } },
      [
        { message: '`enabled` is the string `"yes"`, not a boolean: write `true` without quotes', at: '"yes"', path: 'omniauth.enabled' },
        { message: '`auto_link_saml_user` is the string `"True"`, not a boolean: write `true` without quotes', at: '"True"', path: 'omniauth.auto_link_saml_user' },
      ],
    ],
    [
      'the docs\' send_scope_to_token_endpoint: "false"',
      providers({ name: 'openid_connect', args: { send_scope_to_token_endpoint: 'false', pkce: 'true' } }),
      [
        { message: '`send_scope_to_token_endpoint` is the string `"false"`, which Ruby treats as true: write `false` without quotes', at: '"false"', path: 'omniauth.providers[0].args.send_scope_to_token_endpoint' },
        { message: '`pkce` is the string `"true"`, not a boolean: write `true` without quotes', at: '"true"', path: 'omniauth.providers[0].args.pkce' },
      ],
    ],
    [
      'GitHub Enterprise verify_ssl at the top level, SAML security flags nested',
      providers({ name: 'github', verify_ssl: 'false' }, { name: 'saml', args: { security: { want_assertions_signed: 'off' } } }),
      [
        { message: '`verify_ssl` is the string `"false"`, which Ruby treats as true: write `false` without quotes', at: '"false"', path: 'omniauth.providers[0].verify_ssl' },
        { message: '`want_assertions_signed` is the string `"off"`, which Ruby treats as true: write `false` without quotes', at: '"off"', path: 'omniauth.providers[1].args.security.want_assertions_signed' },
      ],
    ],
  ])('fails: %s', (_, spec, expected) => {
    expect(run(stringBooleanRule, spec)).toEqual(expected.map((e) => ({ rule: 'string-boolean', severity: 'warning', ...e })));
  });
});
