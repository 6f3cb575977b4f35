import { describe, expect, it } from 'vitest';
import type { PlainValue } from '../../src/model/plain.js';
import { RenderError } from '../../src/render/errors.js';
import { renderOmnibusSection, renderSourceSection } from '../../src/render/templates.js';
import type { RubyStyle } from '../../src/render/ruby-literal.js';
import type { YamlStyle } from '../../src/render/yaml-literal.js';
import { oracleAvailable } from '../support/oracle.js';
import { evaluateBatch, expectedTyped, type Typed } from './ruby-oracle.js';
import { str, bool, arr, map } from '../support/plain.js';


const gitlab = map({
  name: str('gitlab'),
  app_id: str('YOUR_APP_ID'),
  app_secret: { kind: 'env', variable: 'GITLAB_COM_SECRET' },
  args: map({ scope: str('api') }),
});
const saml = map({ name: str('saml'), label: str('Company SSO') });
const settings: Record<string, PlainValue> = {
  block_auto_created_users: bool(true),
  allow_single_sign_on: arr(str('gitlab'), str('saml')),
  'cas3.session_duration': { kind: 'integer', value: '28800' },
};

describe('renderOmnibusSection', () => {
  it('writes the gitlab.rb section in the docs style (settings in single quotes, providers in double), settings in GitLab’s order', () => {
    expect(renderOmnibusSection(settings, [gitlab, saml])).toBe(
      [
        '### OmniAuth Settings',
        '###! Docs: https://docs.gitlab.com/ee/integration/omniauth.html',
        '# Create accounts for users who sign in with these providers',
        `gitlab_rails['omniauth_allow_single_sign_on'] = ['gitlab', 'saml']`,
        '# Block automatically created users until an administrator approves them',
        `gitlab_rails['omniauth_block_auto_created_users'] = true`,
        '# CAS3 session duration in seconds, default 28800 (8 hours); 0 disables single logout (CAS was removed in GitLab 16.0)',
        `gitlab_rails['omniauth_cas3_session_duration'] = 28800`,
        '# One hash per identity provider. Register the callback URL',
        '# <external_url>/users/auth/<provider name>/callback at each provider.',
        `gitlab_rails['omniauth_providers'] = [`,
        '  {',
        '    name: "gitlab",',
        '    app_id: "YOUR_APP_ID",',
        "    app_secret: ENV['GITLAB_COM_SECRET'],",
        '    args: { scope: "api" }',
        '  },',
        '  {',
        '    name: "saml",',
        '    label: "Company SSO"',
        '  }',
        ']',
        '# Apply with: sudo gitlab-ctl reconfigure',
        '',
      ].join('\n'),
    );
  });

  it('follows a string-rocket, single-quote style when asked', () => {
    const style: RubyStyle = { keys: 'string', quote: 'single', multiline: true, indentUnit: '  ' };
    const text = renderOmnibusSection({}, [saml], style);
    expect(text).toContain(["  {", "    'name' => 'saml',", "    'label' => 'Company SSO'", '  }'].join('\n'));
  });

  it('writes an empty provider list with a hint when there is none', () => {
    const text = renderOmnibusSection({}, []);
    expect(text).toContain(`gitlab_rails['omniauth_providers'] = []`);
    expect(text).toContain('# No providers yet');
  });

  it('refuses an ERB value, naming the key', () => {
    const bad = map({ name: str('gitlab'), app_secret: { kind: 'erb', source: "<%= File.read('/x') %>" } });
    expect(() => renderOmnibusSection({}, [gitlab, bad])).toThrow(RenderError);
    expect(() => renderOmnibusSection({}, [gitlab, bad])).toThrow(/omniauth\.providers\[1\]\.app_secret/);
  });

  it('takes providers only in their own argument', () => {
    expect(() => renderOmnibusSection({ providers: arr() }, [])).toThrow(/passed separately/);
  });
});

describe('renderSourceSection', () => {
  it('writes the gitlab.yml section in the gitlab.yml.example style (settings in double quotes, providers in single), indented under production', () => {
    expect(renderSourceSection(settings, [gitlab, map({ name: str('openid_connect') })], undefined, { indent: '  ' })).toBe(
      [
        '  ## OmniAuth settings',
        '  ## Docs: https://docs.gitlab.com/ee/integration/omniauth.html',
        '  omniauth:',
        '    # Create accounts for users who sign in with these providers',
        '    allow_single_sign_on: ["gitlab", "saml"]',
        '    # Block automatically created users until an administrator approves them',
        '    block_auto_created_users: true',
        '    # CAS3 session duration in seconds, default 28800 (8 hours); 0 disables single logout (CAS was removed in GitLab 16.0)',
        '    cas3: { session_duration: 28800 }',
        '    # One entry per identity provider. Register the callback URL',
        '    # <external_url>/users/auth/<provider name>/callback at each provider.',
        '    providers:',
        "      - { name: 'gitlab',",
        "          app_id: 'YOUR_APP_ID',",
        `          app_secret: "<%= ENV['GITLAB_COM_SECRET'] %>",`,
        "          args: { scope: 'api' } }",
        "      - { name: 'openid_connect' }",
        '    # Apply by restarting GitLab.',
        '',
      ].join('\n'),
    );
  });

  it('writes block style when asked', () => {
    const style: YamlStyle = { flow: false, quote: 'single', quoteStrings: false, indentUnit: '  ' };
    expect(renderSourceSection({ 'cas3.session_duration': { kind: 'integer', value: '1' } }, [saml], style)).toContain(
      ['  cas3:', '    session_duration: 1'].join('\n'),
    );
    expect(renderSourceSection({}, [saml], style)).toContain(['  providers:', '    - name: saml', '      label: Company SSO'].join('\n'));
  });

  it('refuses a Ruby expression, naming the key', () => {
    const bad = map({ name: str('gitlab'), app_secret: { kind: 'ruby', source: "File.read('/x')" } });
    expect(() => renderSourceSection({}, [bad])).toThrow(/omniauth\.providers\[0\]\.app_secret: the Ruby expression/);
  });

  it('refuses indentation that YAML cannot use', () => {
    expect(() => renderSourceSection({}, [], undefined, { indent: '\t' })).toThrow(/spaces/);
  });
});

describe.skipIf(!oracleAvailable('ruby'))('rendered sections evaluate to exactly the given settings and providers', () => {
  const env = { GITLAB_COM_SECRET: 'from-the-environment' };
  const hostile = map({
    name: str('openid_connect'),
    label: str(`"]\nsystem('id') # '; <%= \`id\` %> #{1+1}`),
    icon: str('\u0000\u2028\ufeff😀'),
    args: map({ "weird key'\"\n<%": str('v'), client_options: map({ secret: str('\\'.repeat(3) + '"') }) }),
  });
  const hostileSettings: Record<string, PlainValue> = {
    ...settings,
    auto_sign_in_with_provider: str("saml\ngitlab_rails['x'] = 1"),
    "typo\n<%= 'x' %>": str('y'),
  };
  const providers = [gitlab, saml, hostile];

  const omnibusKey: Record<string, string> = {
    block_auto_created_users: 'omniauth_block_auto_created_users',
    allow_single_sign_on: 'omniauth_allow_single_sign_on',
    'cas3.session_duration': 'omniauth_cas3_session_duration',
    auto_sign_in_with_provider: 'omniauth_auto_sign_in_with_provider',
    "typo\n<%= 'x' %>": "omniauth_typo\n<%= 'x' %>",
  };

  const styles: RubyStyle[] = [
    { keys: 'symbol', quote: 'double', multiline: true, indentUnit: '  ' },
    { keys: 'string', quote: 'single', multiline: false, indentUnit: '  ' },
  ];
  it.each(styles)('gitlab.rb through Ruby (%o)', (style) => {
    const text = renderOmnibusSection(hostileSettings, providers, style);
    const [result] = evaluateBatch([{ mode: 'ruby', text, env }]);
    const opts = { keys: style.keys, symbolsAsStrings: false, env };
    const entries = Object.keys(hostileSettings)
      .sort((a, b) => order(a) - order(b))
      .map((name) => ({ key: { kind: 'string', value: omnibusKey[name] ?? '' } as Typed, value: expectedTyped(hostileSettings[name] as PlainValue, opts) }));
    entries.push({ key: { kind: 'string', value: 'omniauth_providers' }, value: expectedTyped(arr(...providers), opts) });
    expect(result, text).toEqual({ ok: true, value: { kind: 'mapping', entries } });
  });

  const yamlStyles: YamlStyle[] = [
    { flow: true, quote: 'single', quoteStrings: true, indentUnit: '  ' },
    { flow: false, quote: 'double', quoteStrings: false, indentUnit: '    ' },
  ];
  it.each(yamlStyles)('gitlab.yml through ERB and Psych (%o)', (style) => {
    const text = `production:\n${renderSourceSection(hostileSettings, providers, style, { indent: '  ' })}`;
    const [result] = evaluateBatch([{ mode: 'yaml', text, env }]);
    const opts = { keys: 'string' as const, symbolsAsStrings: true, env };
    const omniauth = map({
      allow_single_sign_on: hostileSettings.allow_single_sign_on as PlainValue,
      auto_sign_in_with_provider: hostileSettings.auto_sign_in_with_provider as PlainValue,
      block_auto_created_users: bool(true),
      cas3: map({ session_duration: { kind: 'integer', value: '28800' } }),
      "typo\n<%= 'x' %>": str('y'),
      providers: arr(...providers),
    });
    const expected = expectedTyped(map({ production: map({ omniauth }) }), opts);
    expect(result, text).toEqual({ ok: true, value: expected });
  });
});

/** Position in GitLab's settings table (unknown names last), as the templates order them. */
function order(name: string): number {
  const known = ['enabled', 'allow_single_sign_on', 'sync_email_from_provider', 'sync_profile_from_provider', 'sync_profile_attributes', 'auto_sign_in_with_provider', 'block_auto_created_users', 'auto_link_ldap_user', 'auto_link_saml_user', 'auto_link_user', 'external_providers', 'allow_bypass_two_factor', 'providers', 'cas3.session_duration', 'saml_message_max_byte_size'];
  const i = known.indexOf(name);
  return i < 0 ? known.length : i;
}
