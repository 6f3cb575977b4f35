/**
 * Docker Compose files that configure GitLab through `GITLAB_OMNIBUS_CONFIG`
 * (DOMAIN.md §6): the variable's value is read as gitlab.rb, and every
 * finding and value points at the compose file, in whatever YAML style the
 * value is written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigValue, OmniauthModel, ReadResult } from '../../src/model/types.js';
import { detectFormat, readConfig } from '../../src/read/index.js';
import { validateText } from '../../src/validate.js';
import { SourceText } from '../../src/text/source-text.js';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';

interface ManifestEntry {
  file: string;
  kind: string;
  providers: string[];
  note: string;
  embedded_ruby_syntax_ok?: boolean;
}

const snippetsDir = path.join(corpusRoot, 'snippets');
const manifest = JSON.parse(readFileSync(path.join(snippetsDir, 'manifest.json'), 'utf8')) as ManifestEntry[];
const docker = manifest.filter((e) => e.kind === 'docker');
const snippet = (file: string): string => readFileSync(path.join(snippetsDir, file), 'utf8');
const FIXTURE = 'fixtures/docker/docker-compose.yml';
const fixture = readFileSync(path.join(repoRoot, FIXTURE), 'utf8');

function providerNames(model: OmniauthModel): string[] {
  return (model.providers ?? []).flatMap((p) => {
    const name = p.value.kind === 'mapping' ? p.value.entries.find((e) => e.key === 'name')?.value : undefined;
    return name && (name.kind === 'string' || name.kind === 'symbol') ? [name.value] : [];
  });
}

/** Every value in the model, nested ones included. */
function allValues(model: OmniauthModel): ConfigValue[] {
  const out: ConfigValue[] = [];
  const walk = (v: ConfigValue): void => {
    out.push(v);
    if (v.kind === 'array') v.items.forEach(walk);
    if (v.kind === 'mapping') for (const e of v.entries) walk(e.value);
  };
  for (const s of model.settings) walk(s.value);
  for (const p of model.providers ?? []) walk(p.value);
  return out;
}

/** Where `marker` starts in `text` (its first occurrence), as line and column. */
function positionOf(text: string, marker: string): { line: number; column: number } {
  const at = text.indexOf(marker);
  expect(at, `marker ${marker}`).toBeGreaterThanOrEqual(0);
  const { line, column } = new SourceText(text).position(at);
  return { line, column };
}

describe('the Docker snippets of the GitLab docs', () => {
  it('are all here: 21, two of them with Ruby that does not parse', () => {
    expect(docker).toHaveLength(21);
    expect(docker.filter((e) => e.embedded_ruby_syntax_ok === false).map((e) => e.file).sort()).toEqual(['saml-20.yml', 'saml-47.yml']);
  });

  it.each(docker.map((e) => [e.file, e] as const))('%s reads as gitlab.rb, every range inside the compose file', async (file, entry) => {
    const text = snippet(file);
    expect(detectFormat(file, text)).toBe('omnibus');
    const { model, diagnostics } = await readConfig(text, { file });
    expect(model).toMatchObject({ format: 'omnibus', shape: 'gitlab_rb' });
    // The Ruby starts on the line after `GITLAB_OMNIBUS_CONFIG: |`.
    const firstRubyLine = positionOf(text, 'GITLAB_OMNIBUS_CONFIG').line + 1;
    for (const d of diagnostics) expect(d.range?.start.line).toBeGreaterThanOrEqual(firstRubyLine);
    if (entry.embedded_ruby_syntax_ok === false) return;
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const name of providerNames(model)) expect(entry.providers).toContain(name);
    // Each setting's key range holds the key as written in the compose file.
    for (const s of model.settings) expect(text.slice(s.keyRange.start.offset, s.keyRange.end.offset)).toContain(s.sourceKey);
  });

  it('valid ones give their providers', async () => {
    const named = docker.filter((e) => e.embedded_ruby_syntax_ok !== false && /omniauth_providers/.test(snippet(e.file)));
    expect(named.length).toBeGreaterThan(10);
    for (const entry of named) {
      const { model } = await readConfig(snippet(entry.file), { file: entry.file });
      expect(providerNames(model), entry.file).not.toEqual([]);
    }
  });

  /**
   * The mistakes, decided by reading the snippets. Ruby names the line where
   * it got stuck (the manifest's note: the line after); the tool names the
   * line that needs the fix, as a line of the compose file.
   */
  it.each([
    // No `,` after `label: 'Provider 1'` (10) and `'Provider 2'` (20); `...` elisions on 15 and 25.
    ['saml-20.yml', [10, 15, 20, 25], "label: 'Provider 1'"],
    // No `,` after the `name_identifier_format` value, before `upstream_two_factor_authn_contexts:`.
    ['saml-47.yml', [14], 'name_identifier_format:'],
  ])('%s: ruby-syntax on the compose lines %j', async (file, lines, firstLineText) => {
    const text = snippet(file);
    const { diagnostics } = await readConfig(text, { file });
    const syntax = diagnostics.filter((d) => d.rule === 'ruby-syntax');
    expect(syntax.map((d) => d.range?.start.line)).toEqual(lines);
    const first = syntax[0]?.range?.start.line ?? 0;
    expect(new SourceText(text).lineText(first)).toContain(firstLineText);
    // Line numbers in messages are the compose file's too.
    expect(syntax[0]?.message).toContain(`line ${first}`);
  });
});

const LITERAL_BLOCK = `      GITLAB_OMNIBUS_CONFIG: |\n        gitlab_rails['omniauth_enabled'] = true\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]\n`;
const LIST_ITEM = `      - "GITLAB_OMNIBUS_CONFIG=gitlab_rails['omniauth_enabled'] = true; gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]"\n`;

/** One mistake (a missing `,` before `app_secret:`) in each way YAML can hold the Ruby. */
const STYLES: Array<[string, string]> = [
  ['a literal block', LITERAL_BLOCK],
  ['a literal block without the final newline', `      GITLAB_OMNIBUS_CONFIG: |-\n        gitlab_rails['omniauth_enabled'] = true\n\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]\n`],
  ['a folded block', `      GITLAB_OMNIBUS_CONFIG: >\n        gitlab_rails['omniauth_enabled'] = true;\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]\n`],
  ['a double-quoted string with \\n', `      GITLAB_OMNIBUS_CONFIG: "gitlab_rails['omniauth_enabled'] = true\\ngitlab_rails['omniauth_providers'] = [{ name: \\"github\\", app_id: 'x' app_secret: 'y' }]"\n`],
  ['a double-quoted string over two lines', `      GITLAB_OMNIBUS_CONFIG: "gitlab_rails['omniauth_enabled'] = true;\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]"\n`],
  ['a single-quoted string', `      GITLAB_OMNIBUS_CONFIG: 'gitlab_rails[''omniauth_enabled''] = true;\n        gitlab_rails[''omniauth_providers''] = [{ name: ''github'', app_id: ''x'' app_secret: ''y'' }]'\n`],
  ['a quoted key', `      "GITLAB_OMNIBUS_CONFIG": |\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]\n`],
  ['a list item', LIST_ITEM],
  ['a list item with a block', `      - |\n        GITLAB_OMNIBUS_CONFIG=gitlab_rails['omniauth_enabled'] = true\n        gitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'x' app_secret: 'y' }]\n`],
];

const compose = (environment: string, before = ''): string =>
  `${before}services:\n  gitlab:\n    image: gitlab/gitlab-ee:latest\n    environment:\n${environment}    ports:\n      - '80:80'\n`;

describe('findings point into the compose file', () => {
  it.each(STYLES)('in %s', async (_, environment) => {
    const text = compose(environment);
    const { model, diagnostics } = await readConfig(text, { file: 'docker-compose.yml' });
    expect(model.format).toBe('omnibus');
    const [missingComma] = diagnostics.filter((d) => d.rule === 'ruby-syntax');
    // Where the `,` is missing: between `'x'` and `app_secret:`.
    const gap = positionOf(text, " app_secret: '");
    expect(missingComma?.range?.start).toMatchObject(gap);
  });

  it('a multi-byte line before the block does not shift columns', async () => {
    const where = (r: ReadResult): string[] => r.diagnostics.map((d) => `${d.range?.start.line}:${d.range?.start.column}`);
    const ascii = await readConfig(compose(LITERAL_BLOCK, '# Zurich office: ok\n'), { file: 'a.yml' });
    const wide = await readConfig(compose(LITERAL_BLOCK, '# Zürich office ✓ 🚀\n'), { file: 'b.yml' });
    expect(where(ascii)).not.toEqual([]);
    expect(where(wide)).toEqual(where(ascii));
  });

  it('multi-byte text earlier on the line moves a column by characters, not bytes', async () => {
    const ascii = await readConfig(compose(LITERAL_BLOCK), { file: 'a.yml' });
    const wide = await readConfig(compose(LITERAL_BLOCK.replace("'x'", "'Zürich 🚀'")), { file: 'b.yml' });
    const columns = (r: ReadResult): Array<number | undefined> => r.diagnostics.map((d) => d.range?.start.column);
    // 'Zürich 🚀' is 8 characters (10 UTF-16 units, 12 bytes), 'x' one: the finding moves by 7.
    expect(columns(wide)).toEqual(columns(ascii).map((c) => (c === undefined ? c : c + 7)));
  });
});

describe('the model of a compose file', () => {
  it('is the gitlab.rb model, its values at their place in the compose file', async () => {
    const { model, diagnostics } = await readConfig(fixture, { file: FIXTURE });
    expect(diagnostics).toEqual([]);
    expect(model).toMatchObject({ format: 'omnibus', shape: 'gitlab_rb', externalUrl: { url: 'https://gitlab.example.com' } });
    expect(providerNames(model)).toEqual(['github', 'google_oauth2']);
    expect(model.settings.map((s) => s.name)).toEqual(['allow_single_sign_on', 'block_auto_created_users', 'providers']);
    for (const v of allValues(model)) {
      const written = fixture.slice(v.range.start.offset, v.range.end.offset);
      if (v.kind === 'string') expect(written).toBe(`'${v.value}'`);
      if (v.kind === 'ruby') expect(written).toBe(v.source);
    }
    const label = allValues(model).find((v) => v.kind === 'string' && v.value === 'Google ✓');
    expect(label?.range.start).toMatchObject(positionOf(fixture, "'Google ✓'"));
    const statement = model.settings[0]?.statementRange;
    expect(statement && fixture.slice(statement.start.offset, statement.end.offset)).toBe("gitlab_rails['omniauth_allow_single_sign_on'] = ['github', 'google_oauth2']");
  });

  it('is the same with CRLF line endings: same lines and columns', async () => {
    const where = (m: OmniauthModel): string[] => allValues(m).map((v) => `${v.range.start.line}:${v.range.start.column}-${v.range.end.line}:${v.range.end.column}`);
    const lf = await readConfig(fixture, { file: FIXTURE });
    const crlf = await readConfig(fixture.replace(/\n/g, '\r\n'), { file: FIXTURE });
    expect(crlf.diagnostics).toEqual([]);
    expect(where(crlf.model)).toEqual(where(lf.model));
  });

  it('of several GitLab services is the first one; each other gets a note', async () => {
    const second = fixture.replace('  gitlab-runner:\n', "  gitlab-test:\n    environment:\n      GITLAB_OMNIBUS_CONFIG: \"gitlab_rails['omniauth_enabled'] = false\"\n  gitlab-runner:\n");
    const { model, diagnostics } = await readConfig(second, { file: FIXTURE });
    expect(providerNames(model)).toEqual(['github', 'google_oauth2']);
    expect(model.settings.map((s) => s.name)).not.toContain('enabled');
    expect(diagnostics).toMatchObject([{ rule: 'docker-multiple-services', severity: 'info', range: { start: { line: positionOf(second, 'GITLAB_OMNIBUS_CONFIG: "').line } } }]);
    expect(diagnostics[0]?.message).toContain('gitlab-test');
  });

  it.each(['${GITLAB_OMNIBUS_CONFIG}', '"$GITLAB_OMNIBUS_CONFIG"', "${GITLAB_OMNIBUS_CONFIG:-external_url 'http://localhost'}"])(
    'is empty when the value is a Compose variable (%s), with a note instead of a Ruby error',
    async (value) => {
      const text = compose(`      GITLAB_OMNIBUS_CONFIG: ${value}\n`);
      const { model, diagnostics } = await readConfig(text, { file: 'docker-compose.yml' });
      expect(model).toMatchObject({ format: 'omnibus', shape: 'empty', settings: [], providers: null });
      expect(diagnostics).toMatchObject([{ rule: 'opaque-value', severity: 'info', range: { start: positionOf(text, value) } }]);
    },
  );

  it.each([
    ['an environment merged in with <<', "x-gitlab-env: &gitlab-env\n  GITLAB_OMNIBUS_CONFIG: |\n    gitlab_rails['omniauth_providers'] = [{ name: 'github' }]\nservices:\n  gitlab:\n    environment:\n      <<: *gitlab-env\n      TZ: UTC\n"],
    ['a service merged in with <<', "x-gitlab: &gitlab\n  environment:\n    GITLAB_OMNIBUS_CONFIG: |\n      gitlab_rails['omniauth_providers'] = [{ name: 'github' }]\nservices:\n  gitlab:\n    <<: *gitlab\n    image: gitlab/gitlab-ce\n"],
    ['an environment alias', "x-env: &env\n  - \"GITLAB_OMNIBUS_CONFIG=gitlab_rails['omniauth_providers'] = [{ name: 'github' }]\"\nservices:\n  gitlab:\n    environment: *env\n"],
  ])('follows YAML anchors: %s, pointing where the Ruby is written', async (_, text) => {
    const { model } = await readConfig(text, { file: 'docker-compose.yml' });
    expect(providerNames(model)).toEqual(['github']);
    expect(model.providers?.[0]?.value.range.start).toMatchObject(positionOf(text, "{ name: 'github' }"));
  });

  it('reports a YAML mistake in the compose file itself', async () => {
    const { model, diagnostics } = await readConfig(fixture.replace('    ports:\n', '    ports:\n\t- "22:22"\n'), { file: FIXTURE });
    expect(model.format).toBe('omnibus');
    expect(diagnostics.map((d) => d.rule)).toContain('yaml-syntax');
  });

  it('reports the variable set twice in one environment as Compose does: a YAML error', async () => {
    const twice = fixture.replace('      TZ: Europe/Zurich # Zürich 🚀\n', "      GITLAB_OMNIBUS_CONFIG: external_url 'http://old.example.com'\n");
    const { diagnostics } = await readConfig(twice, { file: FIXTURE });
    expect(diagnostics).toMatchObject([{ rule: 'yaml-syntax', severity: 'error' }]);
  });

  it('is the YAML reader\'s when no service sets the variable (it is only mentioned)', async () => {
    const text = 'x-notes:\n  GITLAB_OMNIBUS_CONFIG: set in .env\nproduction:\n  omniauth:\n    enabled: true\n';
    const { model } = await readConfig(text, { file: 'notes.yml' });
    expect(model).toMatchObject({ format: 'source', settings: [{ name: 'enabled' }] });
  });
});

describe('which files are compose files', () => {
  it.each([
    ['docker-compose.yml', compose(LITERAL_BLOCK), 'omnibus'],
    ['compose.yaml', compose(LIST_ITEM), 'omnibus'],
    ['-', compose(LITERAL_BLOCK), 'omnibus'],
    ['gitlab.yml', 'production:\n  omniauth:\n    enabled: true\n', 'source'],
    ['gitlab.yml', '# see GITLAB_OMNIBUS_CONFIG: in docker-compose.yml\nproduction:\n  omniauth:\n    enabled: true\n', 'source'],
  ])('%s', async (file, text, format) => {
    expect(detectFormat(file, text)).toBe(format);
    expect((await readConfig(text, { file })).model.format).toBe(format);
  });

  it('a gitlab.rb that names the variable stays a gitlab.rb', async () => {
    const ruby = "# GITLAB_OMNIBUS_CONFIG: is read before this file\ngitlab_rails['omniauth_enabled'] = true\n";
    const { model, diagnostics } = await readConfig(ruby, { file: 'gitlab.rb' });
    expect(diagnostics).toEqual([]);
    expect(model.settings.map((s) => s.keyRange.start.line)).toEqual([2]);
  });
});

describe('the CLI on a compose file', () => {
  it('validate: a valid file passes', async () => {
    const r = await runInProcess(['validate', FIXTURE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('validate: a broken one is reported at the compose line', async () => {
    const file = path.join(snippetsDir, 'saml-47.yml');
    const r = await runInProcess(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/saml-47\.yml:14:\d+ error ruby-syntax missing `,` at the end of line 14/);
  });

  it('show --json: the providers and settings of the GITLAB_OMNIBUS_CONFIG', async () => {
    const r = await runInProcess(['show', '--json', FIXTURE]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { format: string; external_url: string; omniauth: { providers: Array<{ name: string }>; block_auto_created_users: boolean } };
    expect(json).toMatchObject({ format: 'omnibus', external_url: 'https://gitlab.example.com', omniauth: { block_auto_created_users: true } });
    expect(json.omniauth.providers.map((p) => p.name)).toEqual(['github', 'google_oauth2']);
  });
});

describe('Compose interpolation inside GITLAB_OMNIBUS_CONFIG', () => {
  const compose = (ruby: string): string =>
    ['services:', '  gitlab:', '    environment:', '      GITLAB_OMNIBUS_CONFIG: |', ...ruby.split('\n').map((l) => `        ${l}`), ''].join('\n');

  it('a ${VAR} or $VAR string is what the host environment holds: an opaque value, never a literal secret', async () => {
    const text = compose("external_url '${GITLAB_URL}'\ngitlab_rails['omniauth_providers'] = [{ name: 'github', app_id: 'id', app_secret: \"$GITHUB_SECRET\" }]");
    const { diagnostics } = await validateText(text, { file: 'docker-compose.yml' });
    const { model } = await readConfig(text, { file: 'docker-compose.yml' });
    const secret = model.providers?.[0]?.value.kind === 'mapping' ? model.providers[0].value.entries.find((e) => e.key === 'app_secret')?.value : undefined;
    expect(secret).toMatchObject({ kind: 'ruby', source: '"$GITHUB_SECRET"' });
    expect(model.externalUrl).toMatchObject({ url: null, value: { kind: 'ruby', source: "'${GITLAB_URL}'" } });
    expect(diagnostics.map((d) => d.rule)).not.toContain('plaintext-secret');
  });

  it('$$ is a literal $ once Compose has read it', async () => {
    const { model } = await readConfig(compose("gitlab_rails['omniauth_providers'] = [{ name: 'github', label: 'Pay $$5' }]"), { file: 'docker-compose.yml' });
    const label = model.providers?.[0]?.value.kind === 'mapping' ? model.providers[0].value.entries.find((e) => e.key === 'label')?.value : undefined;
    expect(label).toMatchObject({ kind: 'string', value: 'Pay $5' });
  });
});
