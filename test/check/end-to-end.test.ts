/**
 * The checks on models the real readers produce: positions are the reader's,
 * and the GitLab docs' own snippets must pass with nothing but placeholder
 * findings (and the docs' `send_scope_to_token_endpoint: "false"`, which really
 * is a string that Ruby treats as true).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { checked, findings } from './support/findings.js';

const SNIPPETS = new URL('../../../shared/corpus/snippets/', import.meta.url);

describe('gitlab.yml through the real reader', () => {
  test('each mistake at its line and column', async () => {
    const text = [
      'production: &base',
      '  omniauth:',
      '    enabled: "false"',
      '    allow_single_signon: ["saml"]',
      '    auto_sign_in_with_provider: google',
      '    providers:',
      "      - { name: 'google_oauth2', app_id: 'YOUR_APP_ID', app_secret: 'r3al-s3cr3t-v4lue', args: \"{ access_type: 'offline' }\" }",
      "      - { name: 'google_oauth2', label: 3 }",
      '',
    ].join('\n');
    expect(await findings(text, 'gitlab.yml')).toEqual([
      '3:14 warning string-boolean `enabled` is the string `"false"`, which Ruby treats as true: write `false` without quotes',
      '4:5 warning unknown-setting `allow_single_signon` is not an OmniAuth setting GitLab knows; it is ignored',
      '5:33 error unknown-provider-reference `auto_sign_in_with_provider` names `google`, which is not a configured provider: every sign-in is sent to it and fails, local sign-in is impossible',
      '7:42 error placeholder-value `app_id` is still the placeholder `YOUR_APP_ID` from the docs',
      '7:69 info plaintext-secret `app_secret` is written in the file as plain text; read it from the environment instead',
      "7:96 error args-type `args` is a string that looks like a mapping: GitLab ignores it and the strategy gets none of these options",
      '8:17 error duplicate-provider provider `google_oauth2` is configured again: GitLab uses only this entry and ignores the one at line 7',
      '8:41 error schema `label` must be a string, not a whole number',
    ]);
  });

  test('a value shared by two providers through an alias is reported once, where it is written', async () => {
    const text = [
      'google: &google',
      '  name: google_oauth2',
      "  app_id: 'YOUR_APP_ID'",
      "  app_secret: 'r3al-s3cr3t-v4lue'",
      'production:',
      '  omniauth:',
      '    providers:',
      '      - *google',
      '      - <<: *google',
      '        name: google_oauth2_second',
      "        args: { strategy_class: 'OmniAuth::Strategies::GoogleOauth2' }",
      '',
    ].join('\n');
    expect((await findings(text, 'gitlab.yml')).map((f) => f.split(' ').slice(0, 3).join(' '))).toEqual([
      '3:11 error placeholder-value',
      '4:15 info plaintext-secret',
    ]);
  });

  test('ERB values are never type errors or plain-text secrets', async () => {
    const text = [
      'production:',
      '  omniauth:',
      "    block_auto_created_users: <%= ENV['BLOCK'] %>",
      '    providers:',
      "      - { name: github, app_id: \"<%= ENV['GITHUB_ID'] %>\", app_secret: \"<%= ENV['GITHUB_SECRET'] %>\" }",
      '',
    ].join('\n');
    expect(await findings(text, 'gitlab.yml')).toEqual([]);
  });
});

interface ManifestEntry {
  file: string;
  kind: string;
  yaml_parse_ok?: boolean;
  ruby_syntax_ok?: boolean;
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', SNIPPETS), 'utf8')) as ManifestEntry[];
const yamlSnippets = manifest.filter((e) => (e.kind === 'source' || e.kind === 'helm') && e.file.endsWith('.yml') && e.yaml_parse_ok === true);

describe('the GitLab docs snippets', () => {
  test('there are gitlab.yml snippets to check', () => {
    expect(yamlSnippets.length).toBeGreaterThan(50);
  });

  test('only placeholders are reported in every snippet that parses', async () => {
    const other: string[] = [];
    let parsed = 0;
    for (const { file } of yamlSnippets) {
      // Some are accepted by eemeli/yaml but not by Psych (GitLab's parser): the reader reports those.
      const found = await checked(readFileSync(new URL(file, SNIPPETS), 'utf8'), file);
      if (found === null) continue;
      parsed++;
      other.push(...found.filter((f) => !/ placeholder-value /.test(f)).map((f) => `${file}:${f}`));
    }
    expect(parsed).toBeGreaterThan(50);
    expect(other).toEqual([]);
  });

  test('the GitHub example: both credentials are placeholders, at their values', async () => {
    const found = await findings(readFileSync(new URL('github-3.yml', SNIPPETS), 'utf8'), 'github-3.yml');
    expect(found).toEqual([
      '3:13 error placeholder-value `app_id` is still the placeholder `YOUR_APP_ID` from the docs',
      '4:17 error placeholder-value `app_secret` still holds a placeholder, not the real value',
    ]);
  });
});
