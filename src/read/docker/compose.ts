/**
 * Finding `GITLAB_OMNIBUS_CONFIG` in a Docker Compose file: under each
 * service's `environment`, written as a mapping (`KEY: value`) or as a list
 * (`- KEY=value`). Services sit under `services:` (Compose file format 2/3
 * and the Compose spec) or at the top level (format 1).
 */
import { Scalar, isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node } from 'yaml';

export const VARIABLE = 'GITLAB_OMNIBUS_CONFIG';

export interface OmnibusConfigSite {
  service: string;
  /** The scalar holding the value (for the list form, `KEY=value` as a whole). */
  scalar: Scalar;
  /** Characters of the scalar's value before the Ruby: `GITLAB_OMNIBUS_CONFIG=` in the list form, else 0. */
  prefix: number;
  /** The key (mapping form) or list item (list form): where to point when talking about the variable. */
  keyRange: [number, number];
}

/** Every service that sets the variable, in file order. */
export function findOmnibusConfig(doc: Document): OmnibusConfigSite[] {
  return services(doc).flatMap(([service, node]) => {
    const site = siteIn(service, resolve(doc, node), doc);
    return site ? [site] : [];
  });
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function services(doc: Document): Array<[string, unknown]> {
  const root = resolve(doc, doc.contents);
  if (!isMap(root)) return [];
  const declared = root.items.find((p) => isScalar(p.key) && p.key.value === 'services');
  const map = declared ? resolve(doc, declared.value) : root;
  if (!isMap(map)) return [];
  return map.items.flatMap((p) => (isScalar(p.key) ? [[String(p.key.value), p.value] as [string, unknown]] : []));
}

function siteIn(service: string, node: unknown, doc: Document): OmnibusConfigSite | null {
  if (!isMap(node)) return null;
  const env = node.items.find((p) => isScalar(p.key) && p.key.value === 'environment');
  const value = env ? resolve(doc, env.value) : null;
  if (isMap(value)) {
    for (const pair of value.items) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== VARIABLE) continue;
      const scalar = resolve(doc, pair.value);
      return { service, scalar: isScalar(scalar) ? scalar : emptyScalarAfter(pair.key), prefix: 0, keyRange: rangeOf(pair.key) };
    }
  }
  if (isSeq(value)) {
    for (const item of value.items) {
      const scalar = resolve(doc, item);
      if (isScalar(scalar) && typeof scalar.value === 'string' && scalar.value.startsWith(`${VARIABLE}=`)) {
        return { service, scalar, prefix: VARIABLE.length + 1, keyRange: rangeOf(scalar) };
      }
    }
  }
  return null;
}

function rangeOf(node: Node): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  return [start, end];
}

/** `GITLAB_OMNIBUS_CONFIG:` with no value (or a non-string one): nothing to read, placed after the key. */
function emptyScalarAfter(key: Scalar): Scalar {
  const end = key.range?.[1] ?? 0;
  const empty = new Scalar('');
  empty.range = [end, end, end];
  return empty;
}
