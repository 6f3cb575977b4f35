/**
 * `docs/providers.md`: the provider catalog for people, generated from the
 * catalog itself (one source): each provider's strategy, who can sign in,
 * which keys sit at the top level and which inside `args`, the URLs to
 * register, and its history across GitLab versions.
 */
import { COMMON_TOP_LEVEL_KEYS, PROVIDERS, type ProviderSpec } from './providers.js';
import { historyOf } from './versions.js';
import { compareCodeUnits } from '../text/order.js';

function audienceText(spec: ProviderSpec): string {
  if (typeof spec.audience === 'function') return 'depends on its args (see the open-signup check)';
  return spec.audience === 'anyone' ? 'anyone with an account there' : 'only users the organization manages';
}

function keys(list: readonly string[]): string {
  return list.length === 0 ? 'none' : list.map((k) => `\`${k}\``).join(', ');
}

function section(spec: ProviderSpec): string {
  const history = [...historyOf('provider', spec.name), ...historyOf('strategy', spec.name)]
    .map((c) => `${c.change} in ${c.version}${c.to ? ` (to \`${c.to}\`)` : ''}`)
    .join('; ');
  const [first, second] = spec.positionalArgs;
  const appArgs =
    first === undefined ? 'not accepted (GitLab fails at boot)'
    : second === undefined ? `only one accepted, it becomes \`${first}\` (both: GitLab fails at boot)`
    : `become \`${first}\` and \`${second}\``;
  const lines = [
    `## \`${spec.name}\` — ${spec.label}`,
    '',
    `- Strategy: \`${spec.strategyClass}\`${spec.needsStrategyClass ? ' (needs `args.strategy_class`)' : ''}${spec.enterprise ? ' — Premium' : ''}`,
    `- Docs: <${spec.docsUrl}>`,
    `- Who can sign in: ${audienceText(spec)}`,
    `- \`app_id\` / \`app_secret\`: ${appArgs}`,
    `- Required at the top level: ${keys(spec.requiredTop)}; inside \`args\`: ${keys(spec.requiredArgs)}`,
    `- Other top-level keys: ${keys(Object.keys(spec.topLevel))}`,
    `- Known \`args\` keys: ${keys(Object.keys(spec.args))}`,
    `- URLs to register: ${spec.callbacks.length === 0 ? 'none' : spec.callbacks.map((c) => `\`<external_url>${c.path.replace('{name}', '<name>')}\` (${c.purpose})`).join('; ')}`,
  ];
  if (spec.aliases?.length) lines.push(`- Also read as: ${keys(spec.aliases)}`);
  if (history) lines.push(`- History: ${history}`);
  if (spec.note) lines.push(`- Note: ${spec.note}`);
  return lines.join('\n');
}

export function providerDocsMarkdown(): string {
  const sorted = [...PROVIDERS].sort((a, b) => compareCodeUnits(a.name, b.name));
  return [
    '# OmniAuth providers',
    '',
    `Every provider gitlab-omniauth knows. Every entry may have ${keys(COMMON_TOP_LEVEL_KEYS)}; the schema of each provider is in \`schemas/providers/<name>.json\`. \`gitlab-omniauth providers --gitlab-version X\` shows the status for one GitLab version.`,
    '',
    ...sorted.flatMap((spec) => [section(spec), '']),
    '<!-- Generated from src/catalog by scripts/generate-catalog-files.mjs; edit the catalog, not this file. -->',
    '',
  ].join('\n');
}
