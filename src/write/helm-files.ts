/**
 * `render --format helm --write DIR`: one file per Secret plus
 * values-omniauth.yaml, readable by the owner only (they hold secrets), and
 * what to run next.
 */
import { chmod, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { constants } from 'node:fs';
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

/**
 * --secret-file: the Secret manifest written atomically and readable by the
 * owner only. An existing file is set to mode 600 first, so the new text is
 * never in a file others can read; a new one is created with that mode from
 * the start, in a temporary file renamed into place.
 */
export async function writeSecretFile(file: string, before: string | null, text: string): Promise<WriteResult> {
  if (before !== null) {
    const { snapshotFile, writeFileAtomic } = await import('./atomic-write.js');
    try {
      await chmod(file, 0o600);
      const snapshot = await snapshotFile(file);
      if (snapshot.content.toString('utf8') !== before) return { ok: false, message: `${file} changed while it was being edited; nothing was written, run the command again` };
      const outcome = await writeFileAtomic(snapshot, text);
      return outcome.ok ? { ok: true, files: [file] } : { ok: false, message: outcome.message };
    } catch (error) {
      return { ok: false, message: `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
    }
  }
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const handle = await open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(0o600);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // A file that appeared since it was found missing is not replaced.
    const exists = await open(file, constants.O_RDONLY).then(
      async (h) => {
        await h.close();
        return true;
      },
      () => false,
    );
    if (exists) {
      await unlink(temp);
      return { ok: false, message: `${file} appeared while it was being written; nothing was written, run the command again` };
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    return { ok: false, message: `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  }
  return { ok: true, files: [file] };
}
