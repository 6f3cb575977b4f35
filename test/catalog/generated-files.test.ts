/**
 * The per-provider schemas and the rule pages are generated from code; the
 * committed copies must equal what the code generates today.
 * To update: npm run build && node scripts/generate-catalog-files.mjs
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIRS, generatedFiles } from '../../src/catalog/generated-files.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = generatedFiles();

describe('generated files are up to date (npm run build && node scripts/generate-catalog-files.mjs)', () => {
  it.each([...files.keys()])('%s', (rel) => {
    expect(readFileSync(path.join(repoRoot, rel), 'utf8')).toBe(files.get(rel));
  });

  it.each(GENERATED_DIRS)('%s holds no stale files', (dir) => {
    const committed = readdirSync(path.join(repoRoot, dir)).map((name) => `${dir}/${name}`);
    expect(committed.filter((rel) => !files.has(rel))).toEqual([]);
  });
});
