/**
 * Differential test against real Ruby: what GitLab's loader makes of a
 * gitlab.yml (ERB, then `YAML.unsafe_load` as ActiveSupport::ConfigurationFile
 * does, then `deep_stringify_keys`) must equal our model as JSON, settings and
 * providers alike, and the external URL built the way config/initializers/
 * 1_settings.rb builds it. Run on every gitlab.yml/Helm docs snippet, the real
 * gitlab.yml.example and our fixtures that Psych accepts and that have no ERB
 * (ERB output depends on the environment of the machine).
 */
import { readFileSync, readdirSync } from 'node:fs';
import fc from 'fast-check';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import type { OmniauthModel } from '../../src/model/types.js';
import { helmKeyToGitlabYml, isCamelCase } from '../../src/read/source/helm.js';
import { readSource } from '../../src/read/source/reader.js';
import { hasProgram, oracleAvailable, runRuby } from '../support/oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.resolve(here, '../../../shared/corpus');
const fixtures = path.resolve(here, '../../fixtures/source');

interface Case {
  name: string;
  text: string;
  env?: string;
}

function cases(): Case[] {
  const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
  const snippets = manifest
    .filter((e) => e.kind === 'source' || e.kind === 'helm')
    .map((e) => ({ name: `snippets/${e.file}`, text: readFileSync(path.join(corpus, 'snippets', e.file), 'utf8') }));
  const example = readFileSync(path.join(corpus, 'source/gitlab.yml.example'), 'utf8');
  const examples = ['production', 'test', 'development', 'staging'].map((env) => ({ name: `gitlab.yml.example --env ${env}`, text: example, env }));
  const ours = readdirSync(fixtures).flatMap((f) => {
    const text = readFileSync(path.join(fixtures, f), 'utf8');
    return ['production', 'staging', 'test'].map((env) => ({ name: `fixtures/source/${f} --env ${env}`, text, env }));
  });
  return [...snippets, ...examples, ...ours].filter((c) => !c.text.includes('<%'));
}

/** Loads each text as GitLab does and prints the stringified document (or the Psych error) as JSON. */
const PSYCH_LOADER = String.raw`
require 'json'
require 'yaml'
require 'erb'

def stringify_keys(o)
  case o
  when Hash then o.each_with_object({}) { |(k, v), h| h[k.to_s] = stringify_keys(v) }
  when Array then o.map { |v| stringify_keys(v) }
  else o
  end
end

# config/initializers/1_settings.rb: build_gitlab_url
def gitlab_url(g)
  return nil unless g.is_a?(Hash) && g['host']
  https = g['https'] ? true : false
  port = g['port'] || (https ? 443 : 80)
  url = "#{https ? 'https' : 'http'}://#{g['host']}"
  url += ":#{port}" unless port.to_i == (https ? 443 : 80)
  url + (g['relative_url_root'] || '').to_s
end

results = JSON.parse($stdin.read).map do |c|
  begin
    doc = stringify_keys(YAML.unsafe_load(ERB.new(c['text']).result) || {})
    section = doc.is_a?(Hash) ? (doc[c['env']] || doc) : nil
    url = section.is_a?(Hash) ? gitlab_url(section['gitlab']) : nil
    { 'doc' => JSON.parse(JSON.generate(doc)), 'url' => url }
  rescue Psych::Exception => e
    { 'psych_error' => e.message }
  rescue JSON::GeneratorError, JSON::NestingError, SystemStackError, StandardError => e
    { 'unrepresentable' => "#{e.class}: #{e.message}" }
  end
end
puts JSON.generate(results)
`;

type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** A chart item `{secret: ...}` is a reference to a Kubernetes secret; the model leaves it out of providers. */
function isSecretReference(v: Json): boolean {
  return isObject(v) && 'secret' in v && !('name' in v) && Object.keys(v).every((k) => k === 'secret' || k === 'key');
}

/** The part of Psych's document that our model describes, found by the shape the reader detected. */
function psychOmniauth(doc: Json, model: OmniauthModel): JsonObject {
  const section = (v: Json | undefined): JsonObject => (isObject(v) ? v : {});
  const withProviders = (providers: Json): JsonObject => ({ providers: Array.isArray(providers) ? providers.filter((p) => !isSecretReference(p)) : providers });
  switch (model.shape) {
    case 'provider':
      return withProviders([doc]);
    case 'providers_list':
      return withProviders(doc);
    case 'empty':
      return {};
    case 'gitlab_yml':
    case 'omniauth_section': {
      const root = section(doc);
      const helm = section(section(section(root.global).appConfig).omniauth);
      const omniauth = model.env ? section(section(root[model.env]).omniauth) : Object.keys(helm).length > 0 ? helm : section(root.omniauth);
      const out: JsonObject = {};
      for (const [key, value] of Object.entries(omniauth)) {
        // The chart writes its camelCase keys into gitlab.yml under snake_case names (DOMAIN.md §6).
        out[isCamelCase(key) ? helmKeyToGitlabYml(key) : key] = key === 'providers' ? (withProviders(value).providers ?? null) : value;
      }
      return out;
    }
    default:
      return {};
  }
}

describe.skipIf(!oracleAvailable('ruby'))('gitlab.yml as Psych reads it (differential)', () => {
  const all = cases();
  // Collected even when skipped: run Ruby only where it exists.
  const r = hasProgram('ruby')
    ? runRuby(PSYCH_LOADER, JSON.stringify(all.map((c) => ({ text: c.text, env: c.env ?? 'production' }))))
    : { status: null, stdout: '[]', stderr: '' };
  const results = JSON.parse(r.stdout || '[]') as Array<{ doc?: Json; url?: string | null; psych_error?: string; unrepresentable?: string }>;

  it('runs Ruby on every case', () => {
    expect(r.stderr).toBe('');
    expect(results).toHaveLength(all.length);
    // Most of the corpus is valid YAML: the comparison must not quietly shrink to nothing.
    expect(results.filter((x) => x.doc !== undefined).length).toBeGreaterThan(100);
  });

  const accepted = all.map((c, i) => [c.name, c, results[i]] as const).filter(([, , res]) => res?.doc !== undefined);

  it.each(accepted)('%s', (_name, c, res) => {
    const { model, diagnostics } = readSource(c.text, { file: c.name, ...(c.env ? { env: c.env } : {}) });
    // Psych loads it, so the reader must not call it broken (indentation GitLab tolerates is a warning).
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const ours = modelToJson(model, { showSecrets: true });
    expect(ours.omniauth).toEqual(psychOmniauth(res?.doc ?? null, model));
    if (model.shape === 'gitlab_yml' && model.env) expect(ours.external_url).toEqual(res?.url ?? null);
  });

  it('rejects what the reader reports as a YAML error', () => {
    const rejected = all.map((c, i) => [c, results[i]] as const).filter(([, res]) => res?.psych_error !== undefined);
    expect(rejected.length).toBeGreaterThan(0);
    for (const [c] of rejected) {
      const { diagnostics } = readSource(c.text, { file: c.name });
      expect(diagnostics.filter((d) => d.rule === 'yaml-syntax' && d.severity === 'error').length, c.name).toBeGreaterThan(0);
    }
  });
});

/**
 * The same comparison on the docs snippets with one typo each (a bracket,
 * quote, colon, line break... added or lost): where libyaml and the `yaml`
 * parser disagree about what is valid, the reader must side with GitLab.
 */
describe.skipIf(!oracleAvailable('ruby'))('snippets with a typo: the reader agrees with Psych', () => {
  const manifest = JSON.parse(readFileSync(path.join(corpus, 'snippets/manifest.json'), 'utf8')) as Array<{ file: string; kind: string }>;
  const texts = manifest
    .filter((e) => e.kind === 'source' || e.kind === 'helm')
    .map((e) => readFileSync(path.join(corpus, 'snippets', e.file), 'utf8'));
  const TYPOS = ['{', '}', '[', ']', ',', ':', "'", '"', '#', '-', '\t', '\n', '  ', '=>', '&a ', '*a', '...', ' ', 'x'];
  const samples = fc
    .sample(fc.record({ text: fc.constantFrom(...texts), at: fc.nat(), remove: fc.nat({ max: 2 }), insert: fc.constantFrom(...TYPOS) }), {
      numRuns: 1500,
      seed: 7,
    })
    .map(({ text, at, remove, insert }) => {
      const p = at % (text.length + 1);
      return text.slice(0, p) + insert + text.slice(p + remove);
    });
  const r = hasProgram('ruby')
    ? runRuby(PSYCH_LOADER, JSON.stringify(samples.map((text) => ({ text, env: 'production' }))))
    : { status: null, stdout: '[]', stderr: '' };
  const results = JSON.parse(r.stdout || '[]') as Array<{ doc?: Json; psych_error?: string }>;

  it('agrees on which files load, and on what the loaded ones hold', () => {
    expect(results).toHaveLength(samples.length);
    const disagree: string[] = [];
    const differ: string[] = [];
    samples.forEach((text, i) => {
      const res = results[i];
      const { model, diagnostics } = readSource(text, { file: 'typo.yml' });
      const errors = diagnostics.filter((d) => d.severity === 'error' && d.rule === 'yaml-syntax');
      if ((res?.doc !== undefined) === (errors.length > 0)) disagree.push(`${res?.psych_error ?? 'Psych loads it'}\n${text}`);
      // A key with a dot (`en...bled`, from a typo) reads as nested in the model's dotted setting names.
      else if (res?.doc !== undefined && !Object.keys(psychOmniauth(res.doc, model)).some((k) => k.includes('.'))) {
        const ours = JSON.stringify(modelToJson(model, { showSecrets: true }).omniauth);
        const theirs = JSON.stringify(psychOmniauth(res.doc, model));
        if (!isDeepStrictEqualJson(ours, theirs)) differ.push(`ours ${ours}\npsych ${theirs}\n${text}`);
      }
    });
    // libyaml quirks left (a stray `]` or `...` line it skips): under 1 in 100.
    expect(disagree.length, disagree.slice(0, 5).join('\n----\n')).toBeLessThan(samples.length / 100);
    expect(differ, differ.slice(0, 10).join('\n----\n')).toEqual([]);
  });
});

function isDeepStrictEqualJson(a: string, b: string): boolean {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => (x < y ? -1 : 1)).map(([k, x]) => [k, sort(x)])) : v;
  return JSON.stringify(sort(JSON.parse(a))) === JSON.stringify(sort(JSON.parse(b)));
}
