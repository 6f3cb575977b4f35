#!/usr/bin/env node
// Writes the files generated from the provider catalog and the rules'
// metadata (schemas/providers/*.json, docs/rules/*.md) and deletes stale ones.
// Uses the compiled library:  npm run build && node scripts/generate-catalog-files.mjs
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DIRS, generatedFiles } from '../dist/catalog/generated-files.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = generatedFiles();
for (const dir of GENERATED_DIRS) {
  mkdirSync(path.join(root, dir), { recursive: true });
  for (const name of readdirSync(path.join(root, dir))) {
    const rel = `${dir}/${name}`;
    if (!files.has(rel)) {
      rmSync(path.join(root, rel));
      console.log(`deleted ${rel}`);
    }
  }
}
for (const [rel, content] of files) writeFileSync(path.join(root, rel), content);
console.log(`wrote ${files.size} files`);
