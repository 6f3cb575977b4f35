/**
 * One JSON Schema per provider, generated from the catalog (one source): the
 * `provider-schema` check validates each entry against the schema of its own
 * strategy, so a mistake gives one precise error instead of a list of
 * alternatives. The same schemas are committed in `schemas/providers/` for
 * editors and other tools; a test keeps them equal to these.
 *
 * What every provider entry has (name shape, label, icon, app_id/app_secret
 * and args types, the GitHub and SAML top-level keys) is checked by the
 * general `schemas/provider.schema.json`; these schemas add only what differs
 * per provider, so no mistake is reported twice.
 */
import { COMMON_TOP_LEVEL_KEYS, PROVIDERS, type ProviderSpec } from './providers.js';
import type { FieldSchema } from './fields.js';

/** Keys whose types the general provider schema already checks. */
const TYPED_BY_GENERAL_SCHEMA = new Set([
  ...COMMON_TOP_LEVEL_KEYS,
  'url',
  'verify_ssl',
  'groups_attribute',
  'required_groups',
  'external_groups',
  'admin_groups',
  'auditor_groups',
]);

function describeOnly(field: FieldSchema): FieldSchema {
  return field.description ? { description: field.description } : {};
}

function appArgument(spec: ProviderSpec, index: number, key: 'app_id' | 'app_secret'): FieldSchema {
  const target = spec.positionalArgs[index];
  return {
    description: target
      ? `Passed to the strategy as its argument \`${target}\``
      : `Not accepted: ${spec.name}'s strategy takes no positional arguments, so GitLab fails at boot when \`${key}\` is set`,
  };
}

export type JsonSchema = Record<string, unknown>;

/**
 * Where the schemas are published (the npm package's `schemas/` folder): their
 * `$id`s are absolute, so editors resolve the `$ref`s between them from any
 * file that names one in `# yaml-language-server: $schema=...`.
 */
export const SCHEMA_BASE_URL = 'https://unpkg.com/gitlab-omniauth/schemas/';

/** The schema for editors that picks the per-provider schema itself: `schemas/<this>`. */
export const ANY_PROVIDER_SCHEMA_FILE = 'omniauth-provider.json';

function buildSchema(spec: ProviderSpec): JsonSchema {
  const properties: Record<string, FieldSchema> = {
    name: { description: spec.needsStrategyClass ? `\`${spec.name}\`, with args.strategy_class ${spec.strategyClass}` : `\`${spec.name}\`, or a custom name with args.strategy_class ${spec.strategyClass}` },
    label: { description: `Sign-in button text (default "${spec.label}")` },
    icon: { description: 'Sign-in button icon: a path or URL' },
    app_id: appArgument(spec, 0, 'app_id'),
    app_secret: appArgument(spec, 1, 'app_secret'),
  };
  for (const [key, field] of Object.entries(spec.topLevel)) {
    properties[key] = TYPED_BY_GENERAL_SCHEMA.has(key) ? describeOnly(field) : field;
  }
  // `args` may also be a list of positional arguments: the general schema
  // checks its type; `properties`/`required` only apply when it is a mapping.
  const args: FieldSchema = {
    description: 'Options passed to the OmniAuth strategy',
    properties: spec.args,
    ...(spec.requiredArgs.length > 0 ? { required: [...spec.requiredArgs] } : {}),
  };
  properties.args = args;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE_URL}providers/${spec.name}.json`,
    title: `GitLab OmniAuth provider: ${spec.name} (${spec.label})`,
    description: `${spec.strategyClass}. Docs: ${spec.docsUrl}${spec.note ? `. Note: ${spec.note}` : ''}`,
    type: 'object',
    required: ['name', ...spec.requiredTop],
    properties,
  };
}

const cache = new Map<string, JsonSchema>();

/** The schema for one catalog entry (cached: the validator cache keys on the object). */
export function providerSchema(spec: ProviderSpec): JsonSchema {
  let schema = cache.get(spec.name);
  if (!schema) {
    schema = buildSchema(spec);
    cache.set(spec.name, schema);
  }
  return schema;
}

/** A `strategy_class` value naming `className`, with or without the leading `::`. */
function strategyClassIs(className: string): JsonSchema {
  return { type: 'object', required: ['strategy_class'], properties: { strategy_class: { enum: [className, `::${className}`] } } };
}

/**
 * One provider entry of any provider, for editors: the general provider schema,
 * plus the schema of the entry's own strategy, chosen as GitLab chooses it
 * (see resolveStrategy): by `args.strategy_class` when given, else by `name`.
 * An entry whose strategy_class is its own name's class is checked by name
 * (cognito is an OAuth2Generic with a schema of its own).
 */
export function anyProviderSchema(): JsonSchema {
  const byName = PROVIDERS.map((spec) => ({
    if: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { enum: [spec.name, ...(spec.aliases ?? [])] },
        args: { anyOf: [{ not: { type: 'object', required: ['strategy_class'] } }, strategyClassIs(spec.strategyClass)] },
      },
    },
    then: { $ref: `providers/${spec.name}.json` },
  }));
  // A custom name with a strategy_class: the provider that owns the class.
  const owners = new Map<string, ProviderSpec>();
  for (const spec of PROVIDERS) if (!spec.needsStrategyClass && !owners.has(spec.strategyClass)) owners.set(spec.strategyClass, spec);
  const byClass = [...owners].map(([className, owner]) => ({
    if: {
      type: 'object',
      required: ['args'],
      properties: {
        name: { not: { enum: PROVIDERS.filter((p) => p.strategyClass === className).flatMap((p) => [p.name, ...(p.aliases ?? [])]) } },
        args: strategyClassIs(className),
      },
    },
    then: { $ref: `providers/${owner.name}.json` },
  }));
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${SCHEMA_BASE_URL}${ANY_PROVIDER_SCHEMA_FILE}`,
    title: 'A GitLab OmniAuth provider entry, checked against its own provider\'s schema',
    description:
      'For editors: one item of omniauth.providers (a Helm provider secret, a provider YAML file). The general provider schema, and the per-provider schema chosen by args.strategy_class or name',
    allOf: [{ $ref: 'provider.schema.json' }, ...byName, ...byClass],
  };
}

/** `schemas/providers/<name>.json` for every catalog entry, and the editors' any-provider schema → content. */
export function providerSchemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const spec of PROVIDERS) {
    files.set(`schemas/providers/${spec.name}.json`, JSON.stringify(providerSchema(spec), null, 2) + '\n');
  }
  files.set(`schemas/${ANY_PROVIDER_SCHEMA_FILE}`, JSON.stringify(anyProviderSchema(), null, 2) + '\n');
  return files;
}
