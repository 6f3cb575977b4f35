/**
 * Inputs that are not a readable configuration: each is refused with a
 * message naming it (exit 2), the other files of the run are still checked,
 * and nothing is read without bound.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSize, readInput } from '../../src/cli/files.js';
import { repoRoot, runInProcess } from '../support/cli.js';

let dir: string;
const valid = path.join(repoRoot, 'fixtures/cli/valid-gitlab.rb');
const typo = path.join(repoRoot, 'fixtures/cli/typo-gitlab.rb');

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'go-input-'));
  mkdirSync(path.join(dir, 'a-directory'));
  writeFileSync(path.join(dir, 'latin1.yml'), Buffer.from('production:\n  omniauth:\n    label: "Caf\xe9"\n', 'latin1'));
  copyFileSync(valid, path.join(dir, 'gitlab.rb'));
});

describe('several files, some unreadable', () => {
  it('reports a directory and a non-UTF-8 file, checks the others, and exits 2 at the end', async () => {
    const alone = await runInProcess(['validate', typo]);
    expect(alone.stdout).not.toBe('');
    const run = await runInProcess(['validate', path.join(dir, 'a-directory'), typo, path.join(dir, 'latin1.yml'), valid]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('a-directory: is a directory');
    expect(run.stderr).toContain('latin1.yml: not UTF-8 text');
    // The findings of the readable files are all there.
    expect(run.stdout).toBe(alone.stdout + (await runInProcess(['validate', valid])).stdout);
    expect(run.stderr).not.toContain('internal error');
  });
});

describe('only regular files and stdin, never without bound', () => {
  it('refuses a FIFO at once instead of blocking on it (and render --write never re-reads one)', async () => {
    const fifo = path.join(dir, 'gitlab-fifo.rb');
    if (spawnSync('mkfifo', [fifo]).status !== 0) throw new Error('mkfifo failed');
    for (const args of [['validate', fifo], ['render', fifo, '--set', 'enabled=false', '--write']]) {
      const run = await runInProcess(args);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('not a regular file');
    }
  });

  it('refuses /dev/zero by name without reading it', async () => {
    const run = await runInProcess(['validate', '/dev/zero', valid]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('/dev/zero: not a regular file');
  });

  it('refuses a file over --max-file-size before parsing it, and takes sizes with units', async () => {
    const big = path.join(dir, 'big.rb');
    writeFileSync(big, "gitlab_rails['omniauth_enabled'] = true\n".repeat(3000));
    const run = await runInProcess(['validate', '--max-file-size', '100K', big]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('big.rb: larger than 100 KiB (--max-file-size raises the limit)');
    expect((await runInProcess(['validate', '--max-file-size', '1M', big])).code).toBe(0);
    expect((await runInProcess(['show', big, '--max-file-size', '1000'])).stderr).toContain('larger than 1000 bytes');
    expect((await runInProcess(['validate', '--max-file-size', 'lots', big])).code).toBe(2);
    expect([parseSize('10MiB'), parseSize('10M'), parseSize('512k'), parseSize('2048'), parseSize('0'), parseSize('-1')]).toEqual([
      10485760, 10485760, 524288, 2048, null, null,
    ]);
  });

  it('stdin from /dev/zero stops at the size limit (real process)', () => {
    const zero = openSync('/dev/zero', 'r');
    try {
      const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/gitlab-omniauth.js'), 'validate', '--max-file-size', '1M', '-'], {
        stdio: [zero, 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('<stdin>: larger than 1 MiB');
    } finally {
      closeSync(zero);
    }
  });

  it('refuses invalid UTF-8 on stdin as for a named file (real process)', () => {
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/gitlab-omniauth.js'), 'validate', '-'], {
      input: Buffer.from('production:\n  omniauth:\n    enabled: \xff\n', 'latin1'),
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('<stdin>: not UTF-8 text');
  });
});

describe('reading a file', () => {
  const io = { cwd: '/', readStdin: async () => '' } as unknown as Parameters<typeof readInput>[1];

  it('reads a small file whole without allocating a large buffer for the read that finds its end', async () => {
    const spy = vi.spyOn(Buffer, 'allocUnsafe');
    try {
      const input = await readInput(path.join(dir, 'gitlab.rb'), io);
      expect(input.text).toBe(readFileSync(valid, 'utf8'));
      expect(Math.max(...spy.mock.calls.map(([size]) => size))).toBeLessThan(4096);
    } finally {
      spy.mockRestore();
    }
  });

  it('reads to the end a file larger than its first read, and one that ends on a buffer boundary', async () => {
    for (const size of [64 * 1024 * 3 + 17, 64, 65, 4096]) {
      const file = path.join(dir, `sized-${size}.yml`);
      const text = `# ${'x'.repeat(size - 3)}\n`;
      writeFileSync(file, text);
      expect((await readInput(file, io)).text).toBe(text);
    }
  });
});

