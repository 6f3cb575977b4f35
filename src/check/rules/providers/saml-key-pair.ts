/**
 * `saml-key-pair`: the SAML service provider's `certificate` and
 * `private_key` (for signed requests and encrypted assertions) must belong
 * together, and the key must parse.
 */
import type { Rule } from '../../rule.js';
import { certificateRange, parseCertificate, parsePrivateKey } from './certificates.js';
import { entriesOf, isPlaceholder, literalValue } from './entries.js';

export const samlKeyPairRule: Rule = {
  meta: {
    id: 'saml-key-pair',
    severity: 'error',
    messages: {
      keyUnparsable: 'private_key is not a private key GitLab can read (PEM, PKCS#8 or PKCS#1)',
      notPair: 'private_key does not belong to certificate ({{subject}})',
    },
    docs: {
      description: 'Reads the SAML service provider\'s `private_key` and checks that it is the key of its `certificate`.',
      why: 'GitLab signs its SAML requests and decrypts encrypted assertions with this key, and the IdP verifies with the certificate. A key that does not parse stops GitLab from building the request; a key of another certificate makes the IdP reject every signed request and leaves encrypted assertions unreadable.',
      fix: 'Give the key and certificate that were generated together (`openssl x509 -noout -pubkey -in sp.crt` and `openssl pkey -pubout -in sp.key` print the same public key), and register that certificate at the IdP. Keep the key out of the file: `--arg-env private_key=VAR`.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      const key = literalValue(args, 'private_key');
      if (!key || key.text.trim() === '' || isPlaceholder(key.value, 'private_key')) continue;
      const where = { range: key.value.kind === 'string' ? certificateRange(key.value) : key.value.range, path: key.value.path };
      const privateKey = parsePrivateKey(key.text);
      if (!privateKey) {
        context.report({ messageId: 'keyUnparsable', ...where });
        continue;
      }
      const certText = literalValue(args, 'certificate')?.text;
      const cert = certText === undefined ? null : parseCertificate(certText);
      if (cert && !cert.checkPrivateKey(privateKey)) context.report({ messageId: 'notPair', data: { subject: cert.subject.replace(/\n/g, ', ') }, ...where });
    }
  },
};
