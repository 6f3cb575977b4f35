import { chmod, lstat, mkdtemp, readFile, readlink, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotFile, writeFileAtomic } from '../../src/write/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, text: string, mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

describe('atomic write', () => {
  it('replaces the content and keeps the mode (gitlab.rb is 0600)', async () => {
    const file = await fileWith('gitlab.rb', "external_url 'https://a'\n", 0o600);
    const snap = await snapshotFile(file);
    const result = await writeFileAtomic(snap, "external_url 'https://b'\n");
    expect(result).toMatchObject({ ok: true, backup: null });
    expect(await readFile(file, 'utf8')).toBe("external_url 'https://b'\n");
    expect((await stat(file)).mode & 0o7777).toBe(0o600);
  });

  // Only root can give a file away, and only root's writes could lose the owner (the new file would be root's).
  it.skipIf(process.getuid?.() !== 0)('keeps the owner and group', async () => {
    const { chown } = await import('node:fs/promises');
    const file = await fileWith('gitlab.yml', 'production: {}\n', 0o640);
    await chown(file, 1234, 2345);
    const result = await writeFileAtomic(await snapshotFile(file), 'production: { a: 1 }\n');
    expect(result.ok).toBe(true);
    expect(await stat(file)).toMatchObject({ uid: 1234, gid: 2345 });
  });

  it.each([0o640, 0o644, 0o400])('keeps mode %o', async (mode) => {
    const file = await fileWith('gitlab.yml', 'production: {}\n', mode);
    const result = await writeFileAtomic(await snapshotFile(file), 'production: { a: 1 }\n', { force: true });
    expect(result.ok).toBe(true);
    expect((await stat(file)).mode & 0o7777).toBe(mode);
  });

  it('writes through a symlink to its target and the link stays a link', async () => {
    const target = await fileWith('real-gitlab.rb', 'a = 1\n');
    const link = path.join(dir, 'gitlab.rb');
    await symlink('real-gitlab.rb', link);
    const result = await writeFileAtomic(await snapshotFile(link), 'a = 2\n');
    expect(result).toMatchObject({ ok: true, target });
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe('real-gitlab.rb');
    expect(await readFile(target, 'utf8')).toBe('a = 2\n');
  });

  it('refuses when the file changed since it was read, and writes nothing', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n');
    const snap = await snapshotFile(file);
    await writeFile(file, 'a = 3\n'); // someone else's edit, same size
    const result = await writeFileAtomic(snap, 'a = 2\n');
    expect(result).toMatchObject({ ok: false, reason: 'changed-since-read' });
    expect(await readFile(file, 'utf8')).toBe('a = 3\n');
    expect((await readdir(dir)).sort()).toEqual(['gitlab.rb']);
  });

  it('refuses when the file grew since it was read', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n');
    const snap = await snapshotFile(file);
    await writeFile(file, 'a = 1\nb = 2\n');
    expect(await writeFileAtomic(snap, 'a = 2\n')).toMatchObject({ ok: false, reason: 'changed-since-read' });
  });

  it('a touch without a change is not a conflict', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n');
    const snap = await snapshotFile(file);
    const { utimes } = await import('node:fs/promises');
    await utimes(file, new Date(), new Date(Date.now() + 5000));
    expect((await writeFileAtomic(snap, 'a = 2\n')).ok).toBe(true);
  });

  it('--backup keeps the original as file.bak, as private as the original (it holds the same secrets)', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n', 0o600);
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 2\n', { backup: true });
    expect(result).toMatchObject({ ok: true, backup: `${file}.bak` });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('a = 1\n');
    expect((await stat(`${file}.bak`)).mode & 0o7777).toBe(0o600);
  });

  it('a timestamped backup is named after the time', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n');
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 2\n', { backup: 'timestamp', now: new Date('2026-01-02T03:04:05.678Z') });
    expect(result).toMatchObject({ ok: true, backup: `${file}.20260102T030405.bak` });
    expect(await readFile(`${file}.20260102T030405.bak`, 'utf8')).toBe('a = 1\n');
  });

  it('leaves no temporary file behind', async () => {
    const file = await fileWith('gitlab.rb', 'a = 1\n');
    await writeFileAtomic(await snapshotFile(file), 'a = 2\n');
    expect(await readdir(dir)).toEqual(['gitlab.rb']);
  });

  // Root writes anywhere, so the refusal can only be seen as another user.
  it.skipIf(process.getuid?.() === 0)('reports a folder it cannot write to as a failure, not an exception', async () => {
    const sub = path.join(dir, 'ro');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(sub);
    const file = path.join(sub, 'gitlab.rb');
    await writeFile(file, 'a = 1\n');
    const snap = await snapshotFile(file);
    await chmod(sub, 0o500);
    try {
      const result = await writeFileAtomic(snap, 'a = 2\n');
      expect(result).toMatchObject({ ok: false, reason: 'io' });
      expect(await readFile(file, 'utf8')).toBe('a = 1\n');
    } finally {
      await chmod(sub, 0o700);
    }
  });
});
