/**
 * Fresh output should look like what GitLab itself ships: provider entries of
 * the real gitlab.yml.example (its `test:` section) and the example of
 * gitlab.rb.template, re-rendered from their values, are byte for byte the
 * same lines.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlainValue } from '../../src/model/plain.js';
import { rubyLiteral } from '../../src/render/ruby-literal.js';
import { DOCS_YAML_STYLE, yamlItem } from '../../src/render/yaml-literal.js';

const example = readFileSync(new URL('../../../shared/corpus/source/gitlab.yml.example', import.meta.url), 'utf8');

/** The `- { name: 'NAME', ... }` item of the active `test:` providers list, as its lines. */
function exampleItem(name: string): string {
  const lines = example.split('\n');
  const testSection = lines.indexOf('test:');
  const start = lines.findIndex((l, i) => i > testSection && l.startsWith(`      - { name: '${name}'`));
  if (start < 0) throw new Error(`no ${name} provider in gitlab.yml.example`);
  let end = start;
  while (!/}\s*$/.test(lines[end] ?? '') || depth(lines.slice(start, end + 1).join('\n')) !== 0) end++;
  return lines.slice(start, end + 1).join('\n');
}

function depth(text: string): number {
  return [...text].reduce((d, c) => d + (c === '{' ? 1 : c === '}' ? -1 : 0), 0);
}

function plain(value: unknown): PlainValue {
  if (typeof value === 'string') return { kind: 'string', value };
  if (typeof value === 'boolean') return { kind: 'boolean', value };
  if (value === null) return { kind: 'null' };
  if (Array.isArray(value)) return { kind: 'array', items: value.map(plain) };
  if (typeof value === 'object') {
    return { kind: 'mapping', entries: Object.entries(value as Record<string, unknown>).map(([key, v]) => ({ key, value: plain(v) })) };
  }
  throw new Error(`unexpected ${typeof value}`);
}

describe('provider items in the gitlab.yml.example style', () => {
  it.each(['alicloud', 'bitbucket', 'gitlab', 'google_oauth2', 'openid_connect'])('%s renders exactly as gitlab.yml.example writes it', (name) => {
    const original = exampleItem(name);
    const value = plain((parse(original) as unknown[])[0]);
    expect(yamlItem(value, DOCS_YAML_STYLE, '      ')).toBe(original);
  });
});

describe('provider lists in the gitlab.rb.template style', () => {
  it('the commented-out example of gitlab.rb.template renders exactly as written there', () => {
    const template = readFileSync(new URL('../../../shared/corpus/omnibus/gitlab.rb.template', import.meta.url), 'utf8').split('\n');
    const start = template.findIndex((l) => l.startsWith("# gitlab_rails['omniauth_providers'] = ["));
    const end = template.findIndex((l, i) => i > start && l === '# ]');
    const original = template.slice(start, end + 1).map((l) => l.replace(/^# ?/, '')).join('\n');
    const google: PlainValue = plain({
      name: 'google_oauth2',
      app_id: 'YOUR APP ID',
      app_secret: 'YOUR APP SECRET',
      args: { access_type: 'offline', approval_prompt: '' },
    });
    const literal = rubyLiteral({ kind: 'array', items: [google] }, { keys: 'string', quote: 'double', multiline: true, indentUnit: '  ' });
    expect(`gitlab_rails['omniauth_providers'] = ${literal}`).toBe(original);
  });
});
