/**
 * Extended attributes (SELinux labels, POSIX ACLs, user attributes) of the
 * file being replaced, copied onto its replacement: a rename installs a new
 * inode, which has none of them. Node has no xattr API, so the `getfattr` and
 * `setfattr` programs (package `attr`) do it, working on names relative to the
 * file's folder. Where `getfattr` is missing the attributes cannot even be
 * seen, and the write goes on as before.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

export class XattrError extends Error {}

function run(program: string, args: string[], cwd: string, input?: string): Promise<{ ok: boolean; missing: boolean; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(program, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
      resolve({ ok: error === null, missing, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** The `getfattr --dump` of every attribute of `file` (hex values), or null when it has none or none can be read. */
export async function dumpXattrs(file: string): Promise<string | null> {
  const dump = await run('getfattr', ['--dump', '--match=-', '--encoding=hex', '--', `./${path.basename(file)}`], path.dirname(file));
  if (!dump.ok) return null;
  const lines = dump.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return lines.length > 0 ? lines.join('\n') + '\n' : null;
}

/** Puts the attributes of a dump on `file`; throws XattrError naming them when that is not allowed. */
export async function restoreXattrs(file: string, attributes: string): Promise<void> {
  const restore = await run('setfattr', ['--restore=-'], path.dirname(file), `# file: ./${path.basename(file)}\n${attributes}\n`);
  if (restore.ok) return;
  const names = attributes
    .split('\n')
    .map((l) => l.split('=')[0])
    .filter((n) => n !== undefined && n !== '')
    .join(', ');
  const why = restore.missing ? 'setfattr (package attr) is not installed' : restore.stderr.trim().split('\n')[0] ?? 'setfattr failed';
  throw new XattrError(`its extended attributes (${names}) cannot be kept: ${why}`);
}
