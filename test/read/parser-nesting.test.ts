/**
 * Prism runs on a small stack inside WASM: input nested deeper than it can
 * take is a finding at the place it happens, and never changes what the
 * files read after it in the same process give.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, tooDeeplyNestedAt } from '../../src/read/omnibus/nesting.js';
import { validateText } from '../../src/validate.js';
import { oracleAvailable } from '../support/oracle.js';

const nested = (open: string, close: string, depth: number): string =>
  `gitlab_rails['omniauth_enabled'] = ${open.repeat(depth)}true${close.repeat(depth)}\n\ngitlab_rails['omniauth_block_auto_created_users'] = false\n`;

const GOOD = [
  "gitlab_rails['omniauth_enabled'] = true",
  "gitlab_rails['omniauth_allow_single_sign_on'] = ['github', 'gitlabb']",
  "gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'a', app_secret: 'b', args: { scope: 'user:email' } }]",
  '',
].join('\n');

/**
 * An unclosed string makes the 150 parentheses string text (within the limit),
 * but the repair that closes it turns them into code: a trial parse of that
 * repair used to corrupt Prism's memory, and the next parse never returned.
 */
const STRING_BEFORE_PARENTHESES = [
  "gitlab_rails['omniauth_providers'] = [",
  '  {',
  '    name: "openid_connect",',
  '    args: {',
  '      client_auth_method: "query ,',
  '      uid_field: "preferred_username",',
  '      client_options: {',
  `${'('.repeat(150)}1${')'.repeat(150)}        secret: "x",`,
  '      }',
  '    }',
  '  }',
  ']',
  '',
].join('\n');

/** Inputs that broke Prism or its later parses before the limit (measured on @ruby/prism 1.9). */
const HOSTILE: Record<string, string> = {
  'parentheses x150': nested('(', ')', 150),
  'parentheses x600': nested('(', ')', 600),
  'calls x130': nested('f(', ')', 130),
  'hashes x130': nested('{a: ', '}', 130),
  'arrays x400': nested('[', ']', 400),
  'interpolation x120': nested('"#{', '}"', 120),
  'negation x160': nested('!', '', 160),
  'def x200': `x = ${'def f; '.repeat(200)}1${'; end'.repeat(200)}\n`,
  'begin x400': `x = ${'begin '.repeat(400)}1${' end'.repeat(400)}\n`,
  'string left open before 150 parentheses': STRING_BEFORE_PARENTHESES,
};

const summary = async (text: string): Promise<string[]> =>
  (await validateText(text, { file: 'gitlab.rb' })).diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column} ${d.rule} ${d.message}`);

describe('nesting deeper than the parser takes', () => {
  it('150 nested parentheses: "nested too deeply for the parser" where the limit is passed, which Ruby reads', async () => {
    const text = nested('(', ')', 150);
    const { diagnostics } = await validateText(text, { file: 'gitlab.rb' });
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]?.message).toMatch(/^Nested too deeply for the parser/);
    const column = "gitlab_rails['omniauth_enabled'] = ".length + MAX_NESTING + 1;
    expect(diagnostics[0]?.range?.start).toMatchObject({ line: 1, column });
    if (oracleAvailable('ruby')) {
      expect(spawnSync('ruby', ['-c'], { input: text, encoding: 'utf8' }).stdout).toContain('Syntax OK');
    }
  });

  it('nesting up to the limit is read as usual', async () => {
    const text = nested('(', ')', MAX_NESTING - 1);
    expect(tooDeeplyNestedAt(text)).toBeNull();
    expect((await summary(text)).filter((s) => s.includes('ruby-syntax'))).toEqual([]);
  });

  it('brackets inside strings and comments do not count', () => {
    expect(tooDeeplyNestedAt(`x = '${'('.repeat(500)}' # ${'['.repeat(500)}\ny = "${'{'.repeat(500)}"\n`)).toBeNull();
  });

  it('a repair that would turn string text into code nested past the limit is not tried: the read ends, with the mistake', async () => {
    expect(tooDeeplyNestedAt(STRING_BEFORE_PARENTHESES)).toBeNull();
    const findings = await summary(STRING_BEFORE_PARENTHESES);
    expect(findings.some((f) => f.includes('ruby-syntax'))).toBe(true);
    expect(findings.join('\n')).not.toContain('memory access');
  });

  it('a bad file never changes the findings of the files after it', async () => {
    const alone = await summary(GOOD);
    expect(alone.length).toBeGreaterThan(0);
    for (const [name, text] of Object.entries(HOSTILE)) {
      const own = await summary(text);
      expect(own.join('\n'), name).not.toContain('memory access');
      expect(await summary(GOOD), `after ${name}`).toEqual(alone);
    }
  });
});
