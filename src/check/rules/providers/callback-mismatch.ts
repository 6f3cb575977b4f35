/**
 * `callback-mismatch`: the redirect URI an OpenID Connect provider sends
 * (`args.client_options.redirect_uri`) and the assertion consumer service URL
 * of a SAML provider (`args.assertion_consumer_service_url`) must be
 * `<external_url>/users/auth/<name>/callback`, with this provider's own name.
 */
import { normalizeExternalUrl } from '../../../catalog/callbacks.js';
import { valueAt } from '../../../catalog/providers.js';
import type { ConfigValue } from '../../../model/types.js';
import type { Rule, RuleContext } from '../../rule.js';
import { isPlaceholder, knownEntries, literalValue } from './entries.js';
import { isInsecureUrl } from './insecure-external-url.js';

export const callbackMismatchRule: Rule = {
  meta: {
    id: 'callback-mismatch',
    severity: 'error',
    messages: {
      mismatch: '{{key}} is `{{actual}}` but GitLab receives the {{provider}} callback at `{{expected}}`',
      wrongName: '{{key}} ends in `{{actualPath}}` but the callback of provider `{{provider}}` is `/users/auth/{{provider}}/callback`',
    },
    docs: {
      description:
        'Compares the callback URL an OpenID Connect provider sends (`args.client_options.redirect_uri`) or a SAML provider announces (`args.assertion_consumer_service_url`) with the one GitLab serves: `<external_url>/users/auth/<name>/callback`, where scheme, host, port and relative URL root come from external_url and `<name>` is this provider\'s own name. Without external_url in the file, only the provider name in the path is compared.',
      why: 'The identity provider sends the user back to exactly this URL. Another host, an `http` scheme, a missing relative URL root or the name of another provider (common after copying the first SAML or OpenID Connect block for a second one) ends the sign-in on an error page or a 404, or at the IdP with "invalid redirect_uri".',
      fix: 'Set the value to the URL `gitlab-omniauth callbacks FILE` prints for this provider, and register the same URL at the identity provider.',
      url: 'https://docs.gitlab.com/ee/integration/omniauth.html',
    },
  },
  check(context) {
    const base = context.model.externalUrl?.url ? normalizeExternalUrl(context.model.externalUrl.url) : null;
    for (const { spec, args, name } of knownEntries(context)) {
      if (!args || name === undefined) continue;
      if (spec.protocol === 'openid_connect') {
        const options = valueAt(args, 'client_options');
        if (options?.kind === 'mapping') compare(context, name, literalValue(options, 'redirect_uri'), 'client_options.redirect_uri', base);
      } else if (spec.protocol === 'saml' && spec.name !== 'group_saml') {
        compare(context, name, literalValue(args, 'assertion_consumer_service_url'), 'assertion_consumer_service_url', base);
      }
    }
  },
};

function compare(
  context: RuleContext,
  name: string,
  literal: { value: ConfigValue; text: string } | undefined,
  key: string,
  base: string | null,
): void {
  if (!literal) return;
  const { value, text: actual } = literal;
  const expectedPath = `/users/auth/${name}/callback`;
  const placeholder = isPlaceholder(value, key.slice(key.lastIndexOf('.') + 1));
  if (base !== null && !placeholder) {
    const expected = `${base}${expectedPath}`;
    const given = normalizeUrl(actual);
    // An https callback under an http external_url differs only by the scheme the
    // insecure-external-url check already reports; its fix (https) is the right one
    // here too, where "expected http://..." would point the wrong way.
    const onlyHttpsMissing = isInsecureUrl(base) && given === `https://${expected.slice('http://'.length)}`;
    if (given !== expected && !onlyHttpsMissing) {
      context.report({ messageId: 'mismatch', data: { key, actual, expected, provider: name }, range: value.range, path: value.path });
    }
    return;
  }
  // No usable external_url (or a docs placeholder for the host): the provider name in the path can still be wrong.
  const path = pathOf(actual);
  if (path !== null && !path.endsWith(expectedPath)) {
    const actualPath = path.match(/\/users\/auth\/.*$/)?.[0] ?? path;
    context.report({ messageId: 'wrongName', data: { key, actualPath, provider: name }, range: value.range, path: value.path });
  }
}

/** Lowercase host, default port dropped, one trailing slash removed: how the IdP and GitLab compare URLs. */
function normalizeUrl(text: string): string {
  try {
    const u = new URL(text.trim());
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}${u.search}`;
  } catch {
    return text;
  }
}

/** The path of a URL, also of `<your_gitlab_url>/users/auth/...` placeholders; null without one. */
function pathOf(text: string): string | null {
  const m = /\/users\/auth\/[^?#\s]*/.exec(text);
  return m ? m[0].replace(/\/$/, '') : null;
}
