/**
 * Writing a config file the way an administrator would want it written:
 * all or nothing (temporary file in the same folder, flushed, renamed over),
 * with the original's owner, group and mode (gitlab.rb is usually 0600 root;
 * setuid/setgid bits included), through a symlink to its target (the link
 * stays a link), and never over a change someone else made since the file
 * was read.
 *
 * It runs as root in a folder others may write to, so nothing it creates
 * follows a link: temporary files and backups are created exclusively
 * (O_CREAT|O_EXCL, which never follows a symlink), backups never overwrite
 * anything (a counter picks a free name), and only stale temporary files of
 * our own naming, owned by us and older than this run, are cleaned up.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, open, readdir, readFile, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { acquireFileLock } from './file-lock.js';
import { dumpXattrs, restoreXattrs, XattrError } from './xattrs.js';

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
  /** `true`: copy the original to `<file>.bak`; `'timestamp'`: to `<file>.<YYYYmmddTHHMMSS>.bak` (`.1`, `.2`... when taken). */
  backup?: boolean | 'timestamp';
  /** Clock for timestamped backups (tests). */
  now?: Date;
  /** Replace a read-only file too, as editors do with `:w!`. */
  force?: boolean;
}

export type WriteOutcome =
  | { ok: true; target: string; backup: string | null; notes: string[] }
  | { ok: false; reason: 'changed-since-read' | 'io' | 'refused'; message: string };

const O_NOFOLLOW = constants.O_NOFOLLOW ?? 0;
/** Exclusive create that never follows a link: what temporary files and backups are opened with. */
const CREATE_EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | O_NOFOLLOW;
/** Backups tried before giving up: `.bak`, `.bak.1` ... `.bak.99`. */
const MAX_BACKUP_NAMES = 100;

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
  const runStarted = Date.now();
  let target: string;
  try {
    // The link itself must stay: write where it points.
    target = (await lstat(snapshot.path)).isSymbolicLink() ? await realpath(snapshot.path) : snapshot.path;
  } catch (error) {
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }

  let info;
  try {
    info = await stat(target);
  } catch (error) {
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }
  const refusal = refusalFor(snapshot.path, info, options);
  if (refusal) return { ok: false, reason: 'refused', message: refusal };

  const notes = await removeStaleTempFiles(target, runStarted);

  let lock;
  try {
    lock = await acquireFileLock(target);
  } catch (error) {
    return ioFailure(`cannot lock ${snapshot.path}`, error);
  }
  try {
    const outcome = await replaceLocked(snapshot, target, info, text, options);
    return outcome.ok ? { ...outcome, notes: [...notes, ...outcome.notes] } : outcome;
  } finally {
    await lock.release();
  }
}

/** Why this file must not be replaced, or null. */
function refusalFor(shown: string, info: Awaited<ReturnType<typeof stat>>, options: AtomicWriteOptions): string | null {
  if (!info.isFile()) return `${shown} is not a regular file; nothing was written`;
  if (info.nlink > 1) {
    // A rename gives the path a new inode: the other names would keep the old text.
    return `${shown} has ${info.nlink} hard links; replacing it would leave the other names with the old text, so nothing was written (edit through one name after removing the other links, or copy the result with --stdout)`;
  }
  if ((Number(info.mode) & 0o222) === 0 && !options.force) {
    return `${shown} is read-only (mode ${(Number(info.mode) & 0o7777).toString(8).padStart(4, '0')}); nothing was written (--force replaces it and keeps the mode)`;
  }
  return null;
}

async function replaceLocked(
  snapshot: FileSnapshot,
  target: string,
  info: Awaited<ReturnType<typeof stat>>,
  text: string,
  options: AtomicWriteOptions,
): Promise<WriteOutcome> {
  const changed = await changedSince(snapshot, target);
  if (changed) return changedSinceRead(snapshot, changed);

  let backup: string | null = null;
  if (options.backup) {
    try {
      backup = await writeBackup(target, snapshot.content, info, options.backup, options.now ?? new Date());
    } catch (error) {
      return ioFailure(`cannot write a backup of ${snapshot.path}`, error);
    }
  }

  const temp = tempName(target);
  try {
    // Created with the final mode from the start, so a secret never sits in a world-readable file.
    const handle = await open(temp, CREATE_EXCLUSIVE, Number(info.mode) & 0o777);
    try {
      await handle.writeFile(text, 'utf8');
      await copyOwnership(handle, info);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // SELinux label, ACLs: a new inode has none of the original's; after the mode, since an ACL sets the group bits.
    const attributes = await dumpXattrs(target);
    if (attributes !== null) await restoreXattrs(temp, attributes);
    // Last look before the rename, under the lock: size, mtime and content as read.
    const lateChange = await changedSince(snapshot, target);
    if (lateChange) {
      await unlink(temp).catch(() => undefined);
      return changedSinceRead(snapshot, lateChange);
    }
    await rename(temp, target);
    await syncDirectory(path.dirname(target));
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    if (error instanceof OwnershipError || error instanceof XattrError) return { ok: false, reason: 'refused', message: `${snapshot.path}: ${error.message}; nothing was written` };
    return ioFailure(`cannot write ${snapshot.path}`, error);
  }
  return { ok: true, target, backup, notes: [] };
}

class OwnershipError extends Error {}

/**
 * Owner and group first, then the mode: chown clears setuid/setgid, so the
 * mode set afterwards keeps them. Not root: the group can still be kept when
 * the user is a member of it (a new file would take the user's own group); the
 * owner cannot, so a file of another user is refused rather than taken over.
 */
async function copyOwnership(handle: FileHandle, info: Awaited<ReturnType<typeof stat>>): Promise<void> {
  const uid = Number(info.uid);
  const gid = Number(info.gid);
  if (process.getuid?.() === 0) {
    await handle.chown(uid, gid);
  } else if (uid !== process.getuid?.()) {
    throw new OwnershipError(`it belongs to another user (uid ${uid}), and a write would make you its owner: run as root or as that user`);
  } else if ((await handle.stat()).gid !== gid) {
    try {
      await handle.chown(-1, gid);
    } catch {
      throw new OwnershipError(`its group (gid ${gid}) cannot be kept, because you are not a member of it: run as root or as a member of that group`);
    }
  }
  await handle.chmod(Number(info.mode) & 0o7777);
}

/** `.gitlab.rb.<pid>.<ms>.tmp`, as a crashed run leaves it behind; cleaned up by the next run. */
function tempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Temporary files of a write that was killed (`kill -9`, power loss) hold
 * the full contents, secrets included. Removed only when they carry our
 * naming for this file, are regular files owned by this user, are older than
 * this run, and their process is gone.
 */
async function removeStaleTempFiles(target: string, runStarted: number): Promise<string[]> {
  const dir = path.dirname(target);
  const pattern = new RegExp(`^\\.${escapeRegExp(path.basename(target))}\\.(\\d+)\\.(\\d+)\\.tmp$`);
  const notes: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return notes;
  }
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const file = path.join(dir, name);
    try {
      const st = await lstat(file);
      if (!st.isFile() || st.uid !== process.getuid?.() || st.mtimeMs >= runStarted || processAlive(Number(m[1]))) continue;
      await unlink(file);
      notes.push(`removed ${file}, a temporary file left by an interrupted write`);
    } catch {
      /* gone meanwhile, or not ours to remove */
    }
  }
  return notes;
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A copy of the original beside it, created exclusively (never through a
 * link, never over an existing file: `.bak` taken means `.bak.1`), with the
 * original's owner, group and mode.
 */
async function writeBackup(target: string, content: Buffer, info: Awaited<ReturnType<typeof stat>>, kind: true | 'timestamp', now: Date): Promise<string> {
  const base = backupName(target, kind, now);
  for (let n = 0; n < MAX_BACKUP_NAMES; n++) {
    const name = n === 0 ? base : `${base}.${n}`;
    let handle: FileHandle;
    try {
      handle = await open(name, CREATE_EXCLUSIVE, Number(info.mode) & 0o777);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw error;
    }
    try {
      await handle.writeFile(content);
      await copyOwnership(handle, info);
      await handle.sync();
      const attributes = await dumpXattrs(target);
      if (attributes !== null) await restoreXattrs(name, attributes);
    } catch (error) {
      await handle.close();
      await unlink(name).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return name;
  }
  throw new Error(`${base} and ${MAX_BACKUP_NAMES - 1} numbered backups exist already; remove old backups`);
}

async function changedSince(snapshot: FileSnapshot, target: string): Promise<string | null> {
  try {
    const info = await stat(target);
    if (info.size !== snapshot.size) return 'its size differs';
    // A touch without an edit (new mtime, same bytes) is harmless, and an edit within the
    // clock's resolution keeps the mtime: the content hash decides either way.
    if (await sameContent(target, snapshot)) return null;
    return info.mtimeMs === snapshot.mtimeMs ? 'its content differs' : 'it was modified';
  } catch {
    return 'it can no longer be read';
  }
}

async function sameContent(target: string, snapshot: FileSnapshot): Promise<boolean> {
  const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
  return digest(await readFile(target)) === digest(snapshot.content);
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
  let why: string;
  if ((code === 'EPERM' || code === 'EACCES') && process.getuid?.() === 0) {
    // Root is refused only by a file attribute: saying "try sudo" would send the admin in circles.
    why = 'operation not permitted although running as root: the file or its folder is immutable or append-only (chattr +i / +a; lsattr shows it), or on a read-only mount';
  } else if (code === 'EACCES' || code === 'EPERM') {
    why = 'permission denied (try sudo)';
  } else {
    why = error instanceof Error ? error.message : String(error);
  }
  return { ok: false, reason: 'io', message: `${what}: ${why}` };
}
