/**
 * `oidc-discovery-endpoints`: without discovery (`discovery: false`, which is
 * also the default), an OpenID Connect provider needs its endpoints in
 * `client_options`.
 */
import { valueAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { isOpaque } from '../shared.js';
import { entriesOf, hasComputedKey } from './entries.js';

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;

export const oidcDiscoveryEndpointsRule: Rule = {
  meta: {
    id: 'oidc-discovery-endpoints',
    severity: 'error',
    messages: {
      missing: '{{provider}} does not use discovery ({{why}}) but client_options lacks {{missing}}',
    },
    docs: {
      description:
        'For OpenID Connect providers without discovery (`discovery: false`, or no `discovery` at all: the default is false), checks that `args.client_options` names all four endpoints: `authorization_endpoint`, `token_endpoint`, `userinfo_endpoint` and `jwks_uri`.',
      why: 'Without discovery the strategy does not ask the provider where its endpoints are. Missing ones fall back to guesses (`/authorize`, `/token`, `/userinfo`, `/jwk` on client_options.host) that rarely exist, so sign-in fails with a 404 from the provider or "Invalid ID token" because the signing keys cannot be fetched.',
      fix: 'Set `discovery: true` (recommended: the endpoints are read from `<issuer>/.well-known/openid-configuration`), or copy the four endpoint URLs from the provider\'s discovery document into `client_options`.',
      url: 'https://docs.gitlab.com/ee/administration/auth/oidc.html',
    },
  },
  check(context) {
    for (const { args, provider } of entriesOf(context, 'openid_connect')) {
      if (hasComputedKey(args)) continue;
      const discovery = valueAt(args, 'discovery');
      if (discovery && (isOpaque(discovery) || !(discovery.kind === 'boolean' && !discovery.value))) continue;
      const options = valueAt(args, 'client_options');
      // No client_options at all is the provider schema's finding ("needs client_options").
      if (!options || options.kind !== 'mapping' || hasComputedKey(options)) continue;
      const missing = ENDPOINTS.filter((k) => valueAt(options, k) === undefined);
      if (missing.length === 0) continue;
      const at = discovery ?? options;
      context.report({
        messageId: 'missing',
        data: {
          provider,
          why: discovery ? 'discovery: false' : 'discovery is not set and defaults to false',
          missing: missing.map((k) => `\`${k}\``).join(', '),
        },
        range: at.range,
        path: at.path,
      });
    }
  },
};
