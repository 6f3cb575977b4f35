/**
 * Real Ruby as the oracle for rendered text: one Ruby process evaluates a
 * whole batch of cases (JSON lines on stdin, one result line each), because
 * a process per case is far too slow for property tests.
 *
 * - `ruby`: `eval` of gitlab.rb text, with a `gitlab_rails` Hash in scope (as
 *   Omnibus provides); the result is that Hash, or the expression's value
 *   when the text is a bare literal.
 * - `yaml`: what GitLab does with gitlab.yml — ERB over the text, then
 *   `YAML.unsafe_load` (ActiveSupport::ConfigurationFile).
 *
 * Results come back typed, so a Symbol is not mistaken for a String nor an
 * Integer for a Float: `{kind, value}` in the shape of PlainValue, floats as
 * their IEEE bits.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { runRuby } from '../support/oracle.js';
import type { PlainValue } from '../../src/model/plain.js';

export type Typed =
  | { kind: 'string' | 'symbol' | 'integer'; value: string }
  | { kind: 'float'; bits: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'array'; items: Typed[] }
  | { kind: 'mapping'; entries: { key: Typed; value: Typed }[] }
  | { kind: 'other'; class: string; inspect: string };

export interface OracleCase {
  mode: 'ruby' | 'yaml';
  text: string;
  /** Environment variables visible to the evaluated text (ENV['X'], <%= ENV['X'] %>). */
  env?: Record<string, string>;
}

export type OracleResult = { ok: true; value: Typed } | { ok: false; error: string };

const SCRIPT = String.raw`
require 'json'
require 'erb'
require 'psych'

def enc(v)
  case v
  when String then { 'kind' => 'string', 'value' => v }
  when Symbol then { 'kind' => 'symbol', 'value' => v.to_s }
  when Integer then { 'kind' => 'integer', 'value' => v.to_s }
  when Float then { 'kind' => 'float', 'bits' => [v].pack('G').unpack1('H*') }
  when true, false then { 'kind' => 'boolean', 'value' => v }
  when nil then { 'kind' => 'null' }
  when Array then { 'kind' => 'array', 'items' => v.map { |x| enc(x) } }
  when Hash then { 'kind' => 'mapping', 'entries' => v.map { |k, x| { 'key' => enc(k), 'value' => enc(x) } } }
  else { 'kind' => 'other', 'class' => v.class.name, 'inspect' => v.inspect }
  end
end

def evaluate_ruby(text)
  gitlab_rails = {}
  value = eval(text, binding, 'gitlab.rb')
  gitlab_rails.empty? ? value : gitlab_rails
end

$stdout.sync = true
$stdin.each_line do |line|
  c = JSON.parse(line)
  saved = {}
  (c['env'] || {}).each { |k, v| saved[k] = ENV[k]; ENV[k] = v }
  begin
    value = c['mode'] == 'ruby' ? evaluate_ruby(c['text']) : Psych.unsafe_load(ERB.new(c['text']).result)
    out = { 'ok' => true, 'value' => enc(value) }
  rescue Exception => e
    out = { 'ok' => false, 'error' => "#{e.class}: #{e.message}"[0, 2000] }
  ensure
    saved.each { |k, v| ENV[k] = v }
  end
  $stdout.puts JSON.generate(out)
end
`;

export function evaluateBatch(cases: readonly OracleCase[]): OracleResult[] {
  if (cases.length === 0) return [];
  const input = cases.map((c) => JSON.stringify(c)).join('\n') + '\n';
  const run = runRuby(SCRIPT, input);
  if (run.status !== 0) throw new Error(`ruby oracle failed (${String(run.status)}): ${run.stderr}`);
  const lines = run.stdout.split('\n').filter((l) => l !== '');
  if (lines.length !== cases.length) throw new Error(`ruby oracle answered ${lines.length} of ${cases.length} cases: ${run.stderr}`);
  return lines.map((l) => JSON.parse(l) as OracleResult);
}

export interface OracleProcess {
  evaluate(cases: readonly OracleCase[]): Promise<OracleResult[]>;
  close(): Promise<void>;
}

/**
 * A long-lived Ruby process answering one line per case, for property tests
 * whose inputs are only known run by run (and while shrinking).
 */
export function startOracle(): OracleProcess {
  const child = spawn('ruby', ['-e', SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting: ((line: string) => void)[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(line));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const ask = (c: OracleCase): Promise<OracleResult> =>
    new Promise((resolve, reject) => {
      if (child.exitCode !== null) reject(new Error(`ruby oracle exited: ${stderr}`));
      waiting.push((line) => resolve(JSON.parse(line) as OracleResult));
      child.stdin.write(JSON.stringify(c) + '\n');
    });
  return {
    evaluate: (cases) => Promise.all(cases.map(ask)),
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}

/** The value at a path of mapping keys, or undefined. */
export function typedAt(value: Typed, path: readonly string[]): Typed | undefined {
  let current: Typed | undefined = value;
  for (const key of path) {
    if (current?.kind !== 'mapping') return undefined;
    current = current.entries.find((e) => e.key.kind === 'string' && e.key.value === key)?.value;
  }
  return current;
}

/** IEEE 754 big-endian hex of a double, as Ruby's `[f].pack('G')` gives it. */
export function floatBits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  let hex = '';
  for (let i = 0; i < 8; i++) hex += view.getUint8(i).toString(16).padStart(2, '0');
  return hex;
}

export interface ExpectOptions {
  /** How hash keys come back: Ruby symbol keys, Ruby string keys, or YAML (strings). */
  keys: 'symbol' | 'string';
  /** gitlab.yml has no symbols: symbol values come back as strings. */
  symbolsAsStrings: boolean;
  env: Record<string, string>;
}

/** What the oracle should answer for a PlainValue rendered with the given options. */
export function expectedTyped(value: PlainValue, options: ExpectOptions): Typed {
  switch (value.kind) {
    case 'string':
      return { kind: 'string', value: value.value };
    case 'symbol':
      return { kind: options.symbolsAsStrings ? 'string' : 'symbol', value: value.value };
    case 'integer':
      return { kind: 'integer', value: BigInt(value.value).toString() };
    case 'float':
      return { kind: 'float', bits: floatBits(value.value) };
    case 'boolean':
      return { kind: 'boolean', value: value.value };
    case 'null':
      return { kind: 'null' };
    case 'env': {
      const v = options.env[value.variable];
      return v === undefined ? { kind: 'null' } : { kind: 'string', value: v };
    }
    case 'array':
      return { kind: 'array', items: value.items.map((i) => expectedTyped(i, options)) };
    case 'mapping': {
      // A key given twice keeps its first place with the last value, as in a Ruby Hash.
      const byKey = new Map<string, Typed>();
      for (const e of value.entries) byKey.set(e.key, expectedTyped(e.value, options));
      return {
        kind: 'mapping',
        entries: [...byKey].map(([key, v]) => ({ key: { kind: options.keys, value: key }, value: v })),
      };
    }
    case 'ruby':
    case 'erb':
      throw new Error(`no expected value for an unevaluated ${value.kind} expression`);
  }
}
