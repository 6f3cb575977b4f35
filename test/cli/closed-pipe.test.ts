/**
 * `gitlab-omniauth show BIG | head -1`: the reader closes the pipe early. The
 * CLI stops quietly, as a program killed by SIGPIPE does, without a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oneLineRb } from '../../bench/scaling-inputs.mjs';
import { repoRoot } from '../support/cli.js';

describe('a closed stdout pipe', () => {
  it('ends the run quietly when the reader goes away after the first chunk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-pipe-'));
    try {
      // Output much larger than a pipe's buffer, so writes are still pending when the reader leaves.
      const file = path.join(dir, 'gitlab.rb');
      writeFileSync(file, oneLineRb(3000));
      const child = spawn(process.execPath, [path.join(repoRoot, 'bin/gitlab-omniauth.js'), 'show', file], {
        cwd: repoRoot,
        env: { ...process.env, NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      let chunks = 0;
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.stdout.once('data', () => {
        chunks++;
        child.stdout.destroy();
      });
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      expect(chunks).toBe(1);
      expect(stderr).not.toMatch(/Error|EPIPE|\bat .*:\d+:\d+|internal error/);
      expect(signal).toBeNull();
      expect(code).toBe(141);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
