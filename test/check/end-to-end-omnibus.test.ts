/**
 * The checks on models the real gitlab.rb reader produces: positions are
 * Prism's (through SourceText), and the GitLab docs' own gitlab.rb snippets
 * pass with placeholder findings and the docs' `send_scope_to_token_endpoint:
 * "false"` (a string, which Ruby treats as true) only.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checked, findings } from './support/findings.js';

const SNIPPETS = new URL('../../../shared/corpus/snippets/', import.meta.url);

describe('gitlab.rb through the real reader', () => {
  test('each mistake at its line and column, multi-byte text before it', async () => {
    const text = [
      '# Zürich ✓ OmniAuth',
      "gitlab_rails['omniauth_provider'] = []",
      "gitlab_rails['omniauth_allow_single_sign_on'] = 'false'",
      "gitlab_rails['omniauth_external_providers'] = ['gitlab_com']",
      "gitlab_rails['omniauth_providers'] = [",
      '  {',
      '    "name" => "gitlab", # ✓',
      '    "app_id" => "YOUR_APP_ID",',
      '    "app_secret" => "0123456789abcdef",',
      '    "args" => "{ scope: \'api\' }"',
      '  }',
      ']',
      "gitlab_rails['omniauth_providers'] << { name: :gitlab, label: 3 }",
      '',
    ].join('\n');
    expect(await findings(text, 'gitlab.rb')).toEqual([
      '2:14 warning unknown-setting `omniauth_provider` is not an OmniAuth setting GitLab knows; it is ignored',
      '3:49 warning string-boolean `allow_single_sign_on` is the string `"false"`, which Ruby treats as true: write `false` without quotes',
      '4:48 warning unknown-provider-reference `external_providers` names `gitlab_com`, which is not a configured provider',
      '8:17 error placeholder-value `app_id` is still the placeholder `YOUR_APP_ID` from the docs',
      '9:21 info plaintext-secret `app_secret` is written in the file as plain text; read it from the environment instead',
      '10:15 error args-type `args` is a string that looks like a mapping: GitLab ignores it and the strategy gets none of these options',
      '13:47 error duplicate-provider provider `gitlab` is configured again: GitLab uses only this entry and ignores the one at line 7',
      '13:63 error schema `label` must be a string, not a whole number',
    ]);
  });

  test('a providers list quoted as a string is one finding', async () => {
    const text = "gitlab_rails['omniauth_providers'] = \"[{ name: 'github' }]\"\n";
    expect(await findings(text, 'gitlab.rb')).toEqual([
      '1:38 error providers-not-list `omniauth_providers` is a string, not a list: GitLab sees no providers',
    ]);
  });

  test('ENV values are never type errors or plain-text secrets', async () => {
    const text = "gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: ENV['ID'], app_secret: ENV.fetch('SECRET'), args: ARGS }]\n";
    expect(await findings(text, 'gitlab.rb')).toEqual([]);
  });
});

interface ManifestEntry {
  file: string;
  kind: string;
  ruby_syntax_ok?: boolean;
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', SNIPPETS), 'utf8')) as ManifestEntry[];
const rubySnippets = manifest.filter((e) => e.kind === 'omnibus' && e.file.endsWith('.rb') && e.ruby_syntax_ok === true);

describe('the GitLab docs gitlab.rb snippets', () => {
  test('there are gitlab.rb snippets to check', () => {
    expect(rubySnippets.length).toBeGreaterThan(50);
  });

  test('only placeholders and the docs\' string "false" are reported in every snippet that parses', async () => {
    const other: string[] = [];
    let parsed = 0;
    for (const { file } of rubySnippets) {
      const found = await checked(readFileSync(new URL(file, SNIPPETS), 'utf8'), file);
      if (found === null) continue;
      parsed++;
      const unexpected = found.filter((f) => !/ placeholder-value /.test(f) && !/ string-boolean `send_scope_to_token_endpoint` is the string `"false"`/.test(f));
      other.push(...unexpected.map((f) => `${file}:${f}`));
    }
    expect(parsed).toBeGreaterThan(50);
    expect(other).toEqual([]);
  });
});
