/**
 * String order by UTF-16 code unit: the same on every machine and locale, and
 * free. `localeCompare` sets up an ICU collator on its first call (about
 * 10 ms), which a short run such as a pre-commit hook pays in full; the names
 * sorted here (rule ids, provider and setting names) are ASCII identifiers,
 * where the two orders only differ between upper and lower case.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
