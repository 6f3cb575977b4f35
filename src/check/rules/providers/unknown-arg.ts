/**
 * `unknown-arg`: keys a provider's strategy does not know, inside `args` (and
 * in nested mappings whose keys we know in full) and at the top level of the
 * entry, with a did-you-mean against that strategy's own keys. Also the
 * `app_id`/`app_secret` a strategy cannot take, which makes GitLab fail at boot.
 */
import { COMMON_TOP_LEVEL_KEYS, entryAt, type ProviderSpec } from '../../../catalog/providers.js';
import { SAML_GROUP_KEYS, isClosedMapping, isSamlGroupKey, type FieldSchema } from '../../../catalog/fields.js';
import type { MappingEntry, MappingValue } from '../../../model/types.js';
import { didYouMean, didYouMeanHint } from '../../did-you-mean.js';
import type { Rule, RuleContext } from '../../rule.js';
import { knownEntries } from './entries.js';

export const unknownArgRule: Rule = {
  meta: {
    id: 'unknown-arg',
    severity: 'warning',
    messages: {
      unknownArg: '`{{key}}` is not an option of the {{strategy}} strategy; GitLab passes it on and the strategy ignores it',
      unknownNested: '`{{key}}` is not a known key of `{{parent}}` for the {{strategy}} strategy',
      unknownTopLevel: '`{{key}}` is not a provider setting GitLab reads for {{provider}}; it has no effect here',
      belongsInArgs: '`{{key}}` is an option of the {{strategy}} strategy: put it inside `args`, GitLab ignores it at the top level',
      belongsInNested: '`{{key}}` belongs inside `{{home}}`: the {{strategy}} strategy ignores it directly in args',
      positional: '{{provider}} takes no {{keys}}: GitLab passes app_id/app_secret as positional arguments and the {{strategy}} strategy fails at boot with "wrong number of arguments"',
    },
    docs: {
      description:
        'Reports keys a provider entry has that its strategy does not know: inside `args` (typos such as `scopes` or `redirect_url`), inside known nested mappings such as OpenID Connect\'s `client_options`, and at the top level of the entry (an option written beside `args` instead of inside it). Suggests the nearest known key. Also reports `app_id`/`app_secret` on strategies that take no positional arguments (SAML, OpenID Connect, Crowd, ...), which stops GitLab from booting.',
      why: 'OmniAuth strategies ignore options they do not know, so a misspelled or misplaced key silently falls back to the default: the scope you asked for is not requested, the redirect URI is not the one you set. `app_id` on a SAML or OpenID Connect provider is worse: the strategy receives arguments it has no slot for and GitLab fails to start.',
      fix: 'Rename the key to the suggested one, or move it inside (or out of) `args` as the provider\'s docs show. For SAML, OpenID Connect and Crowd, put credentials inside `args` (OpenID Connect: `args.client_options.identifier` and `secret`).',
      url: 'https://docs.gitlab.com/ee/integration/omniauth.html',
    },
  },
  check(context) {
    for (const { spec, provider, mapping, args } of knownEntries(context)) {
      checkTopLevel(context, mapping, spec, provider);
      if (args) checkMapping(context, args, spec.args, spec, null);
    }
  },
};

function strategyName(spec: ProviderSpec): string {
  return spec.strategyClass.replace(/^OmniAuth::Strategies::/, '');
}

function checkTopLevel(context: RuleContext, mapping: MappingValue, spec: ProviderSpec, provider: string): void {
  const known = new Set([...COMMON_TOP_LEVEL_KEYS, ...Object.keys(spec.topLevel)]);
  // GitLab passes app_id and app_secret only when set (`if provider[argument]`): nil and false are skipped.
  const given = (['app_id', 'app_secret'] as const)
    .map((key) => entryAt(mapping, key))
    .filter((e): e is MappingEntry => e !== undefined && e.value.kind !== 'null' && !(e.value.kind === 'boolean' && !e.value.value));
  // Both keys too many is one mistake (credentials written the OAuth way): one finding.
  const extra = given.slice(spec.positionalArgs.length);
  const first = extra[0];
  if (first) {
    context.report({
      messageId: 'positional',
      data: { provider, keys: extra.map((e) => `\`${e.key}\``).join(' and '), strategy: strategyName(spec) },
      range: first.keyRange,
      path: first.value.path,
      severity: 'error',
      ...(spec.protocol === 'openid_connect' ? { hint: 'the client ID and secret go in args.client_options as identifier and secret' } : {}),
    });
  }
  for (const e of mapping.entries) {
    if (e.keyStyle === 'other' || known.has(e.key)) continue;
    // SAML group keys at the top of a non-SAML provider are still GitLab keys (OIDC reads them elsewhere).
    if (isSamlGroupKey(e.key) && spec.protocol !== 'saml') {
      context.report({ messageId: 'unknownTopLevel', data: { key: e.key, provider }, range: e.keyRange, path: e.value.path });
      continue;
    }
    if (e.key in spec.args) {
      context.report({ messageId: 'belongsInArgs', data: { key: e.key, strategy: strategyName(spec) }, range: e.keyRange, path: e.value.path });
      continue;
    }
    const hint = didYouMeanHint(e.key, known);
    context.report({ messageId: 'unknownTopLevel', data: { key: e.key, provider }, range: e.keyRange, path: e.value.path, ...(hint ? { hint } : {}) });
  }
}

function checkMapping(
  context: RuleContext,
  mapping: MappingValue,
  fields: Record<string, FieldSchema>,
  spec: ProviderSpec,
  parent: string | null,
): void {
  for (const e of mapping.entries) {
    if (e.keyStyle === 'other') continue;
    const field = fields[e.key];
    if (field) {
      if (e.value.kind === 'mapping' && field.properties && isClosedMapping(field)) {
        checkMapping(context, e.value, field.properties, spec, parent ? `${parent}.${e.key}` : e.key);
      }
      continue;
    }
    // OpenID Connect's identifier, secret and redirect_uri written beside client_options instead of in it.
    const home = parent === null ? nestedHome(fields, e.key) : undefined;
    if (home) {
      // Required there (client_options.identifier): the provider cannot work, so an error, and provider-schema stays quiet.
      const required = fields[home]?.required?.includes(e.key) === true;
      context.report({
        messageId: 'belongsInNested',
        data: { key: e.key, home, strategy: strategyName(spec) },
        range: e.keyRange,
        path: e.value.path,
        ...(required ? { severity: 'error' as const } : {}),
      });
      continue;
    }
    const samlArgs = parent === null && spec.protocol === 'saml';
    // SAML group keys inside args have their own check (saml-groups-in-args).
    if (samlArgs && isSamlGroupKey(e.key)) continue;
    const hint = samlArgs ? samlArgsHint(e.key, Object.keys(fields)) : didYouMeanHint(e.key, Object.keys(fields));
    const data = { key: e.key, strategy: strategyName(spec), parent: parent ?? 'args' };
    context.report({
      messageId: parent === null ? 'unknownArg' : 'unknownNested',
      data,
      range: e.keyRange,
      path: e.value.path,
      ...(hint ? { hint } : {}),
    });
  }
}

/** The nested mapping of args (`client_options`) whose known keys include `key`. */
function nestedHome(fields: Record<string, FieldSchema>, key: string): string | undefined {
  return Object.entries(fields).find(([, field]) => field.properties !== undefined && isClosedMapping(field) && key in field.properties)?.[0];
}

/**
 * Inside SAML args a misspelled group key (`external_group`) is nearer to a key
 * that belongs beside args than to any strategy option: say both.
 */
function samlArgsHint(key: string, options: string[]): string | undefined {
  const best = didYouMean(key, [...options, ...SAML_GROUP_KEYS]);
  if (best !== undefined && isSamlGroupKey(best)) {
    return `did you mean \`${best}\`? It belongs beside args, at the level of \`name\``;
  }
  return didYouMeanHint(key, options);
}
