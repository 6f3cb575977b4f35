/**
 * `removed-provider` and `deprecated-provider`: providers GitLab removed or
 * deprecated, for the GitLab version checked (`--gitlab-version`, default the
 * newest known), from data/gitlab-versions.json.
 */
import { providerByName } from '../../../catalog/providers.js';
import { formatVersion, statusAt, type StatusAt } from '../../../catalog/versions.js';
import type { Rule, RuleContext } from '../../rule.js';
import { providerEntries, versionOf, type ProviderEntry } from './entries.js';

function eachStatus(context: RuleContext, visit: (entry: ProviderEntry, status: StatusAt) => void): void {
  const version = versionOf(context.options);
  for (const entry of providerEntries(context.model)) {
    if (entry.name === undefined || !entry.nameEntry) continue;
    // A removed provider's name reused with another strategy is no longer that provider.
    if (entry.strategy.strategyClass !== undefined) continue;
    visit(entry, statusAt('provider', entry.name, version));
  }
}

export const removedProviderRule: Rule = {
  meta: {
    id: 'removed-provider',
    severity: 'error',
    messages: {
      removed: '`{{name}}` was removed in GitLab {{removedIn}} (checked for {{version}}){{note}}',
    },
    docs: {
      description:
        'Reports providers that GitLab removed by the version checked (`--gitlab-version`, default the newest known): `authentiq` (15.9), `cas3` (16.0), `facebook`, `twitter` and `dingtalk` (17.0). The versions come from data/gitlab-versions.json.',
      why: 'After an upgrade past the removal GitLab no longer has the strategy: the provider disappears from the sign-in page or GitLab fails to start, and users who only ever signed in through it are locked out.',
      fix: 'Before upgrading, move users to a supported provider (see `gitlab-omniauth providers`): have each user connect the new provider in their profile (or use auto_link_user), then remove the old entry.',
      url: 'https://docs.gitlab.com/ee/integration/omniauth.html#supported-providers',
    },
  },
  check(context) {
    eachStatus(context, (entry, status) => {
      if (status.status !== 'removed' || !status.change || !entry.nameEntry) return;
      const at = entry.nameEntry.value;
      context.report({
        messageId: 'removed',
        data: { name: entry.name as string, removedIn: status.change.version, version: formatVersion(versionOf(context.options)), note: status.change.note ? `: ${status.change.note}` : '' },
        range: at.range,
        path: at.path,
      });
    });
  },
};

export const deprecatedProviderRule: Rule = {
  meta: {
    id: 'deprecated-provider',
    severity: 'warning',
    messages: {
      deprecated: '`{{name}}` is deprecated since GitLab {{since}}{{removal}}',
      renamed: '`{{name}}` was renamed to `{{to}}` in GitLab {{since}}; GitLab still reads the old name, use the new one',
      notYet: '`{{name}}` only exists from GitLab {{since}} (checked for {{version}})',
    },
    docs: {
      description:
        'Reports providers that are deprecated in the GitLab version checked (`--gitlab-version`, default the newest known): `cas3` from 15.3, `dingtalk` from 15.10, `facebook` from 16.2, `twitter` from 16.3, each until its removal; also the old name `kerberos_spnego` (renamed to `kerberos` in 15.4) and providers that do not exist yet in that version.',
      why: 'A deprecated provider still works but is removed in a later release; upgrading past that release without moving users off it locks them out.',
      fix: 'Plan the move to a supported provider before the removal release (see `gitlab-omniauth providers --gitlab-version <target>`), or use the new name for a renamed provider.',
      url: 'https://docs.gitlab.com/ee/update/deprecations.html',
    },
  },
  check(context) {
    eachStatus(context, (entry, status) => {
      if (!status.change || !entry.nameEntry) return;
      const at = entry.nameEntry.value;
      const name = entry.name as string;
      const where = { range: at.range, path: at.path };
      if (status.status === 'deprecated') {
        const removal = status.removal ? ` and removed in ${status.removal.version}` : '';
        context.report({ messageId: 'deprecated', data: { name, since: status.change.version, removal }, ...where });
      } else if (status.status === 'renamed' && status.change.to) {
        context.report({ messageId: 'renamed', data: { name, to: status.change.to, since: status.change.version }, ...where });
      } else if (status.status === 'not-yet-available' && providerByName(name)) {
        context.report({ messageId: 'notYet', data: { name, since: status.change.version, version: formatVersion(versionOf(context.options)) }, ...where, severity: 'error' });
      }
    });
  },
};
