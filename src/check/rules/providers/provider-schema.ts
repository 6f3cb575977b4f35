/**
 * `provider-schema`: each provider entry against the schema of its own
 * strategy (by name, or by args.strategy_class for a custom name): the keys
 * that provider requires and the types of its `args`.
 */
import { providerSchema } from '../../../catalog/schemas.js';
import { expectsBoolean, schemaFindings } from '../../schema.js';
import { BOOLEAN_PROVIDER_KEYS, isBooleanLikeString } from '../string-boolean.js';
import type { ConfigValue } from '../../../model/types.js';
import type { Rule } from '../../rule.js';
import { fillFlagHint } from '../../fill-flag.js';
import { knownEntries } from './entries.js';
import { valueAtPath } from '../shared.js';

const CONTAINER_KEYS = new Set(['args', 'client_options']);

export const providerSchemaRule: Rule = {
  meta: {
    id: 'provider-schema',
    severity: 'error',
    messages: {
      invalid: '{{provider}}: {{message}}',
      missing: '{{provider}} needs `{{key}}`{{where}}',
      empty: '{{provider}} needs `{{key}}`, and YAML reads the value here as null (nothing, or only a comment: a `#` starts a comment, so quote a value that holds one)',
      stringBoolean: '{{provider}}: {{message}}; Ruby treats every string as true, so `"false"` means true',
    },
    docs: {
      description:
        'Checks every provider entry against the schema of its own strategy: the keys that provider needs (GitHub needs app_id and app_secret, Auth0 needs args.client_id, client_secret and domain, OpenID Connect needs args.client_options.identifier, ...) and the types of the known keys inside args. A custom provider name is checked with the schema of its args.strategy_class.',
      why: 'GitLab passes provider entries to the OmniAuth strategy without checking them. A missing client ID or a list where a string belongs is only noticed when a user tries to sign in, as an error page from GitLab or from the identity provider.',
      fix: 'Add the missing key or correct the value\'s type, following the provider\'s page in the GitLab docs (linked from `gitlab-omniauth providers`). Run `gitlab-omniauth explain provider-schema` for this text and `schemas/providers/<name>.json` for every key.',
      url: 'https://docs.gitlab.com/ee/integration/omniauth.html',
    },
  },
  check(context) {
    for (const { spec, provider, mapping } of knownEntries(context)) {
      // A required key whose value is null (`app_secret: #abc`) is as good as missing: say why at the key.
      for (const f of schemaFindings(providerSchema(spec), withoutNulls(mapping))) {
        if (f.keyword !== 'required') continue;
        const empty = valueAtPath(mapping, `${f.path}.${String(f.params.missingProperty)}`);
        if (empty?.kind !== 'null') continue;
        context.report({ messageId: 'empty', data: { provider, key: String(f.params.missingProperty) }, range: empty.range, path: empty.path });
      }
      for (const f of schemaFindings(providerSchema(spec), mapping)) {
        // A missing name is the general schema check's finding.
        if (f.keyword === 'required' && f.params.missingProperty === 'name') continue;
        if (f.keyword === 'required') {
          // Written one level too high (`args.identifier` for `args.client_options.identifier`): unknown-arg says where it belongs.
          const above = valueAtPath(mapping, f.path.slice(0, f.path.lastIndexOf('.')));
          if (above?.kind === 'mapping' && above.entries.some((e) => e.key === f.params.missingProperty)) continue;
          const inside = f.path.startsWith(`${mapping.path}.`) ? f.path.slice(mapping.path.length + 1) : '';
          // A missing container (`client_options`) is filled key by key: its own findings name those flags.
          const hint = CONTAINER_KEYS.has(String(f.params.missingProperty)) ? undefined : fillFlagHint(`${f.path}.${String(f.params.missingProperty)}`);
          context.report({
            messageId: 'missing',
            data: { provider, key: String(f.params.missingProperty), where: inside ? ` in \`${inside}\`` : '' },
            range: f.range,
            path: f.path,
            ...(hint ? { hint } : {}),
          });
          continue;
        }
        // A "true"/"false" string where a boolean belongs works by accident or
        // silently inverts the meaning: worth a warning, not a failed check.
        const at = f.keyword === 'type' ? valueAtPath(mapping, f.path) : undefined;
        const booleanWord = at?.kind === 'string' && isBooleanLikeString(at) && expectsBoolean(f);
        // The string-boolean check already reports these keys: one finding per mistake.
        if (booleanWord && BOOLEAN_PROVIDER_KEYS.has(lastKey(f.path))) continue;
        context.report({
          messageId: booleanWord ? 'stringBoolean' : 'invalid',
          data: { provider, message: f.message },
          range: f.range,
          path: f.path,
          ...(booleanWord ? { severity: 'warning' as const } : {}),
        });
      }
    }
  },
};

/** The value with every null-valued mapping entry left out, as if the key were not written. */
function withoutNulls(value: ConfigValue): ConfigValue {
  if (value.kind === 'mapping') {
    return { ...value, entries: value.entries.filter((e) => e.value.kind !== 'null').map((e) => ({ ...e, value: withoutNulls(e.value) })) };
  }
  if (value.kind === 'array') return { ...value, items: value.items.map(withoutNulls) };
  return value;
}

function lastKey(path: string): string {
  return path.slice(path.lastIndexOf('.') + 1);
}
