/**
 * `saml-missing-certificate`: a SAML provider with no way to verify the IdP's
 * signature: no `idp_cert`, no `idp_cert_fingerprint`, no `idp_cert_multi`.
 */
import { valueAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { entriesOf, hasComputedKey } from './entries.js';

// omniauth-saml has no metadata option: IdP metadata only helps when Ruby code in
// gitlab.rb parses it into args (an expression or `**splat`, which this check leaves alone).
const CERTIFICATE_KEYS = ['idp_cert', 'idp_cert_fingerprint', 'idp_cert_multi', 'idp_cert_fingerprint_validator'];

export const samlMissingCertificateRule: Rule = {
  meta: {
    id: 'saml-missing-certificate',
    severity: 'error',
    messages: {
      missing: 'SAML provider `{{provider}}` has neither idp_cert nor idp_cert_fingerprint: GitLab cannot verify the IdP\'s signature',
    },
    docs: {
      description:
        'Reports SAML providers whose `args` give no way to verify the identity provider: none of `idp_cert` (the certificate), `idp_cert_fingerprint` (its SHA-1 or SHA-256 digest) or `idp_cert_multi` (several certificates).',
      why: 'Every SAML response must be signed by the IdP and checked against its certificate. Without one, ruby-saml rejects each response ("No fingerprint or certificate on settings") and nobody can sign in.',
      fix: 'Add `idp_cert_fingerprint` (from `openssl x509 -in idp.crt -noout -fingerprint -sha1`) or the whole certificate as `idp_cert`, both found in the IdP\'s metadata or admin console.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html#configure-saml-support-in-gitlab',
    },
  },
  check(context) {
    // Group SAML (also protocol saml) keeps its certificates in each group's settings.
    for (const { spec, args, provider } of entriesOf(context, 'saml')) {
      if (spec.name !== 'saml' || hasComputedKey(args)) continue;
      if (CERTIFICATE_KEYS.some((k) => valueAt(args, k) !== undefined)) continue;
      context.report({ messageId: 'missing', data: { provider }, range: args.range, path: args.path });
    }
  },
};
