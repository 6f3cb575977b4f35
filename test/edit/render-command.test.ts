/**
 * `gitlab-omniauth render`: what the user sees and which exit code they get,
 * on real files in a temporary folder.
 */
import { chmod, copyFile, lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-render-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function copyIn(from: string, name: string, mode = 0o600): Promise<string> {
  const file = path.join(dir, name);
  await copyFile(from, file);
  await chmod(file, mode);
  return file;
}
const fixture = (name: string): string => path.join(repoRoot, 'fixtures/render', name);
const run = (args: string[], stdin?: string, env: Record<string, string> = {}) => runInProcess(args, { cwd: dir, ...(stdin === undefined ? {} : { stdin }), env });

const gitlabCom = ['--name', 'gitlab', '--app-id', 'f6a0e2a1c3b4', '--app-secret', 'gloas-9d8c7b6a5f4e', '--arg', 'scope=api'];

describe('render FILE (preview)', () => {
  it('prints the diff with the secret masked and writes nothing', async () => {
    const file = await copyIn(path.join(corpusRoot, 'omnibus/gitlab.rb.template'), 'gitlab.rb');
    const before = await readFile(file, 'utf8');
    const r = await run(['render', 'gitlab.rb', ...gitlabCom]);
    expect(r.code).toBe(0);
    // The note first: a masked diff is for reading, not for `patch`.
    expect(r.stdout).toMatch(/^# secrets are masked \(\*{8}\): this preview is not a patch; --stdout prints the file.*\n--- a\/gitlab\.rb\n\+\+\+ b\/gitlab\.rb\n@@ /);
    expect(r.stdout).toContain('+    app_secret: "********",');
    expect(r.stdout).not.toContain('gloas-9d8c7b6a5f4e');
    expect(r.stdout).not.toContain('\x1b[');
    expect(r.stderr).toContain('--write');
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('--show-secrets shows them; FORCE_COLOR colours', async () => {
    await copyIn(path.join(corpusRoot, 'omnibus/gitlab.rb.template'), 'gitlab.rb');
    const r = await run(['render', 'gitlab.rb', ...gitlabCom, '--show-secrets'], undefined, { FORCE_COLOR: '1' });
    expect(r.stdout).toContain('gloas-9d8c7b6a5f4e');
    expect(r.stdout).toContain('\x1b[32m+');
  });

  it('--stdout prints the whole new file', async () => {
    await copyIn(fixture('crlf.gitlab.yml'), 'gitlab.yml');
    const r = await run(['render', 'gitlab.yml', ...gitlabCom]);
    expect(r.code).toBe(0);
    const out = await run(['render', 'gitlab.yml', ...gitlabCom, '--stdout']);
    expect(out.stdout.startsWith('production: &base\r\n')).toBe(true);
    expect(out.stdout).toContain("name: \"gitlab\"");
  });
});

describe('render --check', () => {
  it('exits 1 when the file would change and 0 when it is up to date', async () => {
    const file = await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    const changing = await run(['render', 'gitlab.rb', '--check', '--name', 'github', '--app-id', 'new']);
    expect(changing.code).toBe(1);
    expect(changing.stdout).toBe('');
    expect(changing.stderr).toBe('gitlab.rb would change: run without --check to see the diff\n');
    const same = await run(['render', 'gitlab.rb', '--check', '--name', 'github', '--app-id', 'github-id']);
    expect(same.code).toBe(0);
    expect(same.stderr).toBe('');
    expect(await readFile(file, 'utf8')).toBe(await readFile(fixture('symbol-keys.gitlab.rb'), 'utf8'));
  });
});

describe('render --write', () => {
  it('writes atomically, keeps the mode, prints the next steps and callback URLs', async () => {
    const file = await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb', 0o600);
    const r = await run(['render', 'gitlab.rb', '--write', ...gitlabCom]);
    expect(r.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('name: "gitlab"');
    expect((await stat(file)).mode & 0o7777).toBe(0o600);
    expect(r.stderr).toContain('sudo gitlab-ctl reconfigure');
    expect(r.stderr).toContain('https://gitlab.example.com:8443/gitlab/users/auth/gitlab/callback');
    expect(r.stderr).toContain('https://gitlab.example.com:8443/gitlab/import/gitlab/callback');
    // Again: nothing to do.
    const again = await run(['render', 'gitlab.rb', '--write', ...gitlabCom]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already up to date/);
  });

  it('source installs: restart, callback URLs from gitlab.host/port/https/relative_url_root', async () => {
    await copyIn(fixture('block-providers.gitlab.yml'), 'gitlab.yml', 0o640);
    const r = await run(['render', 'gitlab.yml', '--write', '--preset', 'google_oauth2', '--app-id', 'g', '--app-secret-env', 'GOOGLE_SECRET']);
    // The docs' example fingerprint of the SAML entry is an error already in the file: shown, not blocking.
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/placeholder-value .* \[already in the file\]/);
    expect(r.stderr).toMatch(/Restart GitLab/);
    expect(r.stderr).toContain('https://gitlab.example.com/gitlab/users/auth/google_oauth2/callback');
  });

  it('writes through a symlink, which stays a link; --backup keeps the original', async () => {
    const target = await copyIn(fixture('symbol-keys.gitlab.rb'), 'real.rb');
    await symlink('real.rb', path.join(dir, 'gitlab.rb'));
    const r = await run(['render', 'gitlab.rb', '--write', '--backup', ...gitlabCom]);
    expect(r.code).toBe(0);
    expect((await lstat(path.join(dir, 'gitlab.rb'))).isSymbolicLink()).toBe(true);
    expect(await readFile(target, 'utf8')).toContain('name: "gitlab"');
    expect(await readFile(`${target}.bak`, 'utf8')).toBe(await readFile(fixture('symbol-keys.gitlab.rb'), 'utf8'));
  });

  it('writes nothing when verification fails, and says why', async () => {
    // After __END__ Ruby reads no code: a statement appended there would be lost.
    const text = "external_url 'https://gitlab.example.com'\n__END__\nnotes kept after the end marker\n";
    const file = path.join(dir, 'gitlab.rb');
    await writeFile(file, text);
    const r = await run(['render', 'gitlab.rb', '--write', ...gitlabCom]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did not verify: nothing was changed/);
    expect(r.stderr).toMatch(/0 provider\(s\) where 1 were intended/);
    expect(await readFile(file, 'utf8')).toBe(text);
  });
});

describe('render: errors and refusals', () => {
  it('check errors stop the command with exit 1 unless --force', async () => {
    const file = await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    const args = ['render', 'gitlab.rb', '--write', '--name', 'gitlab', '--app-id', 'x', '--arg-yaml', 'scope=[api'];
    expect((await run(args)).code).toBe(2); // not YAML: a usage error
    const bad = ['render', 'gitlab.rb', '--write', '--name', 'github', '--field', 'args=not a hash'];
    const stopped = await run(bad);
    expect(stopped.code).toBe(1);
    expect(stopped.stderr).toMatch(/error/);
    expect(await readFile(file, 'utf8')).toBe(await readFile(fixture('symbol-keys.gitlab.rb'), 'utf8'));
    const forced = await run([...bad, '--force']);
    expect(forced.code).toBe(0);
  });

  it('refuses an opaque provider list with exit 2', async () => {
    await copyIn(fixture('opaque.gitlab.rb'), 'gitlab.rb');
    const r = await run(['render', 'gitlab.rb', ...gitlabCom]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot see through \(line 2\)/);
  });

  it('reads the secret from stdin with --app-secret -', async () => {
    await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    const r = await run(['render', 'gitlab.rb', '--stdout', '--name', 'gitlab', '--app-id', 'id', '--app-secret', '-'], 'from-stdin\n');
    expect(r.stdout).toContain('app_secret: "from-stdin"');
    const empty = await run(['render', 'gitlab.rb', '--stdout', '--name', 'gitlab', '--app-id', 'id', '--app-secret', '-'], '');
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/standard input is empty/);
  });

  it('usage errors exit 2', async () => {
    await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    expect((await run(['render', 'gitlab.rb'])).code).toBe(2);
    expect((await run(['render', 'gitlab.rb', '--preset', 'nope'])).code).toBe(2);
    expect((await run(['render', 'gitlab.rb', '--write', '--stdout', '--name', 'x'])).code).toBe(2);
    expect((await run(['render', '--write', '--name', 'x'])).code).toBe(2);
    const backupValue = await run(['render', '--write', '--backup', 'gitlab.rb', '--name', 'x']);
    expect(backupValue.code).toBe(2);
    expect(backupValue.stderr).toMatch(/not 'gitlab\.rb' \(put the file before --backup\)/);
  });
});

describe('render into the other format or without a file', () => {
  it('without a file prints a fresh gitlab.rb section', async () => {
    const r = await run(['render', '--format', 'omnibus', ...gitlabCom, '--set', 'allow_single_sign_on=gitlab']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('### OmniAuth Settings');
    expect(r.stdout).toMatch(/^gitlab_rails\['omniauth_allow_single_sign_on'\] = \[["']gitlab["']\]$/m);
    expect(r.stdout).toContain('    name: "gitlab",');
  });

  it('without a file, --format source prints a fresh gitlab.yml section, secrets by ERB reference', async () => {
    const r = await run(['render', '--format', 'source', '--name', 'gitlab', '--app-id', 'id', '--app-secret-env', 'GITLAB_SECRET', '--label', 'a <% b']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## OmniAuth settings\n/m);
    expect(r.stdout).toContain(`app_secret: "<%= ENV['GITLAB_SECRET'] %>"`);
    expect(r.stdout).toContain("label: 'a <%% b'");
  });

  it('from a gitlab.yml, --format omnibus prints the gitlab.rb section with the merged providers', async () => {
    await copyIn(fixture('block-providers.gitlab.yml'), 'gitlab.yml');
    const r = await run(['render', 'gitlab.yml', '--format', 'omnibus', '--name', 'github', '--label', 'GitHub']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^gitlab_rails\['omniauth_allow_single_sign_on'\] = \[["']saml["']\]$/m);
    expect(r.stdout).toMatch(/name: "github",\n\s+app_id: "github-id",\n\s+app_secret: ENV\['GITHUB_SECRET'\],/);
    expect(r.stdout).toContain('label: "GitHub"');
    expect(r.stdout).toContain('name: "saml"');
  });

  it('from a gitlab.rb, --format source prints the gitlab.yml section reconfigure would write', async () => {
    await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    const r = await run(['render', 'gitlab.rb', '--format', 'source', '--name', 'gitlab', '--app-id', 'a', '--app-secret', 'b', '--show-secrets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^(# .*\n)+omniauth:\n/);
    expect(r.stdout).toContain('  allow_single_sign_on: ["saml"]');
    expect(r.stdout).toContain('    - {"name":"gitlab","app_id":"a","app_secret":"b"}');
  });

  it('a section in the other format masks its secrets unless --show-secrets, and says so first', async () => {
    await copyIn(fixture('symbol-keys.gitlab.rb'), 'gitlab.rb');
    const r = await run(['render', 'gitlab.rb', '--format', 'source', '--name', 'gitlab', '--app-id', 'a', '--app-secret', 'fresh-secret-b']);
    expect(r.code).toBe(0);
    // The note comes first; the conversion's own header follows it.
    expect(r.stdout).toMatch(/^# secrets are masked \(\*{8}\): --show-secrets prints them\n(# .*\n)*omniauth:\n/);
    expect(r.stdout).toContain('    - {"name":"gitlab","app_id":"a","app_secret":"********"}');
    expect(r.stdout).not.toContain('fresh-secret-b');
  });
});

describe('render: taking things out', () => {
  const rb = [
    "gitlab_rails['omniauth_allow_single_sign_on'] = ['saml', 'github']",
    "gitlab_rails['omniauth_block_auto_created_users'] = true",
    "gitlab_rails['omniauth_providers'] = [",
    "  { name: 'saml', label: 'Staff', args: { issuer: 'x', idp_cert_fingerprint: 'AA' } },",
    "  { name: 'github', app_id: ENV['A'], app_secret: ENV['B'], args: { scope: 'user:email', allow_signup: 'false' } }",
    ']',
    '',
  ].join('\n');

  it('--remove shows the provider and its references going in one diff', async () => {
    await writeFile(path.join(dir, 'gitlab.rb'), rb);
    const r = await run(['render', 'gitlab.rb', '--remove', 'github']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("-gitlab_rails['omniauth_allow_single_sign_on'] = ['saml', 'github']\n+gitlab_rails['omniauth_allow_single_sign_on'] = ['saml']\n");
    expect(r.stdout).toMatch(/^-  \{ name: 'github'/m);
  });

  it('--remove of a provider that is not there says so, changes nothing, exit 0', async () => {
    await writeFile(path.join(dir, 'gitlab.rb'), rb);
    const r = await run(['render', 'gitlab.rb', '--remove', 'gitlab', '--write']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("no provider named 'gitlab' to remove");
    expect(await readFile(path.join(dir, 'gitlab.rb'), 'utf8')).toBe(rb);
  });

  it('--unset and --remove-arg', async () => {
    await writeFile(path.join(dir, 'gitlab.rb'), rb);
    const r = await run(['render', 'gitlab.rb', '--unset', 'block_auto_created_users', '--remove-arg', 'github.allow_signup', '--stdout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(rb.replace("gitlab_rails['omniauth_block_auto_created_users'] = true\n", '').replace(", allow_signup: 'false'", ''));
  });
});
