/**
 * `saml-fingerprint-format`: `idp_cert_fingerprint` must be the SHA-1
 * (20 bytes) or SHA-256 (32 bytes) digest of the IdP certificate, in hex, with
 * or without colons.
 */
import { literalAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { entriesOf, isPlaceholder, literalValue } from './entries.js';

const BYTES_BY_ALGORITHM: Record<string, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export const samlFingerprintFormatRule: Rule = {
  meta: {
    id: 'saml-fingerprint-format',
    severity: 'error',
    messages: {
      notHex: 'idp_cert_fingerprint `{{value}}` is not hexadecimal (expected 20 or 32 bytes of hex, with or without colons)',
      length: 'idp_cert_fingerprint has {{bytes}} bytes; a SHA-1 fingerprint has 20 and a SHA-256 one 32',
      algorithm: 'idp_cert_fingerprint has {{bytes}} bytes but idp_cert_fingerprint_algorithm is {{algorithm}} ({{expected}} bytes)',
      sha1: 'idp_cert_fingerprint is a SHA-1 fingerprint: SHA-256 is recommended (or the whole certificate as idp_cert)',
    },
    docs: {
      description:
        'Checks the form of a SAML provider\'s `idp_cert_fingerprint`: hexadecimal digits, optionally in colon-separated pairs, 20 bytes long (SHA-1, the default) or 32 bytes (SHA-256, with `idp_cert_fingerprint_algorithm` set to SHA-256). The GitLab docs\' sample value (16 bytes) is left to the placeholder check.',
      why: 'GitLab compares the fingerprint with the digest of the certificate in each SAML response. A value of the wrong length or with other characters (spaces, a pasted "SHA1 Fingerprint=" prefix) never matches, and every sign-in fails with "Fingerprint mismatch".',
      fix: 'Compute it from the IdP certificate: `openssl x509 -in idp.crt -noout -fingerprint -sha256` together with `idp_cert_fingerprint_algorithm: "http://www.w3.org/2001/04/xmlenc#sha256"` (SHA-256 is recommended over the SHA-1 default, which is reported as info), and paste the part after `=`. Or give the whole certificate as `idp_cert`.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html#configure-saml-support-in-gitlab',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      const literal = literalValue(args, 'idp_cert_fingerprint');
      if (!literal) continue;
      const { value, text } = literal;
      const where = { range: value.range, path: value.path };
      const fingerprint = text.trim();
      // The docs' sample value (16 bytes) and stand-ins like `XX:XX:...` are the placeholder check's finding.
      if (isPlaceholder(value, 'idp_cert_fingerprint')) continue;
      const hex = fingerprint.replace(/:/g, '');
      const wellFormed = /^[0-9a-f]+$/i.test(hex) && (!fingerprint.includes(':') || /^[0-9a-f]{2}(:[0-9a-f]{2})*$/i.test(fingerprint));
      if (!wellFormed || hex.length % 2 !== 0) {
        // `openssl x509 -fingerprint` prints `SHA1 Fingerprint=AB:CD:...`: the part after `=` is the value.
        const pasted = /=\s*([0-9a-f]{2}(?::[0-9a-f]{2})+)$/i.exec(fingerprint)?.[1];
        context.report({
          messageId: 'notHex',
          data: { value: fingerprint.length > 70 ? `${fingerprint.slice(0, 70)}…` : fingerprint },
          ...where,
          ...(pasted ? { hint: `use only the part after \`=\`: \`${pasted}\`` } : {}),
        });
        continue;
      }
      const bytes = hex.length / 2;
      const algorithmUri = literalAt(args, 'idp_cert_fingerprint_algorithm');
      const algorithm = algorithmUri?.match(/(sha\d+)$/i)?.[1]?.toLowerCase();
      const expected = algorithm ? BYTES_BY_ALGORITHM[algorithm] : undefined;
      if (algorithm && expected !== undefined) {
        if (bytes !== expected) context.report({ messageId: 'algorithm', data: { bytes, algorithm, expected }, ...where });
      } else if (bytes !== 20 && bytes !== 32) {
        context.report({ messageId: 'length', data: { bytes }, ...where });
      }
      // SHA-1 collisions are practical: a digest of 20 bytes (the default algorithm) is worth a note.
      if (bytes === 20 && (algorithm === undefined || algorithm === 'sha1')) {
        context.report({ messageId: 'sha1', ...where, severity: 'info', hint: 'render --from-saml-metadata URL --fingerprint writes the SHA-256 one' });
      }
    }
  },
};
