/**
 * SAML 2.0 IdP metadata (OASIS saml-metadata-2.0) read with @xmldom/xmldom,
 * by namespace, so any prefix works: `md:` (Keycloak, Okta, Shibboleth),
 * none with a default namespace (ADFS, Entra ID), `ds:` or a default
 * namespace for XML Signature. What GitLab's SAML strategy needs from it:
 * the SingleSignOnService with the HTTP-Redirect binding (the binding the
 * strategy sends its request with), the signing certificates (KeyDescriptor
 * use="signing" or without `use`; never one only for encryption) and the
 * NameID formats the IdP offers.
 */
import { DOMParser, type Element } from '@xmldom/xmldom';
import { base64Body } from './pem.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const HTTP_REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const PERSISTENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent';
export const TRANSIENT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient';

export interface SamlIdp {
  entityId: string;
  /** Location of the HTTP-Redirect SingleSignOnService, if the IdP offers one. */
  ssoRedirectUrl: string | null;
  /** Bindings of the other SingleSignOnServices (for the message when HTTP-Redirect is missing). */
  otherSsoBindings: string[];
  /** Base64 DER of each signing certificate, in document order, without repeats. */
  signingCertificates: string[];
  nameIdFormats: string[];
}

export type MetadataResult = { ok: true; idps: SamlIdp[] } | { ok: false; message: string };

export function parseSamlMetadata(xml: string): MetadataResult {
  // Metadata never needs a DTD; refusing one rules out entity expansion of any kind.
  if (/<!DOCTYPE/i.test(xml)) return { ok: false, message: 'the document has a DOCTYPE: SAML metadata has none, and it is not read' };
  const errors: string[] = [];
  let root: Element | null;
  try {
    const doc = new DOMParser({ onError: (level, message) => void (level !== 'warning' && errors.push(message.split('\n')[0] ?? message)) }).parseFromString(xml, 'text/xml');
    root = doc.documentElement;
  } catch (error) {
    return { ok: false, message: `not XML: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
  if (errors.length > 0 || !root) return { ok: false, message: `not XML: ${errors[0] ?? 'no root element'}` };
  if (root.namespaceURI !== MD || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    return { ok: false, message: `not SAML metadata: the root element is ${root.tagName}, not an EntityDescriptor in the ${MD} namespace` };
  }
  const entities = root.localName === 'EntityDescriptor' ? [root] : Array.from(root.getElementsByTagNameNS(MD, 'EntityDescriptor'));
  const idps = entities.flatMap((entity) => {
    const descriptor = children(entity, MD, 'IDPSSODescriptor')[0];
    return descriptor ? [idpOf(entity.getAttribute('entityID') ?? '', descriptor)] : [];
  });
  if (idps.length === 0) return { ok: false, message: 'the metadata describes no identity provider (no IDPSSODescriptor)' };
  return { ok: true, idps };
}

function idpOf(entityId: string, descriptor: Element): SamlIdp {
  const services = children(descriptor, MD, 'SingleSignOnService');
  const redirect = services.find((s) => s.getAttribute('Binding') === HTTP_REDIRECT);
  const certificates: string[] = [];
  for (const key of children(descriptor, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use !== null && use !== '' && use !== 'signing') continue;
    for (const cert of Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate'))) {
      const body = base64Body(cert.textContent ?? '');
      if (body !== null && !certificates.includes(body)) certificates.push(body);
    }
  }
  return {
    entityId,
    ssoRedirectUrl: redirect?.getAttribute('Location')?.trim() || null,
    otherSsoBindings: services.filter((s) => s !== redirect).map((s) => s.getAttribute('Binding') ?? ''),
    signingCertificates: certificates,
    nameIdFormats: children(descriptor, MD, 'NameIDFormat').map((n) => (n.textContent ?? '').trim()),
  };
}

function children(parent: Element, namespace: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === namespace && (n as Element).localName === localName);
}

/** The IdP to configure: the only one, or the one `entityId` names. */
export function selectIdp(idps: readonly SamlIdp[], entityId: string | undefined): { ok: true; idp: SamlIdp } | { ok: false; message: string } {
  if (entityId !== undefined) {
    const idp = idps.find((i) => i.entityId === entityId);
    if (idp) return { ok: true, idp };
    return { ok: false, message: `no identity provider with entityID ${JSON.stringify(entityId)} in the metadata; it has: ${idps.map((i) => i.entityId).join(', ')}` };
  }
  const [only] = idps;
  if (idps.length === 1 && only) return { ok: true, idp: only };
  const listed = idps.slice(0, 10).map((i) => i.entityId).join(', ');
  return { ok: false, message: `the metadata describes ${idps.length} identity providers: choose one with --entity-id (${listed}${idps.length > 10 ? ', ...' : ''})` };
}
