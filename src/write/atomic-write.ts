/**
 * Writing a config file the way an administrator would want it written:
 * all or nothing (temporary file in the same folder, flushed, renamed over),
 * with the original's mode and owner (gitlab.rb is usually 0600 root), through
 * a symlink to its target (the link stays a link), and never over a change
 * someone else made since the file was read.
 */
import { constants } from 'node:fs';
import { copyFile, lstat, open, readFile, realpath, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

/** What the file looked like when it was read: the write refuses if that no longer holds. */
export interface FileSnapshot {
  /** The path as given (may be a symlink). */
  path: string;
  /** Bytes read. */
  content: Buffer;
  mtimeMs: number;
  size: number;
}

export interface AtomicWriteOptions {
  /** `true`: copy the original to `<file>.bak`; `'timestamp'`: to `<file>.<YYYYmmddTHHMMSS>.bak`. */
  backup?: boolean | 'timestamp';
  /** Clock for timestamped backups (tests). */
  now?: Date;
}

export type WriteOutcome =
  | { ok: true; target: string; backup: string | null }
  | { ok: false; reason: 'changed-since-read' | 'io'; message: string };

export async function snapshotFile(file: string): Promise<FileSnapshot> {
  const content = await readFile(file);
  const info = await stat(file);
  return { path: file, content, mtimeMs: info.mtimeMs, size: info.size };
}

/**
 * Replaces the file (or, for a symlink, its target) with `text`. Failures are
 * returned, not thrown, so the CLI can say what happened in one line.
 */
export async function writeFileAtomic(snapshot: FileSnapshot, text: string, options: AtomicWriteOptions = {}): Promise<WriteOutcome> {
  let target: string;
  try {
    // The link itself must stay: write where it points.
    target = (await lstat(snapshot.path)).isSymbolicLink() ? await realpath(snapshot.path) : snapshot.path;
  } catch (error) {
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }

  const changed = await changedSince(snapshot, target);
  if (changed) return changedSinceRead(snapshot, changed);

  let info;
  try {
    info = await stat(target);
  } catch (error) {
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }

  let backup: string | null = null;
  if (options.backup) {
    backup = backupName(target, options.backup, options.now ?? new Date());
    try {
      await copyFile(target, backup, constants.COPYFILE_FICLONE);
    } catch (error) {
      return ioFailure(`cannot write the backup ${backup}`, error);
    }
  }

  const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    // Created with the final mode from the start, so a secret never sits in a world-readable file.
    const handle = await open(temp, 'wx', info.mode & 0o7777);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.chmod(info.mode & 0o7777);
      if (process.getuid?.() === 0) await handle.chown(info.uid, info.gid);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // Last look before the rename: narrows the window for a concurrent edit to almost nothing.
    const lateChange = await changedSince(snapshot, target);
    if (lateChange) {
      await unlink(temp).catch(() => undefined);
      return changedSinceRead(snapshot, lateChange);
    }
    await rename(temp, target);
    await syncDirectory(path.dirname(target));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }
  return { ok: true, target, backup };
}

async function changedSince(snapshot: FileSnapshot, target: string): Promise<string | null> {
  try {
    const info = await stat(target);
    if (info.size !== snapshot.size) return 'its size differs';
    // A touch without an edit is harmless, and an edit within the clock's
    // resolution keeps the mtime: the bytes decide.
    return (await readFile(target)).equals(snapshot.content) ? null : 'its content differs';
  } catch {
    return 'it can no longer be read';
  }
}

function changedSinceRead(snapshot: FileSnapshot, why: string): WriteOutcome {
  return { ok: false, reason: 'changed-since-read', message: `${snapshot.path} changed since it was read (${why}); nothing was written, run the command again` };
}

function backupName(target: string, kind: true | 'timestamp', now: Date): string {
  if (kind === true) return `${target}.bak`;
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `${target}.${stamp}.bak`;
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; not every platform allows opening a directory.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function ioFailure(what: string, error: unknown): WriteOutcome {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied (try sudo)' : error instanceof Error ? error.message : String(error);
  return { ok: false, reason: 'io', message: `${what}: ${why}` };
}
