/**
 * Text for the `providers` and `callbacks` commands: the catalog with each
 * provider's status in a GitLab version, and the URLs to register for the
 * providers a file configures.
 */
import { EXTERNAL_URL_PLACEHOLDER, type ModelCallbacks } from './callbacks.js';
import { PROVIDERS, type ProviderSpec } from './providers.js';
import { effectiveVersion, formatVersion, historyOf, statusAt, type GitlabVersion } from './versions.js';
import { compareCodeUnits } from '../text/order.js';

export interface ProviderRow {
  name: string;
  label: string;
  status: 'current' | 'deprecated' | 'removed' | 'not yet available';
  /** What the status means for this version, e.g. "deprecated in 16.3, removed in 17.0". */
  detail: string;
  strategyClass: string;
  docsUrl: string;
  enterprise: boolean;
  note?: string;
}

function rowFor(spec: ProviderSpec, version: GitlabVersion): ProviderRow {
  const at = statusAt('provider', spec.name, version);
  const strategyRemoval = historyOf('strategy', spec.name).find((c) => c.change === 'removed');
  let status: ProviderRow['status'] = 'current';
  let detail = '';
  if (at.status === 'removed' && at.change) {
    status = 'removed';
    detail = `removed in ${at.change.version}`;
  } else if (at.status === 'deprecated' && at.change) {
    status = 'deprecated';
    detail = `deprecated in ${at.change.version}${at.removal ? `, removed in ${at.removal.version}` : ''}`;
  } else if (at.status === 'not-yet-available' && at.change) {
    status = 'not yet available';
    detail = `added in ${at.change.version}`;
  }
  if (strategyRemoval) {
    const gone = statusAt('strategy', spec.name, version).status === 'removed';
    status = gone ? 'removed' : 'deprecated';
    detail = gone ? `strategy removed in ${strategyRemoval.version}: use the name with OpenID Connect` : `strategy removed in ${strategyRemoval.version}`;
  }
  const aliases = spec.aliases?.length ? `also read as ${spec.aliases.join(', ')}` : '';
  const note = [spec.note, aliases].filter(Boolean).join('; ');
  return {
    name: spec.name,
    label: spec.label,
    status,
    detail,
    strategyClass: spec.strategyClass,
    docsUrl: spec.docsUrl,
    enterprise: spec.enterprise === true,
    ...(note ? { note } : {}),
  };
}

/** Every catalog entry with its status in a GitLab version (default: the newest known). */
export function providerRows(version?: string): ProviderRow[] {
  const v = effectiveVersion(version);
  return PROVIDERS.map((spec) => rowFor(spec, v)).sort((a, b) => compareCodeUnits(a.name, b.name));
}

/** `providers`: name, label and status for the chosen GitLab version, one line each. */
export function formatProviderList(version?: string): string {
  const v = effectiveVersion(version);
  const rows = providerRows(version);
  const nameWidth = Math.max(...rows.map((r) => r.name.length));
  const labelWidth = Math.max(...rows.map((r) => r.label.length));
  const lines = rows.map((r) => {
    const status = r.detail ? `${r.status} (${r.detail})` : r.status;
    const tags = r.enterprise ? ' [Premium]' : '';
    return `${r.name.padEnd(nameWidth)}  ${r.label.padEnd(labelWidth)}  ${status}${tags}`;
  });
  return [`OmniAuth providers in GitLab ${formatVersion(v)} (--gitlab-version to choose):`, '', ...lines, '', 'Docs and strategy classes: gitlab-omniauth providers --json'].join('\n') + '\n';
}

/** `callbacks`: for each configured provider, the URLs to register at the identity provider. */
export function formatModelCallbacks(result: ModelCallbacks): string {
  const out: string[] = [];
  if (result.externalUrl === EXTERNAL_URL_PLACEHOLDER) {
    out.push(`external_url: unknown (${result.externalUrlProblem ?? 'not set'}); replace ${EXTERNAL_URL_PLACEHOLDER} below, or pass --external-url`);
  } else {
    out.push(`external_url: ${result.externalUrl}`);
  }
  const unnamed =
    result.unnamed === 0 ? []
    : [`${result.unnamed} provider ${result.unnamed === 1 ? 'entry has' : 'entries have'} no literal name (a Helm secret reference or an expression) and ${result.unnamed === 1 ? 'is' : 'are'} not shown.`];
  if (result.providers.length === 0) {
    out.push('', ...(unnamed.length > 0 ? unnamed : ['No providers configured.']));
    return out.join('\n') + '\n';
  }
  for (const p of result.providers) {
    const label = p.strategy ? ` (${p.strategy.label}${p.strategy.name !== p.name ? `, ${p.strategy.name} strategy` : ''})` : ' (unknown provider: default callback)';
    out.push('', `${p.name}${label}`);
    if (p.argsName !== undefined) out.push(`  args.name is \`${p.argsName}\`: OmniAuth answers at /users/auth/${p.argsName}/callback, not under \`${p.name}\``);
    if (p.callbacks.length === 0) {
      out.push(`  nothing to register${p.strategy?.note ? `: ${p.strategy.note}` : ''}`);
      continue;
    }
    const width = Math.max(...p.callbacks.map((c) => c.url.length));
    for (const c of p.callbacks) out.push(`  ${c.url.padEnd(width)}  ${c.purpose}${c.note ? ` (${c.note})` : ''}`);
  }
  if (unnamed.length > 0) out.push('', ...unnamed);
  return out.join('\n') + '\n';
}
