/**
 * Anchors and aliases of one YAML document, resolved once and checked before
 * anything follows them.
 *
 * Psych (GitLab's loader) keeps an alias as a second reference to the same
 * Ruby object, so a small file of nested aliases ("billion laughs") loads
 * quickly but stands for an enormous tree, and a value may even contain
 * itself. The reader turns values into a plain tree, so it must know before
 * it starts how big that tree would be. The `yaml` library's own
 * `Alias.resolve` walks the whole document on every call; one pass here
 * serves every alias.
 */
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, type Alias, type Document, type Node } from 'yaml';

/** More values than any real gitlab.yml holds (gitlab.yml.example: about 2,000), few enough to read at once. */
export const MAX_EXPANDED_NODES = 100_000;

export type AliasProblem =
  /** `*name` with no `&name` before it: Psych fails with "Unknown alias". */
  | { kind: 'unknown'; alias: Alias }
  /** An alias inside the very node it names, outside a merge key: a value that contains itself. */
  | { kind: 'cycle'; alias: Alias }
  /** Aliases that, followed, stand for more than MAX_EXPANDED_NODES values. */
  | { kind: 'bomb'; alias: Alias; expanded: number };

export interface AnchorTable {
  /** What each alias names (the last anchor of that name before it), or undefined. */
  targets: Map<Alias, Node | undefined>;
  /** Aliases in a `<<` merge key that name a mapping they are part of: Psych merges what is there so far, i.e. nothing new. */
  selfMerges: Set<Alias>;
  problems: AliasProblem[];
}

export function analyseAnchors(doc: Document): AnchorTable {
  const targets = new Map<Alias, Node | undefined>();
  const anchors = new Map<string, Node>();
  const aliasesInOrder: Alias[] = [];
  // Document order, as Psych sees events: a node's anchor is known before its children are read.
  const collect = (node: unknown): void => {
    if (isAlias(node)) {
      targets.set(node, anchors.get(node.source));
      aliasesInOrder.push(node);
      return;
    }
    if (!isScalar(node) && !isCollection(node)) return;
    if (node.anchor) anchors.set(node.anchor, node);
    if (isMap(node)) {
      for (const pair of node.items) {
        collect(pair.key);
        collect(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) collect(isPair(item) ? item.value : item);
    }
  };
  collect(doc.contents);

  const problems: AliasProblem[] = [];
  for (const alias of aliasesInOrder) if (targets.get(alias) === undefined) problems.push({ kind: 'unknown', alias });

  const selfMerges = new Set<Alias>();
  const cycles = new Set<Alias>();
  const sizes = new Map<Node, number>();
  const reading = new Set<Node>();
  // Expanded size of a node: itself plus everything under it with aliases followed. Saturates at the limit.
  const sizeOf = (node: unknown, inMergeKey: boolean): number => {
    if (isAlias(node)) {
      const target = targets.get(node);
      if (target === undefined) return 1;
      if (reading.has(target)) {
        (inMergeKey && isMap(target) ? selfMerges : cycles).add(node);
        return 1;
      }
      return sizeOf(target, false);
    }
    if (!isCollection(node)) return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    reading.add(node);
    let total = 1;
    if (isMap(node)) {
      for (const pair of node.items) {
        const mergeKey = isScalar(pair.key) && pair.key.value === '<<';
        total += sizeOf(pair.key, false) + sizeOf(pair.value, mergeKey);
        if (mergeKey && isSeq(pair.value)) for (const item of pair.value.items) if (isAlias(item) && reading.has(targets.get(item) as Node)) selfMerges.add(item);
        if (total > MAX_EXPANDED_NODES) break;
      }
    } else {
      for (const item of node.items) {
        total += sizeOf(isPair(item) ? item.value : item, false);
        if (total > MAX_EXPANDED_NODES) break;
      }
    }
    reading.delete(node);
    const saturated = Math.min(total, MAX_EXPANDED_NODES + 1);
    sizes.set(node, saturated);
    return saturated;
  };
  const total = sizeOf(doc.contents, false);
  for (const alias of aliasesInOrder) {
    if (cycles.has(alias) && !selfMerges.has(alias)) problems.push({ kind: 'cycle', alias });
  }
  if (total > MAX_EXPANDED_NODES) {
    // Name the alias that stands for the most: the one to look at first.
    let worst: { alias: Alias; expanded: number } | null = null;
    for (const alias of aliasesInOrder) {
      const target = targets.get(alias);
      const expanded = target === undefined ? 0 : (sizes.get(target) ?? 1);
      if (!worst || expanded > worst.expanded) worst = { alias, expanded };
    }
    if (worst) problems.push({ kind: 'bomb', ...worst });
  }
  return { targets, selfMerges, problems };
}
