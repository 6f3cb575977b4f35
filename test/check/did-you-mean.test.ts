import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { didYouMean, didYouMeanHint, editDistance, editDistanceWithin, suggestions } from '../../src/check/did-you-mean.js';
import { SETTINGS } from '../../src/model/settings.js';

describe('editDistance (Damerau-Levenshtein, optimal string alignment)', () => {
  test.each([
    ['', '', 0],
    ['saml', 'saml', 0],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['omniauth_provider', 'omniauth_providers', 1], // insertion
    ['gitlabb', 'gitlab', 1], // deletion
    ['githib', 'github', 1], // substitution
    ['gtilab', 'gitlab', 1], // transposition counts once
    ['kitten', 'sitting', 3],
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau
  ])('%j → %j is %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('suggestions', () => {
  const omnibusKeys = SETTINGS.map((s) => s.omnibusKey);
  const providers = ['github', 'gitlab', 'google_oauth2', 'saml', 'openid_connect', 'azure_activedirectory_v2'];

  test.each<[string, string[], string | undefined]>([
    ['omniauth_provider', omnibusKeys, 'omniauth_providers'],
    ['omniauth_allow_single_signon', omnibusKeys, 'omniauth_allow_single_sign_on'],
    ['omniauth_block_auto_created_user', omnibusKeys, 'omniauth_block_auto_created_users'],
    ['google', providers, 'google_oauth2'],
    ['azure', providers, 'azure_activedirectory_v2'],
    ['openid', providers, 'openid_connect'],
    ['GitHub', providers, 'github'], // case never matters
    ['saml_provider', providers, 'saml'], // the input extends a name
    ['gitlab-com', ['gitlab_com'], 'gitlab_com'], // dash vs underscore
    ['facebook', providers, undefined],
    ['goo', providers, undefined], // too short to mean google_oauth2
    ['oauth2', providers, 'google_oauth2'], // a whole word part
    ['auth2', providers, undefined], // not a whole word part
  ])('%j among candidates → %j', (input, candidates, expected) => {
    expect(didYouMean(input, candidates)).toBe(expected);
  });

  test('typos rank before shortened names', () => {
    expect(suggestions('gitlab', ['gitlab_self_managed', 'gitlab2', 'gitlabs'])).toEqual(['gitlab2', 'gitlabs', 'gitlab_self_managed']);
  });

  test('the input itself is never suggested, duplicates once', () => {
    expect(suggestions('saml', ['saml', 'saml2', 'saml2'])).toEqual(['saml2']);
  });

  test('a hint names at most two', () => {
    expect(didYouMeanHint('gitlub', ['gitlab', 'github', 'gitlub2'])).toBe('did you mean `github` or `gitlab`?');
    expect(didYouMeanHint('zzz', ['gitlab'])).toBeUndefined();
  });
});

describe('editDistanceWithin', () => {
  test('is the edit distance when it is at most max, else max + 1', () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_'), maxLength: 10 });
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 4 }), (a, b, max) => {
        expect(editDistanceWithin(a, b, max)).toBe(Math.min(editDistance(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });
});
