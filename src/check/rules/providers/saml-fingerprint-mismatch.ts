/**
 * `saml-fingerprint-mismatch`: `idp_cert_fingerprint` given together with
 * `idp_cert`, and not the fingerprint of that certificate.
 */
import { literalAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { certificateFingerprint, parseCertificate } from './certificates.js';
import { entriesOf, isPlaceholder, literalValue } from './entries.js';

const ALGORITHMS: Record<number, string> = { 20: 'sha1', 32: 'sha256', 48: 'sha384', 64: 'sha512' };

export const samlFingerprintMismatchRule: Rule = {
  meta: {
    id: 'saml-fingerprint-mismatch',
    severity: 'error',
    messages: {
      mismatch: 'idp_cert_fingerprint is not the {{algorithm}} fingerprint of idp_cert ({{actual}}): GitLab checks responses against idp_cert_fingerprint, so idp_cert is not the certificate in use',
    },
    docs: {
      description: 'When a SAML provider gives both `idp_cert_fingerprint` and `idp_cert`, compares the fingerprint with the digest of the certificate (SHA-1, or the algorithm of `idp_cert_fingerprint_algorithm`, or the one the fingerprint\'s length implies).',
      why: 'ruby-saml uses `idp_cert_fingerprint` when it is set and derives one from `idp_cert` only when it is not. Two values that disagree usually mean one was updated after the IdP rotated its key and the other was not: whoever reads `idp_cert` believes GitLab trusts that certificate while sign-in fails with "Fingerprint mismatch" (or keeps trusting the old key).',
      fix: 'Keep one of them: the whole certificate as `idp_cert` (preferred; `render --from-saml-metadata` writes it) or its fingerprint, from `openssl x509 -noout -fingerprint -sha256`.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      const fingerprint = literalValue(args, 'idp_cert_fingerprint');
      const certText = literalAt(args, 'idp_cert');
      if (!fingerprint || certText === undefined || isPlaceholder(fingerprint.value, 'idp_cert_fingerprint')) continue;
      const hex = fingerprint.text.trim().replace(/:/g, '').toUpperCase();
      const declared = literalAt(args, 'idp_cert_fingerprint_algorithm')?.match(/(sha\d+)$/i)?.[1]?.toLowerCase();
      const algorithm = declared ?? ALGORITHMS[hex.length / 2];
      const cert = parseCertificate(certText);
      // A malformed fingerprint or certificate is the format checks' finding.
      if (!algorithm || !cert || !/^[0-9A-F]+$/.test(hex)) continue;
      const actual = certificateFingerprint(cert, algorithm);
      if (actual.replace(/:/g, '') !== hex) {
        context.report({ messageId: 'mismatch', data: { algorithm: algorithm.toUpperCase(), actual }, range: fingerprint.value.range, path: fingerprint.value.path });
      }
    }
  },
};
