/**
 * `placeholder-value`: values still holding the stand-ins of the GitLab docs
 * (`YOUR_APP_ID`, `YOUR APP SECRET`, `<client_id>`, `https://.../callback`,
 * `XX:XX:...`, `CAS_SERVER`), built from what the docs' snippets really use
 * (../shared/corpus/snippets).
 *
 * Deliberately not flagged: `example.com` hosts. The docs use them for real
 * shapes of URLs, and lab and test installations really do resolve
 * `gitlab.example.com` through /etc/hosts or internal DNS; the callback checks
 * compare such URLs with `external_url` instead. Neither are words like
 * `Provider 1` or strings that merely contain "your": only the token forms
 * the docs use for "fill this in" count.
 */
import { isSecretKey } from '../../model/settings.js';
import { fillFlagHint } from '../fill-flag.js';
import type { ConfigValue } from '../../model/types.js';
import type { Rule } from '../rule.js';
import { effectiveValues, isText, walk } from './shared.js';

export type PlaceholderKind = 'angle' | 'your' | 'ellipsis' | 'masked' | 'caps' | 'docs-example' | 'docs-label';

/** `<client_id>`, `<YOUR APP CLIENT ID>`, `<redacted>` — but not ERB (`<%= %>`). */
const ANGLE = /<(?!%)[A-Za-z][^<>\n]{0,60}>/;
/** `YOUR_APP_ID`, `YOUR APP SECRET`, `YOUR-TENANT-ID`, `your_client_id`. */
const YOUR = /\bYOUR[_ -][A-Z]|\byour_[a-z]/;
/** `...` standing for a whole value, a host or a path segment (`https://.../callback`), not "Sign in...". */
const ELLIPSIS = /^\s*(\.\.\.|…)\s*$|(^|[/:@=])(\.\.\.|…)($|[/:?#&])/;
/** `XX:XX:XX:...`, `xxxxxxxx`. */
const MASKED = /^(?:[xX]{2}[:\- ]?){4,}$|^[xX]{8,}$/;
/** `SALESFORCE_CLIENT_ID`, `CAS_SERVER`, `PROVIDER_NAME`: upper-case words naming what belongs there. */
const CAPS_TOKEN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;
const CAPS_WORDS = new Set([
  'ID', 'SECRET', 'KEY', 'CLIENT', 'APP', 'SERVER', 'URL', 'PATH', 'HOST', 'HOSTNAME', 'DOMAIN', 'TENANT', 'NAME',
  'PASSWORD', 'TOKEN', 'PROVIDER', 'ISSUER', 'REALM',
]);

/**
 * Values copied from the docs verbatim that no real installation has: the
 * SAML fingerprint of every docs example, and the docs' button labels.
 */
const DOCS_EXAMPLES = new Set(['43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8']);
const DOCS_LABELS = new Set(['provider name', 'provider name 2fa', 'text for login button']);

/** Keys where an upper-case token can only be a stand-in: credentials, names and URLs. */
function capsApplies(key: string): boolean {
  return (
    isSecretKey(key) ||
    /^(app_id|client_id|identifier|name|site|issuer|host|domain|tenant_id)$/.test(key) ||
    /(url|uri|endpoint|_path)$/.test(key)
  );
}

function capsPlaceholder(text: string): boolean {
  // Shibboleth and Apache attribute names (`HTTP_SHIB_SESSION_ID`) are real values.
  const parts = text.split(/[/:.?&=@]+/).filter((p) => p !== '');
  return parts.some((p) => CAPS_TOKEN.test(p) && !p.startsWith('HTTP_') && p.split('_').some((w) => CAPS_WORDS.has(w)));
}

/** What kind of placeholder a value is, or null for a real-looking value. */
export function placeholderIn(value: ConfigValue, key: string | null): PlaceholderKind | null {
  if (!isText(value)) return null;
  const text = value.value;
  if (text.trim() === '') return null;
  if (DOCS_EXAMPLES.has(text.trim().toLowerCase())) return 'docs-example';
  if (ANGLE.test(text)) return 'angle';
  if (YOUR.test(text)) return 'your';
  if (ELLIPSIS.test(text)) return 'ellipsis';
  if (MASKED.test(text.trim())) return 'masked';
  if (key !== null && capsApplies(key) && capsPlaceholder(text)) return 'caps';
  if (key === 'label' && DOCS_LABELS.has(text.trim().toLowerCase())) return 'docs-label';
  return null;
}

export const placeholderValueRule: Rule = {
  meta: {
    id: 'placeholder-value',
    severity: 'error',
    messages: {
      placeholder: '`{{key}}` is still the placeholder {{value}} from the docs',
      secretPlaceholder: '`{{key}}` still holds a placeholder, not the real value',
      docsExample: '`{{key}}` is the example value from the GitLab docs, not your own',
      docsLabel: '`label` {{value}} is the example text from the GitLab docs: the sign-in button will show it',
    },
    docs: {
      description:
        'Finds values that are still the stand-ins of the GitLab docs: `YOUR_APP_ID`, `YOUR APP SECRET`, `<client_id>`, `<your_oidc_url>`, `https://.../users/auth/...`, `XX:XX:...`, upper-case tokens such as `SALESFORCE_CLIENT_ID` or `CAS_SERVER` in credentials and URLs, the docs\' example SAML fingerprint and the example button label `Provider name`. `example.com` hosts are not reported: they are real, resolvable names in many lab setups; the callback checks compare them with `external_url`.',
      why: 'GitLab accepts any string, so a placeholder passes reconfigure and boot and only fails when a user signs in: the identity provider rejects the client ID or secret, or the redirect goes nowhere.',
      fix: 'Replace the value with the one from your identity provider\'s application settings. Keep secrets out of the file: `ENV[\'VAR\']` in gitlab.rb, `<%= ENV[\'VAR\'] %>` in gitlab.yml.',
      url: 'https://docs.gitlab.com/integration/omniauth/',
    },
  },
  check(context) {
    for (const { value: top } of effectiveValues(context.model)) {
      for (const { value, key } of walk(top, keyOfTop(top))) {
        const kind = placeholderIn(value, key);
        if (kind === null || !isText(value)) continue;
        const name = key ?? displayKey(value.path);
        const shown = `\`${oneLine(value.value)}\``;
        const hint = fillFlagHint(value.path);
        const where = { range: value.range, path: value.path, ...(hint ? { hint } : {}) };
        if (kind === 'docs-label') {
          context.report({ messageId: 'docsLabel', data: { value: shown }, ...where, severity: 'warning' });
        } else if (kind === 'docs-example') {
          context.report({ messageId: 'docsExample', data: { key: name }, ...where });
        } else if (isSecretKey(name)) {
          context.report({ messageId: 'secretPlaceholder', data: { key: name }, ...where });
        } else {
          context.report({ messageId: 'placeholder', data: { key: name, value: shown }, ...where });
        }
      }
    }
  },
};

/** A setting's own value sits under its name (`omniauth.auto_sign_in_with_provider` → that name). */
function keyOfTop(value: ConfigValue): string | null {
  return /\[\d+\]$/.test(value.path) ? null : displayKey(value.path);
}

/** Messages are one line: newlines shown as `\n`, long values shortened. */
function oneLine(text: string): string {
  const flat = text.replace(/\r?\n/g, '\\n');
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

function displayKey(path: string): string {
  return path.replace(/\[\d+\]/g, '').split('.').pop() ?? path;
}
