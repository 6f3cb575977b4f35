/**
 * Configuration embedded in another file (gitlab.rb Ruby in a Compose
 * variable, a provider block in a Kubernetes Secret): read on its own, then
 * every range the reader reported is moved to where the text is written in
 * the outer file.
 */
import type { ReadResult } from '../model/types.js';
import type { Position, SourceRange } from '../text/source-text.js';

/**
 * Moves every source range in the result (model values, entries, settings,
 * diagnostics) into the outer file, each range object once even when the
 * model shares it (a `definedBy` is also in `settings`). With `file`, each
 * range also records that file, for findings reported against another
 * file's model.
 */
export function mapRanges(result: ReadResult, position: (p: Position) => Position, file?: string): void {
  const seen = new Set<object>();
  const visit = (node: unknown): void => {
    if (typeof node !== 'object' || node === null || seen.has(node)) return;
    seen.add(node);
    if (isRange(node)) {
      node.start = position(node.start);
      node.end = position(node.end);
      if (file !== undefined) node.file = file;
      return;
    }
    for (const child of Array.isArray(node) ? node : Object.values(node)) visit(child);
  };
  visit(result.model);
  visit(result.diagnostics);
}

function isRange(node: object): node is SourceRange {
  return 'start' in node && 'end' in node && isPosition(node.start) && isPosition(node.end);
}

function isPosition(value: unknown): value is Position {
  return typeof value === 'object' && value !== null && 'offset' in value && 'line' in value && 'column' in value;
}
