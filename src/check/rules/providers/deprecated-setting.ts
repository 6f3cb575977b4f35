/**
 * `deprecated-setting`: general OmniAuth settings that belong to a removed or
 * deprecated feature (`cas3.session_duration`), and provider settings newer
 * than the GitLab version checked (OpenID Connect `step_up_auth`).
 */
import { formatVersion, statusAt } from '../../../catalog/versions.js';
import { valueAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { providerEntries, versionOf } from './entries.js';

export const deprecatedSettingRule: Rule = {
  meta: {
    id: 'deprecated-setting',
    severity: 'warning',
    messages: {
      removed: '`{{name}}` has had no effect since GitLab {{since}}{{note}}',
      deprecated: '`{{name}}` is deprecated since GitLab {{since}}{{removal}}',
      notYet: '`{{name}}` needs GitLab {{since}} or later (checked for {{version}}); earlier versions ignore it',
    },
    docs: {
      description:
        'Reports OmniAuth settings that depend on the GitLab version checked (`--gitlab-version`, default the newest known): `cas3.session_duration` (a warning from 15.3, when CAS was deprecated; an error from 16.0, when it was removed), and OpenID Connect `step_up_auth` for Admin Mode (17.11) or groups (18.4) on older versions.',
      why: 'A setting of a removed feature is dead configuration that misleads the next reader; a setting newer than the running GitLab is silently ignored, so the protection it promises (step-up authentication) is not there.',
      fix: 'Delete settings of removed features. For settings newer than your GitLab, upgrade first or remove them until you do.',
      url: 'https://docs.gitlab.com/ee/update/deprecations.html',
    },
  },
  check(context) {
    const version = versionOf(context.options);
    for (const setting of context.model.settings) {
      const status = statusAt('setting', setting.name, version);
      if (!status.change) continue;
      const where = { range: setting.keyRange, path: setting.value.path };
      if (status.status === 'removed') {
        // Removed is an error, like a removed provider: the setting promises something GitLab no longer does.
        context.report({
          messageId: 'removed',
          data: { name: setting.sourceKey, since: status.change.version, note: status.change.note ? ` (${status.change.note})` : '' },
          ...where,
          severity: 'error',
        });
      } else if (status.status === 'deprecated') {
        const removal = status.removal ? ` and removed in ${status.removal.version}` : '';
        context.report({ messageId: 'deprecated', data: { name: setting.sourceKey, since: status.change.version, removal }, ...where });
      }
    }
    for (const entry of providerEntries(context.model)) {
      if (entry.strategy.spec?.protocol !== 'openid_connect') continue;
      const stepUp = valueAt(entry.mapping, 'step_up_auth');
      if (stepUp?.kind !== 'mapping') continue;
      for (const e of stepUp.entries) {
        const status = statusAt('setting', `providers[].step_up_auth.${e.key}`, version);
        if (status.status !== 'not-yet-available' || !status.change) continue;
        context.report({ messageId: 'notYet', data: { name: `step_up_auth.${e.key}`, since: status.change.version, version: formatVersion(version) }, range: e.keyRange, path: e.value.path });
      }
    }
  },
};
