import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { PlainValue } from '../../src/model/plain.js';
import { RenderError, renderErrorDiagnostic } from '../../src/render/errors.js';
import { floatText } from '../../src/render/numbers.js';
import {
  DOCS_RUBY_STYLE,
  rubyKey,
  rubyLiteral,
  rubyString,
  rubySymbol,
  type RubyStyle,
} from '../../src/render/ruby-literal.js';
import { oracleAvailable, runRuby } from '../support/oracle.js';
import { evaluateBatch, expectedTyped } from './ruby-oracle.js';
import { str, sym, int, flt, arr, map } from '../support/plain.js';


const SINGLE_LINE: RubyStyle = { ...DOCS_RUBY_STYLE, multiline: false };

describe('rubyString', () => {
  const cases: [string, string, 'single' | 'double', string][] = [
    ['plain text', 'gitlab', 'double', '"gitlab"'],
    ['plain text, single quotes', 'gitlab', 'single', "'gitlab'"],
    ['digits stay a string', '0123', 'double', '"0123"'],
    ['hex-looking text', '0x1F', 'single', "'0x1F'"],
    ['double quote escaped', 'say "hi"', 'double', '"say \\"hi\\""'],
    ['single quote escaped in single quotes', "it's", 'single', "'it\\'s'"],
    ['single quote as is in double quotes', "it's", 'double', '"it\'s"'],
    ['backslash doubled (double)', 'a\\b', 'double', '"a\\\\b"'],
    ['backslash doubled (single)', 'a\\b', 'single', "'a\\\\b'"],
    ['interpolation #{ escaped', '#{x}', 'double', '"\\#{x}"'],
    ['instance variable interpolation #@ escaped', '#@x', 'double', '"\\#@x"'],
    ['global variable interpolation #$ escaped', '#$x', 'double', '"\\#$x"'],
    ['a lone # is left alone', 'a # b#', 'double', '"a # b#"'],
    ['#{ is inert in single quotes', '#{x}', 'single', "'#{x}'"],
    ['newline and tab as escapes', 'a\nb\tc', 'double', '"a\\nb\\tc"'],
    ['control characters force double quotes', 'a\nb', 'single', '"a\\nb"'],
    ['escape and other control bytes', '\u001b\u0001\u007f\u0085', 'double', '"\\e\\u{1}\\u{7f}\\u{85}"'],
    ['carriage return', '\r\n', 'single', '"\\r\\n"'],
    ['Unicode kept as is', 'Grüße 😀 日本', 'double', '"Grüße 😀 日本"'],
    ['ERB is just text in gitlab.rb', '<%= x %>', 'single', "'<%= x %>'"],
    ['empty', '', 'single', "''"],
  ];
  it.each(cases)('%s', (_name, input, quote, expected) => {
    expect(rubyString(input, quote)).toBe(expected);
  });

  it('refuses a lone surrogate, which no UTF-8 file can hold', () => {
    expect(() => rubyString('a\ud800b', 'double', 'omniauth.providers[0].label')).toThrow(RenderError);
  });
});

describe('rubySymbol and rubyKey', () => {
  const symbols: [string, string][] = [
    ['saml', ':saml'],
    ['google_oauth2', ':google_oauth2'],
    ['valid?', ':valid?'],
    ['foo-bar', ':"foo-bar"'],
    ['1st', ':"1st"'],
    ['', ':""'],
    ['a"b#{c}', ':"a\\"b\\#{c}"'],
  ];
  it.each(symbols)('symbol %j → %s', (name, expected) => {
    expect(rubySymbol(name)).toBe(expected);
  });

  const keys: [string, 'symbol' | 'string', 'single' | 'double', string][] = [
    ['name', 'symbol', 'double', 'name:'],
    ['client_options', 'symbol', 'single', 'client_options:'],
    ['foo-bar', 'symbol', 'double', '"foo-bar":'],
    ['with space', 'symbol', 'single', '"with space":'],
    ['#{x}', 'symbol', 'double', '"\\#{x}":'],
    ['name', 'string', 'double', '"name" =>'],
    ['name', 'string', 'single', "'name' =>"],
    ["it's", 'string', 'single', "'it\\'s' =>"],
  ];
  it.each(keys)('key %j (%s keys, %s quotes) → %s', (key, style, quote, expected) => {
    expect(rubyKey(key, style, quote)).toBe(expected);
  });
});

describe('rubyLiteral scalars', () => {
  const cases: [string, PlainValue, string][] = [
    ['integer', int('250000'), '250000'],
    ['negative integer', int('-5'), '-5'],
    ['leading zeros would be octal in Ruby: normalized', int('0123'), '123'],
    ['big integer kept exactly', int('123456789012345678901234567890'), '123456789012345678901234567890'],
    ['float', flt(0.5), '0.5'],
    ['whole float keeps its .0', flt(100), '100.0'],
    ['large float in exponent form', flt(1e20), '1.0e+20'],
    ['small float in exponent form', flt(1e-5), '1.0e-05'],
    ['negative zero', flt(-0), '-0.0'],
    ['true', { kind: 'boolean', value: true }, 'true'],
    ['false', { kind: 'boolean', value: false }, 'false'],
    ['nil', { kind: 'null' }, 'nil'],
    ['symbol', sym('saml'), ':saml'],
    ['environment variable', { kind: 'env', variable: 'GITLAB_APP_SECRET' }, "ENV['GITLAB_APP_SECRET']"],
    ['Ruby expression as written', { kind: 'ruby', source: "File.read('/etc/gitlab/secret').strip" }, "File.read('/etc/gitlab/secret').strip"],
    ['gitlab.yml ERB secret reference becomes ENV[...]', { kind: 'erb', source: "<%= ENV['GITLAB_SECRET'] %>" }, "ENV['GITLAB_SECRET']"],
    ['ENV.fetch in ERB too', { kind: 'erb', source: '<%= ENV.fetch("X") %>' }, "ENV['X']"],
  ];
  it.each(cases)('%s', (_name, value, expected) => {
    expect(rubyLiteral(value, DOCS_RUBY_STYLE)).toBe(expected);
  });

  const refused: [string, PlainValue, RegExp][] = [
    ['other ERB cannot go into gitlab.rb', { kind: 'erb', source: "<%= File.read('/x') %>" }, /only works in gitlab\.yml/],
    ['ERB with text around the tag', { kind: 'erb', source: "x<%= ENV['X'] %>" }, /only works in gitlab\.yml/],
    ['Infinity has no literal', flt(Infinity), /no literal form/],
    ['NaN has no literal', flt(NaN), /no literal form/],
    ['invalid environment variable name', { kind: 'env', variable: "X'] + `id` + ENV['" }, /not a valid environment variable name/],
    ['environment variable starting with a digit', { kind: 'env', variable: '1X' }, /not a valid environment variable name/],
    ['integer that is not digits', int('0x1F'), /not decimal digits/],
  ];
  it.each(refused)('refuses: %s', (_name, value, message) => {
    expect(() => rubyLiteral(value, DOCS_RUBY_STYLE, '', 'omniauth.providers[0].app_secret')).toThrow(message);
  });

  it('names the offending key in the error and as a Diagnostic', () => {
    const provider = map({ name: str('saml'), args: map({ idp_cert: { kind: 'erb', source: '<%= x %>' } }) });
    let caught: unknown;
    try {
      rubyLiteral(provider, DOCS_RUBY_STYLE, '', 'omniauth.providers[0]');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RenderError);
    const error = caught as RenderError;
    expect(error.path).toBe('omniauth.providers[0].args.idp_cert');
    expect(renderErrorDiagnostic(error, 'gitlab.rb')).toMatchObject({
      rule: 'unrenderable-value',
      severity: 'error',
      path: 'omniauth.providers[0].args.idp_cert',
      range: null,
    });
  });
});

describe('rubyLiteral layout', () => {
  const gitlab = map({
    name: str('gitlab'),
    app_id: str('YOUR_APP_ID'),
    app_secret: str('YOUR_APP_SECRET'),
    args: map({ scope: str('api') }),
  });

  it('writes a provider list the way the GitLab docs do', () => {
    expect(rubyLiteral(arr(gitlab), DOCS_RUBY_STYLE)).toBe(
      [
        '[',
        '  {',
        '    name: "gitlab",',
        '    app_id: "YOUR_APP_ID",',
        '    app_secret: "YOUR_APP_SECRET",',
        '    args: { scope: "api" }',
        '  }',
        ']',
      ].join('\n'),
    );
  });

  it('writes string keys with hash rockets in the gitlab.rb.template style', () => {
    const style: RubyStyle = { keys: 'string', quote: 'double', multiline: true, indentUnit: '  ' };
    expect(rubyLiteral(gitlab, style, '  ')).toBe(
      [
        '{',
        '    "name" => "gitlab",',
        '    "app_id" => "YOUR_APP_ID",',
        '    "app_secret" => "YOUR_APP_SECRET",',
        '    "args" => { "scope" => "api" }',
        '  }',
      ].join('\n'),
    );
  });

  it('puts everything on one line when not multiline', () => {
    expect(rubyLiteral(arr(gitlab), { ...SINGLE_LINE, quote: 'single' })).toBe(
      "[{ name: 'gitlab', app_id: 'YOUR_APP_ID', app_secret: 'YOUR_APP_SECRET', args: { scope: 'api' } }]",
    );
  });

  it('breaks nested hashes that do not fit in 80 columns, keeps short ones inline (OIDC docs shape)', () => {
    const oidc = map({
      name: str('openid_connect'),
      args: map({
        name: str('openid_connect'),
        scope: arr(str('openid'), str('profile'), str('email')),
        client_options: map({ identifier: str('YOUR_CLIENT_ID'), secret: str('YOUR_CLIENT_SECRET') }),
      }),
    });
    expect(rubyLiteral(oidc, DOCS_RUBY_STYLE)).toBe(
      [
        '{',
        '  name: "openid_connect",',
        '  args: {',
        '    name: "openid_connect",',
        '    scope: ["openid", "profile", "email"],',
        '    client_options: {',
        '      identifier: "YOUR_CLIENT_ID",',
        '      secret: "YOUR_CLIENT_SECRET"',
        '    }',
        '  }',
        '}',
      ].join('\n'),
    );
  });

  it('keeps a short list of names on one line, empty containers as [] and {}', () => {
    expect(rubyLiteral(arr(str('saml'), str('google_oauth2')), { ...DOCS_RUBY_STYLE, quote: 'single' })).toBe("['saml', 'google_oauth2']");
    expect(rubyLiteral(arr(), DOCS_RUBY_STYLE)).toBe('[]');
    expect(rubyLiteral(map({}), DOCS_RUBY_STYLE)).toBe('{}');
  });

  it('writes a key given twice once: its last value at its first place', () => {
    const dup: PlainValue = { kind: 'mapping', entries: [{ key: 'a', value: str('1') }, { key: 'b', value: str('2') }, { key: 'a', value: str('3') }] };
    expect(rubyLiteral(dup, SINGLE_LINE)).toBe('{ a: "3", b: "2" }');
  });

  it('is deterministic: the same value and style give the same bytes', () => {
    const once = rubyLiteral(arr(gitlab, gitlab), DOCS_RUBY_STYLE, '  ');
    expect(rubyLiteral(arr(gitlab, gitlab), DOCS_RUBY_STYLE, '  ')).toBe(once);
  });
});

describe.skipIf(!oracleAvailable('ruby'))('Ruby evaluates the literals back to the same values', () => {
  const env = { GITLAB_APP_SECRET: 's3cr3t "quoted" \\ #{not}' };
  const values: PlainValue[] = [
    str('0123'),
    str('0x1F'),
    str('1e3'),
    str('yes'),
    str('<%= x %>'),
    str('#{x} #@y #$z'),
    str('say "hi" it\'s'),
    str('back\\slash\\'),
    str('line\nbreak\ttab\r\u001b\u0001\u007f\u0085\u009f'),
    str('Grüße 😀 日本 \u2028 \ufeff'),
    str('x'.repeat(5000)),
    sym('saml'),
    sym('foo-bar'),
    sym('#{x}"'),
    int('0123'),
    int('-123456789012345678901234567890'),
    flt(1e20),
    flt(0.1),
    flt(-0),
    flt(5e-324),
    flt(1.7976931348623157e308),
    { kind: 'env', variable: 'GITLAB_APP_SECRET' },
    map({
      name: str('gitlab'),
      'foo-bar': sym('a b'),
      'with space': arr(str('a'), int('1'), { kind: 'null' }, { kind: 'boolean', value: false }),
      '#{x}': map({ 'a?': str('q'), 'b!': str('e') }),
      args: map({ scope: str('api'), nested: map({ deep: arr(map({ k: str('v') })) }) }),
    }),
    // Keywords are fine as labels and bare symbols.
    map(Object.fromEntries(['BEGIN', 'END', '__FILE__', '__END__', 'defined?', 'self', 'nil', 'true', 'end', 'if'].map((k) => [k, sym(k)]))),
  ];
  const styles: RubyStyle[] = [
    DOCS_RUBY_STYLE,
    { keys: 'string', quote: 'single', multiline: true, indentUnit: '    ' },
    { keys: 'symbol', quote: 'single', multiline: false, indentUnit: '  ' },
    { keys: 'string', quote: 'double', multiline: false, indentUnit: '\t' },
  ];

  it('for every table value in every style', () => {
    const cases = styles.flatMap((style) => values.map((value) => ({ style, value })));
    const results = evaluateBatch(cases.map(({ style, value }) => ({ mode: 'ruby', text: rubyLiteral(value, style, '  '), env })));
    cases.forEach(({ style, value }, i) => {
      const expected = expectedTyped(value, { keys: style.keys, symbolsAsStrings: false, env });
      expect(results[i], rubyLiteral(value, style, '  ')).toEqual({ ok: true, value: expected });
    });
  });

  it('prints floats exactly as Ruby Float#to_s does, and they read back bit for bit', () => {
    const doubles = fc.sample(fc.double({ noNaN: true, noDefaultInfinity: true }), { numRuns: 2000, seed: 42 });
    doubles.push(1e15, 1e16, 123456789012345, 1234567890123456, 0.0001, 0.00001, 9007199254740993, 2 ** -1074);
    const run = runRuby('$stdin.each_line { |l| puts [l.strip].pack("H*").unpack1("G").to_s }', doubles.map(hexOf).join('\n') + '\n');
    expect(run.status).toBe(0);
    const rubyTexts = run.stdout.trim().split('\n');
    expect(doubles.map((d) => floatText(d))).toEqual(rubyTexts);
  });
});

function hexOf(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return [...new Uint8Array(view.buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
