/**
 * `open-signup`: a provider anyone on the internet has an account with
 * (GitHub, GitLab.com, Google without `hd`, Bitbucket, ...) may create GitLab
 * accounts (`allow_single_sign_on`) and `block_auto_created_users` is false:
 * anyone can sign up, without an administrator's approval.
 */
import { audienceOf } from '../../../catalog/providers.js';
import type { ConfigValue, OmniauthModel } from '../../../model/types.js';
import type { Rule } from '../../rule.js';
import { knownEntries } from './entries.js';
import { effectiveSetting } from '../shared.js';

export const openSignupRule: Rule = {
  meta: {
    id: 'open-signup',
    severity: 'warning',
    messages: {
      open: 'anyone with a {{providers}} account can create a GitLab account: allow_single_sign_on includes {{them}} and block_auto_created_users is false',
    },
    docs: {
      description:
        'Reports public providers (GitHub, GitLab.com, Bitbucket, Salesforce, AliCloud, Atlassian, Google without an `hd` domain restriction, Azure without a tenant) that may create accounts through `allow_single_sign_on` (true, or a list naming them) while `block_auto_created_users` is false. Providers that only an organization\'s users can use (SAML, OpenID Connect, Auth0, LDAP-backed ones) are not reported.',
      why: 'With both settings, every person with an account at that service can sign in and gets a GitLab account at once, with access to every internal project. The GitLab docs warn: "any user on the internet can sign in to GitLab without an administrator\'s approval".',
      fix: 'Set `block_auto_created_users` to true so new accounts wait for an administrator, or remove the public provider from `allow_single_sign_on`, or restrict it (Google: `args: { hd: "example.com" }`; Azure: a `tenant_id`). If an open instance is what you want, keep it and silence this check.',
      url: 'https://docs.gitlab.com/ee/integration/omniauth.html#configure-common-settings',
    },
  },
  check(context) {
    const { model } = context;
    const block = effectiveSetting(model, 'block_auto_created_users');
    if (!block || !isFalse(block.value, model)) return;
    const sso = effectiveSetting(model, 'allow_single_sign_on');
    if (!sso) return;
    const allowed = allowedNames(sso.value);
    if (allowed === null) return;
    const open = knownEntries(context).filter(
      (e) => e.name !== undefined && (allowed === 'all' || allowed.has(e.name)) && audienceOf(e.spec, e.mapping) === 'anyone',
    );
    if (open.length === 0) return;
    const names = open.map((e) => `\`${e.name as string}\``);
    const providers = names.length === 1 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
    context.report({ messageId: 'open', data: { providers, them: names.length === 1 ? 'it' : 'them' }, range: sso.value.range, path: sso.value.path });
  },
};

/**
 * Omnibus writes block_auto_created_users as raw text into gitlab.yml, so the
 * string "false" becomes YAML false there too.
 */
function isFalse(value: ConfigValue, model: OmniauthModel): boolean {
  if (value.kind === 'boolean') return !value.value;
  return model.format === 'omnibus' && (value.kind === 'string' || value.kind === 'symbol') && value.value.trim() === 'false';
}

/** `true` → every provider; a list → those names; anything the tool cannot read → null. */
function allowedNames(value: ConfigValue): 'all' | Set<string> | null {
  if (value.kind === 'boolean') return value.value ? 'all' : new Set();
  if (value.kind === 'string' || value.kind === 'symbol') return new Set([value.value]);
  if (value.kind !== 'array') return null;
  const names = new Set<string>();
  for (const item of value.items) if (item.kind === 'string' || item.kind === 'symbol') names.add(item.value);
  return names;
}
