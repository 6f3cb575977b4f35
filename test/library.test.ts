/**
 * The library entry point: what a program that embeds gitlab-omniauth uses.
 */
import { describe, expect, it } from 'vitest';
import { modelToJson, renderEdit, validateText } from '../src/index.js';

describe('library API', () => {
  it('validates text and returns the model with positioned findings', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'gitlab', app_id: 'YOUR_APP_ID', app_secret: ENV['S'] }]\n";
    const { model, diagnostics } = await validateText(text, { file: 'gitlab.rb' });
    expect(modelToJson(model).omniauth.providers).toEqual([{ name: 'gitlab', app_id: 'YOUR_APP_ID', app_secret: { $ruby: "ENV['S']" } }]);
    const placeholder = diagnostics.find((d) => d.rule === 'placeholder-value');
    expect(placeholder?.range?.start).toMatchObject({ line: 1, column: 1 + text.indexOf("'YOUR_APP_ID'") });
  });

  it('edits a file in memory with renderEdit', async () => {
    const before = "external_url 'https://gitlab.example.com'\n";
    const result = await renderEdit(
      before,
      {
        upserts: [
          {
            entry: {
              kind: 'mapping',
              entries: [
                { key: 'name', value: { kind: 'string', value: 'github' } },
                { key: 'app_id', value: { kind: 'string', value: 'abc' } },
                { key: 'app_secret', value: { kind: 'env', variable: 'GITHUB_SECRET' } },
              ],
            },
            replace: false,
          },
        ],
        removals: [],
        settings: [],
      },
      { file: 'gitlab.rb' },
    );
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after.startsWith(before)).toBe(true);
    expect(result.after).toContain("app_secret: ENV['GITHUB_SECRET']");
  });
});
