/**
 * The part of the oidc-provider package the doctor tests use (it ships no
 * types): a Provider for an issuer, whose request handler serves discovery,
 * JWKS and the OAuth endpoints.
 */
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  interface ClientMetadata {
    client_id: string;
    client_secret?: string;
    redirect_uris: string[];
  }

  export default class Provider {
    constructor(issuer: string, configuration?: { clients?: ClientMetadata[] });
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
  }
}
