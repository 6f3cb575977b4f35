/**
 * `unknown-provider-reference`: settings that name providers
 * (`allow_single_sign_on`, `auto_sign_in_with_provider`, `external_providers`,
 * ...) naming one that is not configured — usually a short or misspelled name
 * (`google` for `google_oauth2`). Checked only when the file defines the
 * providers (a gitlab.rb with the settings but not the providers says nothing
 * about what is configured elsewhere).
 */
import { providerByName, valueAt } from '../../catalog/providers.js';
import { SETTINGS } from '../../model/settings.js';
import type { ConfigValue } from '../../model/types.js';
import type { Rule, RuleContext } from '../rule.js';
import { didYouMeanHint, suggestions } from '../did-you-mean.js';
import { booleanWord } from './string-boolean.js';
import { canonicalProviderName, effectiveSetting, isText, providerNames, type NamedProvider } from './shared.js';

/**
 * Providers that exist without an entry in the list: LDAP servers
 * (`ldapmain`, `ldapsecondary`) and Kerberos (`kerberos_*` settings).
 */
function configuredElsewhere(name: string): boolean {
  return /^ldap[a-z0-9_]*$/.test(name) || name === 'kerberos';
}

export const unknownProviderReferenceRule: Rule = {
  meta: {
    id: 'unknown-provider-reference',
    severity: 'warning',
    messages: {
      unknown: '`{{setting}}` names `{{name}}`, which is not a configured provider',
      autoSignIn: '`auto_sign_in_with_provider` names `{{name}}`, which is not a configured provider: every sign-in is sent to it and fails, local sign-in is impossible',
    },
    docs: {
      description:
        'Checks that the providers named in `allow_single_sign_on`, `auto_sign_in_with_provider`, `external_providers`, `sync_profile_from_provider`, `sync_email_from_provider`, `auto_link_user` and `allow_bypass_two_factor` are configured in the same file, and suggests the configured name that was probably meant (`google` → `google_oauth2`). LDAP servers (`ldapmain`) and `kerberos` are accepted, since they are configured elsewhere.',
      why: 'GitLab compares these names as plain strings: a name that matches no provider silently does nothing (no single sign-on, no external users). For `auto_sign_in_with_provider` it is worse: the sign-in page redirects to a provider that does not exist, users land in a loop and cannot sign in locally either.',
      fix: 'Use the provider\'s `name` exactly as it is in the providers list. To reach the local sign-in form while auto sign-in is broken, open `/users/sign_in?auto_sign_in=false`.',
      url: 'https://docs.gitlab.com/integration/omniauth/#sign-in-automatically-using-a-provider',
    },
  },
  check(context) {
    const { model } = context;
    // Without the list, or with entries kept elsewhere (Helm secrets), a name may be configured where this file cannot see.
    if (model.providers === null || (model.providersElsewhere ?? 0) > 0) return;
    const { named, complete } = providerNames(model);
    // With a provider whose name is an expression, any reference might be it.
    if (!complete) return;
    const configured = new Map(named.map((p) => [p.name, p]));
    for (const spec of SETTINGS) {
      if (!spec.referencesProviders) continue;
      const setting = effectiveSetting(model, spec.name);
      if (!setting) continue;
      // `allow_single_sign_on: 'false'` is a boolean in quotes: `string-boolean` explains it.
      if (spec.type === 'boolean-or-providers' && booleanWord(setting.value) !== null) continue;
      for (const ref of references(setting.value)) {
        const name = canonicalProviderName(ref.value);
        if (configured.has(name) || configuredElsewhere(name)) continue;
        report(context, spec.name, name, ref.range, ref.path, configured);
      }
    }
  },
};

function references(value: ConfigValue): Array<{ value: string; range: ConfigValue['range']; path: string }> {
  if (isText(value)) return [{ value: value.value, range: value.range, path: value.path }];
  if (value.kind === 'array') return value.items.flatMap((item) => (isText(item) ? [{ value: item.value, range: item.range, path: item.path }] : []));
  return [];
}

/**
 * Which side of the near miss is misspelled. A reference to a provider GitLab
 * ships (`gitlab`) next to a configured name it does not know (`gitlba`):
 * the provider's name is the typo, so the hint points there. Otherwise the
 * reference is the likely typo and the configured name is suggested.
 */
function nearMissHint(name: string, configured: ReadonlyMap<string, NamedProvider>): string | undefined {
  const close = suggestions(name, configured.keys(), { limit: 2 });
  // A custom name with its own strategy_class (`saml_2`) is deliberate, not a typo.
  const misspelled = providerByName(name) ? close.map((c) => configured.get(c) as NamedProvider).filter((p) => !providerByName(p.name) && !hasStrategyClass(p)) : [];
  const provider = misspelled[0];
  if (provider) {
    return `provider \`${provider.name}\` on line ${provider.nameValue.range.start.line} is probably a misspelling of \`${name}\`: correct its name there`;
  }
  return didYouMeanHint(name, configured.keys());
}

function hasStrategyClass(provider: NamedProvider): boolean {
  const args = provider.item.value.kind === 'mapping' ? valueAt(provider.item.value, 'args') : undefined;
  return args?.kind === 'mapping' && valueAt(args, 'strategy_class') !== undefined;
}

function report(context: RuleContext, setting: string, name: string, range: ConfigValue['range'], path: string, configured: ReadonlyMap<string, NamedProvider>): void {
  const hint = nearMissHint(name, configured);
  const autoSignIn = setting === 'auto_sign_in_with_provider';
  context.report({
    messageId: autoSignIn ? 'autoSignIn' : 'unknown',
    data: { setting, name },
    range,
    path,
    ...(autoSignIn ? { severity: 'error' as const } : {}),
    ...(hint ? { hint } : {}),
  });
}
