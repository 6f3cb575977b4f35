/**
 * `validate values.yaml secrets/*.yaml`: a Helm chart configuration as a
 * whole. References resolve to the provider blocks of the Secret manifests
 * given, whose findings land on the manifests' own lines: in a stringData
 * block scalar, inside JSON on one line, and at the key of base64 data.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { SourceText } from '../../src/text/source-text.js';
import { validateChart } from '../../src/validate-chart.js';
import { repoRoot, runInProcess } from '../support/cli.js';

const DIR = 'fixtures/helm/chart';
const file = (name: string): { name: string; text: string } => ({ name: `${DIR}/${name}`, text: readFileSync(path.join(repoRoot, DIR, name), 'utf8') });
const VALUES = file('values.yaml');
const SAML = file('secrets/saml.yaml');
const OIDC = file('secrets/oidc.yaml');

/** 1-based line and column of a marker in a text. */
function at(text: string, marker: string, offset = 0): { line: number; column: number } {
  const i = text.indexOf(marker);
  expect(i, marker).toBeGreaterThanOrEqual(0);
  const { line, column } = new SourceText(text).position(i + offset);
  return { line, column };
}

function finding(diagnostics: readonly Diagnostic[], rule: string): Diagnostic {
  const d = diagnostics.find((x) => x.rule === rule);
  expect(d, `${rule} in ${diagnostics.map((x) => x.rule).join(', ')}`).toBeDefined();
  return d as Diagnostic;
}

describe('validate chart values with their Secret manifests', () => {
  it('a finding in a stringData block scalar is at its line in the manifest', async () => {
    const d = finding(await validateChart([VALUES, SAML, OIDC], {}), 'saml-fingerprint-format');
    expect(d.file).toBe(SAML.name);
    expect(d.range?.start).toMatchObject(at(SAML.text, "'xx:xx'"));
  });

  it('a finding inside JSON in a secret is at its column on the JSON line', async () => {
    const d = finding(await validateChart([VALUES, SAML, OIDC], {}), 'oidc-issuer-format');
    expect(d.file).toBe(OIDC.name);
    expect(d.range?.start).toMatchObject(at(OIDC.text, '"https://keycloak.example.com/realms/main/"'));
  });

  it('base64 data: findings at its key; a Secret no reference uses is a warning at its name', async () => {
    const diagnostics = await validateChart([VALUES, SAML, OIDC], {});
    const args = finding(diagnostics, 'args-type');
    expect(args.file).toBe(OIDC.name);
    expect(args.range?.start).toMatchObject(at(OIDC.text, 'provider: bmFt'));
    const unused = finding(diagnostics, 'helm-unused-secret');
    expect(unused).toMatchObject({ severity: 'warning', file: OIDC.name });
    expect(unused.range?.start).toMatchObject(at(OIDC.text, 'gitlab-unused'));
    expect(diagnostics.filter((d) => d.rule === 'helm-unused-secret')).toHaveLength(1);
  });

  it('a reference with no manifest stays an info note; resolved ones do not', async () => {
    const notes = (await validateChart([VALUES, SAML, OIDC], {})).filter((d) => d.rule === 'helm-provider-secret');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ severity: 'info', file: VALUES.name, message: expect.stringContaining('`gitlab-missing`') });
  });

  it('the cross-provider checks see the resolved providers', async () => {
    // Without the unresolvable reference, every provider is known: `google` matches none of them, saml and openid_connect do.
    const values = { name: VALUES.name, text: VALUES.text.replace('        - secret: gitlab-missing\n', '') };
    const refs = (await validateChart([values, SAML, OIDC], {})).filter((d) => d.rule === 'unknown-provider-reference');
    expect(refs.map((d) => d.message)).toEqual([expect.stringContaining('`google`')]);
    expect(refs[0]?.file).toBe(VALUES.name);
    // The same values without the manifests: the references hide the providers, so nothing can be compared.
    const alone = await validateChart([values, { name: 'x.yaml', text: 'kind: Secret\n' }], {});
    expect(alone.filter((d) => d.rule === 'unknown-provider-reference')).toEqual([]);
  });

  it('a Secret manifest alone is read as a provider fragment', async () => {
    const diagnostics = await validateChart([SAML], {});
    expect(finding(diagnostics, 'saml-fingerprint-format').range?.start).toMatchObject(at(SAML.text, "'xx:xx'"));
    expect(diagnostics.some((d) => d.rule === 'helm-unused-secret')).toBe(false);
  });

  it('the CLI reads the files given together', async () => {
    const r = await runInProcess(['validate', VALUES.name, SAML.name, OIDC.name]);
    expect(r.code).toBe(1);
    const { line, column } = at(SAML.text, "'xx:xx'");
    expect(r.stdout).toContain(`${SAML.name}:${line}:${column} error saml-fingerprint-format`);
    expect(r.stdout).not.toContain('s3cr3t');
  });
});
