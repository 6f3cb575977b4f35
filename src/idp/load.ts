/**
 * `--from-saml-metadata FILE|URL` and `--from-oidc-discovery FILE|URL`: the
 * document read from a file or fetched (fetch.ts), parsed, and turned into
 * provider values. Failures are one-line messages.
 */
import { fetchUrl, type FetchOptions } from './fetch.js';
import { discoveryUrl, parseDiscovery, type OidcDiscovery } from './oidc-discovery.js';
import { oidcValues, samlValues, type DocumentValues } from './provider-values.js';
import { parseSamlMetadata, selectIdp, type SamlIdp } from './saml-metadata.js';

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string };

/** Reads a local file (the caller's way: stdin, permissions, UTF-8). Throws its own errors. */
export type ReadFile = (name: string) => Promise<{ name: string; text: string }>;

export function isUrl(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source);
}

/** The document's text and where it came from; non-2xx answers are failures. */
export async function loadDocument(source: string, readFile: ReadFile, fetchOptions: FetchOptions): Promise<Loaded<{ origin: string; text: string }>> {
  if (!isUrl(source)) {
    const file = await readFile(source);
    return { ok: true, value: { origin: file.name, text: file.text } };
  }
  const result = await fetchUrl(source, fetchOptions);
  if (!result.ok) return { ok: false, message: result.message };
  if (result.status < 200 || result.status >= 300) return { ok: false, message: `${result.url} answered HTTP ${result.status}` };
  return { ok: true, value: { origin: result.url, text: result.body } };
}

export async function loadSamlIdp(source: string, entityId: string | undefined, readFile: ReadFile, fetchOptions: FetchOptions): Promise<Loaded<SamlIdp>> {
  const loaded = await loadDocument(source, readFile, fetchOptions);
  if (!loaded.ok) return loaded;
  const parsed = parseSamlMetadata(loaded.value.text);
  if (!parsed.ok) return { ok: false, message: `${loaded.value.origin}: ${parsed.message}` };
  const selected = selectIdp(parsed.idps, entityId);
  return selected.ok ? { ok: true, value: selected.idp } : { ok: false, message: `${loaded.value.origin}: ${selected.message}` };
}

export async function loadDiscovery(source: string, readFile: ReadFile, fetchOptions: FetchOptions): Promise<Loaded<OidcDiscovery>> {
  const loaded = await loadDocument(isUrl(source) ? discoveryUrl(source) : source, readFile, fetchOptions);
  if (!loaded.ok) return loaded;
  const parsed = parseDiscovery(loaded.value.text);
  return parsed.ok ? { ok: true, value: parsed.discovery } : { ok: false, message: `${loaded.value.origin}: ${parsed.message}` };
}

export interface IdpDocumentRequest {
  samlMetadata?: string;
  entityId?: string;
  fingerprint?: boolean;
  oidcDiscovery?: string;
}

/** The provider values of the document the user named, with the preset it implies. */
export async function documentValues(request: IdpDocumentRequest, readFile: ReadFile, fetchOptions: FetchOptions): Promise<Loaded<{ preset: 'saml' | 'openid_connect'; values: DocumentValues }>> {
  if (request.samlMetadata !== undefined) {
    const idp = await loadSamlIdp(request.samlMetadata, request.entityId, readFile, fetchOptions);
    if (!idp.ok) return idp;
    const values = samlValues(idp.value, { fingerprint: request.fingerprint ?? false });
    return values.ok ? { ok: true, value: { preset: 'saml', values: values.values } } : values;
  }
  if (request.oidcDiscovery !== undefined) {
    const discovery = await loadDiscovery(request.oidcDiscovery, readFile, fetchOptions);
    return discovery.ok ? { ok: true, value: { preset: 'openid_connect', values: oidcValues(discovery.value) } } : discovery;
  }
  return { ok: false, message: 'no identity provider document given' };
}
