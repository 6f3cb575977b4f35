/**
 * `string-boolean`: `"false"`, `"true"`, `"yes"`, ... written as strings where
 * GitLab or the OmniAuth strategy expects a boolean. In Ruby every string is
 * true, so `"false"` means true — `allow_single_sign_on: "false"` allows
 * sign-up through *every* provider, `discovery: "false"` leaves discovery on.
 * The GitLab docs themselves have `send_scope_to_token_endpoint: "false"`.
 */
import { SETTINGS, type SettingSpec } from '../../model/settings.js';
import type { ConfigValue, OmniauthModel } from '../../model/types.js';
import type { Rule, RuleContext } from '../rule.js';
import { effectiveSetting, isText, walk } from './shared.js';

const FALSE_WORDS = new Set(['false', 'no', 'off']);
const TRUE_WORDS = new Set(['true', 'yes', 'on']);

export function booleanWord(value: ConfigValue): boolean | null {
  if (!isText(value)) return null;
  const word = value.value.trim().toLowerCase();
  if (FALSE_WORDS.has(word)) return false;
  if (TRUE_WORDS.has(word)) return true;
  return null;
}

export function isBooleanLikeString(value: ConfigValue): boolean {
  return booleanWord(value) !== null;
}

/**
 * Provider options that the strategies read as booleans, wherever they sit in
 * a provider entry (top level, `args`, `args.security`).
 */
export const BOOLEAN_PROVIDER_KEYS: ReadonlySet<string> = new Set([
  'verify_ssl',
  'discovery',
  'pkce',
  'send_scope_to_token_endpoint',
  'send_nonce',
  'skip_info',
  'skip_jwt',
  'authn_requests_signed',
  'logout_requests_signed',
  'logout_responses_signed',
  'want_assertions_signed',
  'want_assertions_encrypted',
  'want_name_id',
  'embed_sign',
  'check_idp_cert_expiration',
  'check_sp_cert_expiration',
  'soft',
  'single_logout_service_url_enabled',
]);

const BOOLEAN_SETTING_TYPES = new Set<SettingSpec['type']>(['boolean', 'boolean-or-providers', 'profile-attributes']);

/**
 * Whether the string reaches GitLab as a string. Omnibus writes a few
 * settings into gitlab.yml as raw text, where `false` becomes a real YAML
 * false again; everywhere else the string stays a string.
 */
function staysString(model: OmniauthModel, spec: SettingSpec): boolean {
  if (model.format === 'source') return true;
  return spec.omnibusWrite !== 'raw' && spec.omnibusWrite !== 'raw-when-truthy';
}

export const stringBooleanRule: Rule = {
  meta: {
    id: 'string-boolean',
    severity: 'warning',
    messages: {
      falseIsTrue: '`{{key}}` is the string {{value}}, which Ruby treats as true: write {{literal}} without quotes',
      quotedBoolean: '`{{key}}` is the string {{value}}, not a boolean: write {{literal}} without quotes',
    },
    docs: {
      description:
        'Finds `"false"`, `"true"`, `"yes"`, `"no"`, `"on"` and `"off"` written as strings where GitLab expects a boolean: the boolean general settings (`enabled`, `block_auto_created_users`, `allow_single_sign_on`, ...) and the boolean options of the strategies (`verify_ssl`, `discovery`, `pkce`, `send_scope_to_token_endpoint`, SAML `security` flags, ...).',
      why: 'Ruby treats every string as true. `allow_single_sign_on: "false"` lets anyone with an account at any configured provider create a GitLab account; `discovery: "false"` or `send_scope_to_token_endpoint: "false"` leave the option on.',
      fix: 'Write the boolean without quotes: `false`, not `"false"`.',
    },
  },
  check(context) {
    checkSettings(context);
    for (const item of context.model.providers ?? []) {
      for (const { value, key } of walk(item.value)) {
        if (key !== null && BOOLEAN_PROVIDER_KEYS.has(key)) report(context, value, key, true);
      }
    }
  },
};

function checkSettings(context: RuleContext): void {
  for (const spec of SETTINGS) {
    if (!BOOLEAN_SETTING_TYPES.has(spec.type)) continue;
    const setting = effectiveSetting(context.model, spec.name);
    if (!setting) continue;
    report(context, setting.value, spec.name, staysString(context.model, spec));
  }
}

function report(context: RuleContext, value: ConfigValue, key: string, stringReachesRuby: boolean): void {
  const meaning = booleanWord(value);
  if (meaning === null || !isText(value)) return;
  const data = { key, value: `\`"${value.value}"\``, literal: `\`${String(meaning)}\`` };
  const messageId = !meaning && stringReachesRuby ? 'falseIsTrue' : 'quotedBoolean';
  context.report({ messageId, data, range: value.range, path: value.path });
}
