/**
 * `oidc-issuer-format`: an OpenID Connect `issuer` that carries the discovery
 * path (`/.well-known/openid-configuration`) or a trailing slash the provider
 * does not use.
 */
import type { Rule } from '../../rule.js';
import { entriesOf, isPlaceholder, literalValue } from './entries.js';

/** Issuers that really end in `/`: Azure AD B2C (`.../tfp/<tenant>/<policy>/v2.0/`) and Auth0 tenants. */
function slashIsExpected(url: URL): boolean {
  return /\.b2clogin\.com$/i.test(url.hostname) || url.pathname.includes('/tfp/') || /\.auth0\.com$/i.test(url.hostname);
}

export const oidcIssuerFormatRule: Rule = {
  meta: {
    id: 'oidc-issuer-format',
    severity: 'error',
    messages: {
      wellKnown: 'issuer `{{issuer}}` includes the discovery path: use `{{suggested}}`; GitLab appends /.well-known/openid-configuration itself',
      trailingSlash: 'issuer `{{issuer}}` ends with `/`: it must equal the `issuer` of the provider\'s discovery document exactly, which usually has no trailing slash',
      notUrl: 'issuer `{{issuer}}` is not an https URL',
    },
    docs: {
      description:
        'Checks the `issuer` of OpenID Connect providers: it must be the issuer URL itself, not the discovery document URL (`.../.well-known/openid-configuration`), and a trailing slash is reported as a warning unless the provider is known to use one (Azure AD B2C, Auth0).',
      why: 'With `discovery: true` GitLab fetches `<issuer>/.well-known/openid-configuration`; an issuer that already ends in that path doubles it and discovery fails. The ID token\'s `iss` claim is compared with `issuer` character by character, so an extra or missing `/` rejects every sign-in with "Invalid ID token: Issuer does not match".',
      fix: 'Copy the `issuer` value from the provider\'s discovery document (open `<issuer>/.well-known/openid-configuration` in a browser) and use it unchanged.',
      url: 'https://docs.gitlab.com/ee/administration/auth/oidc.html#troubleshooting',
    },
  },
  check(context) {
    for (const { args } of entriesOf(context, 'openid_connect')) {
      const literal = literalValue(args, 'issuer');
      if (!literal || literal.text.trim() === '') continue;
      const { value, text: issuer } = literal;
      const where = { range: value.range, path: value.path };
      const wellKnown = /\/\.well-known(\/.*)?$/i.exec(issuer);
      if (wellKnown) {
        context.report({ messageId: 'wellKnown', data: { issuer, suggested: issuer.slice(0, wellKnown.index) }, ...where });
        continue;
      }
      if (isPlaceholder(value, 'issuer')) continue;
      let url: URL;
      try {
        url = new URL(issuer);
      } catch {
        context.report({ messageId: 'notUrl', data: { issuer }, ...where });
        continue;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        context.report({ messageId: 'notUrl', data: { issuer }, ...where });
      } else if (issuer.endsWith('/') && !slashIsExpected(url)) {
        context.report({ messageId: 'trailingSlash', data: { issuer }, ...where, severity: 'warning', hint: `unless the discovery document says otherwise, use \`${issuer.replace(/\/+$/, '')}\`` });
      }
    }
  },
};
