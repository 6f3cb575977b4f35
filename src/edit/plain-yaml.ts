/**
 * Whether a YAML document given as input (`--arg-yaml`, `--field-yaml`,
 * `--provider FILE`) holds only plain values: strings, numbers, booleans,
 * null, lists and mappings, the values a provider entry is written with.
 *
 * Refused before the document is turned into values:
 * - a tag that makes something else (`!!binary` bytes, a `!!timestamp` Date,
 *   a `!!set`, an `!!omap`, a custom `!tag`): written out it would become a
 *   different value than the user wrote, or none at all;
 * - a tag that does not fit its value (`!!float 1`, `!!bool yes`): the
 *   `yaml` library keeps the text as a string, which is not what was asked;
 * - an alias inside the value it names (a value that contains itself), an
 *   alias to no anchor, and aliases that expand beyond reason (the same
 *   checks the gitlab.yml reader makes, anchors.ts).
 * Loaded lazily with `yaml`: only commands that read YAML input need it.
 */
import { isCollection, isScalar, visit, type Document, type LineCounter } from 'yaml';
import { analyseAnchors, MAX_EXPANDED_NODES } from '../read/source/anchors.js';

const CORE = 'tag:yaml.org,2002:';

/**
 * Tags that only choose among plain values. `!` is YAML's non-specific tag
 * (the value as a string or a plain collection).
 */
const PLAIN_TAGS = new Set(['!', ...['str', 'int', 'float', 'bool', 'null', 'seq', 'map'].map((t) => CORE + t)]);

/** `!!binary` for `tag:yaml.org,2002:binary`, as the user wrote it. */
function shortTag(tag: string): string {
  return tag.startsWith(CORE) ? `!!${tag.slice(CORE.length)}` : tag;
}

/** Where `offset` is, as `:line:col`, when the document came from a file; '' for a flag value. */
type Where = (offset: number | undefined) => string;

function whereIn(lineCounter: LineCounter | undefined): Where {
  return (offset) => {
    if (!lineCounter || offset === undefined) return '';
    const { line, col } = lineCounter.linePos(offset);
    return `:${line}:${col}`;
  };
}

/**
 * Why the document does not hold only plain values, as a message starting
 * with `label` (the flag or file) and the position; null when it does.
 */
export function plainYamlProblem(doc: Document, label: string, lineCounter?: LineCounter): string | null {
  const where = whereIn(lineCounter);
  let problem: string | null = null;
  visit(doc, (_key, node) => {
    if (!isScalar(node) && !isCollection(node)) return undefined;
    if (node.tag === undefined || PLAIN_TAGS.has(node.tag)) return undefined;
    const tag = shortTag(node.tag);
    problem = `${label}${where(node.range?.[0])}: the tag ${tag} makes a value that is not a string, number, boolean, null, list or mapping; gitlab-omniauth writes only those (remove ${tag}, or quote the value to keep it as text)`;
    return visit.BREAK;
  });
  if (problem !== null) return problem;

  const unresolved = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
  if (unresolved) {
    const tag = /Unresolved tag: (\S+)/.exec(unresolved.message)?.[1];
    return `${label}${where(unresolved.pos[0])}: the tag ${tag ? shortTag(tag) : ''} does not fit its value; remove the tag or write a value of that type`;
  }

  const anchors = analyseAnchors(doc);
  const selfMerge = [...anchors.selfMerges][0];
  // `<<` is an ordinary key in input YAML (no merge keys), so a "self-merge" is a value that contains itself too.
  const cycle = anchors.problems.find((p) => p.kind === 'cycle')?.alias ?? selfMerge;
  if (cycle) {
    return `${label}${where(cycle.range?.[0])}: the alias *${cycle.source} is inside the value it names, so that value contains itself; point the alias at a value defined elsewhere, or write the value out`;
  }
  for (const p of anchors.problems) {
    const at = `${label}${where(p.alias.range?.[0])}`;
    if (p.kind === 'unknown') return `${at}: the alias *${p.alias.source} names no anchor before it`;
    if (p.kind === 'bomb') return `${at}: aliases stand for more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values; write the values out or use fewer levels of aliases`;
  }
  return null;
}
