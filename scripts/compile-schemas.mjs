#!/usr/bin/env node
// Compiles the bundled JSON Schemas (schemas/*.schema.json and every
// schemas/providers/*.json) with ajv's standalone code generation, so
// `validate` (run in pre-commit hooks) never loads or compiles ajv. Runs after
// tsc in `npm run build`; it uses the built dist/check/schema.js so the build
// compiles with exactly the runtime's ajv setup, and the runtime finds a
// validator by the schema's fingerprint.
//
// One module per schema in dist/check/compiled-schemas/, each holding its
// validator and the ones it references, and an index,
// dist/check/compiled-schemas.cjs, with the fingerprints and a validator per
// schema that loads its module on first use: a run loads only the validators
// of the schemas it checks against, not the code of every provider's.
//
// CommonJS, not ESM: ajv's standalone code calls require() even with its
// `esm` option; dist/check/schema.js loads the index through createRequire.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAjv, schemaDraft, schemaFingerprint } from '../dist/check/schema.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const standaloneCode = require('ajv/dist/standalone').default;
const OUT = path.join(root, 'dist/check/compiled-schemas.cjs');
/** The per-schema modules, beside the index. */
const MODULE_DIR = 'compiled-schemas';

/** Every bundled schema with the key it is exported under: its `$id`, or `providers/<file>` for the per-provider ones. */
function bundledSchemas() {
  const read = (rel) => JSON.parse(readFileSync(path.join(root, 'schemas', rel), 'utf8'));
  const list = [];
  for (const name of readdirSync(path.join(root, 'schemas')).filter((n) => n.endsWith('.schema.json')).sort()) {
    const schema = read(name);
    if (typeof schema.$id !== 'string') throw new Error(`schemas/${name} has no $id: other schemas $ref the bundled ones by it`);
    list.push({ key: schema.$id, schema });
  }
  for (const name of readdirSync(path.join(root, 'schemas/providers')).filter((n) => n.endsWith('.json')).sort()) {
    const schema = read(`providers/${name}`);
    list.push({ key: typeof schema.$id === 'string' ? schema.$id : `providers/${name}`, schema });
  }
  return list;
}

/**
 * ajv's small runtime helpers, inlined so the generated code does not load
 * them from the ajv package. Only functions that use nothing but built-ins:
 * each is checked below against the original on sample input.
 */
const INLINED_RUNTIME = {
  ucs2length: [['a\u{1F600}b'], ['']],
  equal: [
    [[1, { a: [2, null] }], [1, { a: [2, null] }]],
    [{ a: 1 }, { a: 1, b: 2 }],
    [Number.NaN, Number.NaN],
  ],
};

function inlineRuntime(code) {
  const used = new Set();
  const out = code.replace(/require\("ajv\/dist\/runtime\/(\w+)"\)\.default/g, (whole, name) => {
    if (!(name in INLINED_RUNTIME)) return whole;
    used.add(name);
    return `ajvRuntime_${name}`;
  });
  const helpers = [...used].sort().map((name) => {
    const original = require(`ajv/dist/runtime/${name}`).default;
    const source = original.toString();
    // Evaluated in global scope: a helper that needs its module (a require) fails here, not in a user's run.
    const copy = new Function(`return (${source});`)();
    for (const args of INLINED_RUNTIME[name]) {
      if (copy(...args) !== original(...args)) throw new Error(`inlined ajv runtime ${name} differs from ajv's`);
    }
    return `const ajvRuntime_${name} = ${source};\n`;
  });
  return helpers.join('') + out;
}

/** A module's file name (in MODULE_DIR) for a schema key: its path under the schemas' base URL, flattened. */
function moduleName(key) {
  const rel = key.replace(/^https:\/\/[^]*?\/schemas\//, '');
  return `${rel.replace(/\.json$/, '').replace(/[^\w.-]+/g, '-')}.cjs`;
}

/**
 * One standalone module per schema (exporting `validate`), compiled by one
 * ajv per JSON Schema draft; and the index that names them.
 */
function compile(schemas) {
  const byDraft = new Map();
  for (const entry of schemas) {
    const draft = schemaDraft(entry.schema);
    byDraft.set(draft, [...(byDraft.get(draft) ?? []), entry]);
  }
  const modules = new Map();
  for (const [draft, entries] of byDraft) {
    const ajv = createAjv(draft, { code: { source: true } });
    // createAjv registers the 2020-12 bundled schemas by $id already.
    for (const { key, schema } of entries) if (!ajv.getSchema(key)) ajv.addSchema(schema, key);
    for (const { key } of entries) {
      const name = moduleName(key);
      if ([...modules.values()].some((m) => m.name === name)) throw new Error(`two schemas would be compiled into ${MODULE_DIR}/${name}`);
      const code = standaloneCode(ajv, { validate: key }).replace(/^"use strict";/, '');
      modules.set(key, { name, text: `// Generated by scripts/compile-schemas.mjs from schemas/ (npm run build). Do not edit.\n"use strict";\n${inlineRuntime(code)}\n` });
    }
  }
  const ids = Object.fromEntries(schemas.map(({ key, schema }) => [schemaFingerprint(schema), key]));
  const files = Object.fromEntries([...modules].map(([key, { name }]) => [key, `./${MODULE_DIR}/${name}`]));
  const index = [
    '// Generated by scripts/compile-schemas.mjs from schemas/ (npm run build). Do not edit.',
    '"use strict";',
    `const files = ${JSON.stringify(files, null, 2)};`,
    '/** By schema key, each loading its module on first use; undefined if it cannot be loaded (ajv then compiles the schema). */',
    'const validators = {};',
    'for (const [key, file] of Object.entries(files)) {',
    '  let loaded;',
    '  Object.defineProperty(validators, key, {',
    '    enumerable: true,',
    '    get() {',
    '      if (loaded === undefined) {',
    '        try {',
    '          loaded = require(file).validate;',
    '        } catch {',
    '          loaded = null;',
    '        }',
    '      }',
    '      return loaded ?? undefined;',
    '    },',
    '  });',
    '}',
    'exports.validators = validators;',
    `exports.ids = ${JSON.stringify(ids, null, 2)};`,
    '',
  ].join('\n');
  return { index, modules: [...modules.values()] };
}

const schemas = bundledSchemas();
const { index, modules } = compile(schemas);
const moduleDir = path.join(path.dirname(OUT), MODULE_DIR);
rmSync(moduleDir, { recursive: true, force: true });
mkdirSync(moduleDir);
for (const { name, text } of modules) writeFileSync(path.join(moduleDir, name), text);
writeFileSync(OUT, index);
const written = require(OUT);
const missing = schemas.filter(({ key }) => typeof written.validators[key] !== 'function').map(({ key }) => key);
if (missing.length > 0) throw new Error(`compiled-schemas.cjs lacks validators for ${missing.join(', ')}`);
console.log(`compiled ${schemas.length} schemas into ${path.relative(root, moduleDir)}/, indexed by ${path.relative(root, OUT)}`);
