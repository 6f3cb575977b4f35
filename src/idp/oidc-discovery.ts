/**
 * An OpenID Connect discovery document (OpenID Connect Discovery 1.0,
 * `/.well-known/openid-configuration`) and what GitLab's OpenID Connect
 * provider takes from it.
 */

export interface OidcDiscovery {
  issuer: string;
  authorizationEndpoint: string | undefined;
  jwksUri: string | undefined;
  scopesSupported: string[] | undefined;
  tokenEndpointAuthMethods: string[] | undefined;
}

const WELL_KNOWN = '/.well-known/openid-configuration';

/** The discovery URL for a document URL or an issuer URL (to which the well-known path is appended). */
export function discoveryUrl(url: string): string {
  const trimmed = url.trim();
  return trimmed.replace(/\/+$/, '').endsWith(WELL_KNOWN) ? trimmed : `${trimmed.replace(/\/+$/, '')}${WELL_KNOWN}`;
}

export function parseDiscovery(text: string): { ok: true; discovery: OidcDiscovery } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, message: 'not a discovery document: the JSON is not an object' };
  const doc = data as Record<string, unknown>;
  if (typeof doc.issuer !== 'string' || doc.issuer === '') return { ok: false, message: 'not a discovery document: it has no "issuer"' };
  const strings = (value: unknown): string[] | undefined => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined);
  return {
    ok: true,
    discovery: {
      issuer: doc.issuer,
      authorizationEndpoint: typeof doc.authorization_endpoint === 'string' ? doc.authorization_endpoint : undefined,
      jwksUri: typeof doc.jwks_uri === 'string' ? doc.jwks_uri : undefined,
      scopesSupported: strings(doc.scopes_supported),
      tokenEndpointAuthMethods: strings(doc.token_endpoint_auth_methods_supported),
    },
  };
}

/** The scopes GitLab asks for (openid, profile, email) that the provider says it supports; openid always. */
export function gitlabScopes(discovery: OidcDiscovery): string[] {
  const wanted = ['openid', 'profile', 'email'];
  const supported = discovery.scopesSupported;
  return supported === undefined ? wanted : wanted.filter((s) => s === 'openid' || supported.includes(s));
}

/**
 * omniauth_openid_connect's client_auth_method for the provider's token
 * endpoint: `basic` for client_secret_basic (the spec's default when the
 * document lists none), `query` (the GitLab docs' value: the secret goes in
 * the request body) for client_secret_post, `jwt_bearer`, `mtls`.
 */
export function clientAuthMethod(discovery: OidcDiscovery): string {
  const methods = discovery.tokenEndpointAuthMethods;
  if (methods === undefined || methods.length === 0 || methods.includes('client_secret_basic')) return 'basic';
  if (methods.includes('client_secret_post')) return 'query';
  if (methods.includes('private_key_jwt') || methods.includes('client_secret_jwt')) return 'jwt_bearer';
  if (methods.includes('tls_client_auth') || methods.includes('self_signed_tls_client_auth')) return 'mtls';
  return 'basic';
}
