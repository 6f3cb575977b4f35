/**
 * `invisible-character`: a byte-order mark, zero width space, joiner, word
 * joiner or soft hyphen in gitlab.rb code makes another name for Ruby. It is
 * reported at the character, by code point; inside strings and comments, and
 * as the file's first character, it is not.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { readConfig } from '../../src/read/index.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';

const ZWSP = '\u200B';
const BOM = '\uFEFF';

const lines = (...l: string[]): string => `${l.join('\n')}\n`;
const where = (d: Diagnostic): string => `${d.range?.start.line}:${d.range?.start.column} ${d.severity}`;

async function findings(text: string): Promise<Diagnostic[]> {
  return (await readOmnibus(text, { file: 'gitlab.rb' })).diagnostics;
}

const invisible = (diagnostics: readonly Diagnostic[]): Diagnostic[] => diagnostics.filter((d) => d.rule === 'invisible-character');

describe('invisible characters in gitlab.rb names', () => {
  it('a zero width space before gitlab_rails mid-file: an error at the character, and no finding that calls it gitlab_rails', async () => {
    const text = lines(
      "# Zürich ✓ (non-ASCII before the character)",
      "gitlab_rails['omniauth_enabled'] = true",
      `  ${ZWSP}gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x', app_secret: 'y' }]`,
    );
    const all = await findings(text);
    expect(invisible(all).map(where)).toEqual(['3:3 error']);
    expect(invisible(all)[0]?.message).toBe(
      'invisible character U+200B (zero width space) before `gitlab_rails`: Ruby reads it as part of the name; delete it',
    );
    expect(invisible(all)[0]?.range?.end.column).toBe(4);
    // Without the rule this line got a misplaced-setting warning quoting a name that looks like `gitlab_rails`.
    expect(all.filter((d) => d.rule !== 'invisible-character' && /gitlab_rails\[/.test(d.message))).toEqual([]);
  });

  it('a byte-order mark mid-file before gitlab_rails', async () => {
    const text = lines("gitlab_rails['omniauth_enabled'] = true", `${BOM}gitlab_rails['omniauth_allow_single_sign_on'] = ['github']`);
    const found = invisible(await findings(text));
    expect(found.map(where)).toEqual(['2:1 error']);
    expect(found[0]?.message).toContain('U+FEFF (byte order mark) before `gitlab_rails`');
  });

  it('a zero width space inside a key symbol of a provider hash', async () => {
    const text = lines(`gitlab_rails['omniauth_providers'] = [{ na${ZWSP}me: 'github', app_id: 'x', app_secret: 'y' }]`);
    const found = invisible(await findings(text));
    expect(found.map(where)).toEqual(['1:43 error']);
    expect(found[0]?.message).toContain('U+200B (zero width space) inside `name`');
  });

  // The second line has a character in a name, so each case would fail with the rule reporting too much or nothing.
  const namedOnLine2 = `${ZWSP}gitlab_rails['omniauth_block_auto_created_users'] = false`;

  it.each([
    ['a string value', `gitlab_rails['omniauth_providers'] = [{ name: 'git${ZWSP}hub', label: "Sign\u00ADin ${ZWSP}#{x}" }]`],
    ['a quoted symbol key', `gitlab_rails['omniauth_providers'] = [{ "na${ZWSP}me": 'github' }]`],
    ['a string key', `gitlab_rails['omniauth_${ZWSP}enabled'] = true`],
    ['a comment', `gitlab_rails['omniauth_enabled'] = true # on${ZWSP}\u2060`],
  ])('inside %s: no finding (only the name on the next line has one)', async (_, line) => {
    expect(invisible(await findings(lines(line, namedOnLine2))).map(where)).toEqual(['2:1 error']);
  });

  it('a byte-order mark as the first character of the file: no finding (the one on line 2 has one)', async () => {
    const text = `${BOM}${lines("gitlab_rails['omniauth_enabled'] = true", `${BOM}gitlab_rails['omniauth_auto_link_user'] = ['github']`)}`;
    expect(invisible(await findings(text)).map(where)).toEqual(['2:1 error']);
  });

  it('each of the characters is named by its code point', async () => {
    const text = lines(`${'\u00AD'}a = 1`, `b${'\u200C'} = 2`, `c${'\u200D'}d = 3`, `${'\u2060'}e = 4`);
    expect(invisible(await findings(text)).map((d) => d.message.split(':')[0])).toEqual([
      'invisible character U+00AD (soft hyphen) before `a`',
      'invisible character U+200C (zero width non-joiner) after `b`',
      'invisible character U+200D (zero width joiner) inside `cd`',
      'invisible character U+2060 (word joiner) before `e`',
    ]);
  });

  it('in a file with a syntax error too', async () => {
    const text = lines(`${ZWSP}gitlab_rails['omniauth_enabled'] = true`, "gitlab_rails['omniauth_providers'] = [{ name: 'github' app_id: 'x' }]");
    const all = await findings(text);
    expect(invisible(all).map(where)).toEqual(['1:1 error']);
    expect(all.some((d) => d.rule === 'ruby-syntax')).toBe(true);
  });
});

describe('invisible characters in a Docker Compose GITLAB_OMNIBUS_CONFIG', () => {
  it('are reported at the line and column of the compose file', async () => {
    const text = lines(
      'services:',
      '  gitlab:',
      '    image: gitlab/gitlab-ee:latest',
      '    environment:',
      '      GITLAB_OMNIBUS_CONFIG: |',
      "        gitlab_rails['omniauth_enabled'] = true",
      `        ${ZWSP}gitlab_rails['omniauth_allow_single_sign_on'] = ['github']`,
    );
    const { diagnostics } = await readConfig(text, { file: 'docker-compose.yml' });
    const found = invisible(diagnostics);
    expect(found.map(where)).toEqual(['7:9 error']);
    expect(found[0]?.file).toBe('docker-compose.yml');
    expect(found[0]?.message).toContain('before `gitlab_rails`');
    expect(diagnostics.filter((d) => d.rule === 'misplaced-setting')).toEqual([]);
  });
});
