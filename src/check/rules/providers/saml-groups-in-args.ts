/**
 * `saml-groups-in-args`: the SAML group settings (`groups_attribute`,
 * `required_groups`, ...) belong beside `args`, not inside it.
 */
import { isSamlGroupKey } from '../../../catalog/fields.js';
import type { Rule } from '../../rule.js';
import { entriesOf } from './entries.js';

export const samlGroupsInArgsRule: Rule = {
  meta: {
    id: 'saml-groups-in-args',
    severity: 'error',
    messages: {
      inArgs: '`{{key}}` is inside args, where GitLab never reads it: move it beside args, at the level of `name` and `label`',
    },
    docs: {
      description: 'Reports the SAML group settings `groups_attribute`, `required_groups`, `external_groups`, `admin_groups` and `auditor_groups` written inside `args` of a SAML provider.',
      why: 'GitLab reads these keys from the provider entry itself, beside `args`; inside `args` they go to the SAML strategy, which ignores them. Group-based restrictions then silently do not apply: users outside `required_groups` can sign in, and nobody becomes admin or external through their groups.',
      fix: 'Move the keys one level up, next to `name`, `label` and `args`, as in the GitLab docs\' example.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html#configure-users-based-on-saml-group-membership',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      for (const e of args.entries) {
        if (e.keyStyle === 'other' || !isSamlGroupKey(e.key)) continue;
        context.report({ messageId: 'inArgs', data: { key: e.key }, range: e.keyRange, path: e.value.path });
      }
    }
  },
};
