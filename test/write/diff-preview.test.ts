import { describe, expect, it } from 'vitest';
import type { OmniauthModel } from '../../src/model/types.js';
import { SourceText } from '../../src/text/source-text.js';
import { diffPreview, maskSecrets } from '../../src/write/diff-preview.js';
import { wantsColor } from '../../src/report/color.js';

describe('diff preview', () => {
  it('is empty when nothing changes', async () => {
    expect(await diffPreview('a\n', 'a\n', { file: 'gitlab.rb', color: false })).toBe('');
  });

  it('is a unified diff with a/ and b/ headers', async () => {
    const out = await diffPreview('a\nb\nc\n', 'a\nB\nc\n', { file: 'gitlab.rb', color: false });
    expect(out).toContain('--- a/gitlab.rb');
    expect(out).toContain('+++ b/gitlab.rb');
    expect(out).toContain('-b\n+B\n');
  });

  it('names an absolute path as git does: a/etc/gitlab/gitlab.rb, not a//etc/gitlab/gitlab.rb', async () => {
    const out = await diffPreview('a\n', 'b\n', { file: '/etc/gitlab/gitlab.rb', color: false });
    expect(out).toMatch(/^--- a\/etc\/gitlab\/gitlab\.rb\n\+\+\+ b\/etc\/gitlab\/gitlab\.rb\n/);
  });

  it('shows CRLF lines without the carriage returns', async () => {
    const out = await diffPreview('a\r\nb\r\n', 'a\r\nB\r\n', { file: 'x', color: false });
    expect(out).not.toContain('\r');
    expect(out).toContain('+B\n');
  });

  it('colours added and removed lines when asked', async () => {
    const out = await diffPreview('a\n', 'b\n', { file: 'x', color: true });
    expect(out).toContain('\x1b[32m+b\x1b[0m');
    expect(out).toContain('\x1b[31m-a\x1b[0m');
  });
});

describe('colour choice', () => {
  it.each([
    [{}, true, true],
    [{}, false, false],
    [{ NO_COLOR: '1' }, true, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, false],
    [{ FORCE_COLOR: '1' }, false, true],
    [{ FORCE_COLOR: '0' }, true, false],
    [{ NO_COLOR: '' }, true, true],
  ])('env %j, tty %s → %s', (env, tty, expected) => {
    expect(wantsColor(env as Record<string, string>, tty)).toBe(expected);
  });
});

describe('secret masking', () => {
  // A hand-built model: masking only needs where the values are.
  const text = `gitlab_rails['omniauth_providers'] = [{ name: "gitlab", app_id: "id1", app_secret: "s3cr3t", args: { client_secret: 'inner' } }]\n`;
  const source = new SourceText(text);
  const at = (needle: string) => {
    const start = text.indexOf(needle);
    return source.range(start, start + needle.length);
  };
  const str = (needle: string, value: string) => ({ kind: 'string' as const, value, range: at(needle), path: '' });
  const entry = (key: string, needle: string, value: string) => ({ key, keyStyle: 'symbol' as const, keyRange: at(key), range: at(needle), value: str(needle, value) });
  const model = {
    file: 'gitlab.rb',
    format: 'omnibus',
    shape: 'gitlab_rb',
    env: null,
    externalUrl: null,
    settings: [],
    providers: [
      {
        definedBy: null,
        value: {
          kind: 'mapping',
          path: '',
          range: at('{ name'),
          entries: [
            entry('name', '"gitlab"', 'gitlab'),
            entry('app_id', '"id1"', 'id1'),
            entry('app_secret', '"s3cr3t"', 's3cr3t'),
            {
              key: 'args',
              keyStyle: 'symbol',
              keyRange: at('args'),
              range: at("{ client_secret: 'inner' }"),
              value: { kind: 'mapping', path: '', range: at("{ client_secret: 'inner' }"), entries: [entry('client_secret', "'inner'", 'inner')] },
            },
          ],
        },
      },
    ],
  } as unknown as OmniauthModel;

  it('masks secrets at any depth and keeps their quotes', () => {
    const masked = maskSecrets(text, model);
    expect(masked).toContain('app_secret: "********"');
    expect(masked).toContain("client_secret: '********'");
    expect(masked).toContain('app_id: "id1"');
    expect(masked).not.toContain('s3cr3t');
    expect(masked).not.toContain('inner');
  });

  it('the preview masks both sides unless --show-secrets', async () => {
    const after = text.replace('id1', 'id2');
    const shown = await diffPreview(text, after, { file: 'gitlab.rb', color: false, mask: { before: model, after: model } });
    expect(shown).not.toContain('s3cr3t');
    expect(shown).toContain('id2');
    const plain = await diffPreview(text, after, { file: 'gitlab.rb', color: false });
    expect(plain).toContain('s3cr3t');
  });
});

describe('secret masking in a real edit preview', () => {
  it('gitlab.rb: a secret written as a Ruby expression with the value in it is masked; an ENV lookup is shown', async () => {
    const { render } = await import('../edit/helpers.js');
    const text = `gitlab_rails['omniauth_providers'] = [\n  { name: "github", app_id: "a", app_secret: "gh-" + "plain-secret" },\n  { name: "saml", label: "SSO", args: { client_secret: ENV['SAML_SECRET'] } }\n]\n`;
    const result = await render(text, { name: 'github', label: 'GitHub' }, 'gitlab.rb');
    if (result.status !== 'ok') throw new Error(result.message);
    const masked = await diffPreview(result.before, result.after, { file: 'gitlab.rb', color: false, mask: { before: result.beforeModel, after: result.afterModel } });
    expect(masked).toContain('app_secret: "********", label: "GitHub"');
    expect(masked).not.toContain('plain-secret');
    expect(masked).toContain("client_secret: ENV['SAML_SECRET']");
  });

  it('gitlab.yml: the new secret and the file’s own are masked, ENV references shown', async () => {
    const { render, fixture } = await import('../edit/helpers.js');
    const text = fixture('block-providers.gitlab.yml').replace(`"<%= ENV['GITHUB_SECRET'] %>"`, '"gh-plain-secret"');
    const result = await render(text, { name: 'gitlab', appId: 'id-1', appSecret: 'new-plain-secret', arg: ['scope=api'] }, 'gitlab.yml');
    if (result.status !== 'ok') throw new Error(result.message);
    const masked = await diffPreview(result.before, result.after, { file: 'gitlab.yml', color: false, mask: { before: result.beforeModel, after: result.afterModel } });
    expect(masked).toContain('app_secret: "********"');
    expect(masked).toContain('id-1');
    expect(masked).not.toContain('new-plain-secret');
    expect(masked).not.toContain('gh-plain-secret');
  });

  it('gitlab.yml: a secret already in the file, in the context lines, is masked too', async () => {
    const { render, fixture } = await import('../edit/helpers.js');
    const text = fixture('block-providers.gitlab.yml').replace(`"<%= ENV['GITHUB_SECRET'] %>"`, '"gh-plain-secret"');
    const result = await render(text, { name: 'github', label: 'GitHub' }, 'gitlab.yml');
    if (result.status !== 'ok') throw new Error(result.message);
    const plain = await diffPreview(result.before, result.after, { file: 'gitlab.yml', color: false });
    expect(plain).toContain('gh-plain-secret');
    const masked = await diffPreview(result.before, result.after, { file: 'gitlab.yml', color: false, mask: { before: result.beforeModel, after: result.afterModel } });
    expect(masked).toContain(' app_secret: "********"');
    expect(masked).toContain('+        label: "GitHub"');
    expect(masked).not.toContain('gh-plain-secret');
  });
});
