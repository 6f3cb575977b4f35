/**
 * `providers-not-list`: the providers setting must be a list of provider
 * entries. The usual mistakes: the whole list quoted as a string, one
 * provider Hash without the surrounding `[ ]`. `nil` is fine: it means the
 * default, no providers (Omnibus drops nil attributes before rendering, Rails
 * reads a nil list as empty).
 */
import type { Rule } from '../rule.js';
import { providersShapeProblem } from './shared.js';

export const providersNotListRule: Rule = {
  meta: {
    id: 'providers-not-list',
    severity: 'error',
    messages: {
      string: '`{{key}}` is a string, not a list: GitLab sees no providers',
      mapping: '`{{key}}` is a single mapping, not a list of providers',
      scalar: '`{{key}}` must be a list of providers, not {{actual}}',
    },
    docs: {
      description:
        'Checks that `omniauth_providers` (gitlab.rb) or `omniauth.providers` (gitlab.yml) is a list: not the whole list quoted as a string, not a single provider mapping without the brackets. `nil` means the default, no providers.',
      why: 'Omnibus writes one provider per list item into gitlab.yml: a string or a Hash is rendered as garbage. GitLab does not say which line is at fault.',
      fix: 'Write a list of mappings: `gitlab_rails[\'omniauth_providers\'] = [ { name: "github", ... } ]` in gitlab.rb, `providers:` followed by `- { name: github, ... }` items in gitlab.yml. Use `[]` for no providers.',
      url: 'https://docs.gitlab.com/integration/omniauth/',
    },
  },
  check(context) {
    const found = providersShapeProblem(context.model);
    if (!found) return;
    const { problem, setting } = found;
    const hint =
      problem === 'string' ? 'remove the quotes around the list'
      : problem === 'mapping' && context.model.format === 'source' ? 'start the provider with `- ` to make it a list item'
      : problem === 'mapping' ? 'put the provider inside a list: [ { ... } ]'
      : undefined;
    context.report({
      messageId: problem,
      data: { key: setting.sourceKey, actual: setting.value.kind === 'boolean' ? `\`${String(setting.value.value)}\`` : `a ${setting.value.kind === 'float' ? 'number' : 'whole number'}` },
      range: setting.value.range,
      path: setting.value.path,
      ...(hint ? { hint } : {}),
    });
  },
};
