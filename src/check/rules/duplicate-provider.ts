/**
 * `duplicate-provider`: two provider entries with the same name. GitLab
 * registers providers by name, so the later entry replaces the earlier one
 * without a word; edits to the first then seem to have no effect.
 */
import type { Rule } from '../rule.js';
import { providerNames, type NamedProvider } from './shared.js';

export const duplicateProviderRule: Rule = {
  meta: {
    id: 'duplicate-provider',
    severity: 'error',
    messages: {
      duplicate: 'provider `{{name}}` is configured again: GitLab uses only this entry and ignores the one at line {{line}}',
    },
    docs: {
      description: 'Finds two provider entries with the same `name` (`kerberos_spnego` counts as `kerberos`, as in GitLab).',
      why: 'GitLab keeps one strategy per name: the last entry wins, the earlier one is ignored entirely. Changes to the earlier entry never take effect, which is hard to notice in a long list.',
      fix: 'Merge the two entries into one, or give the second provider its own name (with `args.strategy_class` for a second SAML or OpenID Connect provider).',
      url: 'https://docs.gitlab.com/integration/saml/#configure-multiple-saml-idps',
    },
  },
  check(context) {
    const first = new Map<string, NamedProvider>();
    for (const provider of providerNames(context.model).named) {
      const earlier = first.get(provider.name);
      if (!earlier) {
        first.set(provider.name, provider);
        continue;
      }
      context.report({
        messageId: 'duplicate',
        data: { name: provider.name, line: earlier.nameValue.range.start.line },
        range: provider.nameValue.range,
        path: provider.nameValue.path,
      });
    }
  },
};
