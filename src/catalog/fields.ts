/**
 * Field descriptions for the provider catalog, written as small JSON Schema
 * fragments so the catalog and the published schemas are one source: the
 * schemas in `schemas/providers/` are generated from these.
 *
 * A nested mapping with `properties` is "closed" (unknown keys in it get a
 * did-you-mean) unless it says `additionalProperties: true`, which marks
 * mappings whose keys we do not know in full.
 */

export interface FieldSchema {
  type?: JsonType | JsonType[];
  description?: string;
  properties?: Record<string, FieldSchema>;
  required?: string[];
  additionalProperties?: boolean | FieldSchema;
  items?: FieldSchema;
  enum?: readonly (string | number | boolean)[];
  minLength?: number;
  minimum?: number;
  pattern?: string;
  format?: string;
  /** Message templates for schema findings (see src/check/schema.ts). */
  'x-message'?: string | Record<string, string>;
}

export type JsonType = 'string' | 'boolean' | 'integer' | 'number' | 'array' | 'object' | 'null';

export const str = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  type: 'string',
  description,
  ...extra,
});

export const url = (description: string): FieldSchema => ({ type: 'string', description });

export const bool = (description: string): FieldSchema => ({ type: 'boolean', description });

export const int = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({
  type: 'integer',
  description,
  ...extra,
});

export const strList = (description: string): FieldSchema => ({ type: 'array', items: { type: 'string' }, description });

/** Space-separated in a string, or a list (both reach the strategy intact). */
export const scopes = (description: string): FieldSchema => ({
  type: ['string', 'array'],
  items: { type: 'string' },
  description,
});

export const mapping = (
  description: string,
  properties?: Record<string, FieldSchema>,
  options: { required?: string[]; open?: boolean } = {},
): FieldSchema => ({
  type: 'object',
  description,
  ...(properties ? { properties } : {}),
  ...(options.required ? { required: options.required } : {}),
  ...(options.open || !properties ? { additionalProperties: true } : {}),
});

export const anything = (description: string): FieldSchema => ({ description });

/** Whether unknown keys inside this mapping deserve a warning. */
export function isClosedMapping(field: FieldSchema): boolean {
  return field.properties !== undefined && field.additionalProperties !== true;
}

// ---------------------------------------------------------------------------
// Shared sets

/** Keys GitLab itself reads from `args` of any provider (not the strategy). */
export const GITLAB_ARGS: Record<string, FieldSchema> = {
  name: str('The strategy instance name; for a custom provider name it must equal the top-level `name` (callback path `/users/auth/<name>/callback`)'),
  strategy_class: str('Ruby class of the OmniAuth strategy, e.g. `OmniAuth::Strategies::OpenIDConnect`; needed when `name` is not the strategy\'s own name'),
  gitlab_username_claim: str('Claim of the provider\'s user info that becomes the GitLab username'),
};

/** Options every OAuth 2.0 strategy (omniauth-oauth2) accepts. */
export const OAUTH2_ARGS: Record<string, FieldSchema> = {
  client_id: str('OAuth client ID (usually given as the top-level `app_id`)'),
  client_secret: str('OAuth client secret (usually given as the top-level `app_secret`)'),
  scope: scopes('Requested scopes'),
  client_options: mapping('Options of the OAuth 2.0 client (`site`, `authorize_url`, `token_url`, ...)', {
    site: url('Base URL of the provider'),
    authorize_url: str('Authorization endpoint (absolute, or relative to `site`)'),
    token_url: str('Token endpoint (absolute, or relative to `site`)'),
  }, { open: true }),
  authorize_params: mapping('Extra parameters sent to the authorization endpoint'),
  authorize_options: strList('Options copied into the authorization request'),
  token_params: mapping('Extra parameters sent to the token endpoint'),
  token_options: strList('Options copied into the token request'),
  provider_ignores_state: bool('Skip the CSRF `state` check (only for providers that drop `state`)'),
  pkce: bool('Use Proof Key for Code Exchange'),
  redirect_uri: url('Redirect URI sent to the provider'),
};

/** The SAML group settings GitLab reads beside `args` (DOMAIN.md §4). */
export const SAML_GROUP_KEYS = ['groups_attribute', 'required_groups', 'external_groups', 'admin_groups', 'auditor_groups'] as const;

export function isSamlGroupKey(key: string): boolean {
  return (SAML_GROUP_KEYS as readonly string[]).includes(key);
}

export const SAML_GROUP_FIELDS: Record<string, FieldSchema> = {
  groups_attribute: str('SAML attribute that lists the user\'s groups', { minLength: 1 }),
  required_groups: strList('Only members of these groups may sign in'),
  external_groups: strList('Members of these groups become external users'),
  admin_groups: strList('Members of these groups become administrators'),
  auditor_groups: strList('Members of these groups become auditors (Premium)'),
  duo_add_on_groups: strList('Members of these groups get a GitLab Duo seat'),
};

/** OpenID Connect group settings, under `args.client_options.gitlab`. */
export const OIDC_GITLAB_FIELDS: Record<string, FieldSchema> = {
  groups_attribute: str('Claim that lists the user\'s groups'),
  required_groups: strList('Only members of these groups may sign in'),
  external_groups: strList('Members of these groups become external users'),
  admin_groups: strList('Members of these groups become administrators'),
  auditor_groups: strList('Members of these groups become auditors (Premium)'),
};
