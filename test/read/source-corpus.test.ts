/**
 * The gitlab.yml reader on real GitLab material, used in place from
 * ../shared/corpus: the shipped gitlab.yml.example and every gitlab.yml or
 * Helm snippet of the OmniAuth docs.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/to-json.js';
import type { ConfigValue } from '../../src/model/types.js';
import { readSource } from '../../src/read/source/reader.js';

const corpus = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/corpus');

interface ManifestEntry {
  file: string;
  kind: string;
  lang: string;
  providers: string[];
  yaml_parse_ok?: boolean | null;
  note: string;
}

const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8')) as ManifestEntry[];
const yamlSnippets = manifest.filter((e) => e.kind === 'source' || e.kind === 'helm');

function snippet(file: string): string {
  return readFileSync(path.join(corpus, 'snippets', file), 'utf8');
}

function providerName(value: ConfigValue): string | null {
  if (value.kind !== 'mapping') return null;
  const name = [...value.entries].reverse().find((e) => e.key === 'name')?.value;
  return name && (name.kind === 'string' || name.kind === 'symbol') ? name.value : null;
}

describe('gitlab.yml.example', () => {
  const text = readFileSync(path.join(corpus, 'source/gitlab.yml.example'), 'utf8');

  it('production: the general settings it sets, no active provider, no findings', () => {
    const { model, diagnostics } = readSource(text, { file: 'gitlab.yml' });
    expect(diagnostics).toEqual([]);
    expect(model.shape).toBe('gitlab_yml');
    expect(model.env).toBe('production');
    expect(model.externalUrl?.url).toBe('http://localhost');
    expect(model.externalUrl?.range.start.line).toBe(35);
    expect(model.settings.map((s) => [s.name, s.known])).toEqual([
      ['allow_single_sign_on', true],
      ['block_auto_created_users', true],
      ['auto_link_ldap_user', true],
      ['auto_link_saml_user', true],
      ['saml_message_max_byte_size', true],
      ['auto_link_user', true],
      ['external_providers', true],
      ['allow_bypass_two_factor', true],
      ['providers', true],
    ]);
    // `providers:` with only commented-out entries under it is nil in Psych: no list.
    expect(model.providers).toBeNull();
    expect(model.settings.find((s) => s.name === 'providers')?.value.kind).toBe('null');
    expect(modelToJson(model).omniauth).toMatchObject({ allow_single_sign_on: ['saml'], saml_message_max_byte_size: 250000 });
  });

  it('--env test: the ten providers of the test section, each at its line', () => {
    const { model, diagnostics } = readSource(text, { file: 'gitlab.yml', env: 'test' });
    expect(diagnostics).toEqual([]);
    expect(model.providers?.map((p) => providerName(p.value))).toEqual([
      'alicloud',
      'github',
      'bitbucket',
      'gitlab',
      'google_oauth2',
      'jwt',
      'auth0',
      'salesforce',
      'atlassian_oauth2',
      'openid_connect',
    ]);
    expect(model.providers?.[0]?.value.range.start.line).toBe(1662);
    expect(model.settings.map((s) => s.name)).toEqual(['allow_single_sign_on', 'external_providers', 'providers']);
    expect(model.externalUrl?.url).toBe('http://localhost');
  });

  it('--env staging: everything from production through the merge key', () => {
    const staging = readSource(text, { file: 'gitlab.yml', env: 'staging' });
    const production = readSource(text, { file: 'gitlab.yml' });
    expect(staging.model.settings).toEqual(production.model.settings);
  });
});

/**
 * Where each snippet that the docs publish broken has its mistake, decided by
 * reading it (the manifest's note quotes where the parser got stuck instead).
 */
const MISTAKES: Record<string, number[]> = {
  // The `{` of `- { name: 'gitlab',` is never closed: the snippet ends without `}`.
  'gitlab-3.yml': [4],
  'gitlab-4.yml': [5],
  // The closing `}` sits at column 5, left of the list item's `-` (column 6). GitLab (libyaml) accepts it.
  'oidc-20.yml': [24],
  'oidc-22.yml': [24],
  'oidc-24.yml': [24],
  'oidc-26.yml': [24],
  // No comma after `name: '...'`, then a `...` elision.
  'omniauth-19.yml': [3, 5],
  'legacy/omniauth@04d4cf89-17.yml': [3, 5],
  // A `...` elision line in a block mapping.
  'saml-16.yml': [7],
  'saml-17.yml': [7],
  // No comma after `label: 'Provider 1'` / `label: 'Provider 2'`.
  'saml-22.yml': [6, 16],
  // No comma after `name_identifier_format: '...'`.
  'saml-48.yml': [11],
};

/**
 * Snippets the `yaml` library accepts but GitLab's Psych rejects: a `...`
 * line inside `{ }` without a comma, which `yaml` reads as part of the next key.
 */
const PSYCH_MISTAKES: Record<string, number[]> = {
  'omniauth-6.yml': [2, 6, 10],
  'legacy/omniauth@04d4cf89-4.yml': [2, 6, 10],
};

/** The docs' stand-ins for a name, which the manifest does not count as providers. */
const PLACEHOLDER_NAME = /^([A-Z_]+|\.\.\.)$/;

describe('docs snippets (gitlab.yml and Helm)', () => {
  it('covers every snippet the manifest marks as not parsing', () => {
    const broken = yamlSnippets.filter((e) => e.yaml_parse_ok === false).map((e) => e.file);
    expect(broken.sort()).toEqual(Object.keys(MISTAKES).sort());
  });

  it.each(yamlSnippets.map((e) => [e.file, e] as const))('%s reads without a crash', (file) => {
    const r = readSource(snippet(file), { file });
    expect(r.model.format).toBe('source');
    for (const d of r.diagnostics) {
      expect(d.message).not.toMatch(/\n/);
      expect(d.range).not.toBeNull();
    }
  });

  it.each(Object.entries({ ...MISTAKES, ...PSYCH_MISTAKES }))('%s: one syntax finding at each mistake', (file, lines) => {
    const r = readSource(snippet(file), { file });
    const syntax = r.diagnostics.filter((d) => d.rule === 'yaml-syntax');
    expect(syntax.map((d) => d.range?.start.line)).toEqual(lines);
    for (const d of syntax) expect(d.hint).toBeTruthy();
  });

  const withProviders = yamlSnippets.filter(
    (e) => e.yaml_parse_ok !== false && e.lang !== 'diff' && /(^|[\s{,-])["']?name["']?\s*:/m.test(snippet(e.file)),
  );

  it('finds provider entries in the snippets that define them', () => {
    expect(withProviders.length).toBeGreaterThan(50);
  });

  it.each(withProviders.map((e) => [e.file, e] as const))('%s yields its providers', (file, entry) => {
    const r = readSource(snippet(file), { file });
    if (!(file in PSYCH_MISTAKES)) expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const names = (r.model.providers ?? []).map((p) => providerName(p.value));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name).not.toBeNull();
      if (!PLACEHOLDER_NAME.test(name ?? '')) expect(entry.providers).toContain(name);
    }
  });
});
