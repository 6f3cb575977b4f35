/**
 * `saml-issuer-whitespace`: a SAML `issuer` (GitLab's entity ID) with spaces or
 * line breaks around it.
 */
import type { Rule } from '../../rule.js';
import { entriesOf, isPlaceholder, literalValue } from './entries.js';

export const samlIssuerWhitespaceRule: Rule = {
  meta: {
    id: 'saml-issuer-whitespace',
    severity: 'error',
    messages: {
      whitespace: 'issuer `{{shown}}` has {{where}} whitespace: the IdP compares the entity ID exactly and rejects the request',
    },
    docs: {
      description: 'Reports a SAML `issuer` (the entity ID GitLab sends) with leading or trailing spaces, tabs or line breaks.',
      why: 'The IdP looks the entity ID up exactly as sent. `"https://gitlab.example.com "` is not `https://gitlab.example.com`, and the IdP answers with an "unknown service provider" or "invalid issuer" error; the extra space is invisible in most error messages, which makes this hard to find.',
      fix: 'Remove the whitespace inside the quotes, so the value is exactly the entity ID registered at the IdP.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'saml')) {
      for (const key of ['issuer', 'sp_entity_id']) {
        const literal = literalValue(args, key);
        if (!literal) continue;
        const { value, text: issuer } = literal;
        if (issuer.trim() === issuer || issuer.trim() === '' || isPlaceholder(value, key)) continue;
        const leading = /^\s/.test(issuer);
        const trailing = /\s$/.test(issuer);
        const where = leading && trailing ? 'leading and trailing' : leading ? 'leading' : 'trailing';
        context.report({ messageId: 'whitespace', data: { shown: JSON.stringify(issuer).slice(1, -1), where }, range: value.range, path: value.path });
      }
    }
  },
};
