/**
 * `unknown-strategy-class`: an args.strategy_class naming a class GitLab does not ship.
 */
import { knownStrategyClasses, literalText, valueAt } from '../../../catalog/providers.js';
import { suggestions } from '../../did-you-mean.js';
import type { Rule } from '../../rule.js';
import { providerEntries } from './entries.js';

export const unknownStrategyClassRule: Rule = {
  meta: {
    id: 'unknown-strategy-class',
    severity: 'error',
    messages: {
      unknown: 'strategy_class `{{className}}` is not a strategy GitLab ships',
    },
    docs: {
      description:
        'Checks that `args.strategy_class` names an OmniAuth strategy class GitLab includes, such as `OmniAuth::Strategies::SAML`, `OmniAuth::Strategies::OpenIDConnect` or `OmniAuth::Strategies::OAuth2Generic`; suggests the nearest one.',
      why: 'GitLab turns the string into a Ruby class when it boots. A misspelled class (`OmniAuth::Strategies::OpenIdConnect`, `OmniAuth::Strategies::Saml`) raises "uninitialized constant" and GitLab does not start.',
      fix: 'Use one of the class names `gitlab-omniauth providers` lists, spelled exactly (Ruby class names are case-sensitive).',
      url: 'https://docs.gitlab.com/ee/administration/auth/oidc.html#configure-multiple-openid-connect-providers',
    },
  },
  check(context) {
    const known = knownStrategyClasses();
    for (const entry of providerEntries(context.model)) {
      if (!entry.args) continue;
      const value = valueAt(entry.args, 'strategy_class');
      const className = literalText(value);
      if (className === undefined || !value || entry.strategy.spec) continue;
      // Compare the class names without their shared `OmniAuth::Strategies::` prefix, which would make every class look close.
      const short = (c: string): string => c.replace(/^(::)?OmniAuth::Strategies::/, '');
      const match = suggestions(short(className), known.map(short), { limit: 1 })[0];
      const hint = match ? `did you mean \`OmniAuth::Strategies::${match}\`?` : undefined;
      context.report({ messageId: 'unknown', data: { className }, range: value.range, path: value.path, ...(hint ? { hint } : {}) });
    }
  },
};
