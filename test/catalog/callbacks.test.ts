import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { callbackUrls, callbacksForModel, normalizeExternalUrl } from '../../src/catalog/callbacks.js';
import { model } from '../check/providers/support.js';

describe('callbackUrls', () => {
  it('gives the GitLab.com provider exactly the importer and sign-in callbacks (the docs\' example)', () => {
    expect(callbackUrls('gitlab', 'http://your-gitlab.example.com').map((c) => c.url)).toEqual([
      'http://your-gitlab.example.com/import/gitlab/callback',
      'http://your-gitlab.example.com/users/auth/gitlab/callback',
    ]);
  });

  // The GitLab.com page lists the URLs to register; both the current page (https) and the legacy one (http).
  it.each(['gitlab.md', 'legacy/gitlab@c7702010.md'])('gives the GitLab.com provider the URLs docs/%s lists', (doc) => {
    const text = readFileSync(new URL(`../../../shared/corpus/docs/${doc}`, import.meta.url), 'utf8');
    const listed = [...text.matchAll(/^\s+(https?:\/\/your-gitlab\.example\.com\/\S+\/callback)$/gm)].map((m) => m[1]);
    const base = /^\s+(https?:\/\/your-gitlab\.example\.com)\//m.exec(text)?.[1] ?? '';
    expect(listed).toHaveLength(2);
    expect(callbackUrls('gitlab', base).map((c) => c.url)).toEqual(listed);
  });

  const cases: Array<[string, string, string[]]> = [
    ['github', 'https://gitlab.example.com', ['https://gitlab.example.com/users/auth']],
    ['bitbucket', 'https://gitlab.example.com/', ['https://gitlab.example.com/users/auth']],
    ['google_oauth2', 'https://gitlab.example.com', ['https://gitlab.example.com/users/auth/google_oauth2/callback', 'https://gitlab.example.com/-/google_api/auth/callback']],
    ['saml', 'https://gitlab.example.com', ['https://gitlab.example.com/users/auth/saml/callback', 'https://gitlab.example.com/users/auth/saml/metadata', 'https://gitlab.example.com']],
    ['openid_connect', 'https://gitlab.example.com/gitlab/', ['https://gitlab.example.com/gitlab/users/auth/openid_connect/callback']],
    ['salesforce', 'https://gitlab.example.com:8443', ['https://gitlab.example.com:8443/users/auth/salesforce/callback']],
    ['auth0', 'https://GITLAB.example.com:443//', ['https://GITLAB.example.com/users/auth/auth0/callback']],
    ['my_custom_sso', 'https://gitlab.example.com', ['https://gitlab.example.com/users/auth/my_custom_sso/callback']],
    ['crowd', 'https://gitlab.example.com', []],
    ['github', 'gitlab.example.com', []],
    ['github', 'ftp://gitlab.example.com', []],
  ];
  it.each(cases)('%s at %s', (name, ext, expected) => {
    const urls = callbackUrls(name, ext).map((c) => c.url);
    expect(urls).toEqual(expected);
    for (const u of urls) expect(u.replace(/^https?:\/\//, '')).not.toContain('//');
  });

  it('uses the strategy\'s rules for a custom name with strategy_class', () => {
    const fromModel = callbacksForModel(
      model({
        externalUrl: 'https://gitlab.example.com',
        providers: [{ name: 'saml_2', args: { name: 'saml_2', strategy_class: 'OmniAuth::Strategies::SAML', issuer: 'urn:gitlab:example' } }],
      }),
    );
    expect(fromModel.providers[0]?.callbacks.map((c) => c.url)).toEqual([
      'https://gitlab.example.com/users/auth/saml_2/callback',
      'https://gitlab.example.com/users/auth/saml_2/metadata',
      'urn:gitlab:example',
    ]);
  });

  it('counts entries it cannot name (Helm secret references, expressions)', () => {
    const fromModel = callbacksForModel(model({ externalUrl: 'https://gitlab.example.com', providers: [{ secret: 'gitlab-saml' }, { name: 'saml' }] }));
    expect(fromModel.providers.map((p) => p.name)).toEqual(['saml']);
    expect(fromModel.unnamed).toBe(1);
  });

  it('shows <external_url> and says why when the file has none', () => {
    const fromModel = callbacksForModel(model({ providers: [{ name: 'github' }] }));
    expect(fromModel.externalUrl).toBe('<external_url>');
    expect(fromModel.externalUrlProblem).toBe('the file does not set external_url');
    expect(fromModel.providers[0]?.callbacks.map((c) => c.url)).toEqual(['<external_url>/users/auth']);
  });

  it.each([
    ['https://gitlab.example.com', 'https://gitlab.example.com'],
    ['https://gitlab.example.com:443', 'https://gitlab.example.com'],
    ['http://gitlab.example.com:80/', 'http://gitlab.example.com'],
    ['https://gitlab.example.com:8443/root/', 'https://gitlab.example.com:8443/root'],
    ['https://GitLab.Example.com/Root/', 'https://gitlab.example.com/Root'],
    ['not a url', null],
  ] as const)('normalizes %s', (input, expected) => {
    expect(normalizeExternalUrl(input)).toBe(expected);
  });

  it.each([
    // Omnibus keeps the host as typed; some IdPs compare redirect URIs byte for byte.
    ['https://GitLab.Example.com', 'https://GitLab.Example.com/users/auth/saml/callback'],
    ['https://GitLab.Example.com:443/', 'https://GitLab.Example.com/users/auth/saml/callback'],
    // chomp('/'): one trailing slash of the relative URL root goes, the root stays.
    ['https://gitlab.example.com/gitlab/', 'https://gitlab.example.com/gitlab/users/auth/saml/callback'],
    ['https://gitlab.example.com:8443/GitLab', 'https://gitlab.example.com:8443/GitLab/users/auth/saml/callback'],
  ])('builds callbacks on %s as Omnibus reads it', (ext, first) => {
    expect(callbackUrls('saml', ext)[0]?.url).toBe(first);
  });

  it('says the GitLab.com importer callback only matters before GitLab 16.0', () => {
    const [importer, signIn] = callbackUrls('gitlab', 'https://gitlab.example.com');
    expect(importer?.url).toBe('https://gitlab.example.com/import/gitlab/callback');
    expect(importer?.note).toMatch(/removed in GitLab 16\.0.*only matters before 16\.0/);
    expect(signIn?.note).toBeUndefined();
  });

  it('uses args.name when it differs from name: OmniAuth answers there', () => {
    const fromModel = callbacksForModel(
      model({
        externalUrl: 'https://gitlab.example.com',
        providers: [
          { name: 'openid_connect_2fa', args: { name: 'oidc_2fa', strategy_class: 'OmniAuth::Strategies::OpenIDConnect' } },
          { name: 'saml', args: { name: 'saml' } },
        ],
      }),
    );
    expect(fromModel.providers.map((p) => [p.name, p.argsName, p.callbacks[0]?.url])).toEqual([
      ['openid_connect_2fa', 'oidc_2fa', 'https://gitlab.example.com/users/auth/oidc_2fa/callback'],
      ['saml', undefined, 'https://gitlab.example.com/users/auth/saml/callback'],
    ]);
  });
});
