/**
 * An advisory lock (flock(2)) on the file being replaced, held from the last
 * check to the rename, so two gitlab-omniauth writes, and scripts that take
 * the same lock (`flock /etc/gitlab/gitlab.rb -c '... >> /etc/gitlab/gitlab.rb'`),
 * never interleave.
 *
 * Node has no flock binding. The util-linux `flock` program (on every Linux
 * system) holds it for us: it locks the file, prints a line, and keeps the
 * lock until its standard input closes, which also happens when this process
 * dies, so a crash never leaves the file locked. A lock file beside the
 * config would work only among gitlab-omniauth runs and go stale after a
 * crash; a native addon would need a compiler where the tool is installed.
 * Where `flock` is missing the write goes on without the lock: the content
 * checks before the rename still stand.
 */
import { spawn } from 'node:child_process';

export interface FileLock {
  release(): Promise<void>;
}

/** How long to wait for another holder before giving up. */
const LOCK_WAIT_SECONDS = 30;
const LOCKED = 'locked';

export async function acquireFileLock(file: string): Promise<FileLock> {
  const child = spawn('flock', ['--exclusive', '--wait', String(LOCK_WAIT_SECONDS), file, '-c', `echo ${LOCKED}; exec cat >/dev/null`], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const acquired = await new Promise<'locked' | 'missing' | 'failed'>((resolve) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes(LOCKED)) resolve('locked');
    });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? 'missing' : 'failed'));
    void exited.then(() => resolve('failed'));
  });
  if (acquired === 'missing') return { release: async () => undefined };
  if (acquired === 'failed') {
    child.kill();
    throw new Error(`another process holds the lock on ${file} (waited ${LOCK_WAIT_SECONDS} s), or flock failed`);
  }
  return {
    release: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
