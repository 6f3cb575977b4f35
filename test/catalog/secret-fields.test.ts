import { describe, expect, it } from 'vitest';
import type { FieldSchema } from '../../src/catalog/fields.js';
import { PROVIDERS } from '../../src/catalog/providers.js';
import { CATALOG_SECRET_FIELDS } from '../../src/catalog/secret-fields.js';
import { isSecretKey } from '../../src/model/secrets.js';

/** Every field of the catalog, with its name, at any depth. */
function* fields(schemas: Record<string, FieldSchema>): Generator<[string, FieldSchema]> {
  for (const [name, schema] of Object.entries(schemas)) {
    yield [name, schema];
    if (schema.properties) yield* fields(schema.properties);
  }
}

const catalogFields = PROVIDERS.flatMap((p) => [...fields(p.args), ...fields(p.topLevel)]);
// What a description says about a field that holds a secret (not a certificate or a file name).
const DESCRIBED_SECRET = /\b(secret|password|private key|decrypts)\b/i;

describe('the catalog and isSecretKey agree', () => {
  it('what app_secret becomes for each strategy is a secret key', () => {
    for (const provider of PROVIDERS) {
      const secretArg = provider.positionalArgs[1];
      if (secretArg !== undefined) expect(isSecretKey(secretArg), `${provider.name}: ${secretArg}`).toBe(true);
    }
  });

  it('every field the catalog describes as a secret is a secret key', () => {
    const described = catalogFields.filter(([name, s]) => DESCRIBED_SECRET.test(s.description ?? '') && !/_file$|_url$|_method$|fingerprint|cert/.test(name));
    expect(described.length).toBeGreaterThan(5);
    for (const [name] of described) expect(isSecretKey(name), name).toBe(true);
  });

  it('every name in the secret list is a field of the catalog', () => {
    const names = new Set(['app_secret', ...PROVIDERS.flatMap((p) => p.positionalArgs), ...catalogFields.map(([name]) => name)]);
    for (const name of CATALOG_SECRET_FIELDS) expect(names.has(name), name).toBe(true);
  });
});
