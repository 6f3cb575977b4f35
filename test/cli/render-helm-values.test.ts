/**
 * `gitlab-omniauth render values.yaml`: chart values edited in place, the
 * provider's Secret printed (masked) or written with --secret-file, and the
 * exit codes and messages the user gets.
 */
import { copyFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, runBin, runInProcess } from '../support/cli.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'gitlab-omniauth-chart-'));
  for (const name of ['values.yaml', 'saml-secret.yaml']) await copyFile(path.join(repoRoot, 'fixtures/helm/values-edit', name), path.join(dir, name));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runInProcess(args, { cwd: dir });
const SECRET = 'gho-s3cr3t-value-9f8e';
const github = ['--name', 'github', '--app-id', 'app-id-1234', '--app-secret', SECRET];
const read = (name: string) => readFile(path.join(dir, name), 'utf8');

describe('render values.yaml', () => {
  it('previews the values diff and prints the Secret with its secret masked', async () => {
    const r = await run(['render', 'values.yaml', ...github]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+        - secret: gitlab-omniauth-github');
    expect(r.stdout).toContain('kind: Secret');
    expect(r.stdout).toContain('app_id: app-id-1234');
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stdout).toContain("app_secret: '********'");
    const shown = await run(['render', 'values.yaml', ...github, '--show-secrets']);
    expect(shown.stdout).toContain(`app_secret: ${SECRET}`);
  });

  it('--write writes the values without any provider content, and says what to run next', async () => {
    const before = await read('values.yaml');
    const r = await run(['render', 'values.yaml', ...github, '--write']);
    expect(r.code).toBe(0);
    const after = await read('values.yaml');
    expect(after).toBe(before.replace('        - name: group_saml\n', '        - name: group_saml\n        - secret: gitlab-omniauth-github\n          key: provider\n'));
    expect(after).not.toContain(SECRET);
    expect(after).not.toContain('app-id-1234');
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).toMatch(/kubectl (apply|create secret generic)/);
    expect(r.stderr).toContain('helm upgrade RELEASE gitlab/gitlab -n NAMESPACE -f values.yaml');
  });

  it('--secret-file creates the manifest with mode 600, atomically, and prints no secret', async () => {
    const r = await run(['render', 'values.yaml', ...github, '--secret-file', 'github-secret.yaml', '--write']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(SECRET);
    expect(r.stderr).not.toContain(SECRET);
    expect((await stat(path.join(dir, 'github-secret.yaml'))).mode & 0o777).toBe(0o600);
    expect(await read('github-secret.yaml')).toBe(
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gitlab-omniauth-github\ntype: Opaque\nstringData:\n  provider: |\n    name: github\n    app_id: app-id-1234\n    app_secret: ${SECRET}\n`,
    );
    // No temporary file is left behind.
    expect((await readdir(dir)).sort()).toEqual(['github-secret.yaml', 'saml-secret.yaml', 'values.yaml']);
    expect(r.stderr).toContain('kubectl apply -n NAMESPACE -f github-secret.yaml');
  });

  it('--secret-file merges into the provider of an existing manifest, edits only its lines, and makes it mode 600', async () => {
    const file = path.join(dir, 'saml-secret.yaml');
    const before = await read('saml-secret.yaml');
    const preview = await run(['render', 'values.yaml', '--name', 'saml', '--arg', 'idp_cert_fingerprint=CC:DD', '--secret-file', 'saml-secret.yaml']);
    expect(preview.code).toBe(0);
    expect(await read('saml-secret.yaml')).toBe(before);
    expect(preview.stdout).toContain("+      idp_cert_fingerprint: 'CC:DD'");
    const r = await run(['render', 'values.yaml', '--name', 'saml', '--arg', 'idp_cert_fingerprint=CC:DD', '--secret-file', 'saml-secret.yaml', '--write']);
    expect(r.code).toBe(0);
    expect(await read('saml-secret.yaml')).toBe(before.replace("idp_cert_fingerprint: 'AA:BB'", "idp_cert_fingerprint: 'CC:DD'"));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(r.stderr).toContain('values.yaml: already up to date');
  });

  it('a Secret kept base64-encoded under data: is edited in place and never shown encoded; another Secret gets a new document', async () => {
    const encoded = (t: string) => Buffer.from(t, 'utf8').toString('base64');
    const manifest = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: gitlab-omniauth-github\ntype: Opaque\ndata:\n  provider: ${encoded(`name: github\napp_id: old\napp_secret: ${SECRET}\n`)}\n`;
    await writeFile(path.join(dir, 'data.yaml'), manifest);
    const preview = await run(['render', 'values.yaml', '--name', 'github', '--app-id', 'new', '--secret-file', 'data.yaml']);
    expect(preview.code).toBe(0);
    expect(preview.stdout).not.toContain(encoded(`name: github`).slice(0, 12));
    expect(preview.stderr).toContain('data.yaml: a base64 data: value changes');
    expect((await run(['render', 'values.yaml', '--name', 'github', '--app-id', 'new', '--secret-file', 'data.yaml', '--write'])).code).toBe(0);
    expect(await read('data.yaml')).toBe(manifest.replace(/provider: .*/, `provider: ${encoded(`name: github\napp_id: new\napp_secret: ${SECRET}\n`)}`));
    const other = await run(['render', 'values.yaml', '--name', 'gitlab', '--app-id', 'a', '--app-secret', 'b', '--secret-file', 'data.yaml', '--write']);
    expect(other.code).toBe(0);
    expect(await read('data.yaml')).toMatch(/\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: gitlab-omniauth-gitlab\n/);
  });

  it('--remove-arg needs the Secret\'s manifest; --stdout prints only the values', async () => {
    const r = await run(['render', 'values.yaml', '--remove-arg', 'saml.idp_cert_fingerprint']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/give its manifest with --secret-file/);
    const ok = await run(['render', 'values.yaml', '--remove-arg', 'saml.name_identifier_format', '--secret-file', 'saml-secret.yaml', '--stdout']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe(await read('values.yaml'));
    const printed = await run(['render', 'values.yaml', ...github, '--stdout']);
    expect(printed.stdout).not.toContain('kind: Secret');
    expect(printed.stderr).toMatch(/not printed with --stdout: write it with --secret-file FILE/);
  });

  it('a Secret reference is a name, not a secret: the diff shows it', async () => {
    const r = await run(['render', 'values.yaml', '--remove', 'saml', '--helm-secret', 'gitlab-saml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-        - secret: gitlab-saml\n');
    await writeFile(path.join(dir, 'flow.yaml'), 'global:\n  appConfig:\n    omniauth:\n      enabled: false\n      providers: [{secret: gitlab-saml}, {name: kerberos}]\n');
    const flow = await run(['render', 'flow.yaml', '--remove', 'kerberos']);
    expect(flow.stdout).toContain('-      providers: [{secret: gitlab-saml}, {name: kerberos}]\n+      providers: [{secret: gitlab-saml}]\n');
    const disabled = await run(['render', 'flow.yaml', ...github]);
    expect(disabled.stderr).toMatch(/enabled is false: GitLab shows no provider/);
  });

  it('--check exits 1 when the values would change, 0 when they would not', async () => {
    expect((await run(['render', 'values.yaml', '--set', 'block_auto_created_users=true', '--check'])).code).toBe(1);
    expect((await run(['render', 'values.yaml', '--set', 'block_auto_created_users=false', '--check'])).code).toBe(0);
  });

  it('refuses `<%` in a chart setting with exit 2 and a clear message, and writes nothing', async () => {
    const before = await read('values.yaml');
    const r = await run(['render', 'values.yaml', '--set', 'auto_sign_in_with_provider=<%= x %>', '--write']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/auto_sign_in_with_provider: .*ERB/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(await read('values.yaml')).toBe(before);
  });

  it('a provider with an error (github without app_secret): exit 1, nothing written', async () => {
    const before = await read('values.yaml');
    const r = await run(['render', 'values.yaml', '--name', 'github', '--app-id', 'x', '--secret-file', 'new.yaml', '--write']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/new\.yaml:\d+:\d+ error provider-schema/);
    expect(await read('values.yaml')).toBe(before);
    expect((await readdir(dir)).sort()).toEqual(['saml-secret.yaml', 'values.yaml']);
  });

  it('a values file that does not parse: exit 2 with file:line:col', async () => {
    await writeFile(path.join(dir, 'values.yaml'), 'global:\n  appConfig: [\n');
    const r = await run(['render', 'values.yaml', '--set', 'enabled=true']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/values\.yaml:\d+:\d+/);
  });

  it('--secret-file on a gitlab.yml is a usage error (exit 2)', async () => {
    await writeFile(path.join(dir, 'gitlab.yml'), 'production:\n  omniauth:\n    enabled: true\n');
    const r = await run(['render', 'gitlab.yml', '--set', 'enabled=false', '--secret-file', 's.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--secret-file goes with Helm chart values/);
  });

  it('the built CLI edits a values file the same way', () => {
    const r = runBin(['render', 'values.yaml', '--set', 'block_auto_created_users=true'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+      blockAutoCreatedUsers: true');
  });
});
