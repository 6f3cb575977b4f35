/**
 * Starting points for `--preset NAME`: each provider entry in the shape the
 * GitLab docs give for it (../shared/corpus/docs/<provider>.md, the Linux
 * package example), placeholders included so the checks point at whatever
 * the user has not filled in yet. Optional keys the docs leave commented out
 * are left out.
 */
import type { PlainEntry, PlainValue } from '../model/plain.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const PRESETS: Record<string, { [key: string]: Json }> = {
  // docs/gitlab.md
  gitlab: { name: 'gitlab', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { scope: 'read_user' } },
  // docs/github.md
  github: { name: 'github', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { scope: 'user:email' } },
  // docs/google.md
  google_oauth2: { name: 'google_oauth2', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { access_type: 'offline', approval_prompt: '' } },
  // docs/bitbucket.md
  bitbucket: { name: 'bitbucket', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', url: 'https://bitbucket.org/', args: { redirect_uri: 'https://gitlab.example.com/users/auth/' } },
  // docs/oidc.md
  openid_connect: {
    name: 'openid_connect',
    label: 'Provider name',
    args: {
      name: 'openid_connect',
      scope: ['openid', 'profile', 'email'],
      response_type: 'code',
      issuer: '<your_oidc_url>',
      discovery: true,
      client_auth_method: 'query',
      uid_field: '<uid_field>',
      pkce: true,
      client_options: {
        identifier: '<your_oidc_client_id>',
        secret: '<your_oidc_client_secret>',
        redirect_uri: '<your_gitlab_url>/users/auth/openid_connect/callback',
      },
    },
  },
  // docs/saml.md
  saml: {
    name: 'saml',
    label: 'Provider name',
    args: {
      assertion_consumer_service_url: 'https://gitlab.example.com/users/auth/saml/callback',
      idp_cert_fingerprint: '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8',
      idp_sso_target_url: 'https://login.example.com/idp',
      issuer: 'https://gitlab.example.com',
      name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
    },
  },
  // docs/azure.md (v2)
  azure_activedirectory_v2: {
    name: 'azure_activedirectory_v2',
    label: 'Provider name',
    args: { client_id: '<client_id>', client_secret: '<client_secret>', tenant_id: '<tenant_id>' },
  },
  // docs/auth0.md
  auth0: { name: 'auth0', args: { client_id: '<your_auth0_client_id>', client_secret: '<your_auth0_client_secret>', domain: '<your_auth0_domain>', scope: 'openid profile email' } },
  // docs/salesforce.md
  salesforce: { name: 'salesforce', app_id: 'SALESFORCE_CLIENT_ID', app_secret: 'SALESFORCE_CLIENT_SECRET' },
  // docs/atlassian.md
  atlassian_oauth2: { name: 'atlassian_oauth2', app_id: '<your_client_id>', app_secret: '<your_client_secret>', args: { scope: 'offline_access read:jira-user read:jira-work', prompt: 'consent' } },
  // docs/alicloud.md
  alicloud: { name: 'alicloud', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET' },
  // docs/jwt.md
  jwt: {
    name: 'jwt',
    label: 'Provider name',
    args: { secret: 'YOUR_APP_SECRET', algorithm: 'HS256', uid_claim: 'email', required_claims: ['name', 'email'], info_map: { name: 'name', email: 'email' }, auth_url: 'https://example.com/', valid_within: 3600 },
  },
  // docs/shibboleth.md
  shibboleth: {
    name: 'shibboleth',
    label: 'Text for Login Button',
    args: { shib_session_id_field: 'HTTP_SHIB_SESSION_ID', shib_application_id_field: 'HTTP_SHIB_APPLICATION_ID', uid_field: 'HTTP_EPPN', name_field: 'HTTP_CN', info_fields: { email: 'HTTP_MAIL' } },
  },
  // docs/oauth2_generic.md
  oauth2_generic: {
    name: 'oauth2_generic',
    label: 'Provider name',
    app_id: '<your_app_client_id>',
    app_secret: '<your_app_client_secret>',
    args: {
      client_options: { site: '<your_auth_server_url>', user_info_url: '/oauth2/v1/userinfo', authorize_url: '/oauth2/v1/authorize', token_url: '/oauth2/v1/token' },
      user_response_structure: { root_path: [], id_path: ['sub'], attributes: { email: 'email', name: 'name' } },
      authorize_params: { scope: 'openid profile email' },
      strategy_class: 'OmniAuth::Strategies::OAuth2Generic',
    },
  },
  // docs/cognito.md
  cognito: {
    name: 'cognito',
    label: 'Provider name',
    app_id: '<client_id>',
    app_secret: '<client_secret>',
    args: {
      scope: 'openid profile email',
      client_options: { site: 'https://<your_domain>.auth.<your_region>.amazoncognito.com', authorize_url: '/oauth2/authorize', token_url: '/oauth2/token', user_info_url: '/oauth2/userInfo' },
      user_response_structure: { root_path: [], id_path: ['sub'], attributes: { nickname: 'email', name: 'email', email: 'email' } },
      name: 'cognito',
      strategy_class: 'OmniAuth::Strategies::OAuth2Generic',
    },
  },
};

/**
 * What a preset knows beyond its entry: where its strategy keeps the client
 * ID and secret (`--app-id`, `--app-secret[-env]` go there), the strategy
 * class a second provider of the kind names in `args.strategy_class`, and
 * which values the target file determines.
 */
export interface PresetBinding {
  /** Path of the client ID when it is not the top-level `app_id`. */
  idPath?: readonly string[];
  /** Path of the client secret when it is not the top-level `app_secret`. */
  secretPath?: readonly string[];
  /**
   * Strategy class written with `args.name` when `--name` differs from the
   * preset's own name (GitLab's docs for several SAML, OpenID Connect or
   * OAuth2 generic providers).
   */
  strategyClass?: string;
  /** Values that follow from external_url and the provider's name. */
  urls?: ReadonlyArray<{ path: readonly string[]; value: 'callback' | 'external_url' | 'auth_prefix' }>;
  /** The host the docs' entry uses, kept when the file has no external_url. */
  docsBase?: string;
}

const BINDINGS: Record<string, PresetBinding> = {
  openid_connect: {
    idPath: ['args', 'client_options', 'identifier'],
    secretPath: ['args', 'client_options', 'secret'],
    strategyClass: 'OmniAuth::Strategies::OpenIDConnect',
    urls: [{ path: ['args', 'client_options', 'redirect_uri'], value: 'callback' }],
    docsBase: '<your_gitlab_url>',
  },
  saml: {
    strategyClass: 'OmniAuth::Strategies::SAML',
    urls: [
      { path: ['args', 'assertion_consumer_service_url'], value: 'callback' },
      { path: ['args', 'issuer'], value: 'external_url' },
    ],
    docsBase: 'https://gitlab.example.com',
  },
  oauth2_generic: { strategyClass: 'OmniAuth::Strategies::OAuth2Generic' },
  cognito: { strategyClass: 'OmniAuth::Strategies::OAuth2Generic' },
  bitbucket: { urls: [{ path: ['args', 'redirect_uri'], value: 'auth_prefix' }], docsBase: 'https://gitlab.example.com' },
  azure_activedirectory_v2: { idPath: ['args', 'client_id'], secretPath: ['args', 'client_secret'] },
  auth0: { idPath: ['args', 'client_id'], secretPath: ['args', 'client_secret'] },
  jwt: { secretPath: ['args', 'secret'] },
};

export function presetBinding(name: string): PresetBinding {
  return BINDINGS[name] ?? {};
}

export function presetNames(): string[] {
  return Object.keys(PRESETS).sort();
}

/** The preset as a provider mapping, or null when there is none by that name. */
export function presetProvider(name: string): PlainValue | null {
  const preset = PRESETS[name];
  return preset ? jsonToPlain(preset) : null;
}

function jsonToPlain(value: Json): PlainValue {
  if (value === null) return { kind: 'null' };
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (typeof value === 'number') return Number.isInteger(value) ? { kind: 'integer', value: String(value) } : { kind: 'float', value };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(jsonToPlain) };
  const entries: PlainEntry[] = Object.entries(value).map(([key, v]) => ({ key, value: jsonToPlain(v) }));
  return { kind: 'mapping', entries };
}
