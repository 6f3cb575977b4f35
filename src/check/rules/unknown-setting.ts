/**
 * `unknown-setting`: an OmniAuth setting GitLab does not know. Omnibus checks
 * only top-level calls, never the keys inside `gitlab_rails[...]`, and Rails
 * ignores unknown keys under `omniauth:`, so a typo such as
 * `omniauth_provider` silently configures nothing.
 */
import { SETTINGS } from '../../model/settings.js';
import type { Rule } from '../rule.js';
import { didYouMeanHint } from '../did-you-mean.js';

/**
 * Provider keys written directly under `omniauth:` (gitlab.yml, chart values):
 * the reader reports them as `misplaced-setting`, saying where they belong.
 */
const PROVIDER_KEYS = new Set(['name', 'app_id', 'app_secret', 'args', 'label', 'icon']);

export const unknownSettingRule: Rule = {
  meta: {
    id: 'unknown-setting',
    severity: 'warning',
    messages: {
      unknown: '`{{key}}` is not an OmniAuth setting GitLab knows; it is ignored',
    },
    docs: {
      description:
        'Finds `gitlab_rails[\'omniauth_...\']` keys (gitlab.rb) and keys under `omniauth:` (gitlab.yml) that are not OmniAuth settings, with a suggestion for the setting that was probably meant (`omniauth_provider` → `omniauth_providers`).',
      why: 'Neither Omnibus nor Rails reports an unknown key: the value is dropped without a word, and the provider or option the administrator configured never takes effect.',
      fix: 'Correct the key to the suggested setting, or remove it. `gitlab-omniauth explain` and the GitLab OmniAuth docs list the settings.',
      url: 'https://docs.gitlab.com/integration/omniauth/#configure-common-settings',
    },
  },
  check(context) {
    const omnibus = context.model.format === 'omnibus';
    const candidates = SETTINGS.map((s) => (omnibus ? s.omnibusKey : s.name));
    for (const setting of context.model.settings) {
      if (setting.known) continue;
      if (!omnibus && PROVIDER_KEYS.has(setting.sourceKey)) continue;
      // Suggest in the user's own spelling: a gitlab.rb key or a gitlab.yml name.
      const hint = didYouMeanHint(setting.sourceKey, candidates);
      context.report({
        messageId: 'unknown',
        data: { key: setting.sourceKey },
        range: setting.keyRange,
        path: `omniauth.${setting.name}`,
        ...(hint ? { hint } : {}),
      });
    }
  },
};
