/**
 * GitLab Helm chart values (DOMAIN.md §6): `global.appConfig.omniauth` with
 * camelCase keys (`allowSingleSignOn`), and providers that live in Kubernetes
 * secrets (`{secret: gitlab-saml, key: saml}`) rather than in the values.
 */
import type { ConfigValue } from '../../model/types.js';

/** `allowSingleSignOn` → `allow_single_sign_on`: the chart writes these keys into gitlab.yml under snake_case names. */
export function helmKeyToGitlabYml(key: string): string {
  return key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

export function isCamelCase(key: string): boolean {
  return /^[a-z][a-z0-9]*[A-Z]/.test(key);
}

export interface SecretReference {
  secret: string;
  /** The key inside the secret that holds the provider block (the chart's default is `provider`). */
  key: string;
}

/**
 * A chart provider item `{secret: NAME, key: KEY?}`: the provider block itself
 * is in that Kubernetes secret, not in this file.
 */
export function secretReference(value: ConfigValue): SecretReference | null {
  if (value.kind !== 'mapping') return null;
  const keys = new Set(value.entries.map((e) => e.key));
  if (!keys.has('secret') || keys.has('name') || [...keys].some((k) => k !== 'secret' && k !== 'key')) return null;
  const text = (key: string): string | null => {
    const entry = [...value.entries].reverse().find((e) => e.key === key);
    if (!entry) return null;
    const v = entry.value;
    return v.kind === 'string' || v.kind === 'symbol' || v.kind === 'integer' ? v.value : v.kind === 'erb' ? v.source : null;
  };
  const secret = text('secret');
  if (secret === null) return null;
  return { secret, key: text('key') ?? 'provider' };
}

/**
 * The chart's own names under `global.appConfig.omniauth` for the gitlab.yml
 * settings it passes on (doc/charts/globals.md, OmniAuth). The other gitlab.yml
 * settings (`sync_email_from_provider`, `cas3`, `saml_message_max_byte_size`)
 * have no chart value. `helmKeyToGitlabYml` reads each name back to its key.
 */
export const HELM_SETTING_NAMES: Readonly<Record<string, string>> = {
  enabled: 'enabled',
  auto_sign_in_with_provider: 'autoSignInWithProvider',
  sync_profile_from_provider: 'syncProfileFromProvider',
  sync_profile_attributes: 'syncProfileAttributes',
  allow_single_sign_on: 'allowSingleSignOn',
  block_auto_created_users: 'blockAutoCreatedUsers',
  auto_link_ldap_user: 'autoLinkLdapUser',
  auto_link_saml_user: 'autoLinkSamlUser',
  auto_link_user: 'autoLinkUser',
  external_providers: 'externalProviders',
  allow_bypass_two_factor: 'allowBypassTwoFactor',
};

/** The chart's default Secret key holding a provider block. */
export const HELM_PROVIDER_KEY = 'provider';
