/**
 * `render --format helm --write DIR`: one file per Secret plus
 * values-omniauth.yaml, readable by the owner only (they hold secrets), and
 * what to run next.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HelmRendering } from '../render/helm.js';

export type WriteResult = { ok: true; files: string[] } | { ok: false; message: string };

export async function writeHelmManifests(dir: string, rendering: HelmRendering): Promise<WriteResult> {
  const files: string[] = [];
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    for (const manifest of [...rendering.secrets, rendering.values]) {
      const file = path.join(dir, manifest.file);
      await writeFile(file, manifest.text, { mode: 0o600 });
      // An existing file keeps its mode on writeFile: the secrets must not stay readable by others.
      await chmod(file, 0o600);
      files.push(file);
    }
  } catch (error) {
    return { ok: false, message: `cannot write into ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  return { ok: true, files };
}

export function helmNextSteps(rendering: HelmRendering, files: readonly string[]): string {
  const secrets = files.slice(0, rendering.secrets.length);
  const values = files[files.length - 1] ?? 'values-omniauth.yaml';
  return [
    'Next steps:',
    `  1. Create the Secrets: kubectl apply -n NAMESPACE ${secrets.map((f) => `-f ${f}`).join(' ')}`,
    '     (or, as the chart docs do, from a provider file: kubectl create secret generic -n NAMESPACE NAME --from-file=provider=provider.yaml)',
    `  2. Apply the chart values: helm upgrade --install gitlab gitlab/gitlab -n NAMESPACE --reuse-values -f ${values}`,
    '',
  ].join('\n');
}
