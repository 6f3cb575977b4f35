/**
 * Validating a Helm chart configuration as a whole: chart values whose
 * `omniauth.providers` reference Kubernetes Secrets (`{secret, key}`), and the
 * Secret manifests given with them. Each reference is resolved to the
 * provider block in its manifest, so the provider checks run on it (findings
 * at the manifest's lines) and the cross-provider checks (allowSingleSignOn
 * references, open sign-up, duplicates) see every provider. A manifest given
 * alone is read as provider fragments.
 */
import type { CheckOptions } from './check/rule.js';
import { compareDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import type { OmniauthModel, ProviderItem } from './model/types.js';
import { isSecretManifest } from './read/detect.js';
import { secretBlocks, unusedSecretDiagnostic, type SecretBlock } from './read/helm/secret-manifest.js';
import { readConfig } from './read/index.js';
import { secretReference } from './read/source/helm.js';
import { SourceText } from './text/source-text.js';

export interface ChartFile {
  name: string;
  text: string;
}

const SYNTAX_RULES = new Set(['ruby-syntax', 'yaml-syntax']);

export async function validateChart(files: readonly ChartFile[], options: CheckOptions & { env?: string }): Promise<Diagnostic[]> {
  const { checkModel } = await import('./check/index.js');
  const manifests = files.filter((f) => isSecretManifest(f.text));
  const blocks = manifests.flatMap((f) => secretBlocks(f.text, f.name));
  const used = new Set<SecretBlock>();
  const found: Diagnostic[] = [];

  for (const file of files.filter((f) => !isSecretManifest(f.text))) {
    const { model, diagnostics } = await readConfig(file.text, { file: file.name, ...(options.env ? { env: options.env } : {}) });
    const resolvedAt = new Set<number>();
    const items: ProviderItem[] = [];
    for (const entry of providerListItems(model)) {
      const ref = secretReference(entry.value);
      if (!ref) {
        items.push(entry);
        continue;
      }
      const block = blocks.find((b) => b.secret === ref.secret && b.key === ref.key);
      if (!block) continue;
      used.add(block);
      const read = await block.read();
      found.push(...read.diagnostics);
      items.push(...(read.model.providers ?? []).map((p) => ({ value: p.value, definedBy: entry.definedBy })));
      resolvedAt.add(entry.value.range.start.offset);
    }
    if (resolvedAt.size > 0) {
      model.providers = items;
      const unresolved = (model.providersElsewhere ?? 0) - resolvedAt.size;
      if (unresolved > 0) model.providersElsewhere = unresolved;
      else delete model.providersElsewhere;
    }
    // A resolved reference is no longer a block the tool cannot see.
    found.push(...diagnostics.filter((d) => !(d.rule === 'helm-provider-secret' && d.range && resolvedAt.has(d.range.start.offset))));
    if (!diagnostics.some((d) => SYNTAX_RULES.has(d.rule) && d.severity === 'error')) found.push(...checkModel(model, options));
  }

  const valuesGiven = files.length > manifests.length;
  for (const block of blocks.filter((b) => !used.has(b))) {
    // Unreferenced (or given alone): still a provider fragment worth checking.
    const read = await block.read();
    found.push(...read.diagnostics);
    if (!read.diagnostics.some((d) => SYNTAX_RULES.has(d.rule) && d.severity === 'error')) found.push(...checkModel(read.model, options));
  }
  if (valuesGiven) found.push(...unusedSecrets(blocks, used, manifests));
  return found.sort(compareDiagnostics);
}

/** The items of the provider list the model's settings end with, inline and references alike. */
function providerListItems(model: OmniauthModel): ProviderItem[] {
  const list = [...model.settings].reverse().find((s) => s.name === 'providers');
  if (!list || list.value.kind !== 'array') return model.providers ?? [];
  return list.value.items.map((value) => model.providers?.find((p) => p.value === value) ?? { value, definedBy: list });
}

/** One warning per Secret none of whose keys a reference uses. */
function unusedSecrets(blocks: readonly SecretBlock[], used: ReadonlySet<SecretBlock>, manifests: readonly ChartFile[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    const id = `${block.file}\u0000${block.secret}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (blocks.some((b) => b.file === block.file && b.secret === block.secret && used.has(b))) continue;
    out.push(unusedSecretDiagnostic(block, new SourceText(manifests.find((m) => m.name === block.file)?.text ?? '')));
  }
  return out;
}
