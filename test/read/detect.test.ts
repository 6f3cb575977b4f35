/**
 * Which reader a file gets: `validate` takes files of both formats in one
 * call, and stdin or a Helm secret key has no telling name.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectFormat, readConfig } from '../../src/read/index.js';

describe('detectFormat', () => {
  it.each([
    ['gitlab.rb', 'production:\n  omniauth: {}\n', 'omnibus'],
    ['/etc/gitlab/GITLAB.RB', '', 'omnibus'],
    ['gitlab.yml', "gitlab_rails['omniauth_enabled'] = true\n", 'source'],
    ['values.yaml', '', 'source'],
    ['provider.json', '{ "name": "saml" }', 'source'],
  ])('the name decides when it says: %s', (file, text, format) => {
    expect(detectFormat(file, text)).toBe(format);
  });

  it.each([
    ["gitlab_rails['omniauth_enabled'] = true\n", 'omnibus'],
    ["gitlab_rails['omniauth_providers'] << { name: 'github' }\n", 'omnibus'],
    ["gitlab_rails['omniauth_providers'].push({ name: 'github' })\n", 'omnibus'],
    ["external_url 'https://gitlab.example.com'\n", 'omnibus'],
    ['{ "name" => "github", "app_id" => "x" }\n', 'omnibus'],
    ["{ name: 'github', app_id: 'x' }\n", 'source'],
    ['production:\n  omniauth:\n    enabled: true\n', 'source'],
    ['- { name: github }\n', 'source'],
    ['{\n  "name": "saml"\n}\n', 'source'],
    ["# gitlab_rails['omniauth_enabled'] = true\nomniauth:\n  enabled: true\n", 'source'],
    ['', 'source'],
  ])('otherwise the content: %j is %s', (text, format) => {
    expect(detectFormat('-', text)).toBe(format);
  });
});

describe('readConfig', () => {
  it('reads with the detected reader, or the one --format forces', async () => {
    const ruby = "gitlab_rails['omniauth_enabled'] = true\n";
    expect((await readConfig(ruby, { file: '-' })).model).toMatchObject({ format: 'omnibus', settings: [{ name: 'enabled' }] });
    expect((await readConfig(ruby, { file: '-', format: 'source' })).model.format).toBe('source');
  });

  it('passes --env on to the gitlab.yml reader', async () => {
    const text = 'production:\n  omniauth:\n    enabled: true\ntest:\n  omniauth:\n    enabled: false\n';
    const { model } = await readConfig(text, { file: 'gitlab.yml', env: 'test' });
    expect(model).toMatchObject({ env: 'test', settings: [{ name: 'enabled', value: { kind: 'boolean', value: false } }] });
  });
});

describe('detectFormat: indentation patterns', () => {
  /** Detection as written with `^\s*` (which also spans blank lines, at quadratic cost): the reference. */
  function detectWithSpanningIndent(text: string): 'omnibus' | 'source' {
    const code = text.replace(/^\s*#.*$/gm, '');
    const signs = [/^\s*[a-z_]+\[['"][^'"]+['"]\]\s*(=|<<|\.)/m, /^\s*external_url\b/m, /['":\w]\s*=>\s*/];
    return signs.some((sign) => sign.test(code)) ? 'omnibus' : 'source';
  }

  const piece = fc.constantFrom('\n', '\r\n', '\r', ' ', '\t', '\v', '\u2028', '#', '# x', 'external_url', "gitlab_rails['a'] = 1", "x['b'] << 2", 'a: 1', 'k =>', '"k"=> 1', '- item', 'x');

  it('finds the same signs as `^\\s*` did, on any mix of blank lines, comments and code', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        expect(detectFormat('stdin', text)).toBe(detectWithSpanningIndent(text));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isChartValues', () => {
  it('knows Helm chart values by a top-level global: or the file name, never a gitlab.yml or a Secret', async () => {
    const { isChartValues } = await import('../../src/read/detect.js');
    expect(isChartValues('anything.yml', 'global:\n  hosts: {}\n')).toBe(true);
    expect(isChartValues('deploy/values-production.yaml', '')).toBe(true);
    expect(isChartValues('config/gitlab.yml', 'production:\n  omniauth: {}\n')).toBe(false);
    expect(isChartValues('values.yaml', 'apiVersion: v1\nkind: Secret\n')).toBe(false);
  });
});
