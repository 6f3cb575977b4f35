// Inputs that grow with n, for bench/scaling.js and test/perf/scaling.test.ts:
// each generator returns a file text whose size is roughly proportional to n.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(root, '../shared/corpus');

/** One gitlab.rb line holding n providers (secrets quoted, and read from ENV). */
export function oneLineRb(n) {
  const items = Array.from(
    { length: n },
    (_, i) =>
      `{ name: 'oauth2_generic', label: 'P${i}', app_id: 'id${i}', app_secret: ${i % 2 ? `'secret-${i}-value'` : `ENV['SECRET_${i}']`}, args: { client_options: { site: 'https://p${i}.example.com' } } }`,
  );
  return `gitlab_rails['omniauth_providers'] = [${items.join(', ')}]\n`;
}

/** n `gitlab_rails[...] = ...` assignments. */
export function manyAssignmentsRb(n) {
  let out = "external_url 'https://gitlab.example.com'\n";
  for (let i = 0; i < n; i++) out += `gitlab_rails['setting_${i}'] = 'value ${i}'\n`;
  return out;
}

/** A gitlab.rb provider list of n providers, one item per few lines. */
export function manyProvidersRb(n) {
  const items = Array.from(
    { length: n },
    (_, i) => `  {\n    name: 'github',\n    label: 'GitHub ${i}',\n    app_id: 'id-${i}',\n    app_secret: 'secret-${i}',\n    args: { scope: 'user:email' }\n  }`,
  );
  return `external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_providers'] = [\n${items.join(',\n')}\n]\n`;
}

/** A gitlab.yml provider list of n providers. */
export function manyProvidersYml(n) {
  let out = 'production: &base\n  omniauth:\n    enabled: true\n    providers:\n';
  for (let i = 0; i < n; i++) out += `      - { name: 'github', label: 'GitHub ${i}', app_id: 'id-${i}', app_secret: 'secret-${i}', args: { scope: 'user:email' } }\n`;
  return out;
}

/** A gitlab.rb provider list with n missing commas between hash entries. */
export function syntaxErrorsRb(n) {
  const items = Array.from({ length: n }, (_, i) => `  { name: 'github' app_id: 'id-${i}', app_secret: 'secret-${i}' }`);
  return `external_url 'https://gitlab.example.com'\ngitlab_rails['omniauth_providers'] = [\n${items.join(',\n')}\n]\n`;
}

let example;
/** The provider examples of gitlab.yml.example, uncommented: the `{ }` mistakes below are made in them. */
function providerBlock() {
  example ??= readFileSync(path.join(corpus, 'source/gitlab.yml.example'), 'utf8');
  const lines = example.split('\n');
  const start = lines.findIndex((l) => /^ {4}providers:\s*$/.test(l));
  const block = [];
  for (let i = start + 1; i < lines.length && /^ {6}#/.test(lines[i] ?? ''); i++) {
    const line = (lines[i] ?? '').replace(/^( {6})# ?/, '$1');
    if (line.trim() !== '') block.push(line);
  }
  return block;
}

/**
 * gitlab.yml.example with its provider examples uncommented and repeated about
 * n times, each copy with a mistake: commas dropped inside `{ }`, a bracket
 * left unclosed, tabs in the indentation.
 */
export function syntaxErrorsYml(n) {
  const block = providerBlock();
  let out = 'production: &base\n  omniauth:\n    enabled: true\n    providers:\n';
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    for (const [j, line] of block.entries()) {
      let l = line;
      if (kind === 0 && j % 3 === 0) l = l.replace(/',\s*$/, "'").replace(/', /, "' ");
      if (kind === 1 && j % 7 === 0) l = l.replace(/ ?\}\s*$/, '');
      if (kind === 2 && j % 5 === 1) l = `\t${l}`;
      if (kind === 3 && j % 4 === 2) l = l.replace(/,/g, '');
      out += `${l}\n`;
    }
  }
  return out;
}

/** n lines of `{ }` with 40 `key: value` items and no commas between them: dozens of parser errors per line. */
export function longLinesYml(n) {
  const line = `      - { ${Array.from({ length: 40 }, (_, i) => `k${i}: 'v${i}'`).join(' ')} }\n`;
  return `production:\n  omniauth:\n    providers:\n${line.repeat(n)}`;
}

/** A gitlab.yml with one key of n characters, close to a known key (for did-you-mean). */
export function longKeyYml(n) {
  return `production: &base\n  omniauth:\n    enabled: true\n    ${'a'.repeat(n)}block_auto_created_users: true\n    providers: []\n`;
}

/** A gitlab.rb with one key of n characters. */
export function longKeyRb(n) {
  return `gitlab_rails['omniauth_${'x'.repeat(n)}'] = true\n`;
}

/** A gitlab.yml whose provider args nest n levels deep. */
export function deepNestingYml(n) {
  return `production: &base\n  omniauth:\n    providers:\n      - { name: 'github', args: ${'{ a: '.repeat(n)}1${' }'.repeat(n)} }\n`;
}

/** A gitlab.yml whose aliases would expand to far more nodes than the file has (the reader refuses it). */
export function aliasBombYml(n) {
  let out = 'x0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i < n; i++) out += `x${i}: &x${i} [*x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}, *x${i - 1}]\n`;
  return `${out}production:\n  omniauth:\n    providers: *x${n - 1}\n`;
}
