/**
 * GitLab versions and the changes that depend on them: which providers,
 * strategies and settings were added, deprecated, removed or renamed, and when.
 * The facts live in one data file, `data/gitlab-versions.json`; this module
 * reads it once and answers "what is the status of X in GitLab N.M?".
 */
import { readFileSync } from 'node:fs';

export type ChangeKind = 'introduced' | 'deprecated' | 'removed' | 'renamed';
export type ChangeSubject = 'provider' | 'strategy' | 'setting';

export interface VersionChange {
  subject: ChangeSubject;
  /** Provider name, strategy (provider) name, or setting name under `omniauth`. */
  name: string;
  change: ChangeKind;
  version: string;
  /** For `renamed`: the new name. */
  to?: string;
  /** Shown to users after the finding. */
  note?: string;
  source: string;
  /** How the version was established when `source` alone does not say it; for maintainers, never shown. */
  evidence?: string;
}

export interface VersionTable {
  newest: string;
  changes: VersionChange[];
}

/** A GitLab version as [major, minor]; patch levels never change OmniAuth behaviour. */
export type GitlabVersion = readonly [number, number];

// src/catalog and dist/catalog both sit two levels below the package root.
const DATA_FILE = new URL('../../data/gitlab-versions.json', import.meta.url);

let table: VersionTable | undefined;

export function versionTable(): VersionTable {
  table ??= JSON.parse(readFileSync(DATA_FILE, 'utf8')) as VersionTable;
  return table;
}

/** The default for `--gitlab-version`: the newest version the table knows. */
export function newestKnownVersion(): string {
  return versionTable().newest;
}

/** `16.11`, `16.11.2`, `v17.0`, `17.0.1-ee` → [major, minor]; anything else → null. */
export function parseGitlabVersion(text: string): GitlabVersion | null {
  const m = /^v?(\d{1,3})\.(\d{1,3})(?:\.\d{1,3})?(?:-(?:ee|ce)(?:\.\d+)?)?$/i.exec(text.trim());
  if (!m) return null;
  return [Number(m[1]), Number(m[2])];
}

export function compareVersions(a: GitlabVersion, b: GitlabVersion): number {
  return a[0] - b[0] || a[1] - b[1];
}

/**
 * The version a check runs against: the one asked for, or the newest known
 * when none was given. An unparsable version also falls back to the newest
 * (the CLI rejects it before this point; library callers get a sane default).
 */
export function effectiveVersion(requested: string | undefined): GitlabVersion {
  const parsed = requested === undefined ? null : parseGitlabVersion(requested);
  return parsed ?? (parseGitlabVersion(newestKnownVersion()) as GitlabVersion);
}

export function formatVersion(v: GitlabVersion): string {
  return `${v[0]}.${v[1]}`;
}

export type Status = 'current' | 'not-yet-available' | 'deprecated' | 'removed' | 'renamed';

export interface StatusAt {
  status: Status;
  /** The change that decided the status (absent for `current` without history). */
  change?: VersionChange;
  /** For `deprecated`: the removal, when one is planned or known. */
  removal?: VersionChange;
}

/** Every change recorded for one subject, oldest first (for `providers` and docs). */
export function historyOf(subject: ChangeSubject, name: string): VersionChange[] {
  return versionTable()
    .changes.filter((c) => c.subject === subject && c.name === name)
    .sort((a, b) => compareVersions(parseGitlabVersion(a.version) ?? [0, 0], parseGitlabVersion(b.version) ?? [0, 0]));
}

/**
 * Status of a provider, strategy or setting in a GitLab version: the latest
 * change at or before that version decides.
 */
export function statusAt(subject: ChangeSubject, name: string, version: GitlabVersion): StatusAt {
  const history = historyOf(subject, name);
  let decided: VersionChange | undefined;
  for (const c of history) {
    const at = parseGitlabVersion(c.version);
    if (at && compareVersions(at, version) <= 0) decided = c;
  }
  const removal = history.find((c) => c.change === 'removed');
  if (!decided) {
    const introduced = history.find((c) => c.change === 'introduced');
    return introduced ? { status: 'not-yet-available', change: introduced } : { status: 'current' };
  }
  switch (decided.change) {
    case 'introduced':
      return { status: 'current', change: decided };
    case 'deprecated':
      return removal ? { status: 'deprecated', change: decided, removal } : { status: 'deprecated', change: decided };
    case 'removed':
      return { status: 'removed', change: decided };
    case 'renamed':
      return { status: 'renamed', change: decided };
  }
}
