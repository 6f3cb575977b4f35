/**
 * Kubernetes `Secret` manifests holding GitLab Helm chart provider blocks
 * (DOMAIN.md §6): each key of `stringData` (the block as YAML or JSON text)
 * or `data` (the same, base64-encoded) is one provider, read as a provider
 * fragment, with every range moved to where the block is written in the
 * manifest (for `data`, to its key: base64 has no lines to point at).
 */
import { isMap, isScalar, parseAllDocuments, type Document, type Pair, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ReadResult } from '../../model/types.js';
import { SourceText } from '../../text/source-text.js';
import { mapScalar } from '../docker/scalar-map.js';
import { mapRanges } from '../embedded.js';
import { readSource } from '../source/reader.js';

export interface SecretBlock {
  /** metadata.name */
  secret: string;
  key: string;
  /** The manifest. */
  file: string;
  /** Where the Secret's name is written: what an unused Secret is reported at. */
  nameOffset: [number, number];
  read(): Promise<ReadResult>;
}

export function secretBlocks(text: string, file: string): SecretBlock[] {
  const source = new SourceText(text);
  return [...parseAllDocuments(text)].flatMap((doc) => blocksOf(doc, text, source, file));
}

function blocksOf(doc: Document, text: string, source: SourceText, file: string): SecretBlock[] {
  const root = doc.contents;
  if (!isMap(root) || scalarText(pair(root, 'kind')) !== 'Secret') return [];
  const metadata = pair(root, 'metadata')?.value;
  const namePair = isMap(metadata) ? pair(metadata, 'name') : undefined;
  const secret = scalarText(namePair);
  if (secret === null || !namePair || !isScalar(namePair.value)) return [];
  const nameOffset: [number, number] = [namePair.value.range?.[0] ?? 0, namePair.value.range?.[1] ?? 0];
  const blocks: SecretBlock[] = [];
  for (const [section, encoded] of [['stringData', false], ['data', true]] as const) {
    const map = pair(root, section)?.value;
    if (!isMap(map)) continue;
    for (const item of map.items) {
      if (!isScalar(item.key) || !isScalar(item.value)) continue;
      const key = String(item.key.value);
      const keyRange = item.key.range ?? [0, 0];
      const value = item.value;
      blocks.push({
        secret,
        key,
        file,
        nameOffset,
        read: async () => {
          // data: base64 of the block; every finding points at the key.
          const content = encoded ? Buffer.from(String(value.value), 'base64').toString('utf8') : mapScalar(value, text).value;
          const toFile = encoded ? (): number => keyRange[0] : mapScalar(value, text).toSource;
          const result = await readSource(content, { file });
          mapRanges(result, (p) => source.position(toFile(p.offset)), file);
          for (const d of result.diagnostics) d.file = file;
          return result;
        },
      });
    }
  }
  return blocks;
}

function pair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key);
}

function scalarText(p: Pair | undefined): string | null {
  return p && isScalar(p.value) && typeof p.value.value === 'string' ? p.value.value : null;
}

/** A Secret given with chart values that no `providers` item references: reported at its name. */
export function unusedSecretDiagnostic(block: SecretBlock, manifest: SourceText): Diagnostic {
  const keyHint = block.key === 'provider' ? '' : ` with \`key: ${block.key}\``;
  return {
    rule: 'helm-unused-secret',
    severity: 'warning',
    message: `Secret \`${block.secret}\` is not referenced by any omniauth.providers item of the chart values given: GitLab does not use it`,
    file: block.file,
    range: manifest.range(block.nameOffset[0], block.nameOffset[1]),
    hint: `add \`- secret: ${block.secret}\`${keyHint} to global.appConfig.omniauth.providers, or delete the Secret`,
  };
}
