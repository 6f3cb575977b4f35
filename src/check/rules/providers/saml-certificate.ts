/**
 * `saml-certificate`: every certificate a SAML provider gives (`idp_cert`,
 * each `idp_cert_multi` entry, the SP's `certificate`) must be an X.509
 * certificate that is valid now and not about to expire.
 */
import { valueAt } from '../../../catalog/providers.js';
import type { ConfigValue } from '../../../model/types.js';
import type { Rule, RuleContext } from '../../rule.js';
import { certificateRange, parseCertificate } from './certificates.js';
import { entriesOf, isPlaceholder } from './entries.js';

export const DEFAULT_CERT_EXPIRY_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

export const samlCertificateRule: Rule = {
  meta: {
    id: 'saml-certificate',
    severity: 'error',
    messages: {
      unparsable: '{{key}} is not an X.509 certificate GitLab can read',
      expired: '{{key}} ({{subject}}) expired on {{date}}',
      notYetValid: '{{key}} ({{subject}}) is not valid before {{date}}',
      expiring: '{{key}} ({{subject}}) expires on {{date}}, in {{days}} days',
    },
    docs: {
      description:
        'Reads every certificate of a SAML provider: `idp_cert`, each entry of `idp_cert_multi`, and the service provider\'s own `certificate`, accepting what ruby-saml accepts (PEM, also pasted on one line or without the BEGIN/END lines). Reports a certificate that does not parse, one that has expired or is not valid yet (errors), and one that expires within 30 days (a warning; `--cert-expiry-days N` changes the window).',
      why: 'ruby-saml checks every SAML response against the IdP certificate. A truncated or mangled certificate makes every sign-in fail; an expired IdP certificate means the IdP has rotated (or must rotate) its keys, and sign-in stops the day it does. An expiring SP certificate breaks signed requests and encrypted assertions.',
      fix: 'Take the current signing certificate from the IdP\'s metadata (`gitlab-omniauth render FILE --from-saml-metadata URL` writes it), and renew the SP certificate before it expires. `openssl x509 -noout -dates -subject` shows what a certificate holds.',
      url: 'https://docs.gitlab.com/ee/integration/saml.html',
    },
  },
  check(context) {
    const now = Date.now();
    const windowDays = context.options.certExpiryDays ?? DEFAULT_CERT_EXPIRY_DAYS;
    for (const { args } of entriesOf(context, 'saml')) {
      for (const { key, value } of certificatesOf(args)) checkCertificate(context, key, value, now, windowDays);
    }
  },
};

/** The literal certificate values of a SAML provider's args, with the name findings use. */
export function certificatesOf(args: ConfigValue): Array<{ key: string; value: ConfigValue & { value: string } }> {
  if (args.kind !== 'mapping') return [];
  const found: Array<{ key: string; value: ConfigValue & { value: string } }> = [];
  const add = (key: string, value: ConfigValue | undefined): void => {
    if (value && (value.kind === 'string' || value.kind === 'symbol') && value.value.trim() !== '' && !isPlaceholder(value, key)) found.push({ key, value });
  };
  add('idp_cert', valueAt(args, 'idp_cert'));
  add('certificate', valueAt(args, 'certificate'));
  const multi = valueAt(args, 'idp_cert_multi');
  if (multi?.kind === 'mapping') {
    for (const use of ['signing', 'encryption']) {
      const list = valueAt(multi, use);
      if (list?.kind === 'array') list.items.forEach((item, i) => add(`idp_cert_multi.${use}[${i}]`, item));
    }
  }
  return found;
}

function checkCertificate(context: RuleContext, key: string, value: ConfigValue & { value: string }, now: number, windowDays: number): void {
  const where = { range: certificateRange(value), path: value.path };
  const cert = parseCertificate(value.value);
  if (!cert) {
    context.report({ messageId: 'unparsable', data: { key }, ...where });
    return;
  }
  const subject = cert.subject.replace(/\n/g, ', ');
  const validFrom = Date.parse(cert.validFrom);
  const validTo = Date.parse(cert.validTo);
  const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
  if (validTo < now) context.report({ messageId: 'expired', data: { key, subject, date: day(validTo) }, ...where });
  else if (validFrom > now) context.report({ messageId: 'notYetValid', data: { key, subject, date: day(validFrom) }, ...where });
  else if (validTo - now < windowDays * DAY_MS) {
    context.report({ messageId: 'expiring', data: { key, subject, date: day(validTo), days: Math.floor((validTo - now) / DAY_MS) }, ...where, severity: 'warning' });
  }
}
