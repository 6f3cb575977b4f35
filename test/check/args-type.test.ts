import { describe, expect, test } from 'vitest';
import { argsTypeRule } from '../../src/check/rules/args-type.js';
import { erb, ruby, sym, type ModelSpec } from './support/model.js';
import { providers, run } from './support/run.js';

describe('rule: args-type', () => {
  test.each<[string, ModelSpec]>([
    ['a mapping', providers({ name: 'gitlab', args: { scope: 'api' } })],
    ['a list (positional arguments)', providers({ name: 'jwt', args: ['secret', { algorithm: 'HS256' }] })],
    ['no args', providers({ name: 'github', app_id: 'a' })],
    ['a Ruby expression', providers({ name: 'gitlab', args: ruby('GITLAB_ARGS') })],
    ['an ERB expression', { format: 'source', fragmentProviders: [{ name: 'gitlab', args: erb('<%= ARGS %>') }] }],
    ['a provider that is not a mapping (the schema reports it)', providers('github')],
    ['nil in gitlab.rb (written on purpose, as the Cognito docs do)', providers({ name: 'cognito', args: null })],
  ])('passes: %s', (_, spec) => {
    expect(run(argsTypeRule, spec)).toEqual([]);
  });

  test.each<[string, ModelSpec, { severity: string; message: string; at: string; path: string; hint?: string }]>([
    [
      'a mapping in quotes',
      providers({ name: 'gitlab', args: "{ scope: 'api' }" }),
      {
        severity: 'error',
        message: '`args` is a string that looks like a mapping: GitLab ignores it and the strategy gets none of these options',
        at: `"{ scope: 'api' }"`,
        path: 'omniauth.providers[0].args',
        hint: 'remove the quotes around the mapping',
      },
    ],
    [
      'YAML pairs in quotes',
      { format: 'source', fragmentProviders: [{ name: 'gitlab', args: 'scope: api' }] },
      { severity: 'error', message: '`args` is a string that looks like a mapping: GitLab ignores it and the strategy gets none of these options', at: '"scope: api"', path: 'omniauth.providers[0].args', hint: 'remove the quotes around the mapping' },
    ],
    [
      'a plain string',
      providers({ name: 'gitlab' }, { name: 'github', args: 'api' }),
      { severity: 'error', message: '`args` must be a mapping or a list, not a string: GitLab ignores it', at: '"api"', path: 'omniauth.providers[1].args' },
    ],
    ['a symbol', providers({ name: 'gitlab', args: sym('api') }), { severity: 'error', message: '`args` must be a mapping or a list, not a symbol: GitLab ignores it', at: ':api', path: 'omniauth.providers[0].args' }],
    ['a boolean', providers({ name: 'gitlab', args: true }), { severity: 'error', message: '`args` must be a mapping or a list, not `true`: GitLab ignores it', at: 'true', path: 'omniauth.providers[0].args' }],
    [
      'empty args (options indented too little)',
      { format: 'source', fragmentProviders: [{ name: 'saml', args: null, assertion_consumer_service_url: 'https://x' }] },
      { severity: 'warning', message: '`args` is empty: if the options follow on the next lines, indent them under `args:`', at: 'null', path: 'omniauth.providers[0].args' },
    ],
  ])('fails: %s', (_, spec, expected) => {
    const found = run(argsTypeRule, spec);
    expect(found).toEqual([{ rule: 'args-type', ...expected }]);
  });
});
