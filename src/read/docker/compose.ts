/**
 * Finding `GITLAB_OMNIBUS_CONFIG` in a Docker Compose file: under each
 * service's `environment`, written as a mapping (`KEY: value`) or as a list
 * (`- KEY=value`). Services sit under `services:` (Compose file format 2/3
 * and the Compose spec) or at the top level (format 1).
 */
import { Scalar, isAlias, isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

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

/** How a service writes its `environment:` and the variables it sets there. */
export interface ServiceEnvironment {
  form: 'mapping' | 'list';
  names: Set<string>;
}

/**
 * The variables a service passes to its container through `environment:`
 * (`KEY: value`, `- KEY=value`, or `- KEY` taken from the host), or null when
 * it has no such section.
 */
export function serviceEnvironment(doc: Document, service: string): ServiceEnvironment | null {
  const node = resolve(doc, services(doc).find(([name]) => name === service)?.[1]);
  if (!isMap(node)) return null;
  const env = pairOf(doc, node, 'environment');
  const value = env ? resolve(doc, env.value) : null;
  if (isMap(value)) {
    return { form: 'mapping', names: new Set(value.items.flatMap((p) => (isScalar(p.key) ? [String(p.key.value)] : []))) };
  }
  if (isSeq(value)) {
    const names = value.items.flatMap((item) => {
      const scalar = resolve(doc, item);
      return isScalar(scalar) && typeof scalar.value === 'string' ? [scalar.value.split('=')[0] as string] : [];
    });
    return { form: 'list', names: new Set(names) };
  }
  return null;
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function services(doc: Document): Array<[string, unknown]> {
  const root = resolve(doc, doc.contents);
  if (!isMap(root)) return [];
  const declared = pairOf(doc, root, 'services');
  const map = declared ? resolve(doc, declared.value) : root;
  if (!isMap(map)) return [];
  // `x-...` keys are Compose extension fields (anchors for sharing), not services.
  return map.items.flatMap((p) => {
    const name = isScalar(p.key) ? String(p.key.value) : '';
    return name && name !== '<<' && !name.startsWith('x-') ? [[name, p.value] as [string, unknown]] : [];
  });
}

function siteIn(service: string, node: unknown, doc: Document): OmnibusConfigSite | null {
  if (!isMap(node)) return null;
  const env = pairOf(doc, node, 'environment');
  const value = env ? resolve(doc, env.value) : null;
  if (isMap(value)) {
    const pair = pairOf(doc, value, VARIABLE);
    if (pair && isScalar(pair.key)) {
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

/**
 * The pair with this key, its own or merged in with `<<: *anchor` (Compose
 * files share a service's settings or environment that way); an own key wins,
 * as in a YAML merge.
 */
function pairOf(doc: Document, map: YAMLMap, key: string, depth = 0): Pair | undefined {
  const own = map.items.find((p) => isScalar(p.key) && p.key.value === key);
  if (own || depth > 8) return own;
  for (const merge of map.items.filter((p) => isScalar(p.key) && p.key.value === '<<')) {
    const source = resolve(doc, merge.value);
    const maps = isSeq(source) ? source.items.map((i) => resolve(doc, i)) : [source];
    for (const m of maps) {
      const found = isMap(m) ? pairOf(doc, m, key, depth + 1) : undefined;
      if (found) return found;
    }
  }
  return undefined;
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
