/**
 * Whatever a provider list holds, the provider checks report findings and
 * never throw: users' files are half-edited more often than not.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runRule } from '../../../src/check/rule.js';
import { PROVIDER_RULES } from '../../../src/check/rules/providers/index.js';
import { callbacksForModel } from '../../../src/catalog/callbacks.js';
import { model, ruby, sym, type V } from './support.js';

const KEYS = ['name', 'label', 'app_id', 'app_secret', 'args', 'strategy_class', 'issuer', 'discovery', 'client_options', 'redirect_uri',
  'idp_cert_fingerprint', 'assertion_consumer_service_url', 'groups_attribute', 'tenant_id', 'hd', 'step_up_auth', 'admin_mode', 'x'];
const NAMES = ['saml', 'saml_2', 'openid_connect', 'github', 'google_oauth2', 'azure_oauth2', 'twitter', 'cognito', 'kerberos_spnego', 'group_saml', ''];

const leaf: fc.Arbitrary<V> = fc.oneof(
  fc.constantFrom<V>(...NAMES, 'OmniAuth::Strategies::SAML', 'https://gitlab.example.com/users/auth/saml/callback', 'ab:cd', ' x ', 'false'),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(ruby("ENV['X']")),
  fc.constantFrom(...NAMES).map(sym),
);
const value: fc.Arbitrary<V> = fc.letrec<{ v: V }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 5 }),
  ),
})).v;

describe('provider checks on arbitrary provider lists', () => {
  it('never throw, and every finding has a complete message and a path', () => {
    fc.assert(
      fc.property(
        fc.array(value, { maxLength: 4 }),
        fc.option(fc.constantFrom('https://gitlab.example.com', 'http://x', 'not a url', 'https://h:8443/root/'), { nil: undefined }),
        fc.constantFrom(undefined, '15.0', '16.11', '17.0', 'nonsense'),
        (providers, externalUrl, gitlabVersion) => {
          const m = model({ providers, externalUrl: externalUrl ?? null, settings: { allow_single_sign_on: true, block_auto_created_users: false } });
          for (const rule of PROVIDER_RULES) {
            for (const d of runRule(rule, m, gitlabVersion ? { gitlabVersion } : {})) {
              // Every placeholder of the message template was filled.
              expect(d.message, rule.meta.id).not.toMatch(/\{\{/);
              expect(d.path, rule.meta.id).toBeTypeOf('string');
            }
          }
          callbacksForModel(m);
        },
      ),
      { numRuns: 400 },
    );
  });
});
