/**
 * The provider catalog: one entry per OmniAuth provider GitLab knows, current
 * or removed. Each entry says how GitLab reads that provider (which fields sit
 * at the top level and which inside `args`, what `app_id`/`app_secret` become),
 * who can sign in with it, which URLs to register at the identity provider,
 * and where its docs are. Facts: DOMAIN.md §3–§5 and the GitLab docs in
 * ../shared/corpus/docs. When a provider was deprecated or removed is not
 * here but in data/gitlab-versions.json (see versions.ts).
 */
import type { ConfigValue, MappingEntry, MappingValue } from '../model/types.js';
import {
  GITLAB_ARGS,
  OAUTH2_ARGS,
  OIDC_GITLAB_FIELDS,
  SAML_GROUP_FIELDS,
  anything,
  bool,
  int,
  mapping,
  scopes,
  str,
  strList,
  url,
  type FieldSchema,
} from './fields.js';
import { effectiveVersion, statusAt, type StatusAt } from './versions.js';
import { signInLabel } from './labels.js';

/** How the provider authenticates: decides which checks apply (callbacks, http). */
export type Protocol = 'oauth2' | 'oauth1' | 'openid_connect' | 'saml' | 'cas' | 'jwt' | 'crowd' | 'shibboleth' | 'kerberos';

/**
 * Who can sign in through the provider: `anyone` with an account at a public
 * service (GitHub, Google, ...), or only the users an `organization` manages
 * (its SAML IdP, its Auth0 tenant). Google and Azure depend on their args.
 */
export type Audience = 'anyone' | 'organization';

export interface CallbackSpec {
  /** Path appended to external_url; `{name}` is the provider's configured name; '' is external_url itself. */
  path: string;
  purpose: string;
  /** When the URL matters, if not always. */
  note?: string;
}

export interface ProviderSpec {
  name: string;
  /**
   * The sign-in button's text when the entry sets no `label`: GitLab's own
   * short table (GitHub, GitLab.com, Google, ...) or else `name.titleize`,
   * hence "Saml" and "Openid Connect" (the docs' comments say the same);
   * see labels.ts.
   */
  label: string;
  docsUrl: string;
  /** The OmniAuth strategy class GitLab uses for this name. */
  strategyClass: string;
  protocol: Protocol;
  /** Only in GitLab Enterprise Edition. */
  enterprise?: boolean;
  /** Listed in the GitLab docs' supported providers table. */
  listed: boolean;
  /**
   * Who can sign in. A function decides from the provider's `args` when the
   * answer depends on them (Google's `hd`, Azure's tenant).
   */
  audience: Audience | ((args: MappingValue | null) => Audience);
  /**
   * What the top-level `app_id` and `app_secret` become: the strategy's
   * positional arguments. Empty: the strategy takes none, and giving
   * `app_id` makes GitLab fail at boot (wrong number of arguments).
   */
  positionalArgs: readonly string[];
  /** Top-level keys GitLab reads for this provider besides name, label, icon, app_id, app_secret, args. */
  topLevel: Record<string, FieldSchema>;
  /** Top-level keys that must be present (besides `name`). */
  requiredTop: readonly string[];
  /** Known keys inside `args`. */
  args: Record<string, FieldSchema>;
  requiredArgs: readonly string[];
  /** The name is not a strategy's own: GitLab needs `args.strategy_class`. */
  needsStrategyClass?: boolean;
  /** URLs to register at the identity provider. */
  callbacks: readonly CallbackSpec[];
  /** Old names GitLab still reads as this provider. */
  aliases?: readonly string[];
  /** A note for `providers` and docs (how it is configured when that is unusual). */
  note?: string;
}

const DOCS = 'https://docs.gitlab.com/ee';

const CALLBACK: CallbackSpec = { path: '/users/auth/{name}/callback', purpose: 'callback (redirect) URL' };

const COMMON_TOP = ['name', 'label', 'icon', 'app_id', 'app_secret', 'args'] as const;

/** Keys every provider entry may have, whatever the provider. */
export const COMMON_TOP_LEVEL_KEYS: readonly string[] = COMMON_TOP;

const OAUTH2_POSITIONAL = ['client_id', 'client_secret'] as const;

function oauth2(extra: Record<string, FieldSchema> = {}): Record<string, FieldSchema> {
  return { ...GITLAB_ARGS, ...OAUTH2_ARGS, ...extra };
}

const OIDC_ARGS: Record<string, FieldSchema> = {
  ...GITLAB_ARGS,
  scope: scopes('Requested scopes, e.g. `[openid, profile, email]`'),
  response_type: str('OAuth response type', { enum: ['code', 'id_token', 'id_token token', 'code id_token', 'code token', 'code id_token token'] }),
  response_mode: str('How the response is returned', { enum: ['query', 'fragment', 'form_post', 'web_message'] }),
  issuer: url('Issuer URL, exactly as the provider\'s discovery document states it'),
  discovery: bool('Read the endpoints from `<issuer>/.well-known/openid-configuration` (default false)'),
  client_auth_method: str('How GitLab authenticates at the token endpoint: basic (default), jwt_bearer, mtls, or anything else to post the secret'),
  client_signing_alg: str('Algorithm of the ID token signature'),
  client_jwk_signing_key: str('JWK used to verify ID tokens'),
  client_x509_signing_key: str('X.509 certificate used to verify ID tokens'),
  jwt_secret_base64: str('Base64-encoded secret for HS256 ID tokens'),
  uid_field: str('User info field that becomes the GitLab identity (default `sub`)'),
  send_scope_to_token_endpoint: bool('Send `scope` to the token endpoint (default true)'),
  send_nonce: bool('Send a nonce (default true)'),
  pkce: bool('Use Proof Key for Code Exchange'),
  prompt: anything('`prompt` sent to the provider'),
  max_age: int('Maximum authentication age in seconds'),
  acr_values: anything('Requested authentication context class references'),
  hd: str('Hosted domain hint'),
  login_hint: str('Login hint'),
  ui_locales: str('Preferred UI languages'),
  post_logout_redirect_uri: url('Where the provider sends users after signing out'),
  allow_authorize_params: strList('Authorization parameters a request may add (step-up authentication)'),
  extra_authorize_params: mapping('Extra parameters for the authorization request'),
  require_state: bool('Require the `state` parameter (default true)'),
  send_state: bool('Send a `state` parameter (default true)'),
  state: anything('Fixed or computed `state` value'),
  display: str('How the provider shows its pages', { enum: ['page', 'popup', 'touch', 'wap'] }),
  id_token_hint: str('ID token hint'),
  fetch_user_info: bool('Call the user info endpoint (default true)'),
  pkce_verifier: anything('Ruby proc that makes the PKCE verifier'),
  pkce_options: mapping('PKCE challenge options'),
  logout_path: str('Path that starts single logout (default /logout)'),
  id_token_encryption_alg: str('Algorithm of encrypted ID tokens (JWE), e.g. RSA-OAEP'),
  id_token_encryption_key: str('Key that decrypts encrypted ID tokens'),
  id_token_encryption_key_file: str('File with the key that decrypts encrypted ID tokens'),
  client_options: mapping(
    'The OpenID Connect client: credentials, redirect URI and (without discovery) endpoints',
    {
      identifier: str('Client ID'),
      secret: str('Client secret'),
      redirect_uri: url('`<external_url>/users/auth/<name>/callback`'),
      scheme: str('Provider URL scheme when there is no issuer'),
      host: str('Provider host when there is no issuer'),
      port: int('Provider port when there is no issuer'),
      authorization_endpoint: str('Authorization endpoint (needed without discovery)'),
      token_endpoint: str('Token endpoint (needed without discovery)'),
      userinfo_endpoint: str('User info endpoint (needed without discovery)'),
      jwks_uri: str('Key set URL (needed without discovery)'),
      end_session_endpoint: str('Where to end the session at sign-out'),
      audience: str('Audience of the client assertion'),
      gitlab: mapping('GitLab group settings for this provider', OIDC_GITLAB_FIELDS),
    },
    { required: ['identifier'] },
  ),
};

const OIDC_TOP: Record<string, FieldSchema> = {
  step_up_auth: mapping('Step-up authentication (Admin Mode from 17.11, groups from 18.4)', {
    admin_mode: mapping('Claims required for Admin Mode', undefined),
    namespace: mapping('Claims required for groups that enforce step-up authentication', undefined),
  }),
};

const SAML_ARGS: Record<string, FieldSchema> = {
  ...GITLAB_ARGS,
  assertion_consumer_service_url: url('`<external_url>/users/auth/<name>/callback`'),
  idp_sso_target_url: url('The IdP\'s single sign-on URL'),
  idp_sso_service_url: url('The IdP\'s single sign-on URL (newer name of idp_sso_target_url)'),
  idp_slo_target_url: url('The IdP\'s single logout URL'),
  idp_slo_service_url: url('The IdP\'s single logout URL (newer name of idp_slo_target_url)'),
  slo_default_relay_state: str('Relay state after single logout'),
  single_logout_service_url: url('GitLab\'s single logout URL'),
  idp_cert: str('The IdP\'s signing certificate (PEM)'),
  idp_cert_fingerprint: str('SHA-1 (or, with idp_cert_fingerprint_algorithm, SHA-256) fingerprint of the IdP certificate', { minLength: 1 }),
  idp_cert_fingerprint_algorithm: str('Digest of idp_cert_fingerprint', {
    enum: [
      'http://www.w3.org/2000/09/xmldsig#sha1',
      'http://www.w3.org/2001/04/xmlenc#sha256',
      'http://www.w3.org/2001/04/xmldsig-more#sha384',
      'http://www.w3.org/2001/04/xmlenc#sha512',
    ],
  }),
  idp_cert_multi: mapping('Several IdP certificates (`signing`, `encryption` lists)', {
    signing: strList('Signing certificates (PEM)'),
    encryption: strList('Encryption certificates (PEM)'),
  }),
  issuer: str('GitLab\'s SAML entity ID, exactly as registered at the IdP (usually external_url)', { minLength: 1 }),
  sp_entity_id: str('GitLab\'s SAML entity ID (newer name of issuer)'),
  name_identifier_format: str('NameID format; use a persistent one (persistent, emailAddress, unspecified)'),
  attribute_statements: mapping('Which SAML attributes fill GitLab\'s user info (email, name, nickname, ...)', undefined),
  request_attributes: anything('Attributes requested in the SP metadata'),
  attribute_service_name: str('Attribute consuming service name in the SP metadata'),
  uid_attribute: str('Attribute used as the identity instead of the NameID'),
  certificate: str('GitLab\'s own SP certificate (PEM), for signed requests or encrypted assertions'),
  private_key: str('GitLab\'s own SP private key (PEM)'),
  security: mapping('Signing and encryption options of ruby-saml', {
    authn_requests_signed: bool('Sign AuthnRequests'),
    logout_requests_signed: bool('Sign logout requests'),
    logout_responses_signed: bool('Sign logout responses'),
    want_assertions_signed: bool('Require signed assertions'),
    want_assertions_encrypted: bool('Require encrypted assertions'),
    want_name_id: bool('Require a NameID'),
    metadata_signed: bool('Sign the SP metadata'),
    embed_sign: bool('Embed the signature'),
    digest_method: str('Digest algorithm URI'),
    signature_method: str('Signature algorithm URI'),
    check_idp_cert_expiration: bool('Reject expired IdP certificates'),
    check_sp_cert_expiration: bool('Reject an expired SP certificate'),
    strict_audience_validation: bool('Require an audience'),
    lowercase_url_encoding: bool('Lowercase URL encoding for signatures'),
  }, { open: true }),
  allowed_clock_drift: { type: 'number', description: 'Seconds of clock difference tolerated' },
  upstream_two_factor_authn_contexts: strList('AuthnContext values that count as two-factor authentication'),
  idp_sso_target_url_runtime_params: mapping('Request parameters passed on to the IdP'),
  idp_sso_service_url_runtime_params: mapping('Request parameters passed on to the IdP'),
  skip_recipient_check: bool('Skip the Recipient check'),
  skip_conditions: bool('Skip the Conditions check'),
  skip_subject_confirmation: bool('Skip the SubjectConfirmation check'),
  skip_destination: bool('Skip the Destination check'),
  idp_slo_session_destroy: anything('Ruby proc run at single logout'),
  authn_context: anything('Requested AuthnContext'),
  authn_context_comparison: str('AuthnContext comparison'),
  force_authn: bool('Ask the IdP to authenticate again'),
  passive: bool('Passive authentication'),
  protocol_binding: str('Protocol binding URI'),
  compress_request: bool('Deflate the AuthnRequest'),
  compress_response: bool('Deflate the response'),
  // Other ruby-saml settings omniauth-saml passes through.
  idp_entity_id: str('The IdP\'s entity ID'),
  idp_sso_service_binding: str('Binding of the IdP\'s single sign-on service'),
  idp_slo_service_binding: str('Binding of the IdP\'s single logout service'),
  idp_slo_response_service_url: url('Where the IdP takes logout responses'),
  idp_attribute_names: strList('Attribute names the IdP sends'),
  idp_name_qualifier: str('NameQualifier of the IdP'),
  sp_name_qualifier: str('SPNameQualifier sent in requests'),
  name_identifier_value: str('NameID sent in logout requests'),
  assertion_consumer_service_binding: str('Binding of GitLab\'s ACS'),
  assertion_consumer_logout_service_url: url('GitLab\'s logout service URL'),
  single_logout_service_binding: str('Binding of GitLab\'s single logout service'),
  attributes_index: anything('AttributeConsumingService index'),
  authn_context_decl_ref: anything('Requested AuthnContextDeclRef'),
  certificate_new: str('GitLab\'s next SP certificate (PEM), for rotation'),
  sp_cert_multi: mapping('Several SP certificates and keys'),
  soft: bool('Return false instead of raising on validation errors'),
  valid_until: anything('Validity of the SP metadata'),
  cache_duration: anything('Cache duration of the SP metadata'),
  message_max_bytesize: int('Largest SAML message accepted, in bytes'),
};

function samlTop(): Record<string, FieldSchema> {
  return { ...SAML_GROUP_FIELDS };
}

function googleAudience(args: MappingValue | null): Audience {
  // `hd` restricts sign-in to Google Workspace domains: one name or a list (`*` allows any).
  const hd = args ? valueAt(args, 'hd') : undefined;
  if (hd?.kind === 'array') return hd.items.length > 0 && hd.items.every((d) => literalText(d) !== '*') ? 'organization' : 'anyone';
  const domain = literalText(hd);
  return hd !== undefined && (domain === undefined || (domain !== '' && domain !== '*')) ? 'organization' : 'anyone';
}

function azureAudience(args: MappingValue | null): Audience {
  // Without a tenant, or with a multi-tenant alias, any Microsoft account can sign in.
  const tenant = args ? literalAt(args, 'tenant_id') : undefined;
  const open = tenant === undefined || ['common', 'organizations', 'consumers', ''].includes(tenant.toLowerCase());
  return open ? 'anyone' : 'organization';
}

const SPECS: ReadonlyArray<Omit<ProviderSpec, 'label'>> = [
  {
    name: 'alicloud',
    docsUrl: `${DOCS}/integration/alicloud.html`,
    strategyClass: 'OmniAuth::Strategies::Alicloud',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'atlassian_oauth2',
    docsUrl: `${DOCS}/administration/auth/atlassian.html`,
    strategyClass: 'OmniAuth::Strategies::AtlassianOauth2',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2({ prompt: str('`consent` to ask for consent at every sign-in') }),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'auth0',
    docsUrl: `${DOCS}/integration/auth0.html`,
    strategyClass: 'OmniAuth::Strategies::Auth0',
    protocol: 'oauth2',
    listed: true,
    audience: 'organization',
    positionalArgs: ['client_id', 'client_secret', 'domain'],
    topLevel: {},
    requiredTop: [],
    args: oauth2({
      domain: str('Your Auth0 domain, e.g. `example.auth0.com`', { minLength: 1 }),
      connection: str('Auth0 connection to use'),
    }),
    requiredArgs: ['client_id', 'client_secret', 'domain'],
    callbacks: [CALLBACK],
  },
  {
    name: 'azure_activedirectory_v2',
    docsUrl: `${DOCS}/integration/azure.html`,
    strategyClass: 'OmniAuth::Strategies::AzureActivedirectoryV2',
    protocol: 'oauth2',
    listed: true,
    audience: azureAudience,
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: [],
    args: oauth2({
      tenant_id: str('Directory (tenant) ID; without it any Microsoft account can sign in'),
      base_azure_url: url('Microsoft endpoint for national clouds, e.g. `https://login.microsoftonline.us`'),
      custom_policy: str('Azure AD B2C policy'),
      authorize_params: mapping('Extra authorization parameters'),
      prompt: str('`prompt` sent to Microsoft'),
      adfs: bool('Use AD FS'),
    }),
    requiredArgs: ['client_id', 'client_secret'],
    callbacks: [CALLBACK],
  },
  {
    name: 'azure_oauth2',
    docsUrl: `${DOCS}/integration/azure.html`,
    strategyClass: 'OmniAuth::Strategies::AzureOauth2',
    protocol: 'oauth2',
    listed: false,
    audience: azureAudience,
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: [],
    args: oauth2({
      tenant_id: str('Directory (tenant) ID'),
      resource: str('Resource to request a token for'),
    }),
    requiredArgs: ['client_id', 'client_secret', 'tenant_id'],
    callbacks: [CALLBACK],
    note: 'the Azure AD v1 strategy, gone in 17.0: keep the name and use strategy_class OmniAuth::Strategies::OpenIDConnect',
  },
  {
    name: 'bitbucket',
    docsUrl: `${DOCS}/integration/bitbucket.html`,
    strategyClass: 'OmniAuth::Strategies::Bitbucket',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: { url: url('Bitbucket URL (`https://bitbucket.org/`)') },
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [{ path: '/users/auth', purpose: 'authorization callback URL (a prefix of every callback, against covert redirects)' }],
  },
  {
    name: 'cognito',
    docsUrl: `${DOCS}/administration/auth/cognito.html`,
    strategyClass: 'OmniAuth::Strategies::OAuth2Generic',
    protocol: 'oauth2',
    listed: true,
    audience: 'organization',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2Generic(),
    requiredArgs: ['client_options'],
    needsStrategyClass: true,
    callbacks: [CALLBACK],
    note: 'an oauth2_generic strategy under its own name: needs args.strategy_class',
  },
  {
    name: 'crowd',
    docsUrl: `${DOCS}/administration/auth/crowd.html`,
    strategyClass: 'OmniAuth::Strategies::Crowd',
    protocol: 'crowd',
    listed: false,
    audience: 'organization',
    positionalArgs: [],
    topLevel: {},
    requiredTop: ['args'],
    args: {
      ...GITLAB_ARGS,
      crowd_server_url: url('Crowd server URL'),
      application_name: str('Application name registered in Crowd'),
      application_password: str('Application password registered in Crowd'),
      use_sessions: bool('Reuse Crowd SSO sessions'),
      sso_url: url('Crowd SSO URL'),
      sso_url_image: url('Crowd SSO image URL'),
      session_url: url('Crowd session URL'),
      disable_ssl_verification: bool('Skip TLS certificate verification (unsafe)'),
      include_users_groups: bool('Fetch the user\'s groups'),
    },
    requiredArgs: ['crowd_server_url', 'application_name', 'application_password'],
    callbacks: [],
    note: 'a sign-in form on GitLab\'s page, no redirect: nothing to register',
  },
  {
    name: 'github',
    docsUrl: `${DOCS}/integration/github.html`,
    strategyClass: 'OmniAuth::Strategies::GitHub',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {
      url: url('GitHub Enterprise URL; GitLab moves it into args.client_options'),
      verify_ssl: bool('Verify the GitHub Enterprise TLS certificate (default true)'),
    },
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [{ path: '/users/auth', purpose: 'authorization callback URL (a prefix of every callback, against covert redirects)' }],
  },
  {
    name: 'gitlab',
    docsUrl: `${DOCS}/integration/gitlab.html`,
    strategyClass: 'OmniAuth::Strategies::GitLab',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2({
      client_options: mapping('The GitLab instance to sign in with', {
        site: url('GitLab URL, e.g. `https://gitlab.example.com` (default `https://gitlab.com`)'),
        authorize_url: str('Authorization endpoint'),
        token_url: str('Token endpoint'),
      }, { open: true }),
    }),
    requiredArgs: [],
    callbacks: [
      {
        path: '/import/gitlab/callback',
        purpose: 'redirect URI for the GitLab.com importer',
        note: 'the GitLab.com importer was removed in GitLab 16.0: this URL only matters before 16.0',
      },
      { path: '/users/auth/{name}/callback', purpose: 'redirect URI for sign-in' },
    ],
  },
  {
    name: 'google_oauth2',
    docsUrl: `${DOCS}/integration/google.html`,
    strategyClass: 'OmniAuth::Strategies::GoogleOauth2',
    protocol: 'oauth2',
    listed: true,
    audience: googleAudience,
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2({
      access_type: str('`offline` to get a refresh token', { enum: ['offline', 'online'] }),
      approval_prompt: str('Legacy consent prompt setting (`force` or empty)'),
      prompt: str('`none`, `consent`, `select_account` (space separated)'),
      hd: anything('Google Workspace domain(s) allowed to sign in'),
      login_hint: str('Login hint'),
      include_granted_scopes: bool('Incremental authorization'),
      image_aspect_ratio: str('Profile picture shape'),
      image_size: anything('Profile picture size'),
      skip_jwt: bool('Skip ID token verification'),
      skip_image_info: bool('Skip profile picture info'),
      jwt_leeway: int('Seconds of clock difference tolerated'),
      openid_realm: str('OpenID 2.0 realm for migration'),
      authorized_client_ids: strList('Client IDs allowed to send tokens'),
      enable_granular_consent: bool('Granular consent'),
    }),
    requiredArgs: [],
    callbacks: [
      { path: '/users/auth/{name}/callback', purpose: 'authorized redirect URI for sign-in' },
      { path: '/-/google_api/auth/callback', purpose: 'authorized redirect URI for Google Cloud integrations' },
    ],
  },
  {
    name: 'group_saml',
    docsUrl: `${DOCS}/integration/saml.html#configure-group-saml-sso-on-a-self-managed-instance`,
    strategyClass: 'OmniAuth::Strategies::GroupSaml',
    protocol: 'saml',
    enterprise: true,
    listed: false,
    audience: 'organization',
    positionalArgs: [],
    topLevel: {},
    requiredTop: [],
    args: { ...GITLAB_ARGS },
    requiredArgs: [],
    callbacks: [{ path: '/groups/<group-path>/-/saml/callback', purpose: 'assertion consumer service URL of each group (shown in the group\'s SAML settings)' }],
    note: 'Premium: only `name` here; each group configures its IdP in its own settings',
  },
  {
    name: 'jwt',
    docsUrl: `${DOCS}/administration/auth/jwt.html`,
    strategyClass: 'OmniAuth::Strategies::Jwt',
    protocol: 'jwt',
    listed: true,
    audience: 'organization',
    positionalArgs: ['secret'],
    topLevel: {},
    requiredTop: ['args'],
    args: {
      ...GITLAB_ARGS,
      secret: str('Shared secret or public key that verifies the token'),
      algorithm: str('Signature algorithm', { enum: ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'HS256', 'HS384', 'HS512'] }),
      uid_claim: str('Claim that becomes the GitLab identity (default `email`)'),
      required_claims: strList('Claims the token must have (default name, email)'),
      info_map: mapping('Which claims fill GitLab\'s user info', undefined),
      auth_url: url('Where GitLab sends users to get a token'),
      valid_within: { type: ['integer', 'null'], description: 'Seconds a token stays valid (`iat` check)' },
    },
    requiredArgs: ['auth_url'],
    callbacks: [CALLBACK],
  },
  {
    name: 'kerberos',
    docsUrl: `${DOCS}/integration/kerberos.html`,
    strategyClass: 'OmniAuth::Strategies::Kerberos',
    protocol: 'kerberos',
    listed: true,
    audience: 'organization',
    positionalArgs: [],
    topLevel: {},
    requiredTop: [],
    args: { ...GITLAB_ARGS },
    requiredArgs: [],
    aliases: ['kerberos_spnego'],
    callbacks: [],
    note: 'configured with the kerberos_* settings (gitlab_rails[\'kerberos_enabled\'], ...), not with a provider entry; ticket-based, nothing to register',
  },
  {
    name: 'oauth2_generic',
    docsUrl: `${DOCS}/integration/oauth2_generic.html`,
    strategyClass: 'OmniAuth::Strategies::OAuth2Generic',
    protocol: 'oauth2',
    listed: true,
    audience: 'organization',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2Generic(),
    requiredArgs: ['client_options'],
    callbacks: [CALLBACK],
  },
  {
    name: 'openid_connect',
    docsUrl: `${DOCS}/administration/auth/oidc.html`,
    strategyClass: 'OmniAuth::Strategies::OpenIDConnect',
    protocol: 'openid_connect',
    listed: true,
    audience: 'organization',
    positionalArgs: [],
    topLevel: OIDC_TOP,
    requiredTop: ['args'],
    args: OIDC_ARGS,
    requiredArgs: ['client_options'],
    callbacks: [CALLBACK],
  },
  {
    name: 'salesforce',
    docsUrl: `${DOCS}/integration/salesforce.html`,
    strategyClass: 'OmniAuth::Strategies::Salesforce',
    protocol: 'oauth2',
    listed: true,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: ['app_id', 'app_secret'],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'saml',
    docsUrl: `${DOCS}/integration/saml.html`,
    strategyClass: 'OmniAuth::Strategies::SAML',
    protocol: 'saml',
    listed: true,
    audience: 'organization',
    positionalArgs: [],
    topLevel: samlTop(),
    requiredTop: ['args'],
    args: SAML_ARGS,
    requiredArgs: [],
    callbacks: [
      { path: '/users/auth/{name}/callback', purpose: 'assertion consumer service (ACS) URL' },
      { path: '/users/auth/{name}/metadata', purpose: 'service provider metadata URL' },
      { path: '', purpose: 'entity ID (the issuer GitLab sends)' },
    ],
  },
  {
    name: 'shibboleth',
    docsUrl: `${DOCS}/integration/shibboleth.html`,
    strategyClass: 'OmniAuth::Strategies::Shibboleth',
    protocol: 'shibboleth',
    listed: true,
    audience: 'organization',
    positionalArgs: [],
    topLevel: {},
    requiredTop: [],
    args: {
      ...GITLAB_ARGS,
      shib_session_id_field: str('Request header with the Shibboleth session ID'),
      shib_application_id_field: str('Request header with the Shibboleth application ID'),
      uid_field: str('Request header that becomes the GitLab identity'),
      name_field: str('Request header with the user\'s name'),
      info_fields: mapping('Request headers for user info (email, ...)', undefined),
      extra_fields: anything('More request headers to keep'),
      request_type: str('Where attributes come from (`env`, `header`, `params`)'),
      debug: bool('Log the Shibboleth attributes'),
      fail_with_empty_uid: bool('Refuse sign-in without a uid (GitLab sets true)'),
      multi_values: anything('How to handle attributes with several values'),
    },
    requiredArgs: [],
    callbacks: [{ path: '/users/auth/{name}/callback', purpose: 'path the web server must protect with Shibboleth (Apache <Location>)' }],
  },
  // Removed providers: recognised so they are reported as removed, with minimal shapes.
  {
    name: 'facebook',
    docsUrl: `${DOCS}/integration/facebook.html`,
    strategyClass: 'OmniAuth::Strategies::Facebook',
    protocol: 'oauth2',
    listed: false,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: [],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'twitter',
    docsUrl: `${DOCS}/integration/twitter.html`,
    strategyClass: 'OmniAuth::Strategies::Twitter',
    protocol: 'oauth1',
    listed: false,
    audience: 'anyone',
    positionalArgs: ['consumer_key', 'consumer_secret'],
    topLevel: {},
    requiredTop: [],
    args: { ...GITLAB_ARGS },
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'cas3',
    docsUrl: `${DOCS}/integration/cas.html`,
    strategyClass: 'OmniAuth::Strategies::CAS3',
    protocol: 'cas',
    listed: false,
    audience: 'organization',
    positionalArgs: [],
    topLevel: {},
    requiredTop: [],
    args: {
      ...GITLAB_ARGS,
      url: url('CAS server'),
      login_url: str('Login path'),
      service_validate_url: str('Service validation path'),
      logout_url: str('Logout path'),
    },
    requiredArgs: [],
    callbacks: [{ path: '/users/auth/{name}/callback?url', purpose: 'service URL' }],
  },
  {
    name: 'dingtalk',
    docsUrl: `${DOCS}/integration/ding_talk.html`,
    strategyClass: 'OmniAuth::Strategies::Dingtalk',
    protocol: 'oauth2',
    listed: false,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: [],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
  {
    name: 'authentiq',
    docsUrl: `${DOCS}/administration/auth/authentiq.html`,
    strategyClass: 'OmniAuth::Strategies::Authentiq',
    protocol: 'oauth2',
    listed: false,
    audience: 'anyone',
    positionalArgs: OAUTH2_POSITIONAL,
    topLevel: {},
    requiredTop: [],
    args: oauth2(),
    requiredArgs: [],
    callbacks: [CALLBACK],
  },
];

export const PROVIDERS: readonly ProviderSpec[] = SPECS.map((spec) => ({ ...spec, label: signInLabel(spec.name) }));

function oauth2Generic(): Record<string, FieldSchema> {
  return oauth2({
    client_options: mapping('The OAuth 2.0 server', {
      site: url('Base URL of the OAuth server'),
      authorize_url: str('Authorization endpoint (relative to site)'),
      token_url: str('Token endpoint (relative to site)'),
      user_info_url: str('User info endpoint (relative to site)'),
    }, { required: ['site'], open: true }),
    user_response_structure: mapping('Where GitLab finds the user in the user info response', {
      root_path: strList('Path to the user object'),
      id_path: { type: ['string', 'array'], items: { type: 'string' }, description: 'Path to the user ID' },
      attributes: mapping('User info fields by GitLab name (email, name, nickname, ...)', undefined),
    }),
    redirect_url: url('Redirect URL sent to the provider'),
    user_info_method: str('HTTP method of the user info request'),
    user_info_params: mapping('Extra user info parameters'),
  });
}

// ---------------------------------------------------------------------------
// Lookups

const byName = new Map<string, ProviderSpec>();
for (const p of PROVIDERS) {
  byName.set(p.name, p);
  for (const alias of p.aliases ?? []) byName.set(alias, p);
}

/** The catalog entry for a provider name (old aliases included), or undefined. */
export function providerByName(name: string): ProviderSpec | undefined {
  return byName.get(name);
}

/**
 * The strategy class names GitLab can load, each to the provider that owns it
 * (the provider whose own name the class answers to).
 */
const byStrategyClass = new Map<string, ProviderSpec>();
for (const p of PROVIDERS) {
  if (!p.needsStrategyClass && !byStrategyClass.has(p.strategyClass)) byStrategyClass.set(p.strategyClass, p);
}

function providerByStrategyClass(className: string): ProviderSpec | undefined {
  return byStrategyClass.get(className.replace(/^::/, ''));
}

export function knownStrategyClasses(): string[] {
  return [...byStrategyClass.keys()];
}

/** Names that resolve to a strategy without `strategy_class`. */
export function builtInProviderNames(): string[] {
  return PROVIDERS.filter((p) => !p.needsStrategyClass).flatMap((p) => [p.name, ...(p.aliases ?? [])]);
}

// ---------------------------------------------------------------------------
// Reading a provider mapping (last key wins, as in GitLab's Hash)

export function entryAt(mapping: MappingValue, key: string): MappingEntry | undefined {
  let found: MappingEntry | undefined;
  for (const e of mapping.entries) if (e.key === key && e.keyStyle !== 'other') found = e;
  return found;
}

export function valueAt(mapping: MappingValue, key: string): ConfigValue | undefined {
  return entryAt(mapping, key)?.value;
}

/** A string or symbol literal's text; undefined for anything else. */
export function literalText(value: ConfigValue | undefined): string | undefined {
  return value && (value.kind === 'string' || value.kind === 'symbol') ? value.value : undefined;
}

export function literalAt(mapping: MappingValue, key: string): string | undefined {
  return literalText(valueAt(mapping, key));
}

/** `args` when it is a literal mapping (GitLab ignores any other type except a list). */
export function argsMapping(provider: MappingValue): MappingValue | null {
  const args = valueAt(provider, 'args');
  return args?.kind === 'mapping' ? args : null;
}

export interface StrategyResolution {
  /** The catalog entry whose shape applies, or null when unknown. */
  spec: ProviderSpec | null;
  /** How it was found. */
  via: 'name' | 'strategy_class' | 'none';
  /** The literal strategy_class, when given. */
  strategyClass?: string;
  /** strategy_class is given but not a literal (ENV[...], ERB): the tool cannot know. */
  opaqueStrategyClass?: boolean;
}

/**
 * Which strategy a provider entry uses, as GitLab decides it: `args.strategy_class`
 * when given (a second SAML or OpenID Connect provider, cognito, azure_oauth2
 * moved to OpenID Connect), otherwise the provider's own name.
 */
export function resolveStrategy(provider: MappingValue): StrategyResolution {
  const name = literalAt(provider, 'name');
  const args = argsMapping(provider);
  const classValue = args ? valueAt(args, 'strategy_class') : undefined;
  if (classValue) {
    const className = literalText(classValue);
    if (className === undefined) {
      const opaque = classValue.kind === 'ruby' || classValue.kind === 'erb';
      return { spec: null, via: 'none', ...(opaque ? { opaqueStrategyClass: true } : {}) };
    }
    const own = name !== undefined ? providerByName(name) : undefined;
    // cognito is an OAuth2Generic under its own name: its own entry is more precise.
    if (own && own.strategyClass === className.replace(/^::/, '')) return { spec: own, via: 'strategy_class', strategyClass: className };
    const spec = providerByStrategyClass(className) ?? null;
    return { spec, via: spec ? 'strategy_class' : 'none', strategyClass: className };
  }
  const spec = name !== undefined ? providerByName(name) ?? null : null;
  return { spec, via: spec ? 'name' : 'none' };
}

/** The catalog entry whose shape applies to a provider mapping (custom names via args.strategy_class). */
export function strategyOf(provider: MappingValue): ProviderSpec | null {
  return resolveStrategy(provider).spec;
}

/** Who can sign in through this provider entry. */
export function audienceOf(spec: ProviderSpec, provider: MappingValue): Audience {
  return typeof spec.audience === 'function' ? spec.audience(argsMapping(provider)) : spec.audience;
}

export interface ProviderStatus extends StatusAt {
  name: string;
  known: boolean;
}

/**
 * A provider's status in a GitLab version (`16.11`; default the newest
 * known): current, deprecated, removed, renamed or not yet available.
 */
export function providerStatus(name: string, version?: string): ProviderStatus {
  const at = statusAt('provider', name, effectiveVersion(version));
  return { name, known: providerByName(name) !== undefined, ...at };
}
