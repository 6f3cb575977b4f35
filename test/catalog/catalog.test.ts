import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  PROVIDERS,
  audienceOf,
  providerByName,
  providerStatus,
  strategyOf,
} from '../../src/catalog/providers.js';
import { GITLAB_LABELS } from '../../src/catalog/labels.js';
import { compareVersions, newestKnownVersion, parseGitlabVersion, versionTable } from '../../src/catalog/versions.js';
import type { MappingValue } from '../../src/model/types.js';
import { model, type V } from '../check/providers/support.js';

function mappingOf(provider: V): MappingValue {
  const value = model({ providers: [provider] }).providers?.[0]?.value;
  if (value?.kind !== 'mapping') throw new Error('not a mapping');
  return value;
}

describe('the catalog', () => {
  const required = [
    'alicloud', 'atlassian_oauth2', 'auth0', 'azure_activedirectory_v2', 'azure_oauth2', 'bitbucket', 'cognito', 'crowd',
    'github', 'gitlab', 'google_oauth2', 'group_saml', 'jwt', 'oauth2_generic', 'openid_connect', 'salesforce', 'saml',
    'shibboleth', 'kerberos', 'facebook', 'twitter', 'cas3', 'dingtalk', 'authentiq',
  ];
  it('has every provider GitLab knows, current and removed, once', () => {
    expect(PROVIDERS.map((p) => p.name).sort()).toEqual([...required].sort());
  });

  it.each(PROVIDERS.map((p) => [p.name, p] as const))('%s has a label, docs link and strategy class', (_, p) => {
    expect(p.label).not.toBe('');
    expect(p.docsUrl).toMatch(/^https:\/\/docs\.gitlab\.com\//);
    expect(p.strategyClass).toMatch(/^OmniAuth::Strategies::[A-Z]\w*$/);
    for (const key of p.requiredArgs) expect(Object.keys(p.args)).toContain(key);
  });

  // GitLab labels a button without `label` from a short table or else `name.titleize`
  // ("Saml", "Openid Connect"); the docs' comments state that default next to `name`.
  const DOCS = new URL('../../../shared/corpus/docs/', import.meta.url);
  const documentedLabels = new Map<string, string>();
  for (const dir of ['', 'legacy/']) {
    for (const file of readdirSync(new URL(dir, DOCS)).filter((f) => f.endsWith('.md'))) {
      const lines = readFileSync(new URL(dir + file, DOCS), 'utf8').split('\n');
      lines.forEach((line, i) => {
        const label = /defaults to "([^"]+)"/.exec(line)?.[1];
        const name = lines
          .slice(Math.max(0, i - 2), i + 1)
          .map((l) => /["']?name["']?\s*(?::|=>)\s*["']([a-z0-9_]+)["']/.exec(l)?.[1])
          .filter((n) => n !== undefined)
          .pop();
        if (label && name && providerByName(name)?.name === name) documentedLabels.set(name, label);
      });
    }
  }
  it('knows the documented default label of enough providers to mean something', () => {
    expect(documentedLabels.size).toBeGreaterThan(15);
  });
  // Where a docs comment is older than GitLab's LABELS table, the table (what GitLab runs) wins.
  const OUTDATED_IN_DOCS: Record<string, string> = {
    dingtalk: 'Ding Talk', // GitLab's table says "DingTalk"
    azure_oauth2: 'Azure AD', // GitLab now labels the superseded v1 strategy "Azure AD (Obsolete)"
  };
  it.each([...documentedLabels])('%s is labelled as the docs say (%j), or as GitLab\'s LABELS table says where the docs are older', (name, label) => {
    const outdated = OUTDATED_IN_DOCS[name];
    if (outdated === undefined) {
      expect(providerByName(name)?.label).toBe(label);
    } else {
      expect(label).toBe(outdated);
      expect(providerByName(name)?.label).toBe(GITLAB_LABELS[name]);
    }
  });

  it('reads the old Kerberos name as kerberos', () => {
    expect(providerByName('kerberos_spnego')?.name).toBe('kerberos');
  });
});

describe('strategyOf', () => {
  const cases: Array<[string, V, string | null]> = [
    ['a built-in name', { name: 'github' }, 'github'],
    ['a symbol-keyed name is still the name', { name: 'saml' }, 'saml'],
    ['a second SAML provider', { name: 'saml_2', args: { strategy_class: 'OmniAuth::Strategies::SAML' } }, 'saml'],
    ['azure_oauth2 moved to OpenID Connect', { name: 'azure_oauth2', args: { strategy_class: 'OmniAuth::Strategies::OpenIDConnect' } }, 'openid_connect'],
    ['cognito keeps its own entry', { name: 'cognito', args: { strategy_class: 'OmniAuth::Strategies::OAuth2Generic' } }, 'cognito'],
    ['another OAuth2Generic name', { name: 'okta', args: { strategy_class: 'OmniAuth::Strategies::OAuth2Generic' } }, 'oauth2_generic'],
    ['an unknown name', { name: 'google' }, null],
    ['an unknown class', { name: 'x', args: { strategy_class: 'OmniAuth::Strategies::Nope' } }, null],
  ];
  it.each(cases)('%s', (_, provider, expected) => {
    expect(strategyOf(mappingOf(provider))?.name ?? null).toBe(expected);
  });
});

describe('who can sign in', () => {
  const cases: Array<[V, string]> = [
    [{ name: 'github' }, 'anyone'],
    [{ name: 'saml' }, 'organization'],
    [{ name: 'google_oauth2' }, 'anyone'],
    [{ name: 'google_oauth2', args: { hd: 'example.com' } }, 'organization'],
    [{ name: 'google_oauth2', args: { hd: ['example.com', 'example.org'] } }, 'organization'],
    [{ name: 'google_oauth2', args: { hd: '*' } }, 'anyone'],
    [{ name: 'azure_activedirectory_v2', args: { tenant_id: 'common' } }, 'anyone'],
    [{ name: 'azure_activedirectory_v2', args: { tenant_id: '9f0c…' } }, 'organization'],
  ];
  it.each(cases)('%j → %s', (provider, expected) => {
    const mapping = mappingOf(provider);
    const spec = strategyOf(mapping);
    expect(spec && audienceOf(spec, mapping)).toBe(expected);
  });
});

describe('versions', () => {
  it.each([
    ['16.11', [16, 11]],
    ['16.11.2', [16, 11]],
    ['v17.0', [17, 0]],
    ['17.0.1-ee', [17, 0]],
    ['17', null],
    ['latest', null],
  ] as const)('parses %s', (text, expected) => {
    expect(parseGitlabVersion(text)).toEqual(expected);
  });

  it('defaults to the newest version the table knows, which is past every recorded change', () => {
    const newest = parseGitlabVersion(newestKnownVersion());
    expect(newest).not.toBeNull();
    for (const c of versionTable().changes) {
      const at = parseGitlabVersion(c.version);
      expect(at, c.version).not.toBeNull();
      expect(compareVersions(at as [number, number], newest as [number, number])).toBeLessThanOrEqual(0);
      expect(c.source).toMatch(/^https:\/\//);
    }
  });

  const statuses: Array<[string, string | undefined, string]> = [
    ['github', undefined, 'current'],
    ['facebook', '16.1', 'current'],
    ['facebook', '16.2', 'deprecated'],
    ['facebook', '17.0', 'removed'],
    ['twitter', '16.11', 'deprecated'],
    ['cas3', '15.3', 'deprecated'],
    ['cas3', '16.0', 'removed'],
    ['dingtalk', '14.4', 'not-yet-available'],
    ['dingtalk', '15.0', 'current'],
    ['dingtalk', '15.10', 'deprecated'],
    ['authentiq', '15.8', 'current'],
    ['authentiq', '15.9', 'removed'],
    ['kerberos_spnego', '15.4', 'renamed'],
    ['authentiq', undefined, 'removed'],
  ];
  it.each(statuses)('providerStatus(%s, %s) is %s', (name, version, expected) => {
    expect(providerStatus(name, version).status).toBe(expected);
  });
});
