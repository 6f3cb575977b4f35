/**
 * `insecure-external-url`: an `http://` external_url while providers that
 * redirect through the browser (OAuth, OpenID Connect, SAML, ...) are configured.
 */
import type { Rule } from '../../rule.js';
import { knownEntries } from './entries.js';

const REDIRECTING = new Set(['oauth2', 'oauth1', 'openid_connect', 'saml', 'cas', 'jwt', 'shibboleth']);
const LOCAL_HOST = /^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:\d+)?(\/|$)/i;

/** An http URL that is not a local address: what this check reports (and callback-mismatch leaves to it). */
export function isInsecureUrl(url: string): boolean {
  const trimmed = url.trim();
  return /^http:\/\//i.test(trimmed) && !LOCAL_HOST.test(trimmed);
}

export const insecureExternalUrlRule: Rule = {
  meta: {
    id: 'insecure-external-url',
    severity: 'warning',
    messages: {
      insecure: 'external_url `{{url}}` uses http while {{providers}} {{verb}} users in through redirects: tokens and SAML assertions travel unencrypted',
      // gitlab.yml has no external_url: GitLab builds its URL from gitlab.host, port, https and relative_url_root.
      insecureSource: 'gitlab.https is not true, so GitLab\'s URL is `{{url}}` while {{providers}} {{verb}} users in through redirects: tokens and SAML assertions travel unencrypted',
    },
    docs: {
      description:
        'Reports an external_url (gitlab.rb) or gitlab.https: false (gitlab.yml) that makes GitLab\'s URLs plain `http://` while OAuth, OpenID Connect, SAML or other redirect-based providers are configured. Local addresses (localhost, 127.0.0.1) are left alone.',
      why: 'Every callback URL is derived from external_url. Over http, authorization codes, tokens, SAML assertions and the session cookie cross the network in clear text, and many identity providers (Azure, Google, Okta) refuse to register http redirect URIs at all, so sign-in fails with "invalid redirect_uri".',
      fix: 'Serve GitLab over HTTPS: `external_url "https://gitlab.example.com"` (Omnibus can get a Let\'s Encrypt certificate), or `https: true` and `port: 443` under `gitlab:` in gitlab.yml. Then update the callback URLs registered at each provider (`gitlab-omniauth callbacks FILE`).',
      url: 'https://docs.gitlab.com/omnibus/settings/ssl/',
    },
  },
  check(context) {
    const ext = context.model.externalUrl;
    const url = ext?.url;
    if (!ext || !url || !isInsecureUrl(url)) return;
    const names = knownEntries(context)
      .filter((e) => REDIRECTING.has(e.spec.protocol))
      .map((e) => e.provider);
    if (names.length === 0) return;
    const shown = [...new Set(names)].map((n) => `\`${n}\``);
    context.report({
      messageId: context.model.format === 'source' ? 'insecureSource' : 'insecure',
      data: {
        url: url.trim(),
        providers: shown.length > 3 ? `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more` : shown.join(', '),
        verb: shown.length === 1 ? 'signs' : 'sign',
      },
      range: ext.range,
      path: 'external_url',
    });
  },
};
