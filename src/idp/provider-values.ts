/**
 * The provider values an identity provider's own document determines, as
 * keys to set on the provider entry (and stand-ins of the preset to drop).
 * `render` applies them over the preset and under the user's flags.
 */
import type { PlainValue } from '../model/plain.js';
import { clientAuthMethod, gitlabScopes, type OidcDiscovery } from './oidc-discovery.js';
import { fingerprint, pemCertificate, SHA256_ALGORITHM_URI } from './pem.js';
import { HTTP_REDIRECT, PERSISTENT, TRANSIENT, type SamlIdp } from './saml-metadata.js';

export interface DocumentValues {
  sets: Array<{ path: string[]; value: PlainValue }>;
  /** Keys of the preset the document replaces (the docs' example fingerprint when a certificate is written). */
  removes: string[][];
  /** Warnings for the user (only a transient NameID offered, ...). */
  notes: string[];
}

const EMAIL_ADDRESS = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

const s = (value: string): PlainValue => ({ kind: 'string', value });

export function samlValues(idp: SamlIdp, options: { fingerprint?: boolean } = {}): { ok: true; values: DocumentValues } | { ok: false; message: string } {
  if (idp.ssoRedirectUrl === null) {
    const others = idp.otherSsoBindings.length > 0 ? ` (it offers ${idp.otherSsoBindings.join(', ')})` : '';
    return { ok: false, message: `${idp.entityId}: no SingleSignOnService with the HTTP-Redirect binding${others}, which GitLab's SAML strategy sends its request with (${HTTP_REDIRECT})` };
  }
  const certificates = idp.signingCertificates;
  if (certificates.length === 0) return { ok: false, message: `${idp.entityId}: no signing certificate (KeyDescriptor use="signing" or without use) in the metadata` };
  const sets: DocumentValues['sets'] = [{ path: ['args', 'idp_sso_target_url'], value: s(idp.ssoRedirectUrl) }];
  const removes: string[][] = [];
  const notes: string[] = [];
  const [first] = certificates;
  if (options.fingerprint) {
    if (certificates.length > 1 || first === undefined) {
      return { ok: false, message: `${idp.entityId} publishes ${certificates.length} signing certificates (a key rollover): a fingerprint matches only one; leave out --fingerprint to write them all as idp_cert_multi` };
    }
    sets.push({ path: ['args', 'idp_cert_fingerprint'], value: s(fingerprint(first, 'sha256')) });
    sets.push({ path: ['args', 'idp_cert_fingerprint_algorithm'], value: s(SHA256_ALGORITHM_URI) });
  } else {
    removes.push(['args', 'idp_cert_fingerprint'], ['args', 'idp_cert_fingerprint_algorithm']);
    if (certificates.length === 1 && first !== undefined) {
      sets.push({ path: ['args', 'idp_cert'], value: s(pemCertificate(first)) });
    } else {
      const signing: PlainValue = { kind: 'array', items: certificates.map((c) => s(pemCertificate(c))) };
      sets.push({ path: ['args', 'idp_cert_multi'], value: { kind: 'mapping', entries: [{ key: 'signing', value: signing }] } });
    }
  }
  // A stable NameID keeps one GitLab identity per person: persistent first, else the e-mail address.
  const formats = idp.nameIdFormats;
  const chosen = [PERSISTENT, EMAIL_ADDRESS].find((f) => formats.includes(f));
  if (chosen !== undefined) {
    sets.push({ path: ['args', 'name_identifier_format'], value: s(chosen) });
  } else if (formats.includes(TRANSIENT)) {
    sets.push({ path: ['args', 'name_identifier_format'], value: s(TRANSIENT) });
    notes.push(`${idp.entityId} offers only transient NameIDs: a user gets a new identity at each sign-in; ask the IdP for a persistent NameID`);
  }
  return { ok: true, values: { sets, removes, notes } };
}

export function oidcValues(discovery: OidcDiscovery): DocumentValues {
  const args = (key: string, value: PlainValue): { path: string[]; value: PlainValue } => ({ path: ['args', key], value });
  return {
    sets: [
      args('issuer', s(discovery.issuer)),
      args('discovery', { kind: 'boolean', value: true }),
      args('response_type', s('code')),
      args('scope', { kind: 'array', items: gitlabScopes(discovery).map(s) }),
      args('client_auth_method', s(clientAuthMethod(discovery))),
    ],
    // uid_field defaults to `sub`, the one claim every provider has: the docs' `<uid_field>` stand-in goes.
    removes: [['args', 'uid_field']],
    notes: [],
  };
}
