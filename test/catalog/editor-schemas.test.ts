/**
 * The schemas in schemas/ as editors use them: absolute `$id`s, compiled by
 * ajv in strict mode, and the any-provider schema choosing each provider's own
 * schema. On every docs snippet it must agree with `validate`: an entry it
 * accepts has no schema error there, one it rejects has a finding there.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import { ANY_PROVIDER_SCHEMA_FILE, SCHEMA_BASE_URL } from '../../src/catalog/schemas.js';
import { createAjv } from '../../src/check/schema.js';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import { validateText } from '../../src/validate.js';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';

const SCHEMAS = path.join(repoRoot, 'schemas');
const read = (rel: string) => JSON.parse(readFileSync(path.join(SCHEMAS, rel), 'utf8')) as { $id?: string };
const schemaFiles = [
  ...readdirSync(SCHEMAS).filter((f) => f.endsWith('.json')),
  ...readdirSync(path.join(SCHEMAS, 'providers')).map((f) => `providers/${f}`),
];

/** ajv in strict mode with the options validation uses, with every schema registered so `$ref`s resolve by `$id`. */
function anyProviderValidator(): ValidateFunction {
  const ajv = createAjv('2020'); // strict: true, as validation runs it
  for (const rel of schemaFiles.filter((f) => f.startsWith('providers/'))) ajv.addSchema(read(rel));
  return ajv.compile(read(ANY_PROVIDER_SCHEMA_FILE));
}

const SCHEMA_RULES = new Set(['provider-schema', 'schema']);

describe('schemas for editors', () => {
  it('every schema has an absolute $id naming where it is published', () => {
    for (const rel of schemaFiles) expect(read(rel).$id, rel).toBe(`${SCHEMA_BASE_URL}${rel}`);
  });

  it('compile in ajv strict mode', () => {
    expect(anyProviderValidator()).toBeTypeOf('function');
  });

  it('pick the provider schema by name, and by args.strategy_class for a custom name', () => {
    const validate = anyProviderValidator();
    expect(validate({ name: 'saml', label: 'Company SSO' })).toBe(false); // saml needs args
    expect(validate({ name: 'saml', args: { assertion_consumer_service_url: 'https://gitlab.example.com/users/auth/saml/callback', idp_sso_target_url: 'https://idp.example.com/sso', idp_cert_fingerprint: '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8', issuer: 'https://gitlab.example.com', name_identifier_format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' } })).toBe(true);
    const custom = { name: 'company_oidc', args: { strategy_class: 'OmniAuth::Strategies::OpenIDConnect', issuer: 'https://idp.example.com', client_options: {} } };
    // A custom name is checked as OpenID Connect: its client_options need an identifier.
    expect(validate(custom)).toBe(false);
    expect(validate({ ...custom, args: { ...custom.args, client_options: { identifier: 'id', secret: 's', redirect_uri: 'https://gitlab.example.com/users/auth/company_oidc/callback' } } })).toBe(true);
    expect(validate({ name: 'github', app_id: ['not', 'a', 'string'] })).toBe(false);
  });

  it('agree with validate on the providers of every docs snippet: accepted ones have no schema error, rejected ones a finding', async () => {
    const validate = anyProviderValidator();
    const snippets = path.join(corpusRoot, 'snippets');
    let accepted = 0;
    let rejected = 0;
    const mismatches: string[] = [];
    for (const file of readdirSync(snippets).filter((f) => /\.(rb|yml)$/.test(f))) {
      const { model, diagnostics } = await validateText(readFileSync(path.join(snippets, file), 'utf8'), { file, env: 'production' });
      if (diagnostics.some((d) => d.rule === 'ruby-syntax' || d.rule === 'yaml-syntax')) continue;
      const providers = (modelToJson(model, { showSecrets: true }).omniauth as { providers?: Json[] }).providers ?? [];
      providers.forEach((provider, index) => {
        // Values the tool does not evaluate ({"$ruby": ...}) could be anything: no verdict to compare.
        if (JSON.stringify(provider).includes('"$ruby"') || JSON.stringify(provider).includes('"$erb"')) return;
        const prefix = model.providers?.[index]?.value.path ?? `omniauth.providers[${index}]`;
        const here = diagnostics.filter((d) => d.severity !== 'info' && (d.path === prefix || d.path?.startsWith(`${prefix}.`) === true));
        const schemaErrors = here.filter((d) => SCHEMA_RULES.has(d.rule) && d.severity === 'error');
        const ok = validate(provider);
        // Accepted: validate finds no schema error in it. Rejected: validate reports the same problem (some
        // under a more precise rule: a "false" string is string-boolean's finding).
        if (ok && schemaErrors.length > 0) mismatches.push(`${file} #${index} accepted, validate: ${schemaErrors.map((d) => d.message).join('; ')}`);
        if (!ok && here.length === 0) mismatches.push(`${file} #${index} rejected (${JSON.stringify(validate.errors?.[0])}), validate finds nothing`);
        if (ok) accepted++;
        else rejected++;
      });
    }
    expect(mismatches).toEqual([]);
    expect(accepted).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(0);
  });

  it('accept the README\'s yaml-language-server example', async () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const example = /```yaml\n(# yaml-language-server: \$schema=(\S+)\n[\s\S]*?)```/.exec(readme);
    expect(example?.[2]).toBe(`${SCHEMA_BASE_URL}${ANY_PROVIDER_SCHEMA_FILE}`);
    const { parse } = await import('yaml');
    expect(anyProviderValidator()(parse(example?.[1] ?? ''))).toBe(true);
  });

  it('`schema` prints the any-provider schema, `schema NAME` one provider\'s', async () => {
    expect(JSON.parse((await runInProcess(['schema'])).stdout)).toEqual(read(ANY_PROVIDER_SCHEMA_FILE));
    expect(JSON.parse((await runInProcess(['schema', 'saml'])).stdout)).toEqual(read('providers/saml.json'));
    expect(JSON.parse((await runInProcess(['schema', 'settings'])).stdout)).toEqual(read('settings.schema.json'));
    const unknown = await runInProcess(['schema', 'saml2']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no schema for `saml2`; did you mean `saml`\?/);
  });
});
