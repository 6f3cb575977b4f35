/**
 * The sign-in button's text when a provider entry sets no `label`, as GitLab
 * computes it (`Gitlab::Auth::OAuth::Provider.label_for`): its own short
 * table of names, else Rails' `name.titleize` — hence "Saml", "Jwt" and
 * "Openid Connect", as the comments in GitLab's docs snippets also say.
 */

/**
 * GitLab's `LABELS` table (lib/gitlab/auth/o_auth/provider.rb). `azure_oauth2`
 * is "Azure AD (Obsolete)" in current GitLab ("Azure AD" before the v1
 * strategy was superseded); `dingtalk` is listed for the GitLab versions that
 * still ship the provider.
 */
export const GITLAB_LABELS: Readonly<Record<string, string>> = {
  alicloud: 'AliCloud',
  dingtalk: 'DingTalk',
  github: 'GitHub',
  gitlab: 'GitLab.com',
  google_oauth2: 'Google',
  azure_oauth2: 'Azure AD (Obsolete)',
  azure_activedirectory_v2: 'Azure AD v2',
  atlassian_oauth2: 'Atlassian',
};

/** Acronyms GitLab registers with ActiveSupport's inflector (config/initializers/0_inflections.rb). */
const ACRONYMS: Readonly<Record<string, string>> = { ee: 'EE', jh: 'JH', csp: 'CSP' };

/** The label GitLab shows for a provider named `name` that sets no `label`. */
export function signInLabel(name: string): string {
  return GITLAB_LABELS[name] ?? titleize(name);
}

/**
 * ActiveSupport's `titleize` for the names providers have: underscore,
 * humanize (`_` to spaces, a trailing ` id` dropped, words lowercased unless
 * an acronym, the first letter capitalized), then every word capitalized.
 */
export function titleize(word: string): string {
  const underscored = word
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  let human = underscored.replace(/_/g, ' ').replace(/^\s+/, '');
  if (human.endsWith(' id')) human = human.slice(0, -3);
  human = human.replace(/[a-z\d]+/gi, (w) => ACRONYMS[w.toLowerCase()] ?? w.toLowerCase());
  human = human.replace(/^\w/, (c) => c.toUpperCase());
  return human.replace(/\b(?<![\w'’`()])[a-z]/g, (c) => c.toUpperCase());
}
