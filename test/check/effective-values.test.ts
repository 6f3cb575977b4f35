/**
 * Checks read a setting the way GitLab ends up with it: appends folded in,
 * the last of a repeated key.
 */
import { describe, expect, it } from 'vitest';
import { envVariableOf } from '../../src/edit/plain-ops.js';
import { validateText } from '../../src/validate.js';

describe('checks see the effective value', () => {
  it('open-signup sees a public provider appended to allow_single_sign_on', async () => {
    const text = [
      "external_url 'https://gitlab.example.com'",
      "gitlab_rails['omniauth_block_auto_created_users'] = false",
      "gitlab_rails['omniauth_allow_single_sign_on'] = []",
      "gitlab_rails['omniauth_allow_single_sign_on'] << 'github'",
      "gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: ENV['ID'], app_secret: ENV['SECRET'] }]",
      '',
    ].join('\n');
    const { diagnostics } = await validateText(text, { file: 'gitlab.rb' });
    expect(diagnostics.map((d) => d.rule)).toContain('open-signup');
  });
});

describe('ENV references', () => {
  it.each([
    ["ENV['X']", 'X'],
    ['ENV.fetch("X")', 'X'],
    ["<%= ENV['X'] %>", 'X'],
    ["<%= ENV['X'] -%>", 'X'],
    ["<%= ENV['X']", null],
    ["ENV['X'] %>", null],
    ["ENV['X'] + 'y'", null],
  ])('%s reads variable %s', (source, variable) => {
    expect(envVariableOf(source)).toBe(variable);
  });
});
