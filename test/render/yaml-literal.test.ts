import { describe, expect, it } from 'vitest';
import type { PlainValue } from '../../src/model/plain.js';
import { RenderError } from '../../src/render/errors.js';
import {
  DOCS_YAML_STYLE,
  escapeErb,
  isPlainSafe,
  yamlErb,
  yamlFlow,
  yamlItem,
  yamlLiteral,
  yamlPair,
  yamlScalar,
  yamlString,
  type YamlStyle,
} from '../../src/render/yaml-literal.js';
import { oracleAvailable } from '../support/oracle.js';
import { evaluateBatch, expectedTyped, type Typed } from './ruby-oracle.js';
import { str, sym, int, flt, arr, map } from '../support/plain.js';


const BLOCK: YamlStyle = { flow: false, quote: 'single', quoteStrings: false, indentUnit: '  ' };

describe('yamlString: strings Psych would read as something else are quoted', () => {
  const quotedCases: [string, string][] = [
    ['yes', "'yes'"],
    ['No', "'No'"],
    ['on', "'on'"],
    ['OFF', "'OFF'"],
    ['y', "'y'"],
    ['n', "'n'"],
    ['true', "'true'"],
    ['False', "'False'"],
    ['null', "'null'"],
    ['~', "'~'"],
    ['', "''"],
    ['0123', "'0123'"],
    ['0x1F', "'0x1F'"],
    ['1e3', "'1e3'"],
    ['1_000', "'1_000'"],
    ['1,000', "'1,000'"],
    ['.5', "'.5'"],
    ['1:20', "'1:20'"],
    ['2001-12-14', "'2001-12-14'"],
    ['2001-12-14 21:59:43.10 -5', "'2001-12-14 21:59:43.10 -5'"],
    [':saml', "':saml'"],
    ['<<', "'<<'"],
    ['=', "'='"],
    [' leading', "' leading'"],
    ['trailing ', "'trailing '"],
    ['a: b', "'a: b'"],
    ['a #b', "'a #b'"],
    ['ends with:', "'ends with:'"],
    ['- dash', "'- dash'"],
    ['*alias', "'*alias'"],
    ['&anchor', "'&anchor'"],
    ['!tag', "'!tag'"],
    ['@at', "'@at'"],
    ['%percent', "'%percent'"],
    ['`tick', "'`tick'"],
    ['{x}', "'{x}'"],
    ["it's", "'it''s'"],
    ['back\\slash "quoted"', `'back\\slash "quoted"'`],
    ['Grüße', "'Grüße'"],
  ];
  it.each(quotedCases)('%j → %s', (input, expected) => {
    expect(yamlString(input, { quote: 'single', flow: false })).toBe(expected);
  });

  const plainCases: [string, boolean][] = [
    ['gitlab', false],
    ['google_oauth2', false],
    ['Sign in with GitLab', false],
    ['https://gitlab.example.com/users/auth', false],
    ['user:email', false],
    ['openid profile email', true],
    ['YOUR_APP_ID', true],
  ];
  it.each(plainCases)('%j stays plain (flow: %s)', (input, flow) => {
    expect(isPlainSafe(input, flow)).toBe(true);
    expect(yamlString(input, { quote: 'single', flow })).toBe(input);
  });

  it('quotes `:` inside flow collections, where it would split the scalar', () => {
    expect(yamlString('https://github.com/', { quote: 'single', flow: true })).toBe("'https://github.com/'");
    expect(yamlString('https://github.com/', { quote: 'single', flow: false })).toBe('https://github.com/');
  });

  const escapes: [string, string, string][] = [
    ['newline and tab', 'a\nb\tc', '"a\\nb\\tc"'],
    ['escape and control bytes', '\u001b\u0001\u007f', '"\\e\\x01\\x7F"'],
    ['YAML 1.1 line breaks that single quotes would fold', '\u0085\u2028\u2029', '"\\N\\L\\P"'],
    ['byte order mark', '\ufeff', '"\\uFEFF"'],
    ['Unicode kept as is', 'Grüße 😀\tx', '"Grüße 😀\\tx"'],
  ];
  it.each(escapes)('double quotes when escapes are needed: %s', (_name, input, expected) => {
    expect(yamlString(input, { quote: 'single', flow: false })).toBe(expected);
  });

  it('double quotes escape backslashes and double quotes', () => {
    expect(yamlString('a\\"b\n', { quote: 'double', flow: false })).toBe('"a\\\\\\"b\\n"');
  });

  it('forced quotes use the preferred quote style', () => {
    expect(yamlString('api', { quote: 'single', flow: true, forceQuotes: true })).toBe("'api'");
    expect(yamlString('api', { quote: 'double', flow: true, forceQuotes: true })).toBe('"api"');
  });
});

describe('ERB in gitlab.yml', () => {
  it('writes a literal <% as <%% so GitLab does not execute it', () => {
    expect(escapeErb('<%= x %> and <%% y')).toBe('<%%= x %> and <%%% y');
    expect(yamlString('<%= `id` %>', { quote: 'single', flow: false })).toBe("'<%%= `id` %>'");
    expect(yamlString('a\n<%= x %>', { quote: 'single', flow: false })).toBe('"a\\n<%%= x %>"');
  });

  it('writes an environment variable as an ERB tag in double quotes', () => {
    expect(yamlScalar({ kind: 'env', variable: 'GITLAB_SECRET' }, DOCS_YAML_STYLE)).toBe('"<%= ENV[\'GITLAB_SECRET\'] %>"');
    expect(() => yamlScalar({ kind: 'env', variable: "X'] %><%= `id" }, DOCS_YAML_STYLE)).toThrow(/not a valid environment variable name/);
  });

  it('keeps ERB tags verbatim and escapes only the text between them', () => {
    expect(yamlErb("<%= ENV['X'] %>")).toBe('"<%= ENV[\'X\'] %>"');
    expect(yamlErb('pre "<%= x %>" \\ post')).toBe('"pre \\"<%= x %>\\" \\\\ post"');
    expect(yamlErb('<%= ENV["X"] %>')).toBe('\'<%= ENV["X"] %>\'');
  });
});

describe('yamlScalar', () => {
  const cases: [string, PlainValue, string][] = [
    ['integer', int('250000'), '250000'],
    ['leading zeros would be octal to Psych: normalized', int('0123'), '123'],
    ['float with a signed exponent Psych accepts', flt(1e20), '1.0e+20'],
    ['whole float', flt(3), '3.0'],
    ['booleans', { kind: 'boolean', value: false }, 'false'],
    ['null', { kind: 'null' }, 'null'],
    ['symbols are written as their name: gitlab.yml has no symbols', sym('saml'), "'saml'"],
    ['string quoted in the docs style', str('api'), "'api'"],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(yamlScalar(value, DOCS_YAML_STYLE)).toBe(expected);
  });

  it('writes a gitlab.rb ENV[...] lookup as the ERB secret reference', () => {
    expect(yamlScalar({ kind: 'ruby', source: "ENV['GITLAB_SECRET']" }, DOCS_YAML_STYLE)).toBe(`"<%= ENV['GITLAB_SECRET'] %>"`);
    expect(yamlScalar({ kind: 'ruby', source: 'ENV.fetch("X")' }, DOCS_YAML_STYLE)).toBe(`"<%= ENV['X'] %>"`);
  });

  it('refuses a Ruby expression and names the key', () => {
    let caught: unknown;
    try {
      yamlPair('app_secret', { kind: 'ruby', source: "File.read('/x')" }, BLOCK, '', 'omniauth.providers[0].app_secret');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RenderError);
    expect((caught as RenderError).path).toBe('omniauth.providers[0].app_secret');
    expect((caught as RenderError).message).toMatch(/cannot be expressed in gitlab\.yml/);
  });

  it('refuses non-finite floats', () => {
    expect(() => yamlScalar(flt(Infinity), BLOCK)).toThrow(RenderError);
  });
});

describe('layout', () => {
  const gitlab = map({
    name: str('gitlab'),
    app_id: str('YOUR_APP_ID'),
    app_secret: str('YOUR_APP_SECRET'),
    args: map({ scope: str('api') }),
  });

  it('writes a flow provider item as gitlab.yml.example does', () => {
    expect(yamlItem(gitlab, DOCS_YAML_STYLE, '      ')).toBe(
      [
        "      - { name: 'gitlab',",
        "          app_id: 'YOUR_APP_ID',",
        "          app_secret: 'YOUR_APP_SECRET',",
        "          args: { scope: 'api' } }",
      ].join('\n'),
    );
  });

  it('keeps a short flow item on one line', () => {
    expect(yamlItem(map({ name: str('openid_connect') }), DOCS_YAML_STYLE, '      ')).toBe("      - { name: 'openid_connect' }");
  });

  it('writes a list of providers as one `- { ... }` item each in flow style', () => {
    expect(yamlPair('providers', arr(map({ name: str('saml') }), map({ name: str('jwt') })), DOCS_YAML_STYLE, '    ')).toBe(
      ['    providers:', "      - { name: 'saml' }", "      - { name: 'jwt' }"].join('\n'),
    );
  });

  it('writes block mappings and lists', () => {
    expect(yamlPair('providers', arr(gitlab), BLOCK, '    ')).toBe(
      [
        '    providers:',
        '      - name: gitlab',
        '        app_id: YOUR_APP_ID',
        '        app_secret: YOUR_APP_SECRET',
        '        args:',
        '          scope: api',
      ].join('\n'),
    );
  });

  it('writes empty collections and scalar lists in flow form even in block style', () => {
    expect(yamlPair('external_providers', arr(), BLOCK)).toBe('external_providers: []');
    expect(yamlPair('args', map({}), BLOCK)).toBe('args: {}');
    expect(yamlPair('allow_single_sign_on', arr(str('saml'), str('gitlab')), DOCS_YAML_STYLE)).toBe(
      "allow_single_sign_on: ['saml', 'gitlab']",
    );
  });

  it('writes keys beyond YAML’s 1024-character implicit key limit as explicit `? key` entries', () => {
    const long = 'k'.repeat(1001);
    expect(yamlPair(long, str('v'), BLOCK, '  ')).toBe(`  ? ${long}\n  : v`);
    expect(yamlFlow(map({ [long]: str('v') }), DOCS_YAML_STYLE)).toBe(`{ ? ${long} : 'v' }`);
    expect(yamlPair('k'.repeat(1000), str('v'), BLOCK)).toBe(`${'k'.repeat(1000)}: v`);
  });

  it('tags a `<<` key !!str: Psych merges even a quoted one', () => {
    expect(yamlPair('<<', map({ a: str('b') }), BLOCK)).toBe("!!str '<<':\n  a: b");
    expect(yamlFlow(map({ '<<': map({}) }), DOCS_YAML_STYLE)).toBe("{ !!str '<<': {} }");
  });

  it('yamlLiteral gives what follows `key:`', () => {
    expect(yamlLiteral(str('api'), DOCS_YAML_STYLE, '  ')).toBe(" 'api'");
    expect(yamlLiteral(map({ scope: str('api') }), BLOCK, '  ')).toBe('\n    scope: api');
  });
});

describe.skipIf(!oracleAvailable('ruby'))('ERB then Psych read the YAML back to the same values', () => {
  const env = { GITLAB_APP_SECRET: 'plain-secret-value' };
  const values: PlainValue[] = [
    str('0123'),
    str('0x1F'),
    str('1e3'),
    str('1_000'),
    str('1,000'),
    str('.5'),
    str('1:20'),
    str('2001-12-14'),
    str('yes'),
    str('Off'),
    str('~'),
    str('null'),
    str(':saml'),
    str('<<'),
    str('<%= x %>'),
    str('<%% y %%>'),
    str('#{x}'),
    str('say "hi" it\'s'),
    str('back\\slash\\'),
    str('line\nbreak\ttab\r\u001b\u0001\u007f\u0085\u009f'),
    str('Grüße 😀 日本 \u2028 \u2029 \ufeff'),
    str(' leading and trailing '),
    str('a: b # c'),
    str('x'.repeat(5000)),
    sym('saml'),
    sym('foo-bar'),
    int('0123'),
    int('-123456789012345678901234567890'),
    flt(1e20),
    flt(0.1),
    flt(-0),
    flt(5e-324),
    { kind: 'env', variable: 'GITLAB_APP_SECRET' },
    map({
      name: str('gitlab'),
      yes: str('key that is a YAML boolean'),
      '<<': map({ merged: str('would be merged into the parent unless tagged !!str') }),
      'a: b': arr(str('a'), int('1'), { kind: 'null' }, { kind: 'boolean', value: false }),
      '<%= k %>': map({ 'x y': str('q') }),
      ['k'.repeat(1100)]: map({ ['é'.repeat(1001)]: arr(str('long keys need explicit ? entries')) }),
      args: map({ scope: str('api'), nested: map({ deep: arr(map({ k: str('v') }), arr(str('z'))) }) }),
    }),
  ];
  const styles: YamlStyle[] = [DOCS_YAML_STYLE, BLOCK, { flow: false, quote: 'double', quoteStrings: true, indentUnit: '    ' }];

  it('for every table value in every style', () => {
    const cases = styles.flatMap((style) => values.map((value) => ({ style, value })));
    const texts = cases.map(({ style, value }) => yamlPair('v', value, style, '') + '\n');
    const results = evaluateBatch(texts.map((text) => ({ mode: 'yaml', text, env })));
    cases.forEach(({ value }, i) => {
      const expected: Typed = {
        kind: 'mapping',
        entries: [{ key: { kind: 'string', value: 'v' }, value: expectedTyped(value, { keys: 'string', symbolsAsStrings: true, env }) }],
      };
      expect(results[i], texts[i]).toEqual({ ok: true, value: expected });
    });
  });

  it('evaluates an ERB value the way GitLab does', () => {
    const [result] = evaluateBatch([{ mode: 'yaml', text: `v: ${yamlErb("<%= ENV['GITLAB_APP_SECRET'] %>-suffix")}\n`, env }]);
    expect(result).toEqual({
      ok: true,
      value: { kind: 'mapping', entries: [{ key: { kind: 'string', value: 'v' }, value: { kind: 'string', value: 'plain-secret-value-suffix' } }] },
    });
  });
});
