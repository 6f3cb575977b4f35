/**
 * Fingerprints that identify a finding across commits. GitLab compares the
 * Code Quality fingerprints of a merge request's source and target branch to
 * say which findings it introduced or fixed, and GitHub code scanning does the
 * same with SARIF's partialFingerprints. So a fingerprint is built from what a
 * finding is about (the file, the rule, the setting or provider it concerns),
 * never from where it sits: inserting lines above it must not change it.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ConfigValue, OmniauthModel } from '../model/types.js';

/** A finding ready for a machine-readable report: where it is, relative to the repository, and who it is. */
export interface ReportFinding {
  diagnostic: Diagnostic;
  /** The file relative to the working directory, `/`-separated (how CI tools resolve it against the repository root). */
  relativePath: string;
  fingerprint: string;
}

/**
 * Provider entries by their config path (`omniauth.providers[2]`), mapped to a
 * path that names them (`omniauth.providers[name=saml]`): a provider added
 * before another must not change the other's findings' fingerprints.
 */
export function providerPathNames(model: OmniauthModel): Map<string, string> {
  const names = new Map<string, string>();
  for (const item of model.providers ?? []) {
    const name = literalName(item.value);
    if (name !== null && item.value.path) names.set(item.value.path, `omniauth.providers[name=${name}]`);
  }
  return names;
}

function literalName(value: ConfigValue): string | null {
  if (value.kind !== 'mapping') return null;
  for (let i = value.entries.length - 1; i >= 0; i--) {
    const entry = value.entries[i];
    // The last `name` wins, as in GitLab.
    if (entry?.key === 'name' && (entry.value.kind === 'string' || entry.value.kind === 'symbol')) return entry.value.value;
  }
  return null;
}

/** `omniauth.providers[2].args.issuer` → `omniauth.providers[name=saml].args.issuer`; other paths as they are. */
export function stableConfigPath(configPath: string, names: ReadonlyMap<string, string>): string {
  let best: string | undefined;
  for (const prefix of names.keys()) {
    const boundary = configPath.charAt(prefix.length);
    if (configPath.startsWith(prefix) && (boundary === '' || boundary === '.' || boundary === '[') && prefix.length > (best?.length ?? -1)) {
      best = prefix;
    }
  }
  return best === undefined ? configPath : `${names.get(best)}${configPath.slice(best.length)}`;
}

/** The file as a report names it: relative to `cwd`, with `/` separators; standard input stays `<stdin>`. */
export function reportPath(file: string, cwd: string): string {
  if (file === '<stdin>') return file;
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.split(path.sep).join('/');
}

/**
 * Fingerprints for every finding, in the given order. Findings that share a
 * file, rule and config path are told apart by their order among themselves,
 * which unrelated edits do not change.
 */
export function fingerprintFindings(
  diagnostics: readonly Diagnostic[],
  options: { cwd: string; providerNames?: (file: string) => ReadonlyMap<string, string> | undefined },
): ReportFinding[] {
  const seen = new Map<string, number>();
  return diagnostics.map((diagnostic) => {
    const relativePath = reportPath(diagnostic.file, options.cwd);
    const names = options.providerNames?.(diagnostic.file) ?? new Map<string, string>();
    const identity = JSON.stringify([relativePath, diagnostic.rule, stableConfigPath(diagnostic.path ?? '', names)]);
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    const fingerprint = createHash('sha256')
      .update(occurrence === 0 ? identity : `${identity}#${occurrence}`)
      .digest('hex')
      .slice(0, 32);
    return { diagnostic, relativePath, fingerprint };
  });
}
