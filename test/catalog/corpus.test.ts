/**
 * Acceptance against the GitLab docs themselves: every snippet the docs
 * present as a working example validates with no errors beyond placeholder
 * findings (`YOUR_APP_ID`, the docs' sample SAML fingerprint), except the
 * known mistakes listed below; snippets of removed providers get the removed
 * finding exactly when --gitlab-version is past the removal.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { providerStatus } from '../../src/catalog/providers.js';
import { historyOf } from '../../src/catalog/versions.js';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { readConfig } from '../../src/read/index.js';
import { validateText } from '../../src/validate.js';

const SNIPPETS = new URL('../../../shared/corpus/snippets/', import.meta.url);

interface ManifestEntry {
  file: string;
  kind: string;
  lang: string;
  ruby_syntax_ok?: boolean;
  yaml_parse_ok?: boolean;
}

const manifest = JSON.parse(readFileSync(new URL('manifest.json', SNIPPETS), 'utf8')) as ManifestEntry[];
const text = (file: string): string => readFileSync(new URL(file, SNIPPETS), 'utf8');

/**
 * Working examples: gitlab.rb, gitlab.yml and Helm material that parses as
 * published (not one of the 19 broken blocks), not a diff, and not a
 * fragment with `...` standing for settings left out.
 */
const examples = manifest.filter(
  (e) =>
    ['omnibus', 'source', 'helm'].includes(e.kind) &&
    e.lang !== 'diff' &&
    e.ruby_syntax_ok !== false &&
    e.yaml_parse_ok !== false &&
    !text(e.file).includes('...'),
);

/** Findings about values the docs left as stand-ins for the reader's own (`YOUR_APP_ID`, the sample SAML fingerprint). */
function isPlaceholderFinding(d: Diagnostic): boolean {
  return d.rule === 'placeholder-value';
}

/** Mistakes the docs really make, or providers GitLab no longer has: these findings are the tool being right. */
const KNOWN: Record<string, { rules: string[]; why: string }> = {
  'oidc-10.rb': { rules: ['callback-mismatch'], why: 'the redirect_uri names /users/auth/activedirectory_v2/callback for provider azure_activedirectory_v2' },
  'legacy/azure@036cfe84-5.rb': { rules: ['azure-oauth2-removed'], why: 'Azure AD v1 strategy, removed in 17.0' },
  'legacy/azure@036cfe84-8.yml': { rules: ['azure-oauth2-removed'], why: 'Azure AD v1 strategy, removed in 17.0' },
  'legacy/ultra_auth@1d20d436-1.rb': { rules: ['missing-strategy-class'], why: 'UltraAuth shut down; GitLab no longer has its strategy' },
  'legacy/ultra_auth@1d20d436-2.yml': { rules: ['missing-strategy-class'], why: 'UltraAuth shut down; GitLab no longer has its strategy' },
};

const REMOVED = new Set(['facebook', 'twitter', 'cas3', 'dingtalk', 'authentiq']);

/** Provider names each example configures (entries in the list, not names merely referenced in settings). */
const configured = new Map(
  await Promise.all(
    examples.map(async (e) => {
      const { model } = await readConfig(text(e.file), { file: e.file });
      const names = (model.providers ?? []).flatMap((p) => {
        const name = p.value.kind === 'mapping' ? p.value.entries.find((x) => x.key === 'name')?.value : undefined;
        return name && (name.kind === 'string' || name.kind === 'symbol') ? [name.value] : [];
      });
      return [e.file, names] as const;
    }),
  ),
);
const removedProviderOf = (e: ManifestEntry): string | undefined => configured.get(e.file)?.find((p) => REMOVED.has(p));

async function errors(file: string, gitlabVersion?: string): Promise<Diagnostic[]> {
  const { diagnostics } = await validateText(text(file), { file, ...(gitlabVersion ? { gitlabVersion } : {}) });
  return diagnostics.filter((d) => d.severity === 'error');
}

describe('the GitLab docs snippets', () => {
  it('include enough working examples of every kind to mean something', () => {
    expect(examples.length).toBeGreaterThan(150);
    for (const kind of ['omnibus', 'source', 'helm']) expect(examples.filter((e) => e.kind === kind).length).toBeGreaterThan(10);
  });

  it('validate with placeholder findings only, apart from the known mistakes and removed providers', async () => {
    const unexpected: string[] = [];
    const missing: string[] = [];
    for (const e of examples) {
      const found = (await errors(e.file)).filter((d) => !isPlaceholderFinding(d));
      const expected = KNOWN[e.file]?.rules ?? (removedProviderOf(e) ? ['removed-provider'] : []);
      const rules = found.map((d) => d.rule);
      for (const d of found) if (!expected.includes(d.rule)) unexpected.push(`${e.file}:${d.range?.start.line} ${d.rule} ${d.message}`);
      for (const rule of expected) if (!rules.includes(rule)) missing.push(`${e.file}: expected ${rule}`);
    }
    expect(unexpected).toEqual([]);
    expect(missing).toEqual([]);
  });

  const removedSnippets = examples.filter((e) => removedProviderOf(e) !== undefined);

  it('have snippets for each removed provider', () => {
    expect(new Set(removedSnippets.map(removedProviderOf))).toEqual(REMOVED);
  });

  it.each(removedSnippets.map((e) => [e.file, removedProviderOf(e) as string] as const))(
    '%s (%s) is reported removed exactly from the removal version on',
    async (file, provider) => {
      const removal = historyOf('provider', provider).find((c) => c.change === 'removed');
      expect(removal).toBeDefined();
      const [major, minor] = (removal?.version ?? '0.0').split('.').map(Number) as [number, number];
      const before = minor > 0 ? `${major}.${minor - 1}` : `${major - 1}.11`;
      expect(providerStatus(provider, before).status).not.toBe('removed');
      const rulesBefore = (await errors(file, before)).filter((d) => !isPlaceholderFinding(d)).map((d) => d.rule);
      const rulesAt = (await errors(file, removal?.version)).filter((d) => !isPlaceholderFinding(d)).map((d) => d.rule);
      expect(rulesBefore).toEqual([]);
      expect(rulesAt).toEqual(['removed-provider']);
    },
  );
});
