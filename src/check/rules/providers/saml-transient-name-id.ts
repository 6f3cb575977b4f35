/**
 * `saml-transient-name-id`: `name_identifier_format` transient gives the user
 * a new NameID at every sign-in.
 */
import { valueAt } from '../../../catalog/providers.js';
import type { Rule } from '../../rule.js';
import { entriesOf, literalValue } from './entries.js';

export const samlTransientNameIdRule: Rule = {
  meta: {
    id: 'saml-transient-name-id',
    severity: 'warning',
    messages: {
      transient: 'name_identifier_format is transient: the IdP sends a new NameID at every sign-in, so GitLab cannot recognise returning users',
    },
    docs: {
      description: 'Reports SAML providers whose `name_identifier_format` is `urn:oasis:names:tc:SAML:2.0:nameid-format:transient` (and no `uid_attribute` gives a stable identity instead).',
      why: 'GitLab stores the NameID as the user\'s identity. A transient NameID changes at every sign-in, so a returning user is not matched: they get "Signing in using your SAML account without a pre-existing GitLab account is not allowed", or a new account each time when sign-up is allowed. The GitLab docs require a persistent format.',
      fix: 'Use `urn:oasis:names:tc:SAML:2.0:nameid-format:persistent` (or emailAddress) and configure the IdP to send a stable value, or keep transient and set `uid_attribute` to an attribute that does not change.',
      url: 'https://docs.gitlab.com/ee/user/group/saml_sso/#manage-user-saml-identity',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      if (valueAt(args, 'uid_attribute') !== undefined) continue;
      const format = literalValue(args, 'name_identifier_format');
      if (!format || !/nameid-format:transient\s*$/i.test(format.text)) continue;
      context.report({ messageId: 'transient', range: format.value.range, path: format.value.path });
    }
  },
};
