import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/edit/merge.js';
import { buildEditRequest } from '../../src/edit/provider-input.js';
import { applyEdits, type TextEdit } from '../../src/edit/text-edits.js';
import { verifyEdit } from '../../src/edit/verify.js';
import { readConfig } from '../../src/read/index.js';

const RB = `external_url 'https://gitlab.example.com'
nginx['listen_port'] = 443
gitlab_rails['omniauth_providers'] = [
  { name: "github", app_id: "gh" }
]
`;

async function check(text: string, edits: TextEdit[], format: 'omnibus' | 'source') {
  const file = format === 'omnibus' ? 'gitlab.rb' : 'gitlab.yml';
  const { model } = await readConfig(text, { file, format });
  const request = await buildEditRequest({ name: 'github', appId: 'new' });
  if (!request.ok) throw new Error(request.message);
  const merged = planMerge(model, request.value);
  if (!merged.ok) throw new Error(merged.message);
  return verifyEdit({ file, format, env: 'production', before: { text, model }, after: applyEdits(text, edits), edits, plan: merged.plan });
}

const at = (text: string, needle: string): { start: number; end: number } => {
  const start = text.indexOf(needle);
  return { start, end: start + needle.length };
};

describe('verification before a write', () => {
  it('accepts the intended edit', async () => {
    const result = await check(RB, [{ ...at(RB, '"gh"'), text: '"new"' }], 'omnibus');
    expect(result.ok).toBe(true);
  });

  it('rejects an edit that gives another value than intended', async () => {
    const result = await check(RB, [{ ...at(RB, '"gh"'), text: '"other"' }], 'omnibus');
    expect(result).toMatchObject({ ok: false, reasons: [expect.stringMatching(/provider 1 \('github'\) reads back differently/)] });
  });

  it('rejects an edit that also changes a statement outside the OmniAuth ones', async () => {
    const result = await check(RB, [{ ...at(RB, '"gh"'), text: '"new"' }, { ...at(RB, '443'), text: '8443' }], 'omnibus');
    expect(result).toMatchObject({
      ok: false,
      reasons: [expect.stringMatching(/statement at line 2 is not the same/), expect.stringMatching(/replaces text at line 2, outside the OmniAuth statements/)],
    });
  });

  it('rejects text that no longer parses', async () => {
    const result = await check(RB, [{ ...at(RB, '"gh" }'), text: '"new"' }], 'omnibus');
    expect(result).toMatchObject({ ok: false, reasons: [expect.stringMatching(/does not parse/)] });
  });

  it.each<[string, string, string, 'omnibus' | 'source', RegExp]>([
    ['gitlab.rb', `# Managed by hand\n${RB}`, '# Managed by hand', 'omnibus', /replaces text at line 1, outside the OmniAuth statements/],
    ['gitlab.yml', "# Managed by hand\nproduction:\n  omniauth:\n    providers:\n      - { name: 'github', app_id: 'gh' }\n", '# Managed by hand', 'source', /replaces text at line 1, outside production\.omniauth/],
  ])('%s: rejects an edit that also changes a comment outside the OmniAuth settings', async (_, text, comment, format, reason) => {
    const result = await check(text, [{ ...at(text, format === 'omnibus' ? '"gh"' : "'gh'"), text: format === 'omnibus' ? '"new"' : "'new'" }, { ...at(text, comment), text: '# changed' }], format);
    expect(result).toMatchObject({ ok: false, reasons: [expect.stringMatching(reason)] });
  });

  it('gitlab.yml: rejects a change outside <env>.omniauth', async () => {
    const yml = "production:\n  gitlab:\n    host: a.example.com\n  omniauth:\n    providers:\n      - { name: 'github', app_id: 'gh' }\n";
    const result = await check(yml, [{ ...at(yml, "'gh'"), text: "'new'" }, { ...at(yml, 'a.example.com'), text: 'b.example.com' }], 'source');
    expect(result).toMatchObject({
      ok: false,
      reasons: [expect.stringMatching(/keys outside production\.omniauth read differently/), expect.stringMatching(/replaces text at line 3, outside production\.omniauth/)],
    });
  });
});
