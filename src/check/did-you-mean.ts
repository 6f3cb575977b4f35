/**
 * "Did you mean ...?" for misspelled setting keys, provider names and option
 * keys. Two kinds of near miss matter in OmniAuth configs: typos
 * (`omniauth_provider`, `alow_single_sign_on`, transposed letters) and
 * shortened names (`google` for `google_oauth2`, `azure` for
 * `azure_activedirectory_v2`). The first is caught by edit distance, the
 * second by prefix and substring matching.
 */
import { compareCodeUnits } from '../text/order.js';

/** Cells of the distance table filled since the process started: the work, for tests of how it grows. */
export const editWork = { cells: 0 };

/**
 * Damerau-Levenshtein distance (optimal string alignment): insertions,
 * deletions, substitutions and transpositions of neighbours each cost 1.
 * The whole table: the definition `editDistanceWithin`, which the checks use,
 * is tested against.
 */
export function editDistance(a: string, b: string): number {
  editWork.cells += a.length * b.length;
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  const width = b.length + 1;
  // Three rows: two back (for transpositions), previous, current.
  let older = new Array<number>(width).fill(0);
  let prev = Array.from({ length: width }, (_, j) => j);
  let cur = new Array<number>(width).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (older[j - 2] ?? 0) + 1);
      }
      cur[j] = best;
    }
    [older, prev, cur] = [prev, cur, older];
  }
  return prev[b.length] ?? 0;
}

/**
 * `editDistance(a, b)` when it is at most `max`, else `max + 1`, in time
 * proportional to the shorter string times `max`: only the cells within `max`
 * of the diagonal can stay within `max`, and the search stops as soon as a
 * whole row is past it (a 20,000-character key is compared in no time).
 */
export function editDistanceWithin(a: string, b: string, max: number): number {
  if (a === b) return 0;
  const over = max + 1;
  if (Math.abs(a.length - b.length) > max) return over;
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length);
  const width = b.length + 1;
  const big = over + 1;
  let older = new Int32Array(width).fill(big);
  let prev = new Int32Array(width).fill(big);
  let cur = new Int32Array(width).fill(big);
  for (let j = 0; j <= Math.min(b.length, max); j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(b.length, i + max);
    cur[lo - 1] = lo === 1 ? i : big;
    if (hi < b.length) cur[hi + 1] = big;
    let rowMin = lo === 1 ? i : big;
    editWork.cells += hi - lo + 1;
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((prev[j] ?? big) + 1, (cur[j - 1] ?? big) + 1, (prev[j - 1] ?? big) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, (older[j - 2] ?? big) + 1);
      }
      cur[j] = Math.min(best, big);
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return over;
    [older, prev, cur] = [prev, cur, older];
  }
  const distance = prev[b.length] ?? big;
  return distance > max ? over : distance;
}

/** Case, `-` vs `_` and surrounding space never make two names different to a person. */
function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/-/g, '_');
}

export interface SuggestOptions {
  /** Largest edit distance still suggested; default: a third of the input's length, at least 1, at most 3. */
  maxDistance?: number;
  /** How many suggestions at most (default 3). */
  limit?: number;
}

interface Scored {
  candidate: string;
  score: number;
}

/**
 * Candidates close to `input`, best first. Ranking: same name up to case and
 * `-`/`_`, then by edit distance, then names that start with (or contain) the
 * input as a whole word part (`google` → `google_oauth2`) or that the input
 * starts with (`saml_provider` → `saml`).
 */
export function suggestions(input: string, candidates: Iterable<string>, options: SuggestOptions = {}): string[] {
  const wanted = normalize(input);
  if (wanted === '') return [];
  const maxDistance = options.maxDistance ?? Math.min(3, Math.max(1, Math.floor(wanted.length / 3)));
  const scored: Scored[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    if (seen.has(candidate) || candidate === input) continue;
    seen.add(candidate);
    const score = scoreOf(wanted, normalize(candidate), maxDistance);
    if (score !== null) scored.push({ candidate, score });
  }
  scored.sort((x, y) => x.score - y.score || compareCodeUnits(x.candidate, y.candidate));
  return scored.slice(0, options.limit ?? 3).map((s) => s.candidate);
}

/** Lower is better; null when the candidate is not a plausible meaning. */
function scoreOf(wanted: string, candidate: string, maxDistance: number): number | null {
  if (candidate === wanted) return 0;
  const distance = editDistanceWithin(wanted, candidate, maxDistance);
  if (distance <= maxDistance) return distance;
  // Shortened or extended names only count when the shared part is a whole
  // word part and long enough to mean something (`goo` is not `google_oauth2`).
  if (wanted.length >= 3 && isWordPart(candidate, wanted)) return 10 + candidate.length - wanted.length;
  if (candidate.length >= 3 && isWordPart(wanted, candidate)) return 20 + wanted.length - candidate.length;
  return null;
}

/** Whether `part` occurs in `whole` bounded by `_`, `.` or the ends. */
function isWordPart(whole: string, part: string): boolean {
  let from = whole.indexOf(part);
  while (from !== -1) {
    const before = from === 0 || /[_.]/.test(whole[from - 1] ?? '');
    const afterIndex = from + part.length;
    const after = afterIndex === whole.length || /[_.\d]/.test(whole[afterIndex] ?? '');
    if (before && after) return true;
    from = whole.indexOf(part, from + 1);
  }
  return false;
}

/** The single best suggestion, if any. */
export function didYouMean(input: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  return suggestions(input, candidates, { ...options, limit: 1 })[0];
}

/** A hint line for a diagnostic: "did you mean `x`?" (or "`x` or `y`?"), or undefined. */
export function didYouMeanHint(input: string, candidates: Iterable<string>, options: SuggestOptions = {}): string | undefined {
  const found = suggestions(input, candidates, { limit: 2, ...options });
  if (found.length === 0) return undefined;
  return `did you mean ${found.map((s) => `\`${s}\``).join(' or ')}?`;
}
