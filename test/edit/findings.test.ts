import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { newFindings } from '../../src/edit/findings.js';
import { render } from './helpers.js';

/** A file with a problem the user did not ask to touch: `github` twice. */
const rb = [
  "gitlab_rails['omniauth_enabled'] = true",
  "gitlab_rails['omniauth_providers'] = [",
  "  { name: 'saml', label: 'Staff' },",
  "  { name: 'github', app_id: ENV['A'], app_secret: ENV['B'] },",
  "  { name: 'github', app_id: ENV['A'], app_secret: ENV['B'] }",
  ']',
  '',
].join('\n');

const yml = [
  'production:',
  '  omniauth:',
  '    enabled: true',
  '    providers:',
  '      - { name: saml, label: Staff }',
  "      - { name: github, app_id: <%= ENV['A'] %>, app_secret: <%= ENV['B'] %> }",
  "      - { name: github, app_id: <%= ENV['A'] %>, app_secret: <%= ENV['B'] %> }",
  '',
].join('\n');

describe('findings already in the file are not new when an edit moves them', () => {
  it.each([
    ['gitlab.rb', rb],
    ['gitlab.yml', yml],
  ])('%s: a setting inserted above a duplicate provider', async (file, text) => {
    const result = await render(text, { set: ['block_auto_created_users=true'] }, file);
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.after).not.toBe(text);
    expect(result.diagnostics.map((d) => d.rule)).toContain('duplicate-provider');
    expect(result.introduced).toEqual([]);
  });

  it.each([
    ['gitlab.rb', rb],
    ['gitlab.yml', yml],
  ])('%s: removing a provider before the duplicates shifts their index, not their identity', async (file, text) => {
    const result = await render(text, { remove: ['saml'] }, file);
    expect(result.status).toBe('ok');
    if (result.status === 'ok') expect(result.introduced).toEqual([]);
  });

  it('the same finding about another provider, or a second copy of one, is new', () => {
    const at = (path: string, line: number): Diagnostic => ({ rule: 'duplicate-provider', severity: 'error', message: `ignores the one at line ${line}`, file: 'f', range: null, path });
    const before = [at('omniauth.providers[1].name', 3)];
    expect(newFindings(before, [at('omniauth.providers[1].name', 9)])).toEqual([]);
    expect(newFindings(before, [at('omniauth.providers[2].name', 3)])).toHaveLength(1);
    expect(newFindings(before, [at('omniauth.providers[1].name', 3), at('omniauth.providers[1].name', 3)])).toHaveLength(1);
  });
});
