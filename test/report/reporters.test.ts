/**
 * The machine-readable reporters as CI systems read them: GitLab Code Quality
 * (checked against a JSON Schema of GitLab's documented fields, below), SARIF
 * (checked against the official SARIF 2.1.0 schema shipped in
 * @microsoft/sarif-multitool) and GitHub Actions workflow commands, run on
 * every docs snippet of the corpus.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusRoot, repoRoot, runInProcess } from '../support/cli.js';

const SNIPPETS = path.join(corpusRoot, 'snippets');
const snippetFiles = readdirSync(SNIPPETS).filter((f) => /\.(rb|yml)$/.test(f)).sort();

/** GitLab's Code Quality report format, as documented: https://docs.gitlab.com/ci/testing/code_quality/ */
const CODE_QUALITY_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['description', 'check_name', 'fingerprint', 'severity', 'location'],
    additionalProperties: false,
    properties: {
      description: { type: 'string', minLength: 1 },
      check_name: { type: 'string', pattern: '^[a-z][a-z0-9-]*$' },
      fingerprint: { type: 'string', minLength: 1 },
      severity: { enum: ['info', 'minor', 'major', 'critical', 'blocker'] },
      location: {
        type: 'object',
        required: ['path', 'lines'],
        additionalProperties: false,
        properties: {
          // Relative to the repository root, `/`-separated: no leading `/`, `./` or backslash.
          path: { type: 'string', pattern: '^(?!/|\\./)[^\\\\]+$' },
          lines: { type: 'object', required: ['begin'], additionalProperties: false, properties: { begin: { type: 'integer', minimum: 1 } } },
          positions: {
            type: 'object',
            required: ['begin', 'end'],
            additionalProperties: false,
            properties: { begin: { $ref: '#/$defs/position' }, end: { $ref: '#/$defs/position' } },
          },
        },
      },
    },
  },
  $defs: {
    position: {
      type: 'object',
      required: ['line', 'column'],
      additionalProperties: false,
      properties: { line: { type: 'integer', minimum: 1 }, column: { type: 'integer', minimum: 1 } },
    },
  },
} as const;

/** The official SARIF 2.1.0 schema, from the platform package of @microsoft/sarif-multitool. */
function officialSarifSchema(): object {
  const require = createRequire(import.meta.url);
  const multitool = path.dirname(require.resolve('@microsoft/sarif-multitool/package.json'));
  const platformPackage = require.resolve(`@microsoft/sarif-multitool-${os.platform()}/package.json`, { paths: [multitool] });
  return JSON.parse(readFileSync(path.join(path.dirname(platformPackage), 'sarif-2.1.0.json'), 'utf8')) as object;
}

function newAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv;
}

interface CodeQualityIssue {
  check_name: string;
  fingerprint: string;
  severity: string;
  description: string;
  location: { path: string; lines: { begin: number }; positions: { begin: { line: number; column: number } } };
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string; version: string; informationUri: string; rules: Array<{ id: string; helpUri: string; defaultConfiguration: { level: string } }> } };
    results: Array<{
      ruleId: string;
      level: string;
      message: { text: string };
      locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number; endLine: number; endColumn: number } } }>;
      partialFingerprints: Record<string, string>;
    }>;
  }>;
}

describe('reporters on every docs snippet', () => {
  it('codequality: a report of the documented fields, one unique fingerprint per finding', async () => {
    expect(snippetFiles.length).toBeGreaterThan(200);
    const r = await runInProcess(['validate', '--reporter', 'codequality', ...snippetFiles], { cwd: SNIPPETS });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as CodeQualityIssue[];
    const validate = newAjv().compile(CODE_QUALITY_SCHEMA);
    expect(validate(report), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(report.length).toBeGreaterThan(50);
    expect(new Set(report.map((i) => i.fingerprint)).size).toBe(report.length);
    expect(new Set(report.map((i) => i.location.path)).size).toBeGreaterThan(10);
    for (const issue of report) expect(snippetFiles).toContain(issue.location.path);
    expect(new Set(report.map((i) => i.severity))).toEqual(new Set(['major', 'minor', 'blocker', 'info']));
  });

  it('sarif: valid against the official SARIF 2.1.0 schema, with rules, regions and fingerprints', async () => {
    const r = await runInProcess(['validate', '--reporter', 'sarif', ...snippetFiles], { cwd: SNIPPETS });
    const log = JSON.parse(r.stdout) as SarifLog;
    const validate = newAjv().compile(officialSarifSchema());
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    // The oracle can say no: a log without its version is not SARIF.
    expect(validate({ ...log, version: undefined })).toBe(false);

    const run = log.runs[0]!;
    expect(run.tool.driver).toMatchObject({ name: 'gitlab-omniauth', version: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).version });
    const ruleIds = new Set(run.tool.driver.rules.map((rule) => rule.id));
    for (const rule of run.tool.driver.rules) {
      // helpUri points at the rule's page in docs/rules/, which the package ships.
      expect(rule.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(readdirSync(path.join(repoRoot, 'docs/rules'))).toContain(`${rule.id}.md`);
    }
    expect(run.results.length).toBeGreaterThan(50);
    for (const result of run.results) {
      expect(ruleIds.has(result.ruleId)).toBe(true);
      expect(['error', 'warning', 'note']).toContain(result.level);
      expect(snippetFiles).toContain(result.locations[0]!.physicalLocation.artifactLocation.uri);
      expect(result.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
    const fingerprints = run.results.map((result) => Object.values(result.partialFingerprints)[0]);
    expect(new Set(fingerprints).size).toBe(run.results.length);
  });

  it('the same findings and fingerprints in every reporter, and the same exit code', async () => {
    const runs = await Promise.all(
      ['text', 'json', 'codequality', 'sarif', 'github'].map((reporter) => runInProcess(['validate', '--reporter', reporter, ...snippetFiles], { cwd: SNIPPETS })),
    );
    expect(new Set(runs.map((r) => r.code))).toEqual(new Set([1]));
    const [text, json, codequality, sarif, github] = runs.map((r) => r.stdout) as [string, string, string, string, string];
    const count = text.trim().split('\n').length;
    expect(JSON.parse(json)).toHaveLength(count);
    expect(github.trim().split('\n')).toHaveLength(count);
    const cq = (JSON.parse(codequality) as CodeQualityIssue[]).map((i) => i.fingerprint);
    const sf = (JSON.parse(sarif) as SarifLog).runs[0]!.results.map((res) => Object.values(res.partialFingerprints)[0]);
    expect(sf).toEqual(cq);
  });

  it('exits 0 with an empty report for a clean file', async () => {
    for (const reporter of ['codequality', 'github'] as const) {
      const r = await runInProcess(['validate', '--reporter', reporter, 'fixtures/cli/valid-gitlab.rb']);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe(reporter === 'codequality' ? '[]\n' : '');
    }
  });
});

describe('fingerprints', () => {
  const original = [
    "external_url 'https://gitlab.example.com'",
    "gitlab_rails['omniauth_allow_single_sign_on'] = ['google', 'githab']",
    "gitlab_rails['omniauth_providers'] = [",
    '  { name: "google_oauth2", app_id: "YOUR_APP_ID", app_secret: "YOUR_APP_SECRET", args: { access_type: "offline" } },',
    '  { name: "github", app_id: "YOUR_APP_ID", app_secret: "YOUR_APP_SECRET", args: { scope: "user:email" } }',
    ']',
    '',
  ];
  /** The same findings after unrelated edits: lines inserted above, and a provider added before the others. */
  const edited = [
    '# Managed by the platform team.',
    '# Reviewed in merge requests.',
    '',
    original[0],
    "gitlab_rails['omniauth_block_auto_created_users'] = true",
    original[1],
    original[2],
    '  { name: "gitlab", app_id: ENV["GITLAB_ID"], app_secret: ENV["GITLAB_SECRET"], args: { scope: "read_user" } },',
    ...original.slice(3),
  ];
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gitlab-omniauth-fingerprints-'));
    writeFileSync(path.join(dir, 'before.rb'), original.join('\n'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function codeQuality(text: string): Promise<CodeQualityIssue[]> {
    // The same path both times: fingerprints include the file.
    writeFileSync(path.join(dir, 'gitlab.rb'), text);
    const r = await runInProcess(['validate', '--reporter', 'codequality', 'gitlab.rb'], { cwd: dir });
    return JSON.parse(r.stdout) as CodeQualityIssue[];
  }

  it('stay equal when lines are inserted above and a provider is added before the others', async () => {
    const before = await codeQuality(original.join('\n'));
    const after = await codeQuality(edited.join('\n'));
    expect(before).toHaveLength(6);
    expect(after).toHaveLength(6);
    // The findings did move: same fingerprints, other lines.
    expect(after.map((i) => i.location.lines.begin)).not.toEqual(before.map((i) => i.location.lines.begin));
    expect(after.map((i) => [i.check_name, i.fingerprint])).toEqual(before.map((i) => [i.check_name, i.fingerprint]));
  });

  it('differ between findings, also of one rule in one file', async () => {
    const issues = await codeQuality(original.join('\n'));
    expect(issues.filter((i) => i.check_name === 'placeholder-value')).toHaveLength(4);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  });

  it('differ between files, and a fixed finding takes its fingerprint with it', async () => {
    const issues = await codeQuality(original.join('\n'));
    const fixed = await codeQuality(original.join('\n').replace("'google', 'githab'", "'google_oauth2', 'githab'"));
    expect(fixed).toHaveLength(5);
    expect(fixed.every((i) => issues.some((j) => j.fingerprint === i.fingerprint))).toBe(true);
    const other = await runInProcess(['validate', '--reporter', 'codequality', 'before.rb'], { cwd: dir });
    const otherPrints = (JSON.parse(other.stdout) as CodeQualityIssue[]).map((i) => i.fingerprint);
    expect(otherPrints.some((p) => issues.some((i) => i.fingerprint === p))).toBe(false);
  });
});
