import { describe, expect, it } from 'vitest';
import { samlFingerprintFormatRule } from '../../../src/check/rules/providers/saml-fingerprint-format.js';
import { samlGroupsInArgsRule } from '../../../src/check/rules/providers/saml-groups-in-args.js';
import { samlIssuerWhitespaceRule } from '../../../src/check/rules/providers/saml-issuer-whitespace.js';
import { samlMissingCertificateRule } from '../../../src/check/rules/providers/saml-missing-certificate.js';
import { samlTransientNameIdRule } from '../../../src/check/rules/providers/saml-transient-name-id.js';
import type { Rule } from '../../../src/check/rule.js';
import { lines, ruby, withProvider, type V } from './support.js';

const SHA1 = '9F:A8:B2:4C:55:10:3E:1A:00:FF:12:34:56:78:9A:BC:DE:F0:11:22';
const saml = (args: Record<string, V>, top: Record<string, V> = {}, name = 'saml'): V => ({
  name,
  ...top,
  args: { assertion_consumer_service_url: `https://gitlab.example.com/users/auth/${name}/callback`, idp_sso_target_url: 'https://idp/sso', issuer: 'https://gitlab.example.com', ...args },
});

type Case = [string, V, string[]];

function table(rule: Rule, cases: Case[]): void {
  describe(rule.meta.id, () => {
    it.each(cases)('%s', (_, provider, expected) => {
      expect(lines(rule, withProvider(provider))).toEqual(expected);
    });
  });
}

table(samlFingerprintFormatRule, [
  // Well-formed; SHA-256 is recommended over SHA-1 (an info, not a problem).
  ['SHA-1 with colons', saml({ idp_cert_fingerprint: SHA1 }), ['info omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint is a SHA-1 fingerprint: SHA-256 is recommended (or the whole certificate as idp_cert) (render --from-saml-metadata URL --fingerprint writes the SHA-256 one)']],
  ['SHA-1 without colons, lowercase', saml({ idp_cert_fingerprint: SHA1.replace(/:/g, '').toLowerCase() }), ['info omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint is a SHA-1 fingerprint: SHA-256 is recommended (or the whole certificate as idp_cert) (render --from-saml-metadata URL --fingerprint writes the SHA-256 one)']],
  ['SHA-256', saml({ idp_cert_fingerprint: 'ab'.repeat(32) }), []],
  ['SHA-256 with its algorithm', saml({ idp_cert_fingerprint: 'ab'.repeat(32), idp_cert_fingerprint_algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' }), []],
  ['an expression', saml({ idp_cert_fingerprint: ruby("ENV['SAML_FINGERPRINT']") }), []],
  ['a second SAML provider', saml({ strategy_class: 'OmniAuth::Strategies::SAML', name: 'saml_2', idp_cert_fingerprint: 'ab:cd' }, {}, 'saml_2'), ['error omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint has 2 bytes; a SHA-1 fingerprint has 20 and a SHA-256 one 32']],
  ['the docs\' example value is the placeholder check\'s finding', saml({ idp_cert_fingerprint: '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8' }), []],
  ['a masked stand-in is the placeholder check\'s finding', saml({ idp_cert_fingerprint: 'XX:XX:XX:XX:XX:XX' }), []],
  ['19 bytes', saml({ idp_cert_fingerprint: SHA1.slice(0, -3) }), ['error omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint has 19 bytes; a SHA-1 fingerprint has 20 and a SHA-256 one 32']],
  [
    'openssl\'s output pasted whole',
    saml({ idp_cert_fingerprint: `SHA1 Fingerprint=${SHA1}` }),
    [`error omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint \`SHA1 Fingerprint=${SHA1.slice(0, 53)}…\` is not hexadecimal (expected 20 or 32 bytes of hex, with or without colons) (use only the part after \`=\`: \`${SHA1}\`)`],
  ],
  ['spaces between the pairs', saml({ idp_cert_fingerprint: SHA1.replace(/:/g, ' ') }), [`error omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint \`${SHA1.replace(/:/g, ' ')}\` is not hexadecimal (expected 20 or 32 bytes of hex, with or without colons)`]],
  [
    'SHA-1 length with a SHA-256 algorithm',
    saml({ idp_cert_fingerprint: SHA1, idp_cert_fingerprint_algorithm: 'http://www.w3.org/2001/04/xmlenc#sha256' }),
    ['error omniauth.providers[0].args.idp_cert_fingerprint: idp_cert_fingerprint has 20 bytes but idp_cert_fingerprint_algorithm is sha256 (32 bytes)'],
  ],
]);

table(samlMissingCertificateRule, [
  ['a fingerprint', saml({ idp_cert_fingerprint: SHA1 }), []],
  ['a certificate', saml({ idp_cert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----' }), []],
  ['several certificates', saml({ idp_cert_multi: { signing: ['-----BEGIN CERTIFICATE-----'] } }), []],
  ['group SAML configures certificates per group', { name: 'group_saml' }, []],
  ['a fingerprint validator', saml({ idp_cert_fingerprint_validator: ruby('->(fp) { fp }') }), []],
  ['args computed from parsed IdP metadata', { name: 'saml', args: ruby('OneLogin::RubySaml::IdpMetadataParser.new.parse_remote_to_hash(URL)') }, []],
  [
    'a metadata URL, which omniauth-saml has no option for',
    saml({ idp_metadata_url: 'https://idp.example.com/metadata' }),
    ["error omniauth.providers[0].args: SAML provider `saml` has neither idp_cert nor idp_cert_fingerprint: GitLab cannot verify the IdP's signature"],
  ],
  ['neither', saml({}), ["error omniauth.providers[0].args: SAML provider `saml` has neither idp_cert nor idp_cert_fingerprint: GitLab cannot verify the IdP's signature"]],
  ['neither, second provider', saml({ name: 'saml_2', strategy_class: 'OmniAuth::Strategies::SAML' }, {}, 'saml_2'), ["error omniauth.providers[0].args: SAML provider `saml_2` has neither idp_cert nor idp_cert_fingerprint: GitLab cannot verify the IdP's signature"]],
]);

table(samlIssuerWhitespaceRule, [
  ['exact', saml({ issuer: 'https://gitlab.example.com' }), []],
  ['trailing space', saml({ issuer: 'https://gitlab.example.com ' }), ['error omniauth.providers[0].args.issuer: issuer `https://gitlab.example.com ` has trailing whitespace: the IdP compares the entity ID exactly and rejects the request']],
  ['leading newline', saml({ issuer: '\nhttps://gitlab.example.com' }), ['error omniauth.providers[0].args.issuer: issuer `\\nhttps://gitlab.example.com` has leading whitespace: the IdP compares the entity ID exactly and rejects the request']],
  ['OIDC issuers are another check\'s business', { name: 'openid_connect', args: { issuer: ' https://idp ' } }, []],
]);

table(samlTransientNameIdRule, [
  ['persistent', saml({ name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' }), []],
  ['email', saml({ name_identifier_format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' }), []],
  ['transient with a stable uid_attribute', saml({ name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient', uid_attribute: 'uid' }), []],
  [
    'transient',
    saml({ name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient' }),
    ['warning omniauth.providers[0].args.name_identifier_format: name_identifier_format is transient: the IdP sends a new NameID at every sign-in, so GitLab cannot recognise returning users'],
  ],
]);

table(samlGroupsInArgsRule, [
  ['beside args, as documented', saml({}, { groups_attribute: 'Groups', required_groups: ['Developers'] }), []],
  [
    'inside args',
    saml({ groups_attribute: 'Groups', admin_groups: ['Admins'] }),
    [
      'error omniauth.providers[0].args.groups_attribute: `groups_attribute` is inside args, where GitLab never reads it: move it beside args, at the level of `name` and `label`',
      'error omniauth.providers[0].args.admin_groups: `admin_groups` is inside args, where GitLab never reads it: move it beside args, at the level of `name` and `label`',
    ],
  ],
]);
