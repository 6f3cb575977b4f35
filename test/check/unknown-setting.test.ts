import { describe, expect, test } from 'vitest';
import { unknownSettingRule } from '../../src/check/rules/unknown-setting.js';
import type { ModelSpec } from './support/model.js';
import { run } from './support/run.js';

describe('rule: unknown-setting', () => {
  test.each<[string, ModelSpec]>([
    ['every known gitlab.rb key', { settings: { omniauth_enabled: true, omniauth_providers: [], omniauth_cas3_session_duration: 1, omniauth_saml_message_max_byte_size: 1 } }],
    ['every known gitlab.yml name', { format: 'source', settings: { enabled: true, providers: [], 'cas3.session_duration': 1 } }],
    ['no settings at all', {}],
  ])('passes: %s', (_, spec) => {
    expect(run(unknownSettingRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, { message: string; at: string; hint?: string; path: string }]>([
    [
      'a gitlab.rb typo, suggested in gitlab.rb spelling',
      { settings: { omniauth_provider: [{ name: 'github' }] } },
      { message: '`omniauth_provider` is not an OmniAuth setting GitLab knows; it is ignored', at: 'omniauth_provider', hint: 'did you mean `omniauth_providers`?', path: 'omniauth.provider' },
    ],
    [
      'a gitlab.yml typo, suggested in gitlab.yml spelling',
      { format: 'source', settings: { allow_single_signon: ['saml'] } },
      { message: '`allow_single_signon` is not an OmniAuth setting GitLab knows; it is ignored', at: 'allow_single_signon', hint: 'did you mean `allow_single_sign_on`?', path: 'omniauth.allow_single_signon' },
    ],
    [
      'a transposition',
      { settings: { omniauth_block_auto_cretaed_users: false } },
      { message: '`omniauth_block_auto_cretaed_users` is not an OmniAuth setting GitLab knows; it is ignored', at: 'omniauth_block_auto_cretaed_users', hint: 'did you mean `omniauth_block_auto_created_users`?', path: 'omniauth.block_auto_cretaed_users' },
    ],
    [
      'something unrelated: no suggestion',
      { settings: { omniauth_frobnicate: 1 } },
      { message: '`omniauth_frobnicate` is not an OmniAuth setting GitLab knows; it is ignored', at: 'omniauth_frobnicate', path: 'omniauth.frobnicate' },
    ],
  ])('fails: %s', (_, spec, expected) => {
    const [found, ...rest] = run(unknownSettingRule, spec);
    expect(rest).toEqual([]);
    expect(found).toEqual({ rule: 'unknown-setting', severity: 'warning', ...expected });
  });
});
