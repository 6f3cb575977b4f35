/**
 * Files in the repository generated from code, so each fact has one source:
 * the per-provider JSON Schemas and docs/providers.md (from the catalog) and
 * the rule pages (from the rules' metadata). scripts/generate-catalog-files.mjs writes them; a test
 * fails when the committed files differ.
 */
import { providerDocsMarkdown } from './provider-docs.js';
import { ruleDocFiles } from './rule-docs.js';
import { providerSchemaFiles } from './schemas.js';

/** Folders whose every file is generated (stale files there are errors too). */
export const GENERATED_DIRS = ['schemas/providers', 'docs/rules'] as const;

/** Repository-relative path → content. */
export function generatedFiles(): Map<string, string> {
  return new Map([...providerSchemaFiles(), ...ruleDocFiles(), ['docs/providers.md', providerDocsMarkdown()]]);
}
