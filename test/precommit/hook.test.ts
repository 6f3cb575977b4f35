/**
 * The hook in .pre-commit-hooks.yaml, run by the real pre-commit (Debian's) in a
 * throw-away git repository, the way a config repo would use it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';
import { oracleAvailable } from '../support/oracle.js';

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

const QUIET_COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'db/docker-compose.yml'];
const OTHER_SERVICES = [
  'x-defaults: &defaults',
  '  restart: always',
  'services:',
  '  db:',
  '    <<: *defaults',
  '    image: postgres:16',
  '    environment:',
  '      POSTGRES_PASSWORD: example',
  '    volumes: [db:/var/lib/postgresql/data]',
  'volumes:',
  '  db: {}',
  '',
].join('\n');

describe.skipIf(!oracleAvailable('pre-commit') || !oracleAvailable('git'))('pre-commit hook gitlab-omniauth-validate', () => {
  let work: string;
  let home: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-hook-'));
    home = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-pre-commit-home-'));
    run('git', ['init', '-q'], work);
    run('git', ['config', 'user.email', 'admin@example.com'], work);
    run('git', ['config', 'user.name', 'Admin'], work);
    mkdirSync(path.join(work, 'omnibus'));
    copyFileSync(path.join(repoRoot, 'fixtures/cli/valid-gitlab.rb'), path.join(work, 'omnibus/gitlab.rb'));
    writeFileSync(path.join(work, 'notes.txt'), 'gitlab_rails[\n'); // not a gitlab.rb: the hook must not look at it
    // Compose files of other services, under every name Docker Compose reads.
    for (const name of QUIET_COMPOSE_FILES) {
      mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
      writeFileSync(path.join(work, name), OTHER_SERVICES);
    }
  });

  afterAll(() => {
    rmSync(work, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  const tryRepo = (files?: string[]) =>
    run('pre-commit', ['try-repo', repoRoot, 'gitlab-omniauth-validate', ...(files ? ['--files', ...files] : ['--all-files'])], work, {
      PRE_COMMIT_HOME: home,
    });

  it('passes a valid gitlab.rb and ignores other files', () => {
    run('git', ['add', '-A'], work);
    const r = tryRepo();
    expect(r.out).toMatch(/gitlab-omniauth validate\.+Passed/);
    expect(r.code).toBe(0);
  }, 600_000);

  it('checks compose files (Passed, not Skipped) and stays silent on those without GITLAB_OMNIBUS_CONFIG', () => {
    run('git', ['add', '-A'], work);
    const r = tryRepo(QUIET_COMPOSE_FILES);
    expect(r.out).toMatch(/gitlab-omniauth validate\.+Passed/);
    expect(r.code).toBe(0);
  }, 600_000);

  it('fails a broken gitlab.rb and a broken GITLAB_OMNIBUS_CONFIG, showing each finding with its line', () => {
    copyFileSync(path.join(repoRoot, 'fixtures/cli/missing-comma-gitlab.rb'), path.join(work, 'omnibus/gitlab.rb'));
    const compose = readFileSync(path.join(repoRoot, 'fixtures/docker/docker-compose.yml'), 'utf8');
    writeFileSync(path.join(work, 'docker-compose.yml'), compose.replace("args: { scope: 'user:email' }", "args: { scope: 'user:email' },,"));
    run('git', ['add', '-A'], work);
    const r = tryRepo();
    expect(r.out).toMatch(/gitlab-omniauth validate\.+Failed/);
    expect(r.out).toMatch(/omnibus\/gitlab\.rb:6:\d+ error ruby-syntax/);
    expect(r.out).toMatch(/^docker-compose\.yml:\d+:\d+ error ruby-syntax/m);
    const findingFiles = [...r.out.matchAll(/^(\S+):\d+:\d+ (?:error|warning|info) /gm)].map((m) => m[1]);
    expect(new Set(findingFiles)).toEqual(new Set(['omnibus/gitlab.rb', 'docker-compose.yml']));
    expect(r.code).toBe(1);
  }, 600_000);
});
