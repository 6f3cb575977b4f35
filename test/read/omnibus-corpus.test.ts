/**
 * Every gitlab.rb snippet of GitLab's OmniAuth docs (../shared/corpus/snippets),
 * read in place: no crash, the broken ones reported at the line of each
 * mistake, the others giving their providers.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MappingValue } from '../../src/model/types.js';
import { loadPrism } from '../../src/read/omnibus/prism.js';
import { readOmnibus } from '../../src/read/omnibus/reader.js';

interface ManifestEntry {
  file: string;
  kind: string;
  lang: string;
  providers: string[];
  note: string;
  ruby_syntax_ok?: boolean | null;
}

const snippets = new URL('../../../shared/corpus/snippets/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', snippets), 'utf8')) as ManifestEntry[];
const omnibus = manifest.filter((e) => e.kind === 'omnibus');
const text = (entry: ManifestEntry): string => readFileSync(new URL(entry.file, snippets), 'utf8');

/**
 * The mistakes in GitLab's docs, line by line, decided by reading each
 * snippet (not by what Ruby or Prism say first).
 */
const BROKEN: Record<string, { errors: number[]; warnings: number[] }> = {
  // `identifier`: and `secret`: in backticks; `...` on 33 (Ruby reads it as a range into the next key).
  'oidc-2.rb': { errors: [14, 15, 33], warnings: [] },
  // `...` elisions without commas on 7, 15, 20; `gitlab_rails['omniauth_providers'] =` inside the list on 5 and 13.
  'omniauth-5.rb': { errors: [7, 15, 20], warnings: [5, 13] },
  'legacy/omniauth@04d4cf89-3.rb': { errors: [7, 15, 20], warnings: [5, 13] },
  // No `,` after `label: 'Provider 1'` (4) and `'Provider 2'` (14); `...` elisions on 9 and 19.
  'saml-14.rb': { errors: [4, 9, 14, 19], warnings: [] },
};

describe('gitlab.rb snippets from the GitLab docs', () => {
  it('has the expected number of omnibus snippets to read', () => {
    expect(omnibus.length).toBeGreaterThanOrEqual(90);
  });

  it.each(omnibus.map((e) => [e.file, e] as const))('%s is read without a crash, findings inside the text', async (_file, entry) => {
    const source = text(entry);
    const { model, diagnostics } = await readOmnibus(source, { file: entry.file });
    expect(model.format).toBe('omnibus');
    for (const d of diagnostics) {
      expect(d.file).toBe(entry.file);
      expect(d.range?.end.offset).toBeLessThanOrEqual(source.length);
    }
  });

  it('knows every snippet the docs publish broken', () => {
    const broken = omnibus.filter((e) => e.ruby_syntax_ok === false).map((e) => e.file);
    expect(broken.sort()).toEqual(Object.keys(BROKEN).sort());
  });

  it.each(Object.entries(BROKEN))('%s: one finding per mistake, at its line', async (file, expected) => {
    const entry = omnibus.find((e) => e.file === file);
    if (!entry) throw new Error(`${file} is not in the manifest`);
    const { diagnostics, model } = await readOmnibus(text(entry), { file });
    const lines = (severity: string): Array<number | undefined> =>
      diagnostics.filter((d) => d.rule === 'ruby-syntax' && d.severity === severity).map((d) => d.range?.start.line);
    expect(lines('error')).toEqual(expected.errors);
    expect(lines('warning')).toEqual(expected.warnings);
    expect(diagnostics.filter((d) => d.rule !== 'ruby-syntax')).toEqual([]);
    expect(model.providers).toBeNull();
    // `ruby -c` stops at or after the first mistake, never before it.
    const rubyLine = Number(/line (\d+)/.exec(entry.note)?.[1]);
    expect(Math.min(...expected.errors)).toBeLessThanOrEqual(rubyLine);
  });

  it.each(omnibus.filter((e) => e.lang === 'diff').map((e) => [e.file, e] as const))('%s (a diff in a ruby page) gets one finding saying so', async (_file, entry) => {
    const { diagnostics } = await readOmnibus(text(entry), { file: entry.file });
    expect(diagnostics.map((d) => [d.rule, d.severity, d.message])).toEqual([['ruby-syntax', 'error', expect.stringMatching(/diff/)]]);
  });

  const valid = omnibus.filter((e) => e.ruby_syntax_ok === true);
  it.each(valid.map((e) => [e.file, e] as const))('%s: no errors, and its providers by name', async (_file, entry) => {
    const source = text(entry);
    const { model, diagnostics } = await readOmnibus(source, { file: entry.file });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const definesProviders = /gitlab_rails\[['"]omniauth_providers['"]\]\s*(=|<<)/.test(source);
    if (!definesProviders) {
      expect(model.providers).toBeNull();
      return;
    }
    expect(model.providers?.length).toBeGreaterThan(0);
    for (const item of model.providers ?? []) {
      const name = (item.value as MappingValue).entries?.find((e) => e.key === 'name')?.value;
      expect(name?.kind).toMatch(/^(string|symbol)$/);
      expect(entry.providers).toContain(name && 'value' in name ? name.value : undefined);
    }
  });
});

/**
 * Mistakes made on purpose in the valid snippets, one at a time: each must
 * give exactly one finding, at the line of the mistake.
 */
interface Mutation {
  what: string;
  /** Mutates line `i` of `lines` (or returns null when the line does not fit) and gives the expected line and message. */
  apply(lines: string[], i: number): { lines: string[]; line: number; message: RegExp } | null;
}

const lastCodeLineBefore = (lines: string[], i: number): number => {
  let j = i - 1;
  while (j >= 0 && /^\s*(#.*)?$/.test(lines[j] ?? '')) j--;
  return j + 1;
};

const MUTATIONS: Mutation[] = [
  {
    what: 'a comma removed at the end of a line',
    apply: (lines, i) => {
      const m = /^([^#]*?),(\s*(#.*)?)$/.exec(lines[i] ?? '');
      if (!m) return null;
      const out = [...lines];
      out[i] = `${m[1]}${m[2]}`;
      return { lines: out, line: i + 1, message: /missing `,` at the end of line/ };
    },
  },
  {
    what: 'a closing bracket line removed',
    apply: (lines, i) => {
      if (!/^\s*[}\]]\s*$/.test(lines[i] ?? '')) return null;
      const out = [...lines];
      out[i] = '';
      return { lines: out, line: lastCodeLineBefore(out, i), message: /missing `[}\]]` at the end of line/ };
    },
  },
  {
    what: 'a setting replaced by a docs elision',
    apply: (lines, i) => {
      const m = /^(\s*)\w+:.*,\s*$/.exec(lines[i] ?? '');
      if (!m) return null;
      const out = [...lines];
      out[i] = `${m[1]}...`;
      return { lines: out, line: i + 1, message: /`\.\.\.` stands for/ };
    },
  },
  {
    what: 'a closing quote removed',
    apply: (lines, i) => {
      const m = /^([^#]*'[^'#]*)'(,?\s*)$/.exec(lines[i] ?? '');
      if (!m) return null;
      const out = [...lines];
      out[i] = `${m[1]}${m[2]}`;
      return { lines: out, line: i + 1, message: /missing closing `'`/ };
    },
  },
];

describe('mistakes made on purpose in the docs snippets', () => {
  const valid = omnibus.filter((e) => e.ruby_syntax_ok === true);
  it.each(MUTATIONS.map((m) => [m.what, m] as const))('%s: one finding at its line', async (_what, mutation) => {
    const parse = await loadPrism();
    // Some changes leave valid Ruby (a trailing comma removed): no mistake to find.
    const isMistake = (i: number, lines: string[]): boolean => {
      const mutated = mutation.apply(lines, i);
      return mutated !== null && parse(mutated.lines.join('\n')).errors.length > 0;
    };
    let tried = 0;
    for (const entry of valid) {
      const lines = text(entry).split('\n');
      // The first and the last place in each snippet where the mistake fits.
      const places = lines.map((_, i) => i).filter((i) => isMistake(i, lines));
      for (const i of new Set([places[0], places.at(-1)])) {
        if (i === undefined) continue;
        const mutated = mutation.apply(lines, i);
        if (!mutated) continue;
        const { diagnostics } = await readOmnibus(mutated.lines.join('\n'), { file: entry.file });
        const errors = diagnostics.filter((d) => d.severity === 'error');
        const where = `${entry.file} with line ${i + 1} changed`;
        expect(errors.map((d) => d.range?.start.line), where).toEqual([mutated.line]);
        expect(errors[0]?.message, where).toMatch(mutated.message);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(30);
  });
});
