/**
 * Every gitlab.rb snippet of the GitLab docs that Ruby accepts can be edited
 * in place: a provider added, the documented provider updated (nested args
 * included) or removed, a setting added. Each edit passes verification (read
 * back, intended values, everything else byte-identical) and is idempotent.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ProviderFlags } from '../../src/edit/provider-input.js';
import { render } from './helpers.js';

interface SnippetEntry {
  file: string;
  lang: string;
  kind: string;
  ruby_syntax_ok: boolean | null;
  providers: string[];
}

const dir = new URL('../../../shared/corpus/snippets/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', dir), 'utf8')) as SnippetEntry[];
const rubySnippets = manifest.filter((s) => s.lang === 'ruby' && s.kind === 'omnibus' && s.ruby_syntax_ok === true);

function operations(snippet: SnippetEntry): Array<[string, ProviderFlags]> {
  const documented = snippet.providers[0] ?? 'none';
  return [
    ['add a provider', { name: 'added_provider', appId: 'a', appSecretEnv: 'ADDED_SECRET', arg: ['scope=x', 'client_options.site=https://sso.example.com'] }],
    ['update the documented provider', { name: documented, label: 'New label', arg: ['extra=1', 'client_options.extra=2'] }],
    ['remove the documented provider', { remove: [documented] }],
    ['add settings', { set: ['block_auto_created_users=true', `allow_single_sign_on=${documented}`] }],
  ];
}

describe('editing the docs’ gitlab.rb snippets', () => {
  it('there are snippets to edit', () => {
    expect(rubySnippets.length).toBeGreaterThan(80);
  });

  it.each(rubySnippets.map((s) => [s.file, s] as const))('%s', async (file, snippet) => {
    const text = readFileSync(fileURLToPath(new URL(file, dir)), 'utf8');
    for (const [what, flags] of operations(snippet)) {
      const first = await render(text, flags, 'gitlab.rb');
      expect({ what, status: first.status, why: first.status === 'refused' ? [first.message, ...first.reasons] : [] }).toEqual({ what, status: 'ok', why: [] });
      if (first.status !== 'ok') continue;
      const again = await render(first.after, flags, 'gitlab.rb');
      expect({ what, edits: again.status === 'ok' ? again.edits.length : -1 }).toEqual({ what, edits: 0 });
    }
  });
});
