/**
 * `strategy-name-mismatch`: `args.name` must equal the provider's `name`; a
 * provider with a custom name and a strategy_class needs `args.name`.
 */
import { literalText, valueAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { hasComputedKey, isRemovedProvider, providerEntries } from './entries.js';

export const strategyNameMismatchRule: Rule = {
  meta: {
    id: 'strategy-name-mismatch',
    severity: 'error',
    messages: {
      differs: 'args.name is `{{argsName}}` but the provider is named `{{name}}`: the strategy answers at /users/auth/{{argsName}} while GitLab links to /users/auth/{{name}}',
      missing: 'provider `{{name}}` uses strategy_class {{strategyClass}} but has no args.name: the strategy answers at /users/auth/{{strategyName}} instead of /users/auth/{{name}}',
    },
    docs: {
      description:
        'Checks that `args.name` equals the provider\'s top-level `name`, and that a provider with a custom name (a second SAML or OpenID Connect provider, `azure_oauth2` moved to OpenID Connect) sets `args.name` at all.',
      why: 'The top-level name decides the sign-in button\'s link and the identity GitLab stores; `args.name` decides the path the OmniAuth strategy listens on. When they differ, the button leads to a path nothing answers (404), or two providers answer on the same path and one of them can never be used.',
      fix: 'Set `args.name` to exactly the provider\'s `name` (the docs mark it "mandatory and must match the provider name").',
      url: 'https://docs.gitlab.com/ee/integration/saml.html#configure-multiple-saml-idps',
    },
  },
  check(context) {
    for (const entry of providerEntries(context.model)) {
      if (entry.name === undefined || !entry.args || isRemovedProvider(entry, context.options)) continue;
      const argsNameValue = valueAt(entry.args, 'name');
      if (argsNameValue) {
        const argsName = literalText(argsNameValue);
        if (argsName !== undefined && argsName !== entry.name) {
          context.report({ messageId: 'differs', data: { argsName, name: entry.name }, range: argsNameValue.range, path: argsNameValue.path });
        }
        continue;
      }
      const { spec, strategyClass } = entry.strategy;
      if (!spec || strategyClass === undefined || hasComputedKey(entry.args)) continue;
      // The strategy's own name needs no args.name (name: saml with strategy_class SAML);
      // cognito does: its strategy (OAuth2Generic) would answer as oauth2_generic.
      if (entry.name === spec.name && !spec.needsStrategyClass) continue;
      const strategyName = spec.needsStrategyClass ? 'oauth2_generic' : spec.name;
      const at = valueAt(entry.args, 'strategy_class') ?? entry.args;
      context.report({ messageId: 'missing', data: { name: entry.name, strategyClass, strategyName }, range: at.range, path: at.path });
    }
  },
};
