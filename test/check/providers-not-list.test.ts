import { describe, expect, test } from 'vitest';
import { providersNotListRule } from '../../src/check/rules/providers-not-list.js';
import { ruby, type ModelSpec } from './support/model.js';
import { run } from './support/run.js';

describe('rule: providers-not-list', () => {
  test.each<[string, ModelSpec]>([
    ['a list', { settings: { omniauth_providers: [{ name: 'github' }] } }],
    ['an empty list', { settings: { omniauth_providers: [] } }],
    ['an expression (cannot know)', { settings: { omniauth_providers: ruby('PROVIDERS') } }],
    ['nil in gitlab.yml (Rails uses [])', { format: 'source', settings: { providers: null } }],
    ['nil in gitlab.rb (Omnibus drops nil attributes: the default [])', { settings: { omniauth_providers: null } }],
    ['no providers setting', { settings: { omniauth_enabled: true } }],
    ['a string overridden by a list later', { statements: [{ key: 'omniauth_providers', value: 'x' }, { key: 'omniauth_providers', value: [] }] }],
  ])('passes: %s', (_, spec) => {
    expect(run(providersNotListRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, { message: string; at: string; hint?: string }]>([
    [
      'the whole list quoted',
      { settings: { omniauth_providers: "[{ name: 'github' }]" } },
      { message: '`omniauth_providers` is a string, not a list: GitLab sees no providers', at: `"[{ name: 'github' }]"`, hint: 'remove the quotes around the list' },
    ],
    [
      'a Hash instead of an Array',
      { settings: { omniauth_providers: { name: 'github' } } },
      { message: '`omniauth_providers` is a single mapping, not a list of providers', at: '{ name: "github" }', hint: 'put the provider inside a list: [ { ... } ]' },
    ],
    [
      'a quoted list in gitlab.yml, in its spelling',
      { format: 'source', settings: { providers: '- { name: github }' } },
      { message: '`providers` is a string, not a list: GitLab sees no providers', at: '"- { name: github }"', hint: 'remove the quotes around the list' },
    ],
    [
      'a mapping in gitlab.yml (the `- ` forgotten)',
      { format: 'source', settings: { providers: { name: 'github' } } },
      { message: '`providers` is a single mapping, not a list of providers', at: '{ name: "github" }', hint: 'start the provider with `- ` to make it a list item' },
    ],
    ['a boolean', { settings: { omniauth_providers: true } }, { message: '`omniauth_providers` must be a list of providers, not `true`', at: 'true' }],
  ])('fails: %s', (_, spec, expected) => {
    const found = run(providersNotListRule, spec);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'providers-not-list', severity: 'error', ...expected });
  });
});
