/**
 * SARIF 2.1.0, the format GitHub code scanning and most scanners read:
 * https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
 */
import type { Severity } from '../diagnostics/diagnostic.js';
import type { RuleMeta } from '../check/rule.js';
import { firstSentence } from '../catalog/rule-docs.js';
import type { ReportFinding } from './fingerprint.js';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVEL: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

/** The key our fingerprints go under in `partialFingerprints` (versioned, as the spec recommends). */
export const FINGERPRINT_KEY = 'gitlabOmniauthFinding/v1';

export interface SarifTool {
  name: string;
  version: string;
  informationUri: string;
  /** Every rule the tool has, so viewers can show a rule's documentation. */
  rules: readonly RuleMeta[];
  helpUri(ruleId: string): string;
}

export function formatSarifReport(findings: readonly ReportFinding[], tool: SarifTool): string {
  const rules = tool.rules.map((meta) => ({
    id: meta.id,
    shortDescription: { text: `${firstSentence(meta.docs.description, Number.POSITIVE_INFINITY)}.` },
    fullDescription: { text: meta.docs.description },
    help: { text: `${meta.docs.why}\n\nHow to fix it: ${meta.docs.fix}` },
    helpUri: tool.helpUri(meta.id),
    defaultConfiguration: { level: LEVEL[meta.severity] },
  }));
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = findings.map((finding) => {
    const d = finding.diagnostic;
    const index = ruleIndex.get(d.rule);
    const start = d.range?.start ?? { line: 1, column: 1 };
    const end = d.range?.end ?? start;
    return {
      ruleId: d.rule,
      ...(index === undefined ? {} : { ruleIndex: index }),
      level: LEVEL[d.severity],
      message: { text: d.hint ? `${d.message} (${d.hint})` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: toUriReference(finding.relativePath) },
            region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column },
          },
          ...(d.path ? { logicalLocations: [{ fullyQualifiedName: d.path, kind: 'member' }] } : {}),
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, informationUri: tool.informationUri, rules } },
        // Our columns count Unicode characters, what editors show (not UTF-16 units, SARIF's default).
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function toUriReference(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}
