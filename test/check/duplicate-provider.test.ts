import { describe, expect, test } from 'vitest';
import { duplicateProviderRule } from '../../src/check/rules/duplicate-provider.js';
import { ruby, sym, type ModelSpec } from './support/model.js';
import { providers, run } from './support/run.js';

describe('rule: duplicate-provider', () => {
  test.each<[string, ModelSpec]>([
    ['different names', providers({ name: 'saml' }, { name: 'saml_2', args: { strategy_class: 'OmniAuth::Strategies::SAML' } })],
    ['names that are expressions', providers({ name: ruby('N') }, { name: ruby('N') })],
    ['a provider without a name', providers({ label: 'x' }, { label: 'x' })],
    ['one provider', providers({ name: 'github' })],
  ])('passes: %s', (_, spec) => {
    expect(run(duplicateProviderRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, string[][]]>([
    ['the same name twice', providers({ name: 'github' }, { name: 'gitlab' }, { name: 'github' }), [['github', '"github"', 'omniauth.providers[2].name']]],
    ['a string and a symbol', providers({ name: 'saml' }, { name: sym('saml') }), [['saml', ':saml', 'omniauth.providers[1].name']]],
    ['the old kerberos name', providers({ name: 'kerberos' }, { name: 'kerberos_spnego' }), [['kerberos', '"kerberos_spnego"', 'omniauth.providers[1].name']]],
    ['three times', providers({ name: 'saml' }, { name: 'saml' }, { name: 'saml' }), [['saml', '"saml"', 'omniauth.providers[1].name'], ['saml', '"saml"', 'omniauth.providers[2].name']]],
    [
      'an append repeating an assigned provider',
      { statements: [{ key: 'omniauth_providers', value: [{ name: 'github' }] }, { key: 'omniauth_providers', value: { name: 'github' }, operation: 'append' }] },
      [['github', '"github"', 'omniauth.providers.name']],
    ],
  ])('fails: %s', (_, spec, expected) => {
    const found = run(duplicateProviderRule, spec);
    expect(found.map((f) => [f.rule, f.severity])).toEqual(expected.map(() => ['duplicate-provider', 'error']));
    expect(found.map((f) => [f.message.match(/`(.+?)`/)?.[1], f.at, f.path])).toEqual(expected);
    expect(found[0]?.message).toMatch(/^provider `\w+` is configured again: GitLab uses only this entry and ignores the one at line \d+$/);
  });

  test('names the line of the earlier entry', () => {
    const found = run(duplicateProviderRule, { statements: [{ key: 'omniauth_providers', value: [{ name: 'github' }] }, { key: 'omniauth_providers', value: { name: 'github' }, operation: 'append' }] });
    expect(found[0]?.message).toBe('provider `github` is configured again: GitLab uses only this entry and ignores the one at line 1');
  });
});
