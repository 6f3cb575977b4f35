/**
 * What each check means, why it matters and how to fix it, from the rules'
 * own metadata (one source): `explain RULE` prints it, and the pages in
 * `docs/rules/` are generated from it.
 */
import { ALL_RULES, ruleMeta, type RuleMeta } from '../check/index.js';
import { suggestions } from '../check/did-you-mean.js';

function readerNote(meta: RuleMeta): string {
  return 'reportedBy' in meta ? ' (reported while reading the file)' : '';
}

/** `explain RULE`: the rule's documentation as terminal text; undefined for an unknown id. */
export function explainRule(id: string): string | undefined {
  const meta = ruleMeta(id);
  if (!meta) return undefined;
  const out = [
    `${meta.id} — default severity: ${meta.severity}${readerNote(meta)}`,
    '',
    meta.docs.description,
    '',
    'Why it matters:',
    meta.docs.why,
    '',
    'How to fix it:',
    meta.docs.fix,
  ];
  if (meta.docs.url) out.push('', `More: ${meta.docs.url}`);
  return wrapParagraphs(out.join('\n')) + '\n';
}

/** Rule ids close to a mistyped one, for the "unknown rule" message. */
export function similarRuleIds(id: string): string[] {
  return suggestions(id, ALL_RULES.map((m) => m.id), { limit: 3 });
}

/** `explain` alone: every rule with its severity and a one-line summary. */
export function listRules(): string {
  const width = Math.max(...ALL_RULES.map((m) => m.id.length));
  const lines = ALL_RULES.map((m) => `  ${m.id.padEnd(width)}  ${m.severity.padEnd(7)}  ${firstSentence(m.docs.description)}`);
  return [`${ALL_RULES.length} checks (gitlab-omniauth explain RULE for details):`, ...lines].join('\n') + '\n';
}

/** The first sentence of a rule's description, cut at `maxLength` characters: its one-line summary. */
export function firstSentence(text: string, maxLength = 90): string {
  // A sentence ends at a period before a capital letter or the end, not inside `gitlab.https` or `...`.
  const m = /^(.+?)\.(?=\s+[A-Z]|\s*$)/.exec(text);
  const sentence = m?.[1] ?? text;
  return sentence.length > maxLength ? `${sentence.slice(0, maxLength - 1)}…` : sentence;
}

/** Wraps prose paragraphs at 100 columns for the terminal; short lines stay as they are. */
function wrapParagraphs(text: string, width = 100): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.length <= width) return line;
      const words = line.split(' ');
      const out: string[] = [];
      let current = '';
      for (const w of words) {
        if (current && current.length + 1 + w.length > width) {
          out.push(current);
          current = w;
        } else {
          current = current ? `${current} ${w}` : w;
        }
      }
      if (current) out.push(current);
      return out.join('\n');
    })
    .join('\n');
}

/** The Markdown page `docs/rules/<id>.md` for one rule. */
function ruleDocMarkdown(meta: RuleMeta): string {
  const messages = Object.entries(meta.messages)
    .map(([id, template]) => `- \`${id}\`: ${template.replace(/\{\{\s*(\w+)\s*\}\}/g, '<$1>')}`)
    .join('\n');
  const parts = [
    `# \`${meta.id}\``,
    '',
    `Default severity: **${meta.severity}**${readerNote(meta)}.`,
    '',
    meta.docs.description,
    '',
    '## Why it matters',
    '',
    meta.docs.why,
    '',
    '## How to fix it',
    '',
    meta.docs.fix,
    '',
    '## Messages',
    '',
    messages,
  ];
  if (meta.docs.url) parts.push('', `See also: <${meta.docs.url}>`);
  parts.push('', '<!-- Generated from the rule\'s metadata by scripts/generate-catalog-files.mjs; edit the rule, not this file. -->');
  return parts.join('\n') + '\n';
}

/** `docs/rules/README.md`: the index of every rule. */
function ruleIndexMarkdown(): string {
  const rows = ALL_RULES.map((m) => `| [\`${m.id}\`](${m.id}.md) | ${m.severity} | ${firstSentence(m.docs.description).replace(/\|/g, '\\|')} |`);
  return [
    '# Checks',
    '',
    'Every finding gitlab-omniauth reports carries one of these rule ids; `gitlab-omniauth explain RULE` prints the same text.',
    '',
    '| rule | default severity | what it finds |',
    '|---|---|---|',
    ...rows,
    '',
    '<!-- Generated from the rules\' metadata by scripts/generate-catalog-files.mjs; edit the rules, not this file. -->',
    '',
  ].join('\n');
}

/** `docs/rules/<file>` → content for every rule, plus the index. */
export function ruleDocFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const meta of ALL_RULES) files.set(`docs/rules/${meta.id}.md`, ruleDocMarkdown(meta));
  files.set('docs/rules/README.md', ruleIndexMarkdown());
  return files;
}
