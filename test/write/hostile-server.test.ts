/**
 * `render --write` as root in a folder another user can write to, and as a
 * second, unprivileged user where the behaviour depends on who writes. In CI
 * (root) the other user is `nobody` through setpriv; on a developer machine
 * without root these cases are skipped, in CI never.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmod, chown, copyFile, link, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { snapshotFile, writeFileAtomic } from '../../src/write/atomic-write.js';
import { repoRoot, runInProcess } from '../support/cli.js';

const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;
const hasSetpriv = spawnSync('setpriv', ['--version']).status === 0;
if (process.env.CI === 'true' && !(isRoot && hasSetpriv)) {
  throw new Error('CI must run these tests as root with setpriv (util-linux) to act as a second user');
}
const asRoot = it.skipIf(!isRoot);
const hasAttrTools = spawnSync('getfattr', ['--version']).status === 0 && spawnSync('setfattr', ['--version']).status === 0;
if (process.env.CI === 'true' && !hasAttrTools) throw new Error('CI must have getfattr/setfattr (package attr) for the extended attribute tests');

function xattrs(file: string): string {
  return execFileSync('getfattr', ['--dump', '--match=-', '--encoding=hex', '--absolute-names', file], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .sort()
    .join('\n');
}

/** Runs a command as `nobody` (with extra groups), as an attacker or a non-root admin would. */
function asNobody(argv: string[], groups: number[] = []): string {
  return execFileSync('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), groups.length ? `--groups=${groups.join(',')}` : '--clear-groups', '--', ...argv], {
    encoding: 'utf8',
  });
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-hostile-'));
  // Like /etc/gitlab on a careless server: others may create files here.
  await chmod(dir, 0o1777);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function secretFile(name = 'gitlab.rb', text = "gitlab_rails['smtp_password'] = 'root-only'\n", mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, text);
  await chmod(file, mode);
  return file;
}

describe('backups', () => {
  asRoot('a backup symlink planted by another user is never written through; the backup gets the next free name, 0600 root', async () => {
    const file = await secretFile();
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'untouched\n');
    asNobody(['ln', '-s', victim, `${file}.bak`]);
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n', { backup: true });
    expect(result).toMatchObject({ ok: true, backup: `${file}.bak.1` });
    expect(await readFile(victim, 'utf8')).toBe('untouched\n');
    expect(await readlink(`${file}.bak`)).toBe(victim);
    const backup = await stat(`${file}.bak.1`);
    expect({ mode: backup.mode & 0o7777, uid: backup.uid }).toEqual({ mode: 0o600, uid: 0 });
    expect(await readFile(`${file}.bak.1`, 'utf8')).toContain('root-only');
  });

  it('never overwrites a backup: an existing .bak, or two timestamped writes in one second', async () => {
    const file = await secretFile('gitlab.yml', 'v1\n');
    await writeFile(`${file}.bak`, 'older backup\n');
    const first = await writeFileAtomic(await snapshotFile(file), 'v2\n', { backup: true });
    expect(first).toMatchObject({ ok: true, backup: `${file}.bak.1` });
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('older backup\n');
    const now = new Date('2026-01-02T03:04:05.000Z');
    const a = await writeFileAtomic(await snapshotFile(file), 'v3\n', { backup: 'timestamp', now });
    const b = await writeFileAtomic(await snapshotFile(file), 'v4\n', { backup: 'timestamp', now });
    expect(a).toMatchObject({ ok: true, backup: `${file}.20260102T030405.bak` });
    expect(b).toMatchObject({ ok: true, backup: `${file}.20260102T030405.bak.1` });
    expect(await readFile(`${file}.20260102T030405.bak`, 'utf8')).toBe('v2\n');
    expect(await readFile(`${file}.20260102T030405.bak.1`, 'utf8')).toBe('v3\n');
  });
});

describe('temporary files of an interrupted write', () => {
  async function deadPid(): Promise<number> {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    return child.pid as number;
  }

  asRoot('removes our own stale one and says so; leaves one another user planted', async () => {
    const file = await secretFile();
    const pid = await deadPid();
    const old = new Date(Date.now() - 3600_000);
    const ours = path.join(dir, `.gitlab.rb.${pid}.${old.getTime()}.tmp`);
    await writeFile(ours, 'secret leftovers\n', { mode: 0o600 });
    await utimes(ours, old, old);
    const foreign = path.join(dir, `.gitlab.rb.${pid}.${old.getTime() + 1}.tmp`);
    asNobody(['sh', '-c', `echo planted > '${foreign}' && touch -d @${Math.floor(old.getTime() / 1000)} '${foreign}'`]);
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.notes).toEqual([`removed ${ours}, a temporary file left by an interrupted write`]);
    const left = await readdir(dir);
    expect(left).not.toContain(path.basename(ours));
    expect(left).toContain(path.basename(foreign));
  });

  it('leaves a temporary file newer than the run, or of a live process', async () => {
    const file = await secretFile();
    const live = path.join(dir, `.gitlab.rb.${process.ppid}.1.tmp`);
    await writeFile(live, 'in progress\n');
    await utimes(live, new Date(0), new Date(0));
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n');
    expect(result).toMatchObject({ ok: true, notes: [] });
    expect(await readdir(dir)).toContain(path.basename(live));
  });
});

describe('modes, owners and links', () => {
  it('refuses a read-only file unless --force, and --force keeps its mode', async () => {
    const file = await secretFile('gitlab.rb', "external_url 'https://gitlab.example.com'\n", 0o444);
    const refused = await runInProcess(['render', file, '--name', 'github', '--app-id', 'x', '--app-secret-env', 'GH', '--write']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('is read-only (mode 0444); nothing was written (--force replaces it and keeps the mode)');
    expect(await readFile(file, 'utf8')).toBe("external_url 'https://gitlab.example.com'\n");
    const forced = await runInProcess(['render', file, '--name', 'github', '--app-id', 'x', '--app-secret-env', 'GH', '--write', '--force']);
    expect(forced.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain("app_secret: ENV['GH']");
    expect((await stat(file)).mode & 0o7777).toBe(0o444);
  });

  asRoot('root keeps setuid/setgid bits and another owner: chown first, then chmod', async () => {
    const file = await secretFile('gitlab.rb', 'a = 0\n', 0o6750);
    await chown(file, NOBODY, 4);
    await chmod(file, 0o6750);
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n', { backup: true });
    expect(result.ok).toBe(true);
    for (const written of [file, `${file}.bak`]) {
      const info = await stat(written);
      expect({ mode: info.mode & 0o7777, uid: info.uid, gid: info.gid }).toEqual({ mode: 0o6750, uid: NOBODY, gid: 4 });
    }
  });

  /** The writer runs as nobody: the write modules, copied where nobody can read them. */
  async function writeModulesForNobody(name: string): Promise<string> {
    const lib = path.join(dir, name);
    await mkdir(lib);
    for (const module of ['atomic-write.js', 'file-lock.js', 'xattrs.js']) await copyFile(path.join(repoRoot, 'dist/write', module), path.join(lib, module));
    await chmod(lib, 0o755);
    return lib;
  }

  asRoot('a non-root write keeps the file’s group when the user is a member of it, and refuses when not', async () => {
    const lib = await writeModulesForNobody('lib');
    const work = path.join(dir, 'etc');
    await mkdir(work);
    await chown(work, NOBODY, NOBODY);
    const file = path.join(work, 'gitlab.yml');
    await writeFile(file, 'production: {}\n');
    await chown(file, NOBODY, 4); // group adm
    await chmod(file, 0o660);
    const script = `import('${lib}/atomic-write.js').then(async (m) => { const r = await m.writeFileAtomic(await m.snapshotFile('${file}'), 'production: { a: 1 }\\n'); console.log(JSON.stringify(r)); })`;
    const member = JSON.parse(asNobody([process.execPath, '-e', script], [NOBODY, 4])) as { ok: boolean };
    expect(member.ok).toBe(true);
    expect((await stat(file)).gid).toBe(4);
    expect((await stat(file)).mode & 0o7777).toBe(0o660);
    const outsider = JSON.parse(asNobody([process.execPath, '-e', script.replace("'production: { a: 1 }\\n'", "'production: { a: 2 }\\n'")])) as { ok: boolean; message: string };
    expect(outsider).toMatchObject({ ok: false });
    expect(outsider.message).toContain('its group (gid 4) cannot be kept');
    expect(await readFile(file, 'utf8')).toBe('production: { a: 1 }\n');
  });

  asRoot('a non-root write refuses a file another user owns (the new file would be the writer’s)', async () => {
    const lib = await writeModulesForNobody('lib-owner');
    const work = path.join(dir, 'shared');
    await mkdir(work);
    await chown(work, NOBODY, NOBODY);
    const file = path.join(work, 'gitlab.yml');
    await writeFile(file, 'production: {}\n');
    await chown(file, 0, 4); // root's, group adm, writable by the group
    await chmod(file, 0o664);
    const script = `import('${lib}/atomic-write.js').then(async (m) => { const r = await m.writeFileAtomic(await m.snapshotFile('${file}'), 'production: { a: 1 }\\n'); console.log(JSON.stringify(r)); })`;
    const result = JSON.parse(asNobody([process.execPath, '-e', script], [NOBODY, 4])) as { ok: boolean; message: string };
    expect(result).toMatchObject({ ok: false });
    expect(result.message).toContain('it belongs to another user (uid 0)');
    expect(await readFile(file, 'utf8')).toBe('production: {}\n');
    expect((await stat(file)).uid).toBe(0);
  });

  it('refuses a file with hard links and says why', async () => {
    const file = await secretFile('gitlab.rb', 'a = 0\n');
    await link(file, path.join(dir, 'other-name.rb'));
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n');
    expect(result).toMatchObject({ ok: false, reason: 'refused' });
    if (!result.ok) expect(result.message).toContain('has 2 hard links; replacing it would leave the other names with the old text');
    expect(await readFile(path.join(dir, 'other-name.rb'), 'utf8')).toBe('a = 0\n');
  });

  asRoot('an immutable file (chattr +i) is named as such, not "try sudo"', async () => {
    const file = await secretFile('gitlab.rb', 'a = 0\n', 0o600);
    const chattr = spawnSync('chattr', ['+i', file]);
    // The program must exist in CI; the flag itself is a property of the file system (tmpfs, overlay may lack it).
    if (process.env.CI === 'true') expect(chattr.error).toBeUndefined();
    if (chattr.status !== 0) return;
    try {
      const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n');
      expect(result).toMatchObject({ ok: false });
      if (!result.ok) {
        expect(result.message).toContain('immutable or append-only (chattr +i / +a; lsattr shows it)');
        expect(result.message).not.toContain('try sudo');
      }
    } finally {
      spawnSync('chattr', ['-i', file]);
    }
    expect(await readFile(file, 'utf8')).toBe('a = 0\n');
    expect((await lstat(file)).isFile()).toBe(true);
  });
});

describe('extended attributes (SELinux labels, ACLs)', () => {
  it.skipIf(!isRoot || !hasAttrTools)('are kept across the replace, on the file and its backup', async () => {
    const file = await secretFile('gitlab.rb', 'a = 0\n', 0o640);
    execFileSync('setfattr', ['-n', 'user.origin', '-v', 'kept', file]);
    // Stands in for security.selinux: a security.* attribute only a privileged process may set.
    execFileSync('setfattr', ['-n', 'security.gitlab-omniauth-test', '-v', 'label_t', file]);
    const before = xattrs(file);
    expect(before).toContain('user.origin=');
    const result = await writeFileAtomic(await snapshotFile(file), 'a = 1\n', { backup: true });
    expect(result.ok).toBe(true);
    expect(xattrs(file)).toBe(before);
    expect(xattrs(`${file}.bak`)).toBe(before);
    expect(await readFile(file, 'utf8')).toBe('a = 1\n');
  });

  it.skipIf(!isRoot || !hasAttrTools)('a write that cannot keep them (not root, a security.* label) is refused with the reason', async () => {
    const lib = path.join(dir, 'lib');
    await mkdir(lib);
    for (const name of ['atomic-write.js', 'file-lock.js', 'xattrs.js']) await copyFile(path.join(repoRoot, 'dist/write', name), path.join(lib, name));
    const work = path.join(dir, 'etc');
    await mkdir(work);
    await chown(work, NOBODY, NOBODY);
    const file = path.join(work, 'gitlab.yml');
    await writeFile(file, 'production: {}\n');
    await chown(file, NOBODY, NOBODY);
    execFileSync('setfattr', ['-n', 'security.gitlab-omniauth-test', '-v', 'label_t', file]);
    const script = `import('${lib}/atomic-write.js').then(async (m) => { const r = await m.writeFileAtomic(await m.snapshotFile('${file}'), 'production: { a: 1 }\\n'); console.log(JSON.stringify(r)); })`;
    const result = JSON.parse(asNobody([process.execPath, '-e', script])) as { ok: boolean; message: string };
    expect(result).toMatchObject({ ok: false });
    expect(result.message).toContain('its extended attributes (security.gitlab-omniauth-test) cannot be kept: ');
    expect(await readFile(file, 'utf8')).toBe('production: {}\n');
    expect((await readdir(work)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});

describe('a concurrent appender under flock', () => {
  it('loses no append over many rounds of writes', async () => {
    const file = await secretFile('gitlab.rb', 'counter = 0\n', 0o666);
    const appends = 150;
    // An admin's script appending the way flock(1) documents, as another user when we are root.
    const loop = `for i in $(seq 1 ${appends}); do flock '${file}' -c "echo appended-$i >> '${file}'"; done`;
    const appender = isRoot
      ? spawn('setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', '--', 'sh', '-c', loop])
      : spawn('sh', ['-c', loop]);
    const finished = new Promise<number | null>((resolve) => appender.once('exit', resolve));
    let running = true;
    void finished.then(() => (running = false));
    let writes = 0;
    let rounds = 0;
    // Writes go on while the appender runs, and until enough of them landed to mean something.
    while ((running || writes < 20) && rounds < 5000) {
      rounds++;
      const snapshot = await snapshotFile(file);
      const text = snapshot.content.toString('utf8').replace(/^counter = (\d+)$/m, (_all, n: string) => `counter = ${Number(n) + 1}`);
      const result = await writeFileAtomic(snapshot, text);
      if (result.ok) writes++;
      else expect(result.reason).toBe('changed-since-read');
    }
    expect(await finished).toBe(0);
    const final = await readFile(file, 'utf8');
    const lost = Array.from({ length: appends }, (_, i) => `appended-${i + 1}`).filter((line) => !final.split('\n').includes(line));
    expect(lost).toEqual([]);
    expect(final).toContain(`counter = ${writes}`);
    expect(writes).toBeGreaterThanOrEqual(20);
  }, 120_000);
});
