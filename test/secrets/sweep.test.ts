/**
 * The secret sweep: a marker planted in every secret position of every corpus
 * snippet, corpus file, fixture and hand-made broken file, and of files the
 * tool itself generates, must never appear in the output of any command or
 * reporter unless `--show-secrets` is given.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot, runInProcess, type CliRun } from '../support/cli.js';
import { leakedMarkers, markerFactory, plantSecretMarkers, type MarkerFormat } from '../support/secret-markers.js';

const work = mkdtempSync(path.join(tmpdir(), 'gitlab-omniauth-sweep-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Input {
  label: string;
  text: string;
  format: MarkerFormat;
}

const formatOf = (file: string): MarkerFormat => (file.endsWith('.rb') ? 'omnibus' : 'source');

function filesUnder(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => pattern.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

const corpusFiles = [
  ...filesUnder(path.join(corpusRoot, 'snippets'), /\.(rb|yml)$/),
  path.join(corpusRoot, 'omnibus/gitlab.rb.template'),
  path.join(corpusRoot, 'source/gitlab.yml.example'),
  ...filesUnder(path.join(repoRoot, 'fixtures'), /\.(rb|yml)$/),
];

/** Broken or unusual files: the value does not parse, or sits where the model does not look. */
const HOSTILE: Input[] = [
  { label: 'unterminated YAML string', format: 'source', text: 'production:\n  omniauth:\n    providers:\n      - name: github\n        app_id: x\n        app_secret: "abc,\n' },
  { label: 'YAML block scalar header', format: 'source', text: 'production:\n  omniauth:\n    providers:\n      - name: github\n        app_id: x\n        app_secret: |abc\n          more\n' },
  { label: 'unterminated Ruby string', format: 'omnibus', text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'x', app_secret: 'abc, label: 'y' }\n]\n" },
  { label: 'Ruby rocket in YAML', format: 'source', text: 'production:\n  omniauth:\n    providers:\n      - { name: github, "app_secret" => "abc" }\n' },
  { label: 'secret outside OmniAuth', format: 'omnibus', text: "gitlab_rails['smtp_password'] = 'abc'\ngitlab_rails['omniauth_enabled'] = true\ngitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x', app_secret: 'abc' }]\n" },
  { label: 'ENV fallbacks', format: 'omnibus', text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'x', app_secret: ENV.fetch('GH', 'abc') },\n  { name: 'gitlab', app_id: 'y', app_secret: ENV['GL'] || 'abc' }\n]\n" },
  { label: 'camelCase and dashed keys', format: 'source', text: 'production:\n  omniauth:\n    providers:\n      - name: openid_connect\n        args:\n          client_options:\n            identifier: x\n            clientSecret: abc\n            "client-secret": abc\n            privateKey: abc\n' },
  { label: 'missing comma after a secret', format: 'omnibus', text: "gitlab_rails['omniauth_providers'] = [\n  { name: 'github', app_id: 'x', app_secret: 'abc' label: 'y' }\n]\n" },
];

/** Every reporter `validate` offers, read from its help so new reporters join the sweep. */
async function reporters(): Promise<string[]> {
  const help = await runInProcess(['validate', '--help']);
  const m = /--reporter[\s\S]*?\[choices: ([^\]]+)\]/.exec(help.stdout + help.stderr);
  const names = m?.[1]?.match(/"([^"]+)"/g)?.map((s) => s.slice(1, -1)) ?? [];
  expect(names).toContain('json');
  return names;
}

/** The commands a user runs on a file; `--stdout` prints the file itself by design and is left out. */
function commands(file: string, format: MarkerFormat, reporterNames: readonly string[], all = true): string[][] {
  const other = format === 'omnibus' ? 'source' : 'omnibus';
  return [
    ...reporterNames.map((r) => ['validate', file, '--reporter', r]),
    ['show', file],
    ['show', file, '--json'],
    ['render', file, '--name', 'github', '--label', 'Sweep'],
    ['render', file, '--format', other, '--name', 'github', '--label', 'Sweep'],
    ['callbacks', file],
    // The same outputs in other shapes: on the hand-made and generated files only, to keep the corpus run short.
    ...(all
      ? [
          ['render', file, '--name', 'github', '--label', 'Sweep', '--check'],
          ['render', file, '--set', 'block_auto_created_users=true'],
          ['callbacks', file, '--json'],
        ]
      : []),
  ];
}

let fileCount = 0;
async function sweep(input: Input, reporterNames: readonly string[], all = true): Promise<{ planted: number; leaks: string[] }> {
  const { text, markers } = plantSecretMarkers(input.text, input.format, markerFactory(fileCount));
  const file = path.join(work, `${fileCount++}-${input.format === 'omnibus' ? 'gitlab.rb' : 'gitlab.yml'}`);
  writeFileSync(file, text);
  const leaks: string[] = [];
  // Nothing planted, nothing to leak: the commands would only cost time.
  if (markers.length === 0) return { planted: 0, leaks };
  for (const args of commands(file, input.format, reporterNames, all)) {
    const run: CliRun = await runInProcess(args, { cwd: work });
    for (const marker of leakedMarkers(run.stdout + run.stderr, markers)) leaks.push(`${input.label}: \`${args.slice(0, 1).concat(args.slice(2)).join(' ')}\` printed ${marker}`);
  }
  return { planted: markers.length, leaks };
}

describe('secret sweep: no planted secret in any output without --show-secrets', () => {
  it('corpus snippets, corpus files and fixtures', async () => {
    const names = await reporters();
    let planted = 0;
    const leaks: string[] = [];
    for (const file of corpusFiles) {
      const r = await sweep({ label: path.relative(repoRoot, file), text: readFileSync(file, 'utf8'), format: formatOf(file) }, names, false);
      planted += r.planted;
      leaks.push(...r.leaks);
    }
    expect(leaks).toEqual([]);
    // The sweep means something only if it planted: the corpus has hundreds of secret positions.
    expect(planted).toBeGreaterThan(200);
  }, 600_000);

  it.each(HOSTILE.map((h) => [h.label, h] as const))('%s', async (_label, input) => {
    const r = await sweep(input, await reporters());
    expect(r.planted).toBeGreaterThan(0);
    expect(r.leaks).toEqual([]);
  });

  it('files the tool generates: a secret given on the command line, then every command on the written file', async () => {
    const names = await reporters();
    const marker = markerFactory(99_999)();
    const leaks: string[] = [];
    for (const base of [path.join(corpusRoot, 'omnibus/gitlab.rb.template'), path.join(corpusRoot, 'source/gitlab.yml.example'), path.join(repoRoot, 'fixtures/render/busy.gitlab.rb')]) {
      const format = formatOf(base);
      const source = path.join(work, `gen-${path.basename(base)}`);
      writeFileSync(source, readFileSync(base, 'utf8'));
      const add = ['--name', 'github', '--app-id', 'gen-id', '--app-secret', marker, '--arg', `client_options.secret=${marker}`];
      const preview = await runInProcess(['render', source, ...add], { cwd: work });
      expect(preview.code).toBe(0);
      if ((preview.stdout + preview.stderr).includes(marker)) leaks.push(`${base}: render preview printed the new secret`);
      const generated = await runInProcess(['render', source, ...add, '--stdout'], { cwd: work });
      expect(generated.stdout).toContain(marker);
      const r = await sweep({ label: `generated from ${path.basename(base)}`, text: generated.stdout.split(marker).join('gen-secret-value'), format }, names);
      leaks.push(...r.leaks);
      // The generated file's own secret, in the spot the tool wrote it.
      const direct = path.join(work, `direct-${path.basename(base)}`);
      writeFileSync(direct, generated.stdout);
      for (const args of commands(direct, format, names)) {
        const run = await runInProcess(args, { cwd: work });
        if ((run.stdout + run.stderr).includes(marker)) leaks.push(`generated ${path.basename(base)}: ${args.join(' ')}`);
      }
    }
    expect(leaks).toEqual([]);
  }, 300_000);

  it('--show-secrets does show them (the sweep would notice a marker that is never planted)', async () => {
    const input = HOSTILE.find((h) => h.label === 'secret outside OmniAuth') as Input;
    const { text, markers } = plantSecretMarkers(input.text, input.format, markerFactory(7));
    const file = path.join(work, 'shown-gitlab.rb');
    writeFileSync(file, text);
    const shown = await runInProcess(['show', file, '--show-secrets'], { cwd: work });
    expect(leakedMarkers(shown.stdout, markers).length).toBeGreaterThan(0);
    const diff = await runInProcess(['render', file, '--name', 'github', '--label', 'x', '--show-secrets'], { cwd: work });
    expect(leakedMarkers(diff.stdout, markers)).toEqual(markers);
  });
});
