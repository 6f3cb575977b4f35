import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_RULES, MODEL_RULES, checkModel, ruleMeta } from '../../src/check/index.js';
import { READER_RULES } from '../../src/check/reader-rules.js';
import { knownEntries, providerEntries, sameEntriesFor } from '../../src/check/rules/providers/entries.js';
import { buildModel, type ModelSpec } from './support/model.js';
import { providers } from './support/run.js';

function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.ts'))
      .map((name) => path.join(dir, name)),
  );
}

const FIXED_IDS = [
  'ruby-syntax', 'yaml-syntax', 'erb-control-flow', 'duplicate-key', 'overridden-assignment', 'conditional-assignment', 'opaque-value',
  'schema', 'unknown-setting', 'providers-not-list', 'args-type', 'duplicate-provider', 'unknown-provider-reference',
  'placeholder-value', 'plaintext-secret', 'string-boolean',
];

describe('the rule list (what explain documents)', () => {
  test('has every fixed rule id once', () => {
    const ids = ALL_RULES.map((m) => m.id);
    for (const id of FIXED_IDS) expect(ids).toContain(id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test.each(ALL_RULES.map((m) => [m.id, m] as const))('%s has a kebab-case id, messages and full docs', (id, meta) => {
    expect(id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
    expect(['error', 'warning', 'info']).toContain(meta.severity);
    expect(Object.keys(meta.messages).length).toBeGreaterThan(0);
    for (const template of Object.values(meta.messages)) expect(template).not.toMatch(/\.$/);
    expect(meta.docs.description.length).toBeGreaterThan(20);
    expect(meta.docs.why.length).toBeGreaterThan(20);
    expect(meta.docs.fix.length).toBeGreaterThan(10);
    if (meta.docs.url) expect(meta.docs.url).toMatch(/^https:\/\/docs\.gitlab\.com\//);
  });

  test('every rule id the readers and the renderer report is documented, and nothing else', () => {
    const reported = new Set<string>();
    const patterns = [/rule: '([a-z-]+)'/g, /report\(ctx, '\w+', '([a-z-]+)'/g, /_RULE = '([a-z-]+)'/g];
    for (const file of sourceFiles(['src/read', 'src/render'])) {
      const text = readFileSync(file, 'utf8');
      for (const pattern of patterns) for (const m of text.matchAll(pattern)) reported.add(m[1] as string);
    }
    expect([...reported].sort()).toEqual(READER_RULES.map((m) => m.id).sort());
  });

  test('reader rules are marked as reported by the readers', () => {
    expect(READER_RULES.every((m) => m.reportedBy === 'reader' || m.reportedBy === 'renderer')).toBe(true);
    for (const id of FIXED_IDS.slice(0, 7)) expect(READER_RULES.map((m) => m.id)).toContain(id);
  });

  test('ruleMeta looks a rule up by id', () => {
    expect(ruleMeta('args-type')?.severity).toBe('error');
    expect(ruleMeta('ruby-syntax')?.docs.description).toContain('gitlab.rb');
    expect(ruleMeta('no-such-rule')).toBeUndefined();
  });
});

describe('checkModel', () => {
  const check = (spec: ModelSpec) => {
    const { model, at } = buildModel(spec);
    return checkModel(model).map((d) => [d.rule, d.severity, at(d.range)]);
  };

  test('a clean config has no findings', () => {
    expect(check({
      settings: { omniauth_allow_single_sign_on: ['github'], omniauth_block_auto_created_users: true },
      statements: [{ key: 'omniauth_providers', value: [{ name: 'github', app_id: 'a1b2', args: { scope: 'user:email' } }] }],
    }).filter(([rule]) => MODEL_RULES.some((r) => r.meta.id === rule))).toEqual([]);
  });

  test('each mistake is reported once, by the check that explains it best, in file order', () => {
    const found = check({
      settings: { omniauth_provider: [], omniauth_block_auto_created_users: 'false', omniauth_allow_single_sign_on: ['google'] },
      statements: [{ key: 'omniauth_providers', value: [{ name: 'google_oauth2', app_id: 'YOUR_APP_ID', args: "{ access_type: 'offline' }" }, { name: 'google_oauth2' }] }],
    });
    expect(found.filter(([rule]) => MODEL_RULES.some((r) => r.meta.id === rule))).toEqual([
      ['unknown-setting', 'warning', 'omniauth_provider'],
      ['string-boolean', 'warning', '"false"'],
      ['unknown-provider-reference', 'warning', '"google"'],
      ['placeholder-value', 'error', '"YOUR_APP_ID"'],
      ['args-type', 'error', `"{ access_type: 'offline' }"`],
      ['duplicate-provider', 'error', '"google_oauth2"'],
    ]);
  });

  test('the provider entries are worked out once per model while its checks run, and afresh for the next check', () => {
    const { model } = buildModel({ statements: [{ key: 'omniauth_providers', value: [{ name: 'github', app_id: 'a1b2' }] }] });
    const options = {};
    const context = { model, options, report: () => undefined };
    sameEntriesFor(model, options, () => {
      expect(providerEntries(model)).toBe(providerEntries(model));
      expect(knownEntries(context)).toBe(knownEntries(context));
      // Another model, or other options, are not answered with this model's entries.
      const other = buildModel({ statements: [{ key: 'omniauth_providers', value: [{ name: 'saml' }] }] }).model;
      expect(providerEntries(other).map((e) => e.name)).toEqual(['saml']);
      expect(knownEntries({ ...context, options: { gitlabVersion: '18.0' } })).not.toBe(knownEntries(context));
    });
    expect(providerEntries(model)).not.toBe(providerEntries(model));
    // A model changed between two checks is checked as it is now.
    const rules = (): string[] => checkModel(model, options).map((d) => d.rule);
    expect(rules()).not.toContain('missing-strategy-class');
    model.providers = buildModel({ statements: [{ key: 'omniauth_providers', value: [{ name: 'no_such_provider' }] }] }).model.providers;
    expect(rules()).toContain('missing-strategy-class');
  });

  test('a providers string is one finding, not one per check', () => {
    const found = check(providers()).length;
    expect(found).toBe(0);
    expect(check({ settings: { omniauth_providers: "[{ name: 'github' }]" } })).toEqual([
      ['providers-not-list', 'error', `"[{ name: 'github' }]"`],
    ]);
  });
});
