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
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nameForOmnibusKey } from '../../src/model/settings.js';
import { modelToJson, type Json } from '../../src/model/to-json.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';

const RUBY = String.raw`
require 'json'
$VERBOSE = nil # duplicate literal keys are the reader's finding, not noise on stderr

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
    // Every fixture without ENV lookups is literal-only: a finding that drops one from the comparison is a reader bug.
    const ours = readdirSync(fixtures).filter((f) => f.endsWith('.rb') && !readFileSync(new URL(f, fixtures), 'utf8').includes('ENV['));
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

/**
 * Generated providers: random literal values written in every Ruby style the
 * reader accepts (quotes, escapes, symbols, integer bases, floats, key
 * styles, duplicate keys, comments, trailing commas).
 */
type Generated =
  | { t: 'string'; v: string; style: number }
  | { t: 'symbol'; v: string }
  | { t: 'integer'; v: bigint; style: number }
  | { t: 'float'; v: number }
  | { t: 'literal'; v: 'true' | 'false' | 'nil' }
  | { t: 'array'; items: Generated[]; trailing: boolean }
  | { t: 'hash'; entries: Array<{ key: string; style: number; value: Generated }>; trailing: boolean };

const word = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/);
const text = fc.oneof(word, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.constantFrom('#{x}', '#@x', "it's", 'a\\b', 'tab\tend', 'ü✓🚀', ''));
const { value: generated } = fc.letrec<{ value: Generated }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ t: fc.constant('string' as const), v: text, style: fc.nat(1) }),
    fc.record({ t: fc.constant('symbol' as const), v: fc.oneof(word, text) }),
    fc.record({ t: fc.constant('integer' as const), v: fc.bigInt(-(2n ** 70n), 2n ** 70n), style: fc.nat(4) }),
    fc.record({ t: fc.constant('float' as const), v: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)) }),
    fc.record({ t: fc.constant('literal' as const), v: fc.constantFrom('true' as const, 'false' as const, 'nil' as const) }),
    fc.record({ t: fc.constant('array' as const), items: fc.array(tie('value'), { maxLength: 4 }), trailing: fc.boolean() }),
    fc.record({
      t: fc.constant('hash' as const),
      entries: fc.array(fc.record({ key: fc.oneof(word, word, text), style: fc.nat(4), value: tie('value') }), { maxLength: 4 }),
      trailing: fc.boolean(),
    }),
  ),
}));

function rubyString(value: string, style: number): string {
  if (style === 0) return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  const escaped = [...value]
    .map((c) => {
      if (c === '"' || c === '\\' || c === '#') return `\\${c}`;
      const code = c.codePointAt(0) ?? 0;
      return code < 0x20 || code === 0x7f ? `\\u{${code.toString(16)}}` : c;
    })
    .join('');
  return `"${escaped}"`;
}

function rubyInteger(value: bigint, style: number): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  switch (style) {
    case 1:
      return `${sign}0x${abs.toString(16)}`;
    case 2:
      return `${sign}0o${abs.toString(8)}`;
    case 3:
      return `${sign}0b${abs.toString(2)}`;
    case 4:
      return sign + abs.toString().replace(/\B(?=(\d{3})+$)/g, '_');
    default:
      return value.toString();
  }
}

const isWord = (key: string): boolean => /^[a-z_][a-z0-9_]*$/.test(key);

function render(value: Generated, indent = ''): string {
  const inner = `${indent}  `;
  switch (value.t) {
    case 'string':
      return rubyString(value.v, value.style);
    case 'symbol':
      return isWord(value.v) ? `:${value.v}` : `:${rubyString(value.v, 1)}`;
    case 'integer':
      return rubyInteger(value.v, value.style);
    case 'float': {
      const js = String(value.v);
      return /[.e]/.test(js) ? js.replace(/^(-?\d+)e/, '$1.0e') : `${js}.0`;
    }
    case 'literal':
      return value.v;
    case 'array':
      if (value.items.length === 0) return '[]';
      return `[\n${value.items.map((i) => inner + render(i, inner)).join(',\n')}${value.trailing ? ',' : ''} # end\n${indent}]`;
    case 'hash': {
      if (value.entries.length === 0) return '{}';
      const pairs = value.entries.map(({ key, style, value: v }) => {
        const rendered = render(v, inner);
        if (style === 0 || !isWord(key)) return `${rubyString(key, style % 2)} => ${rendered}`;
        if (style === 1) return `${key}: ${rendered}`;
        if (style === 2) return `:${key} => ${rendered}`;
        if (style === 3) return `"${key}": ${rendered}`;
        return rendered.startsWith(':') ? `${key}: ${rendered}` : `${key}:${rendered}`;
      });
      return `{\n${pairs.map((p) => inner + p).join(',\n')}${value.trailing ? ',' : ''}\n${indent}}`;
    }
  }
}

describe.skipIf(!oracleAvailable('ruby'))('generated providers read the same as Ruby evaluates them', async () => {
  const samples = fc.sample(fc.array(generated, { minLength: 1, maxLength: 3 }), { numRuns: 150, seed: 20261125 });
  const files = samples.map((providers, i) => ({
    file: `generated-${i}.rb`,
    text: `# generated ✓\ngitlab_rails['omniauth_providers'] = [\n${providers.map((p) => `  ${render(p, '  ')}`).join(',\n')}\n]\n`,
  }));
  const run = runRuby(RUBY, JSON.stringify(files));
  const results = new Map((run.status === 0 ? (JSON.parse(run.stdout) as RubyResult[]) : []).map((r) => [r.file, r]));

  it('runs Ruby on all of them', () => {
    expect(run.stderr).toBe('');
    expect(results.size).toBe(files.length);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s', async (file, input) => {
    const ruby = results.get(file);
    expect(ruby?.error, input.text).toBeUndefined();
    const { model, diagnostics } = await readOmnibus(input.text, { file });
    expect(diagnostics.filter((d) => d.rule !== 'duplicate-key'), input.text).toEqual([]);
    expect(modelToJson(model, { showSecrets: true }).omniauth.providers, input.text).toEqual(ruby?.settings?.omniauth_providers);
  });
});
