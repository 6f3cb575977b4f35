/**
 * Differential test against real Ruby: every gitlab.rb snippet and fixture
 * that Ruby accepts and that holds only literals is evaluated the way
 * `gitlab-ctl reconfigure` would (a `gitlab_rails` Hash whose providers
 * default to `[]`, an `external_url` method, every other top-level call
 * ignored), and Ruby's settings must equal what the reader's model says.
 *
 * Keys and symbols are compared as strings, as Chef hands them to GitLab.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nameForOmnibusKey } from '../../src/model/settings.js';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';

const RUBY = String.raw`
require 'json'

# nginx['x'] = ..., letsencrypt[...], roles [...]: accepted and ignored.
class Anything < BasicObject
  def method_missing(*_args, &_block) = self
  def respond_to_missing?(*) = true
end

class Omnibus
  attr_reader :rails, :url

  def initialize
    @rails = {}
    # Omnibus's default for the providers is an empty list, so '<<' works unassigned.
    @rails.default_proc = proc { |h, k| k.to_s == 'omniauth_providers' ? (h[k] = []) : nil }
    @url = nil
  end

  def gitlab_rails = @rails
  def external_url(url) = @url = url
  def method_missing(*_args, &_block) = Anything.new
  def respond_to_missing?(*) = true
end

# What GitLab sees after Chef: string keys and symbols as strings, all the way down.
def plain(value)
  case value
  when Hash then value.each_with_object({}) { |(k, v), h| h[k.to_s] = plain(v) }
  when Array then value.map { |v| plain(v) }
  when Symbol then value.to_s
  when Integer then value.abs < 2**53 ? value : value.to_s
  else value
  end
end

out = JSON.parse($stdin.read).map do |input|
  omnibus = Omnibus.new
  begin
    result = omnibus.instance_eval(input['text'], input['file'])
    settings = omnibus.rails.select { |k, _| k.to_s.start_with?('omniauth_') }.to_h { |k, v| [k.to_s, plain(v)] }
    { 'file' => input['file'], 'external_url' => omnibus.url, 'settings' => settings, 'value' => plain(result) }
  rescue Exception => e
    { 'file' => input['file'], 'error' => "#{e.class}: #{e.message}" }
  end
end
puts JSON.generate(out)
`;

interface ManifestEntry {
  file: string;
  kind: string;
  lang: string;
  ruby_syntax_ok?: boolean | null;
}

interface RubyResult {
  file: string;
  error?: string;
  external_url?: Json;
  settings?: { [key: string]: Json };
  value?: Json;
}

interface Input {
  file: string;
  text: string;
}

const snippets = new URL('../../../shared/corpus/snippets/', import.meta.url);
const fixtures = new URL('../../fixtures/omnibus/', import.meta.url);

function inputs(): Input[] {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', snippets), 'utf8')) as ManifestEntry[];
  const fromDocs = manifest
    .filter((e) => e.kind === 'omnibus' && e.ruby_syntax_ok === true && e.lang !== 'diff')
    .map((e) => ({ file: `snippets/${e.file}`, text: readFileSync(new URL(e.file, snippets), 'utf8') }));
  const ours = readdirSync(fixtures)
    .filter((f) => f.endsWith('.rb'))
    .map((f) => ({ file: `fixtures/omnibus/${f}`, text: readFileSync(new URL(f, fixtures), 'utf8') }));
  return [...fromDocs, ...ours];
}

function containsRuby(value: Json): boolean {
  if (Array.isArray(value)) return value.some(containsRuby);
  if (value !== null && typeof value === 'object') return '$ruby' in value || Object.values(value).some(containsRuby);
  return false;
}

/** Findings that mean the model is not the whole truth: then Ruby may rightly differ. */
const UNCERTAIN = new Set(['ruby-syntax', 'conditional-assignment', 'opaque-value']);

function literalOnly(json: ReturnType<typeof modelToJson>, diagnostics: Diagnostic[]): boolean {
  return !containsRuby(json.omniauth) && !containsRuby(json.external_url) && !diagnostics.some((d) => UNCERTAIN.has(d.rule));
}

/** Ruby's `gitlab_rails` settings under gitlab.yml names, as `show --json` prints them. */
function rubyOmniauth(settings: { [key: string]: Json }): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(settings)) {
    const path = nameForOmnibusKey(key).split('.');
    let target = out;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      const child: { [key: string]: Json } = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {};
      target[part] = child;
      target = child;
    }
    target[path.at(-1) ?? key] = value;
  }
  return out;
}

describe.skipIf(!oracleAvailable('ruby'))('the gitlab.rb reader agrees with Ruby', async () => {
  const candidates: Array<Input & { json: ReturnType<typeof modelToJson> }> = [];
  for (const input of inputs()) {
    const { model, diagnostics } = await readOmnibus(input.text, { file: input.file });
    const json = modelToJson(model, { showSecrets: true });
    if (literalOnly(json, diagnostics)) candidates.push({ ...input, json });
  }
  // Fragments (a provider, comma-separated providers) are Ruby expressions once in a list.
  const toRuby = (c: Input & { json: ReturnType<typeof modelToJson> }): Input =>
    c.json.shape === 'providers_list' && c.text.trimStart().replace(/^(#.*\n\s*)*/, '').startsWith('{')
      ? { file: c.file, text: `[\n${c.text}\n]` }
      : { file: c.file, text: c.text };
  const run = runRuby(RUBY, JSON.stringify(candidates.map(toRuby)));
  const results = new Map((run.status === 0 ? (JSON.parse(run.stdout) as RubyResult[]) : []).map((r) => [r.file, r]));

  it('evaluates the literal-only files in Ruby', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(candidates.length).toBeGreaterThanOrEqual(70);
    const ours = readdirSync(fixtures).filter((f) => f.endsWith('.rb') && f !== 'env-secrets.rb');
    expect(candidates.map((c) => c.file)).toEqual(expect.arrayContaining(ours.map((f) => `fixtures/omnibus/${f}`)));
  });

  it.each(candidates.map((c) => [c.file, c] as const))('%s', (file, candidate) => {
    const ruby = results.get(file);
    expect(ruby?.error).toBeUndefined();
    const { json } = candidate;
    if (json.shape === 'gitlab_rb') {
      expect(json.external_url).toEqual(ruby?.external_url ?? null);
      expect(json.omniauth).toEqual(rubyOmniauth(ruby?.settings ?? {}));
    } else if (json.shape === 'provider') {
      expect(json.omniauth.providers).toEqual([ruby?.value]);
    } else if (json.shape === 'providers_list') {
      expect(json.omniauth.providers).toEqual(ruby?.value);
    } else {
      expect(ruby?.settings).toEqual({});
    }
  });
});
