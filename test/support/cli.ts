/**
 * Runs the CLI in-process (fast, for behaviour) or as a real process (for
 * what only a process shows: start-up warnings, exit codes, stdin).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const corpusRoot = path.resolve(repoRoot, '../shared/corpus');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runInProcess(
  args: string[],
  options: { stdin?: string; cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () => options.stdin ?? '',
    env: options.env ?? {},
    cwd: options.cwd ?? repoRoot,
    stdoutIsTTY: options.tty ?? false,
  });
  return { code, stdout, stderr };
}

/** Runs the built CLI (`npm run build` first; `npm test` does). */
export function runBin(args: string[], options: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/gitlab-omniauth.js'), ...args], {
    input: options.stdin ?? '',
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    encoding: 'utf8',
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
