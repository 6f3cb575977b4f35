/**
 * The bundled schemas are compiled at build time (scripts/compile-schemas.mjs
 * → dist/check/compiled-schemas.cjs and a module per schema) so `validate`
 * never loads ajv, and loads only the validators it uses. Those
 * validators must say exactly what ajv compiling the same schema at run time
 * says: same errors, hence the same findings, on every corpus snippet and
 * fixture, on made-up values, and with a validator for every schema the checks
 * use. Needs the build: skipped before `npm run build`, required in CI
 * (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { providerSchema, SCHEMA_BASE_URL } from '../../src/catalog/schemas.js';
import { PROVIDERS } from '../../src/catalog/providers.js';
import { bundledSchema, findingsOf, runtimeValidator, schemaFingerprint, type CompiledSchemas } from '../../src/check/schema.js';
import { effectiveSettings } from '../../src/model/effective.js';
import type { ConfigValue, MappingEntry, MappingValue, OmniauthModel } from '../../src/model/types.js';
import { readConfig } from '../../src/read/index.js';
import { corpusRoot, repoRoot } from '../support/cli.js';

const COMPILED_FILE = path.join(repoRoot, 'dist/check/compiled-schemas.cjs');

function loadCompiled(): CompiledSchemas | null {
  if (existsSync(COMPILED_FILE)) return createRequire(import.meta.url)(COMPILED_FILE) as CompiledSchemas;
  if (process.env.CI === 'true') throw new Error(`${COMPILED_FILE} is missing in CI: \`npm test\` runs \`npm run build\` first`);
  return null;
}

const compiled = loadCompiled();

/** Every schema the checks validate with: the two general ones and one per catalog provider. */
const SCHEMAS: ReadonlyArray<[string, object]> = [
  ['settings.schema.json', bundledSchema('settings')],
  ['provider.schema.json', bundledSchema('provider')],
  ...PROVIDERS.map((spec): [string, object] => [`providers/${spec.name}.json`, providerSchema(spec)]),
];

function compiledValidator(schema: object): ValidateFunction | undefined {
  const id = compiled?.ids[schemaFingerprint(schema)];
  return id === undefined ? undefined : compiled?.validators[id];
}

/** Both validators of a schema, or a test failure saying the build is missing it. */
function pair(name: string, schema: object): { built: ValidateFunction; runtime: ValidateFunction } {
  const built = compiledValidator(schema);
  if (!built) throw new Error(`no compiled validator for ${name}: schemas/ changed since the last \`npm run build\`?`);
  return { built, runtime: runtimeValidator(schema) };
}

// ---------------------------------------------------------------------------
// Real values: the corpus snippets and our fixtures

/**
 * The effective known settings as one mapping under their gitlab.yml names
 * (`cas3.session_duration` nested), as the schema check builds it, except that
 * the providers list stays in: more real values to compare on.
 */
function settingsMapping(model: OmniauthModel): MappingValue | null {
  const top = new Map<string, MappingEntry[]>();
  for (const [name, setting] of effectiveSettings(model)) {
    if (!setting.known) continue;
    const [head = name, ...rest] = name.split('.');
    const entry: MappingEntry = { key: rest.join('.') || head, keyStyle: 'yaml', keyRange: setting.keyRange, value: setting.value, range: setting.statementRange };
    top.set(head, [...(top.get(head) ?? []), entry]);
  }
  const entries = [...top].map(([head, list]): MappingEntry | undefined => {
    const first = list[0];
    if (!first || (list.length === 1 && first.key === head)) return first;
    return { ...first, key: head, value: { kind: 'mapping', entries: list, range: first.range, path: `omniauth.${head}` } };
  });
  const present = entries.filter((e): e is MappingEntry => e !== undefined);
  const first = present[0];
  return first ? { kind: 'mapping', entries: present, range: first.range, path: 'omniauth' } : null;
}

interface Sample {
  file: string;
  /** What the checks validate: the settings mapping, each provider entry. */
  settings: MappingValue | null;
  providers: ConfigValue[];
}

async function sample(file: string): Promise<Sample> {
  const { model } = await readConfig(readFileSync(file, 'utf8'), { file });
  return { file, settings: settingsMapping(model), providers: (model.providers ?? []).map((p) => p.value) };
}

function corpusSnippets(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(corpusRoot, 'snippets/manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
  return manifest.filter((e) => ['omnibus', 'source', 'helm'].includes(e.kind)).map((e) => path.join(corpusRoot, 'snippets', e.file));
}

function fixtures(): string[] {
  const dir = path.join(repoRoot, 'fixtures');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(rb|ya?ml|json)$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

describe.skipIf(!compiled)('validators compiled at build time (the suite is skipped when dist is not built)', () => {
  it('exist for every schema the checks use, and for nothing else', () => {
    const missing = SCHEMAS.filter(([, schema]) => !compiledValidator(schema)).map(([name]) => name);
    expect(missing).toEqual([]);
    // Keyed by the schemas' absolute $ids.
    expect(Object.keys(compiled?.validators ?? {}).sort()).toEqual(SCHEMAS.map(([name]) => `${SCHEMA_BASE_URL}${name}`).sort());
  });

  it('are not used for a schema that differs from the one compiled, even under the same $id', () => {
    const edited = { ...bundledSchema('provider'), required: ['name', 'label'] };
    expect(compiledValidator(edited)).toBeUndefined();
  });

  it('find what runtime ajv finds on every corpus snippet and fixture, each provider entry checked against every provider schema', async () => {
    const files = [...corpusSnippets(), ...fixtures()];
    expect(files.length).toBeGreaterThan(220);
    const samples = await Promise.all(files.map(sample));
    const settings = pair('settings.schema.json', bundledSchema('settings'));
    const providers = SCHEMAS.filter(([name]) => name !== 'settings.schema.json').map(([name, schema]) => ({ name, ...pair(name, schema) }));
    const keywords = new Set<string>();
    let compared = 0;
    for (const s of samples) {
      const checks: Array<[string, { built: ValidateFunction; runtime: ValidateFunction }, ConfigValue]> = [];
      if (s.settings) checks.push(['settings.schema.json', settings, s.settings]);
      for (const value of s.providers) for (const p of providers) checks.push([p.name, p, value]);
      for (const [name, { built, runtime }, value] of checks) {
        const expected = findingsOf(runtime, value);
        expect(findingsOf(built, value), `${path.basename(s.file)} against ${name}`).toEqual(expected);
        for (const f of expected) keywords.add(f.keyword);
        compared += expected.length;
      }
    }
    // Real findings were compared, of several kinds, not only "valid" twice.
    expect(compared).toBeGreaterThan(1000);
    expect([...keywords]).toEqual(expect.arrayContaining(['required', 'type', 'pattern', 'enum']));
  }, 120_000);

  it('report the same ajv errors as runtime ajv on made-up values', () => {
    for (const [name, schema] of SCHEMAS) {
      const { built, runtime } = pair(name, schema);
      const properties = Object.keys((schema as { properties?: object }).properties ?? {});
      // Mostly the schema's own keys, so values reach its nested rules and not just `additionalProperties`.
      const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...properties, 'name', 'args') }, { weight: 1, arbitrary: fc.string() });
      const value = fc.letrec<{ json: unknown }>((tie) => ({
        json: fc.oneof(
          { depthSize: 'small', withCrossShrink: true },
          fc.jsonValue({ maxDepth: 1 }),
          fc.dictionary(key, tie('json'), { maxKeys: 4, noNullPrototype: true }),
          fc.array(tie('json'), { maxLength: 3 }),
        ),
      })).json;
      fc.assert(
        // Instances are built by schema.ts from plain objects: never with a null prototype
        // (ajv's deep-equal helper, like ajv itself, expects Object.prototype).
        fc.property(fc.dictionary(key, value, { maxKeys: 6, noNullPrototype: true }), (instance) => {
          const ok = built(instance);
          expect(runtime(instance)).toBe(ok);
          expect(built.errors ?? null).toEqual(runtime.errors ?? null);
        }),
        { numRuns: Number(process.env.SCHEMA_PROPERTY_RUNS ?? 60) },
      );
    }
  });
});

// ---------------------------------------------------------------------------
// What a run loads

/** Logs every module the process resolves (ESM) and, at exit, every CommonJS module it loaded. */
const PROBE = `
import { register, createRequire } from 'node:module';
register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(`export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  process.stderr.write('LOADED ' + r.url + '\\n');
  return r;
}`)}));
// Any require() sees the one CommonJS cache; a data: URL cannot anchor createRequire, the working directory can.
const cache = createRequire(process.cwd() + '/').cache;
process.on('exit', () => { for (const file of Object.keys(cache)) process.stderr.write('LOADED file://' + file + '\\n'); });
`;

describe.skipIf(!compiled)('a validate run through the built bin (skipped when dist is not built)', () => {
  it.each(['fixtures/cli/valid-gitlab.yml', 'fixtures/cli/valid-gitlab.rb'])('%s: checked with the compiled validators, ajv never loaded', (file) => {
    const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(PROBE)}`, 'bin/gitlab-omniauth.js', 'validate', file], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(r.status, r.stderr).toBe(0);
    const loaded = r.stderr.split('\n').filter((l) => l.startsWith('LOADED ')).map((l) => l.slice('LOADED '.length));
    expect(loaded.some((url) => url.endsWith('/dist/check/compiled-schemas.cjs'))).toBe(true);
    expect(loaded.filter((url) => url.includes('/node_modules/ajv/') || url.includes('/node_modules/ajv-formats/'))).toEqual([]);
    // Only the validators of the schemas checked against: the settings, any provider, and the one provider the file names.
    const validatorModules = loaded.filter((url) => url.includes('/dist/check/compiled-schemas/')).map((url) => path.basename(url)).sort();
    expect(validatorModules).toEqual(['provider.schema.cjs', 'providers-gitlab.cjs', 'settings.schema.cjs']);
  });
});
