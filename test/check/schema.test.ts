import { describe, expect, test } from 'vitest';
import { bundledSchema, displayName, schemaFindings } from '../../src/check/schema.js';
import { schemaRule } from '../../src/check/rules/schema.js';
import { SETTINGS, type SettingType } from '../../src/model/settings.js';
import { buildModel, entries, erb, int, ruby, sym, type Lit } from './support/model.js';
import { providers, run } from './support/run.js';

/** schemaFindings over a value built from a literal, with the text each finding points at. */
function validate(schema: object, lit: Lit): Array<{ message: string; at: string; path: string; keyword: string }> {
  const { model, at } = buildModel({ settings: { omniauth_x: lit } });
  const setting = model.settings[0];
  if (!setting) throw new Error('no setting built');
  return schemaFindings(schema, setting.value).map((f) => ({ message: f.message, at: at(f.range), path: f.path, keyword: f.keyword }));
}

const object = (properties: Record<string, object>, extra: object = {}): object => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties,
  ...extra,
});

describe('schemaFindings places every error in the user file', () => {
  test('a type error points at the value, with a human message', () => {
    const schema = object({ args: { type: ['object', 'array'] } });
    expect(validate(schema, { args: "{ scope: 'api' }" })).toEqual([
      { message: '`args` must be a mapping or a list, not a string', at: `"{ scope: 'api' }"`, path: 'omniauth.x.args', keyword: 'type' },
    ]);
  });

  test('an unknown key points at the key, a missing key at the mapping', () => {
    const schema = object({ name: { type: 'string' } }, { required: ['name'], additionalProperties: false });
    expect(validate(schema, { label: 'GitHub' })).toEqual([
      { message: '`x` is missing `name`', at: '{ label: "GitHub" }', path: 'omniauth.x', keyword: 'required' },
      { message: 'unknown key `label` in `x`', at: 'label', path: 'omniauth.x.label', keyword: 'additionalProperties' },
    ]);
  });

  test('a list item is named by its index', () => {
    const schema = { type: 'array', items: { type: 'string' } };
    expect(validate(schema, ['saml', 3])).toEqual([
      { message: '`x[1]` must be a string, not a whole number', at: '3', path: 'omniauth.x[1]', keyword: 'type' },
    ]);
  });

  test('symbols count as strings, integers as numbers', () => {
    const schema = object({ name: { type: 'string' }, port: { type: 'integer' }, big: { type: 'integer' } });
    expect(validate(schema, { name: sym('saml'), port: 443, big: int('123456789012345678901234567890') })).toEqual([]);
  });

  test('a key given twice is checked with its last value, as GitLab uses it', () => {
    const schema = object({ label: { type: 'string' } });
    expect(validate(schema, entries(['label', 3], ['label', 'ok']))).toEqual([]);
    expect(validate(schema, entries(['label', 'ok'], ['label', 3]))).toEqual([
      { message: '`label` must be a string, not a whole number', at: '3', path: 'omniauth.x.label', keyword: 'type' },
    ]);
  });
});

describe('values the tool does not evaluate', () => {
  const schema = object(
    { app_id: { type: 'string', pattern: '^[0-9a-f]+$' }, args: { type: 'object', required: ['scope'] }, n: { enum: [1, 2] } },
    { required: ['app_id', 'args'] },
  );

  test.each([
    ['a Ruby expression', ruby("ENV['GITHUB_APP_ID']")],
    ['an ERB expression', erb("<%= ENV['GITHUB_APP_ID'] %>")],
  ])('%s may be anything: no type, pattern or enum errors', (_, opaque) => {
    expect(validate(schema, { app_id: opaque, args: opaque, n: opaque })).toEqual([]);
  });

  test('an expression still counts as present for required', () => {
    expect(validate(schema, { app_id: ruby('X'), args: { scope: ruby('Y') } })).toEqual([]);
    expect(validate(schema, { args: { scope: 'api' } })).toEqual([
      { message: '`x` is missing `app_id`', at: '{ args: { scope: "api" } }', path: 'omniauth.x', keyword: 'required' },
    ]);
  });

  test('a mapping with a non-literal key may hold any key', () => {
    expect(validate(schema, entries(["ENV['K']", 'v', 'other'], ['args', { scope: 'x' }]))).toEqual([]);
  });

  test('an anyOf that fails only because of an expression is not reported', () => {
    const s = { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string' } }] };
    expect(validate(s, ['saml', ruby('PROVIDERS.first')])).toEqual([]);
    expect(validate(s, [ruby('x'), 3])).toEqual([
      { message: '`x[1]` must be a string, not a whole number', at: '3', path: 'omniauth.x[1]', keyword: 'type' },
    ]);
  });

  test('uniqueItems and contains ignore lists with expressions', () => {
    const s = { type: 'array', uniqueItems: true, contains: { const: 'openid' } };
    expect(validate(s, [ruby('a'), ruby('b')])).toEqual([]);
  });
});

describe('conditions and key names', () => {
  const discovery = object(
    { discovery: { type: 'boolean' } },
    { if: { properties: { discovery: { const: false } }, required: ['discovery'] }, then: { required: ['jwks_uri'] } },
  );

  test('if/then reports what then requires, not "must match then"', () => {
    expect(validate(discovery, { discovery: false })).toEqual([
      { message: '`x` is missing `jwks_uri`', at: '{ discovery: false }', path: 'omniauth.x', keyword: 'required' },
    ]);
    expect(validate(discovery, { discovery: true })).toEqual([]);
  });

  test('an expression in the condition decides nothing', () => {
    expect(validate(discovery, { discovery: ruby("ENV['D'] == 'true'") })).toEqual([]);
  });

  test('a key name that is not allowed points at the key, once', () => {
    const s = object({}, { propertyNames: { pattern: '^[a-z_]+$' } });
    expect(validate(s, { ok: 1, 'Bad-Key': 2 })).toEqual([
      { message: 'key `Bad-Key` is not allowed in `x`', at: 'Bad-Key', path: 'omniauth.x.Bad-Key', keyword: 'propertyNames' },
    ]);
  });
});

describe('anyOf and oneOf give one finding', () => {
  const s = { anyOf: [{ type: 'boolean' }, { type: 'array', items: { type: 'string', minLength: 1 } }] };

  test('no branch fits the type: one "must be X or Y" message', () => {
    expect(validate(s, 'saml')).toEqual([
      { message: '`x` must be true or false or a list, not a string', at: '"saml"', path: 'omniauth.x', keyword: 'type' },
    ]);
  });

  test('a branch fits the type: the errors inside it', () => {
    expect(validate(s, ['saml', ''])).toEqual([
      { message: '`x[1]` must not be empty', at: '""', path: 'omniauth.x[1]', keyword: 'minLength' },
    ]);
  });

  test('branches behind $ref are followed', () => {
    const withRef = {
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $defs: { names: { type: 'array', items: { type: 'string' } } },
      anyOf: [{ type: 'boolean' }, { $ref: '#/$defs/names' }],
    };
    expect(validate(withRef, [true])).toEqual([
      { message: '`x[0]` must be a string, not `true`', at: 'true', path: 'omniauth.x[0]', keyword: 'type' },
    ]);
  });

  test('oneOf matching twice says so', () => {
    const one = { oneOf: [{ type: 'string' }, { type: 'string', minLength: 1 }] };
    expect(validate(one, 'x').map((f) => f.message)).toEqual(['`x` matches more than one of the allowed forms']);
  });
});

describe('messages', () => {
  test.each<[string, object, Lit, string]>([
    ['enum', { enum: ['name', 'email'] }, 'mail', '`x` must be one of `name` or `email`, not `mail`'],
    ['const', { const: false }, true, '`x` must be `false`, not `true`'],
    ['pattern', { type: 'string', pattern: '^[a-z]+$' }, 'GitHub', '`x` `GitHub` does not have the expected form (^[a-z]+$)'],
    ['minimum', { type: 'integer', minimum: 1 }, 0, '`x` must be >= 1, not `0`'],
    ['minItems', { type: 'array', minItems: 1 }, [], '`x` must not be an empty list'],
    ['uniqueItems', { type: 'array', uniqueItems: true }, ['a', 'b', 'a'], '`x` lists `a` more than once'],
    ['format', { type: 'string', format: 'uri' }, 'not a uri', '`x` `not a uri` is not a valid uri'],
    ['x-message for all keywords', { type: 'string', 'x-message': '{{name}} needs a word, not {{value}}' }, 3, 'x needs a word, not `3`'],
    ['x-message by keyword', { type: 'string', pattern: '^a', 'x-message': { pattern: 'starts with a: {{value}}' } }, 'b', 'starts with a: `b`'],
  ])('%s', (_, schema, lit, message) => {
    expect(validate(schema, lit).map((f) => f.message)).toEqual([message]);
  });

  test('a secret value is never shown', () => {
    const schema = object({ app_secret: { type: 'string', pattern: '^[a-f0-9]{40}$' } });
    const [finding] = validate(schema, { app_secret: 'hunter2-the-real-secret' });
    expect(finding?.message).toBe('`app_secret` the secret value does not have the expected form (^[a-f0-9]{40}$)');
    expect(finding?.message).not.toContain('hunter2');
  });

  test('long values are shortened', () => {
    const [finding] = validate({ const: 'a' }, 'b'.repeat(200));
    expect(finding?.message.length).toBeLessThan(120);
  });

  test.each([
    ['omniauth.providers[0].args', 'args'],
    ['omniauth.providers[0]', 'providers[0]'],
    ['omniauth.allow_single_sign_on[1]', 'allow_single_sign_on[1]'],
    ['', 'the value'],
  ])('display name of %j is %j', (path, name) => {
    expect(displayName(path)).toBe(name);
  });
});

describe('schemas', () => {
  test('draft-07 schemas are accepted too', () => {
    const schema = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { a: { type: 'string' } } };
    expect(validate(schema, { a: 1 }).map((f) => f.message)).toEqual(['`a` must be a string, not a whole number']);
  });

  test('a compiled schema is reused, and a changed one with the same $id replaces it', () => {
    const first = { $id: 'test-reuse.json', type: 'string' };
    expect(validate(first, 1)).toHaveLength(1);
    expect(validate(first, 'a')).toHaveLength(0);
    const second = { $id: 'test-reuse.json', type: 'integer' };
    expect(validate(second, 1)).toHaveLength(0);
  });

  test('other schemas can $ref the committed provider schema', () => {
    const saml = { $id: 'https://unpkg.com/gitlab-omniauth/schemas/providers/test-saml.json', allOf: [{ $ref: '../provider.schema.json' }], properties: { name: { const: 'saml' } } };
    expect(validate(saml, { label: 'x' }).map((f) => f.message)).toEqual(['`x` is missing `name`']);
  });
});

/** What each setting type must look like in the committed schema (SettingType → $defs entry). */
const TYPE_DEFS: Record<SettingType, string> = {
  boolean: '#/$defs/boolean',
  'boolean-or-providers': '#/$defs/boolean-or-providers',
  provider: '#/$defs/provider',
  providers: '#/$defs/providers',
  'profile-attributes': '#/$defs/profile-attributes',
  integer: '#/$defs/integer',
  'provider-list': '#/$defs/provider-list',
};

interface PropertySchema {
  $ref?: string;
  description?: string;
  properties?: Record<string, PropertySchema>;
}

function flatten(properties: Record<string, PropertySchema>, prefix = ''): Map<string, PropertySchema> {
  const out = new Map<string, PropertySchema>();
  for (const [key, schema] of Object.entries(properties)) {
    if (schema.properties) for (const [k, v] of flatten(schema.properties, `${prefix}${key}.`)) out.set(k, v);
    else out.set(`${prefix}${key}`, schema);
  }
  return out;
}

describe('the committed settings schema follows the settings table', () => {
  const schema = bundledSchema('settings') as { properties: Record<string, PropertySchema>; $defs: Record<string, object> };
  const properties = flatten(schema.properties);

  test('it has exactly the settings GitLab knows', () => {
    expect([...properties.keys()].sort()).toEqual(SETTINGS.map((s) => s.name).sort());
  });

  test.each(SETTINGS.map((s) => [s.name, s] as const))('%s has the type and description of the table', (name, spec) => {
    expect(properties.get(name)).toEqual({ $ref: TYPE_DEFS[spec.type], description: spec.description });
  });

  test('every setting type has its definition', () => {
    for (const ref of Object.values(TYPE_DEFS)) expect(schema.$defs[ref.replace('#/$defs/', '')]).toBeDefined();
  });
});

describe('the committed provider schema', () => {
  const check = (lit: Lit) => validate(bundledSchema('provider'), lit).map((f) => [f.message, f.at]);

  test.each<[string, Lit]>([
    ['GitHub from the docs', { name: 'github', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { scope: 'user:email' } }],
    ['a custom name with digits', { name: 'openid_connect_2fa', label: 'Provider name 2FA', args: { strategy_class: 'OmniAuth::Strategies::OpenIDConnect' } }],
    ['args as a list', { name: 'jwt', args: ['a', 'b'] }],
    ['SAML groups beside args', { name: 'saml', groups_attribute: 'Groups', external_groups: ['Freelancers'], args: {} }],
    ['a symbol name', { name: sym('saml') }],
    ['GitHub Enterprise keys', { name: 'github', url: 'https://github.example.com/', verify_ssl: false }],
    ['nil for optional keys (the Cognito docs: icon: nil)', { name: 'cognito', icon: null, label: null, app_id: null, args: null }],
  ])('accepts %s', (_, lit) => {
    expect(check(lit)).toEqual([]);
  });

  test.each<[string, Lit, string[][]]>([
    ['no name', { label: 'x' }, [['`x` is missing `name`', '{ label: "x" }']]],
    ['a name with capitals', { name: 'GitHub' }, [['provider name `GitHub` must be lowercase letters, digits and underscores, starting with a letter', '"GitHub"']]],
    ['a name with a dash', { name: 'my-saml' }, [['provider name `my-saml` must be lowercase letters, digits and underscores, starting with a letter', '"my-saml"']]],
    ['a number as app_id', { name: 'gitlab', app_id: 12345 }, [['`app_id` must be a string, not a whole number', '12345']]],
    ['a label that is a list', { name: 'gitlab', label: ['a'] }, [['`label` must be a string, not a list', '["a"]']]],
    ['args as a string', { name: 'gitlab', args: 'scope' }, [['`args` must be a mapping or a list, not a string', '"scope"']]],
    ['groups as a string', { name: 'saml', admin_groups: 'Admins' }, [['`admin_groups` must be a list, not a string', '"Admins"']]],
  ])('rejects %s', (_, lit, expected) => {
    expect(check(lit)).toEqual(expected);
  });
});

describe('rule: schema', () => {
  test.each<[string, Parameters<typeof run>[1]]>([
    ['the docs\' common settings', { settings: { omniauth_allow_single_sign_on: ['saml'], omniauth_block_auto_created_users: false, omniauth_enabled: true } }],
    ['nil for a setting means the default', { settings: { omniauth_auto_sign_in_with_provider: null, omniauth_enabled: null } }],
    ['auto_sign_in_with_provider false (the Rails default)', { settings: { omniauth_auto_sign_in_with_provider: false } }],
    ['sync_profile_attributes true or a subset', { settings: { omniauth_sync_profile_attributes: ['name', 'email', 'location'] } }],
    ['the CAS3 duration', { settings: { omniauth_cas3_session_duration: 28800 } }],
    ['settings in gitlab.yml', { format: 'source', settings: { allow_single_sign_on: true, external_providers: ['github'] } }],
    ['a valid provider list', providers({ name: 'github', app_id: 'a', app_secret: ruby("ENV['S']") })],
    ['unknown settings (left to unknown-setting)', { settings: { omniauth_provider: 'x' } }],
    ['args as a string (left to args-type)', providers({ name: 'gitlab', args: "{ scope: 'api' }" })],
    ['"false" for a boolean (left to string-boolean)', { settings: { omniauth_block_auto_created_users: 'false' } }],
    ['a placeholder name (left to placeholder-value)', providers({ name: 'PROVIDER_NAME' })],
    ['a providers string (left to providers-not-list)', { settings: { omniauth_providers: '[{ name: "github" }]' } }],
  ])('passes: %s', (_, spec) => {
    expect(run(schemaRule, spec)).toEqual([]);
  });

  test.each<[string, Parameters<typeof run>[1], Array<Partial<ReturnType<typeof run>[number]>>]>([
    [
      'a string where a boolean belongs',
      { settings: { omniauth_block_auto_created_users: 'no way' } },
      [{ message: '`block_auto_created_users` must be true or false, not a string', at: '"no way"', path: 'omniauth.block_auto_created_users' }],
    ],
    [
      'a provider list item that is not a name',
      { settings: { omniauth_allow_single_sign_on: ['saml', { name: 'x' }] } },
      [{ message: '`allow_single_sign_on[1]` must be a string, not a mapping', at: '{ name: "x" }' }],
    ],
    [
      'true for auto_sign_in_with_provider',
      { settings: { omniauth_auto_sign_in_with_provider: true } },
      [{ message: '`auto_sign_in_with_provider` must name one provider (or be false), not `true`', at: 'true' }],
    ],
    [
      'an unknown profile attribute',
      { format: 'source', settings: { sync_profile_attributes: ['email', 'phone'] } },
      [{ message: '`sync_profile_attributes[1]` must be one of `name`, `email` or `location`, not `phone`', at: '"phone"' }],
    ],
    [
      'a provider without a name, and one that is a string',
      providers({ label: 'GitLab' }, 'github'),
      [
        { message: '`providers[0]` is missing `name`', at: '{ label: "GitLab" }', path: 'omniauth.providers[0]' },
        { message: '`providers[1]` must be a mapping, not a string', at: '"github"', path: 'omniauth.providers[1]' },
      ],
    ],
    [
      'providers in a fragment',
      { fragmentProviders: [{ name: 'saml', required_groups: 'Developers' }] },
      [{ message: '`required_groups` must be a list, not a string', at: '"Developers"' }],
    ],
  ])('fails: %s', (_, spec, expected) => {
    const found = run(schemaRule, spec);
    expect(found).toHaveLength(expected.length);
    found.forEach((f, i) => {
      expect(f).toMatchObject({ rule: 'schema', severity: 'error', ...expected[i] });
    });
  });
});
