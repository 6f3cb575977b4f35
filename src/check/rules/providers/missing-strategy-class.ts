/**
 * `missing-strategy-class`: a provider whose name is no strategy's own name
 * (`saml_2`, `cognito`, a typo like `google`) and that has no args.strategy_class.
 */
import { builtInProviderNames, providerByName, valueAt } from '../../../catalog/providers.js';
import { didYouMeanHint } from '../../did-you-mean.js';
import type { Rule } from '../../rule.js';
import { providerEntries } from './entries.js';

/** Strategies the GitLab docs show configured more than once, under custom names. */
const MULTI_INSTANCE = ['saml', 'openid_connect'] as const;

export const missingStrategyClassRule: Rule = {
  meta: {
    id: 'missing-strategy-class',
    severity: 'error',
    messages: {
      unknownName: '`{{name}}` is not a provider GitLab knows, and args.strategy_class does not say which strategy to use',
      needsClass: '`{{name}}` needs `args.strategy_class: "{{strategyClass}}"`: GitLab has no strategy of that name',
      anotherInstance: '`{{name}}` is not a strategy\'s own name: for another {{strategy}} provider, add `strategy_class: "{{strategyClass}}"` and `name: "{{name}}"` inside args',
    },
    docs: {
      description:
        'Reports provider entries whose `name` is not the name of a strategy GitLab ships (github, saml, openid_connect, ...) and that do not say which strategy to use with `args.strategy_class`. This is the case for a second SAML or OpenID Connect provider (`saml_2`, `openid_connect_2fa`), for `cognito` (an OAuth2Generic strategy), and for misspelled names (`google` instead of `google_oauth2`).',
      why: 'GitLab turns the name into a strategy class at boot. A name no strategy answers to stops GitLab from starting (uninitialized constant OmniAuth::Strategies::...), or the provider is silently missing from the sign-in page.',
      fix: 'Use the strategy\'s own name (see `gitlab-omniauth providers`), or keep the custom name and add `strategy_class` and `name` inside `args`, e.g. `args: { name: "saml_2", strategy_class: "OmniAuth::Strategies::SAML", ... }`.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html#configure-multiple-saml-idps',
    },
  },
  check(context) {
    for (const entry of providerEntries(context.model)) {
      const name = entry.name;
      if (name === undefined || !entry.nameEntry) continue;
      if (entry.args && valueAt(entry.args, 'strategy_class') !== undefined) continue;
      // args given as something other than a literal mapping may well carry a strategy_class.
      const args = valueAt(entry.mapping, 'args');
      if (args && args.kind !== 'mapping') continue;
      // A name of the wrong shape (`SAML`, `saml-2`) is the general schema check's finding.
      if (!/^[a-z][a-z0-9_]*$/.test(name)) continue;
      const own = providerByName(name);
      const at = entry.nameEntry.value;
      if (own && !own.needsStrategyClass) continue;
      if (own) {
        context.report({ messageId: 'needsClass', data: { name, strategyClass: own.strategyClass }, range: at.range, path: at.path });
        continue;
      }
      // `saml_2`, `openid_connect_2fa`: the documented way to run a strategy twice, not a typo to rename.
      const instanceOf = MULTI_INSTANCE.find((strategy) => name.startsWith(`${strategy}_`));
      const spec = instanceOf === undefined ? undefined : providerByName(instanceOf);
      if (spec) {
        context.report({ messageId: 'anotherInstance', data: { name, strategy: spec.name, strategyClass: spec.strategyClass }, range: at.range, path: at.path });
        continue;
      }
      const hint = didYouMeanHint(name, builtInProviderNames());
      context.report({ messageId: 'unknownName', data: { name }, range: at.range, path: at.path, ...(hint ? { hint } : {}) });
    }
  },
};
