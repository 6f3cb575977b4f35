/**
 * `azure-oauth2-removed`: a provider named `azure_oauth2` still on the Azure
 * AD v1 strategy, which GitLab 17.0 removed.
 */
import { compareVersions, formatVersion, historyOf, parseGitlabVersion } from '../../../catalog/versions.js';
import type { Rule } from '../../rule.js';
import { valueAt } from '../../../catalog/providers.js';
import { isOpaque } from '../shared.js';
import { providerEntries, versionOf } from './entries.js';

export const azureOauth2RemovedRule: Rule = {
  meta: {
    id: 'azure-oauth2-removed',
    severity: 'error',
    messages: {
      removed: '`azure_oauth2` uses the Azure AD v1 strategy, removed in GitLab {{removedIn}}: move it to OpenID Connect (keep the name, add strategy_class OmniAuth::Strategies::OpenIDConnect and uid_field "sub")',
      deprecated: '`azure_oauth2` uses the Azure AD v1 strategy, which GitLab {{removedIn}} removes: move it to OpenID Connect before upgrading (keep the name, add strategy_class OmniAuth::Strategies::OpenIDConnect and uid_field "sub")',
    },
    docs: {
      description:
        'Reports a provider named `azure_oauth2` without `args.strategy_class`, that is, still on the Azure AD v1 strategy (omniauth-azure-oauth2). An error from GitLab 17.0, which removed that strategy, a warning for earlier versions (see --gitlab-version).',
      why: 'From GitLab 17.0 the v1 strategy is gone: GitLab does not start, or the Azure button disappears. Keeping the provider name keeps the users\' identities attached to it; but the v2 endpoint may send a different `sub` than v1 did, so users can also need to be linked again.',
      fix: 'Keep `name: "azure_oauth2"` and replace `args` with an OpenID Connect configuration: `name: "azure_oauth2"`, `strategy_class: "OmniAuth::Strategies::OpenIDConnect"`, `issuer: "https://login.microsoftonline.com/<tenant_id>/v2.0"`, `discovery: true`, `uid_field: "sub"`, `client_options: { identifier, secret, redirect_uri: "<external_url>/users/auth/azure_oauth2/callback" }`. Enable `auto_link_user` for `azure_oauth2` so users whose `sub` changed are linked again by email; users without an email need their `extern_uid` updated (see the linked docs).',
      url: 'https://docs.gitlab.com/ee/administration/auth/oidc.html#migrate-to-generic-openid-connect-configuration',
    },
  },
  check(context) {
    const removal = historyOf('strategy', 'azure_oauth2').find((c) => c.change === 'removed');
    const removedAt = removal ? parseGitlabVersion(removal.version) : null;
    if (!removal || !removedAt) return;
    const version = versionOf(context.options);
    for (const entry of providerEntries(context.model)) {
      if (entry.name !== 'azure_oauth2' || !entry.nameEntry) continue;
      if (entry.strategy.strategyClass !== undefined || entry.strategy.opaqueStrategyClass) continue;
      // args computed by an expression may carry the strategy_class of a finished migration.
      if (isOpaque(valueAt(entry.mapping, 'args'))) continue;
      const past = compareVersions(version, removedAt) >= 0;
      context.report({
        messageId: past ? 'removed' : 'deprecated',
        data: { removedIn: formatVersion(removedAt) },
        range: entry.nameEntry.value.range,
        path: entry.nameEntry.value.path,
        ...(past ? {} : { severity: 'warning' as const }),
      });
    }
  },
};
