/**
 * The gitlab.yml reader on our own realistic fixtures (fixtures/source/): the
 * ones with ERB, which the Psych differential test cannot compare, in full.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { modelToJson } from '../../src/model/to-json.js';
import { readSource } from '../../src/read/source/reader.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/source');

function read(file: string, env?: string) {
  return readSource(readFileSync(path.join(fixtures, file), 'utf8'), { file, ...(env ? { env } : {}) });
}

describe('fixtures/source/gitlab.yml (providers in flow and block style, anchors, ERB secrets)', () => {
  it('production', () => {
    const { model, diagnostics } = read('gitlab.yml');
    expect(diagnostics).toEqual([]);
    const json = modelToJson(model);
    expect(json.external_url).toBe('https://gitlab.example.com/gitlab');
    expect(json.omniauth).toMatchObject({
      enabled: true,
      allow_single_sign_on: ['saml', 'github'],
      auto_sign_in_with_provider: 'saml',
      external_providers: ['github'],
    });
    expect(json.omniauth.providers).toMatchObject([
      { name: 'github', app_id: { $erb: "<%= ENV['GITHUB_APP_ID'] %>" }, app_secret: { $erb: "<%= ENV['GITHUB_APP_SECRET'] %>" } },
      { name: 'gitlab', app_id: { $erb: "<%= ENV.fetch('GITLAB_COM_APP_ID') %>" }, app_secret: { $erb: '<%= ENV["GITLAB_COM_APP_SECRET"] %>' } },
      { name: 'saml', external_groups: ['Contractors'], args: { idp_cert_fingerprint: '43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8:d3:41:ca:97' } },
    ]);
    expect(model.providers?.map((p) => p.value.range.start.line)).toEqual([19, 24, 30]);
  });

  it('development: its own gitlab section, the rest through `<<: *base`', () => {
    const { model } = read('gitlab.yml', 'development');
    expect(model.externalUrl?.url).toBe('http://localhost:3000');
    expect(model.externalUrl?.range.start.line).toBe(44);
    expect(model.providers).toHaveLength(3);
  });

  it('test: the SAML args through an alias keep their lines in production', () => {
    const { model } = read('gitlab.yml', 'test');
    const saml = model.providers?.[0]?.value;
    expect(saml?.range.start.line).toBe(53);
    const args = saml?.kind === 'mapping' ? saml.entries.find((e) => e.key === 'args')?.value : undefined;
    expect(args).toMatchObject({ kind: 'mapping', path: 'omniauth.providers[0].args' });
    expect(args?.range.start.line).toBe(35);
  });
});

describe('fixtures/source/erb-control-flow.yml', () => {
  it('reads every branch, marks them conditional and says why', () => {
    const { model, diagnostics } = read('erb-control-flow.yml');
    expect(diagnostics.map((d) => `${d.range?.start.line} ${d.severity} ${d.rule}`)).toEqual([
      '6 warning erb-control-flow',
      '11 warning duplicate-key',
      '13 warning misplaced-setting',
    ]);
    expect(model.settings.map((s) => [s.name, s.conditional])).toEqual([
      ['enabled', false],
      ['allow_single_sign_on', true],
      ['providers', true],
      ['allow_single_sign_on', true],
      ['label', false],
    ]);
    expect(model.externalUrl).toMatchObject({ url: null, value: { kind: 'erb' } });
    expect(modelToJson(model).omniauth.label).toBe('<% not ERB %>');
  });
});

describe('fixtures/source Helm files', () => {
  it('chart values: camelCase settings, secrets as references', () => {
    const { model, diagnostics } = read('helm-values.yml');
    expect(model.shape).toBe('omniauth_section');
    expect(model.settings.every((s) => s.known)).toBe(true);
    expect(model.providers?.length).toBe(1);
    expect(diagnostics.map((d) => d.rule)).toEqual(['helm-provider-secret', 'helm-provider-secret']);
  });

  it.each([
    ['provider-secret.yaml', 'google_oauth2'],
    ['provider-secret.json', 'openid_connect'],
  ])('%s is one provider', (file, name) => {
    const { model, diagnostics } = read(file);
    expect(diagnostics).toEqual([]);
    expect(model.shape).toBe('provider');
    expect(modelToJson(model).omniauth.providers).toMatchObject([{ name }]);
  });
});
