/**
 * The general OmniAuth settings GitLab knows, under their gitlab.yml names,
 * with how gitlab.rb spells them and how Omnibus's gitlab.yml.erb writes them
 * (DOMAIN.md §2). One table: readers, checks and renderers all use it.
 */

export type SettingType =
  | 'boolean'
  | 'boolean-or-providers'
  | 'provider'
  | 'providers'
  | 'profile-attributes'
  | 'integer'
  | 'provider-list';

/**
 * How `gitlab-ctl reconfigure` writes the value into gitlab.yml:
 * - `raw`: interpolated as text (`<%= value %>`), nil renders empty
 * - `json`: `value.to_json`
 * - `json-when-truthy` / `raw-when-truthy`: only when the value is truthy (`false` equals unset)
 * - `inspect-when-set`: Ruby `inspect`, only when not nil
 * - `providers`: one `- <provider as JSON>` line per provider
 */
export type OmnibusWrite = 'raw' | 'json' | 'json-when-truthy' | 'raw-when-truthy' | 'inspect-when-set' | 'providers';

export interface SettingSpec {
  /** gitlab.yml name under `omniauth` (dotted for nested keys). */
  name: string;
  /** gitlab.rb key inside `gitlab_rails[...]`. */
  omnibusKey: string;
  type: SettingType;
  /** Omnibus attribute default (what reconfigure uses when gitlab.rb does not set it). */
  omnibusDefault: unknown;
  omnibusWrite: OmnibusWrite;
  /** What Rails uses when gitlab.yml leaves it nil or absent. */
  railsDefault: unknown;
  /** Whether the value names providers (checked against the configured ones). */
  referencesProviders: boolean;
  description: string;
}

export const SETTINGS: readonly SettingSpec[] = [
  { name: 'enabled', omnibusKey: 'omniauth_enabled', type: 'boolean', omnibusDefault: null, omnibusWrite: 'raw', railsDefault: true, referencesProviders: false, description: 'Enable OmniAuth sign-in' },
  { name: 'allow_single_sign_on', omnibusKey: 'omniauth_allow_single_sign_on', type: 'boolean-or-providers', omnibusDefault: ['saml'], omnibusWrite: 'json', railsDefault: false, referencesProviders: true, description: 'Create accounts for users who sign in with these providers' },
  { name: 'sync_email_from_provider', omnibusKey: 'omniauth_sync_email_from_provider', type: 'provider', omnibusDefault: null, omnibusWrite: 'inspect-when-set', railsDefault: null, referencesProviders: true, description: 'Legacy: sync the email from this provider' },
  { name: 'sync_profile_from_provider', omnibusKey: 'omniauth_sync_profile_from_provider', type: 'boolean-or-providers', omnibusDefault: null, omnibusWrite: 'json-when-truthy', railsDefault: false, referencesProviders: true, description: 'Sync profile attributes from these providers at every sign-in' },
  { name: 'sync_profile_attributes', omnibusKey: 'omniauth_sync_profile_attributes', type: 'profile-attributes', omnibusDefault: null, omnibusWrite: 'json-when-truthy', railsDefault: ['email'], referencesProviders: false, description: 'Which profile attributes to sync (name, email, location) or true for all' },
  { name: 'auto_sign_in_with_provider', omnibusKey: 'omniauth_auto_sign_in_with_provider', type: 'provider', omnibusDefault: null, omnibusWrite: 'raw', railsDefault: false, referencesProviders: true, description: 'Skip the sign-in page and sign in with this provider' },
  { name: 'block_auto_created_users', omnibusKey: 'omniauth_block_auto_created_users', type: 'boolean', omnibusDefault: null, omnibusWrite: 'raw', railsDefault: true, referencesProviders: false, description: 'Block automatically created users until an administrator approves them' },
  { name: 'auto_link_ldap_user', omnibusKey: 'omniauth_auto_link_ldap_user', type: 'boolean', omnibusDefault: null, omnibusWrite: 'raw', railsDefault: false, referencesProviders: false, description: 'Link OmniAuth identities to LDAP accounts with the same uid' },
  { name: 'auto_link_saml_user', omnibusKey: 'omniauth_auto_link_saml_user', type: 'boolean', omnibusDefault: null, omnibusWrite: 'json', railsDefault: false, referencesProviders: false, description: 'Link SAML identities to existing accounts' },
  { name: 'auto_link_user', omnibusKey: 'omniauth_auto_link_user', type: 'boolean-or-providers', omnibusDefault: null, omnibusWrite: 'json', railsDefault: false, referencesProviders: true, description: 'Link identities of these providers to existing accounts by email' },
  { name: 'external_providers', omnibusKey: 'omniauth_external_providers', type: 'provider-list', omnibusDefault: null, omnibusWrite: 'json', railsDefault: [], referencesProviders: true, description: 'Users of these providers are external users' },
  { name: 'allow_bypass_two_factor', omnibusKey: 'omniauth_allow_bypass_two_factor', type: 'boolean-or-providers', omnibusDefault: null, omnibusWrite: 'json', railsDefault: false, referencesProviders: true, description: 'Users of these providers skip two-factor authentication' },
  { name: 'providers', omnibusKey: 'omniauth_providers', type: 'providers', omnibusDefault: [], omnibusWrite: 'providers', railsDefault: [], referencesProviders: false, description: 'The provider entries' },
  // GitLab sets 8.hours (config/initializers/1_settings.rb) in the versions that still have CAS.
  { name: 'cas3.session_duration', omnibusKey: 'omniauth_cas3_session_duration', type: 'integer', omnibusDefault: null, omnibusWrite: 'raw-when-truthy', railsDefault: 28800, referencesProviders: false, description: 'CAS3 session duration in seconds, default 28800 (8 hours); 0 disables single logout (CAS was removed in GitLab 16.0)' },
  { name: 'saml_message_max_byte_size', omnibusKey: 'omniauth_saml_message_max_byte_size', type: 'integer', omnibusDefault: null, omnibusWrite: 'raw-when-truthy', railsDefault: 250000, referencesProviders: false, description: 'Largest SAML message accepted, in bytes' },
];

const byName = new Map(SETTINGS.map((s) => [s.name, s]));
const byOmnibusKey = new Map(SETTINGS.map((s) => [s.omnibusKey, s]));

export function settingByName(name: string): SettingSpec | undefined {
  return byName.get(name);
}

export function settingByOmnibusKey(key: string): SettingSpec | undefined {
  return byOmnibusKey.get(key);
}

/**
 * gitlab.yml name for a `gitlab_rails[...]` key that starts with `omniauth_`,
 * also for unknown keys (`omniauth_provider` → `provider`) so checks can
 * suggest the right one.
 */
export function nameForOmnibusKey(key: string): string {
  return settingByOmnibusKey(key)?.name ?? key.replace(/^omniauth_/, '');
}

// Secret keys live beside the other maskers; re-exported here where callers have always found them.
export { isSecretKey, maskSecretInKey } from './secrets.js';
