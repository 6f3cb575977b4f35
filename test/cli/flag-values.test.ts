/**
 * Flag values arrive exactly as the shell passed them: yargs-parser would take
 * a pair of quotes off `--flag=VALUE`, so `--label='"x"'` became `x`.
 */
import { describe, expect, it } from 'vitest';
import { runBin, runInProcess } from '../support/cli.js';

const render = ['render', '--name', 'github', '--format', 'source', '--app-secret-env', 'GITHUB_SECRET'];

describe('quotes in flag values', () => {
  it('keeps quotes around --label and --app-id values given with = (real process argv)', () => {
    const run = runBin([...render, '--label="x"', "--app-id='abc'"]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`label: '"x"'`);
    expect(run.stdout).toContain(`app_id: '''abc'''`);
  });

  it('gives the same value with = as with a separate argument, and a lone quote too', async () => {
    const joined = await runInProcess([...render, '--label="x"', '--app-id="', '--arg=scope="a b"']);
    const separate = await runInProcess([...render, '--label', '"x"', '--app-id', '"', '--arg', 'scope="a b"']);
    expect(joined.code).toBe(0);
    expect(joined.stdout).toBe(separate.stdout);
    expect(joined.stdout).toContain(`app_id: '"'`);
  });

  it('leaves unquoted values and the - for stdin alone', async () => {
    const run = await runInProcess([...render, '--label=GitHub', '--app-id=abc']);
    expect(run.stdout).toContain(`label: 'GitHub'`);
    expect(run.stdout).toContain(`app_id: 'abc'`);
  });
});
