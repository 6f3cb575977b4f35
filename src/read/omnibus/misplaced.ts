/**
 * `misplaced-setting` in gitlab.rb: OmniAuth settings written where Omnibus
 * does not look. gitlab.yml.erb reads only `gitlab_rails['omniauth_<setting>']`
 * keys, and Omnibus checks no key inside a top-level object, so
 * `gitlab_rails['providers']`, `gitlab_rails['omniauth'] = { ... }` or
 * `gitlab['omniauth_providers']` configure nothing and nothing says so.
 */
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { SETTINGS, settingByOmnibusKey } from '../../model/settings.js';
import type { OmniauthModel } from '../../model/types.js';
import { hasInvisibleCharacter } from './invisible.js';
import type { ValueContext } from './literals.js';
import { children, isNode, type Node } from './nodes.js';

/** What the reader has built from the same statements. */
type ReadModel = Pick<OmniauthModel, 'settings' | 'providers'>;

const RAILS = 'gitlab_rails';
const PROVIDERS_KEY = 'omniauth_providers';

/**
 * gitlab.rb keys without their `omniauth_` prefix (`providers`). Not
 * `enabled`: a bare `gitlab_rails['enabled']` is no clear sign of OmniAuth.
 */
const UNPREFIXED = new Map(SETTINGS.filter((s) => s.name !== 'enabled').map((s) => [s.omnibusKey.replace(/^omniauth_/, ''), s.omnibusKey]));

/** Calls that add to the value read before them (`gitlab_rails['providers'] << { ... }`). */
const ADDING_METHODS = new Set(['<<', 'push', 'append', 'concat']);

/** `object['key']` on a top-level object, read or written. */
interface IndexAccess {
  object: string;
  key: string;
  keyNode: Node;
  /** What is assigned or added; null for a plain read. */
  value: Node | null;
}

interface Misplaced {
  access: IndexAccess;
  /** Where Omnibus reads it instead, for the message. */
  expected: string;
  hint: string;
  carriesProviders: boolean;
}

/**
 * The findings for the statements under `roots` (the program, or the
 * statements readable before a syntax error). `model` is the model read from
 * them, to know whether GitLab gets providers from `omniauth_providers`.
 */
export function misplacedSettings(roots: readonly Node[], model: ReadModel, ctx: ValueContext): Diagnostic[] {
  const found: Misplaced[] = [];
  const visit = (node: Node, parent: Node | null): void => {
    const access = indexAccess(node, parent);
    const misplaced = access ? classify(access) : null;
    if (misplaced) found.push(misplaced);
    for (const child of children(node)) visit(child, node);
  };
  for (const root of roots) visit(root, null);
  const missing = providersMissing(model);
  return found.map((m) => finding(m, missing && m.carriesProviders ? 'error' : 'warning', ctx));
}

function classify(access: IndexAccess): Misplaced | null {
  const { object, key } = access;
  // `\u200Bgitlab_rails[...]` looks like `gitlab_rails` in the message too: `invisible-character` reports it instead.
  if (hasInvisibleCharacter(object) || hasInvisibleCharacter(key)) return null;
  if (object === RAILS) {
    const prefixed = UNPREFIXED.get(key);
    if (prefixed) {
      return {
        access,
        expected: `\`${RAILS}['${prefixed}']\``,
        hint: `Write \`${RAILS}['${prefixed}']\`: every OmniAuth key starts with \`omniauth_\``,
        carriesProviders: prefixed === PROVIDERS_KEY && carriesProviders(access.value),
      };
    }
    if (key === 'omniauth') return wholeSection(access);
    return null;
  }
  if (settingByOmnibusKey(key) === undefined) return null;
  return {
    access,
    expected: `\`${RAILS}['${key}']\``,
    hint: `Write \`${RAILS}['${key}']\`: OmniAuth settings belong to \`${RAILS}\``,
    carriesProviders: key === PROVIDERS_KEY && carriesProviders(access.value),
  };
}

/** `gitlab_rails['omniauth'] = { providers: [...] }`: the settings as one hash, which Omnibus never reads. */
function wholeSection(access: IndexAccess): Misplaced {
  const entries = hashEntries(access.value);
  const keys = entries.map(([k]) => settingByOmnibusKey(`omniauth_${k}`)?.omnibusKey ?? settingByOmnibusKey(k)?.omnibusKey).filter((k) => k !== undefined);
  const listed = keys.length > 0 ? keys.map((k) => `\`${RAILS}['${k}']\``).join(', ') : `\`${RAILS}['omniauth_<setting>']\``;
  const providers = entries.find(([k]) => k === 'providers' || k === PROVIDERS_KEY)?.[1] ?? null;
  return {
    access,
    expected: `each setting from its own key, \`${RAILS}['omniauth_<setting>']\``,
    hint: `Assign each setting on its own: ${listed}`,
    carriesProviders: providers !== null && carriesProviders(providers),
  };
}

/** The literal keys of a Hash literal, with their values. */
function hashEntries(node: Node | null): Array<[string, Node]> {
  if (!isNode(node, 'HashNode')) return [];
  return node.elements.flatMap((element): Array<[string, Node]> => {
    if (!isNode(element, 'AssocNode')) return [];
    const key = element.key;
    return isNode(key, 'SymbolNode') || isNode(key, 'StringNode') ? [[key.unescaped.value, element.value]] : [];
  });
}

/** A top-level object Omnibus provides (`gitlab_rails`, `gitlab`, `gitlab_workhorse`): a bare call with no arguments. */
function objectName(node: Node | null | undefined): string | null {
  if (!isNode(node, 'CallNode') || node.receiver !== null || node.arguments_ !== null || node.block !== null) return null;
  return node.name;
}

function literalKey(node: Node | undefined): string | null {
  return isNode(node, 'StringNode') || isNode(node, 'SymbolNode') ? node.unescaped.value : null;
}

/**
 * `object['key'] = v`, `object['key'] ||= v` (and the other operators), and
 * `object['key']` read, with what `<<`/`.push` add to it when `parent` is
 * such a call.
 */
function indexAccess(node: Node, parent: Node | null): IndexAccess | null {
  if (isNode(node, 'CallNode') && (node.name === '[]=' || node.name === '[]')) {
    const object = objectName(node.receiver);
    const args = node.arguments_?.arguments_ ?? [];
    const [keyNode] = args;
    const key = literalKey(keyNode);
    if (object === null || key === null || !keyNode) return null;
    const value = node.name === '[]=' ? (args[1] ?? null) : addedBy(parent, node);
    return { object, key, keyNode, value };
  }
  if (isNode(node, 'IndexOperatorWriteNode') || isNode(node, 'IndexOrWriteNode') || isNode(node, 'IndexAndWriteNode')) {
    const object = objectName(node.receiver);
    const [keyNode] = node.arguments_?.arguments_ ?? [];
    const key = literalKey(keyNode);
    if (object === null || key === null || !keyNode) return null;
    return { object, key, keyNode, value: node.value };
  }
  return null;
}

function addedBy(parent: Node | null, read: Node): Node | null {
  if (!isNode(parent, 'CallNode') || parent.receiver !== read || !ADDING_METHODS.has(parent.name)) return null;
  return parent.arguments_?.arguments_[0] ?? null;
}

/** Whether a value gives providers: anything but `nil`, `[]` or nothing. */
function carriesProviders(value: Node | null): boolean {
  if (value === null || isNode(value, 'NilNode')) return false;
  return !isNode(value, 'ArrayNode') || value.elements.length > 0;
}

/**
 * GitLab gets no provider from `omniauth_providers`: never set, set to nil,
 * or a list known to be empty. A list the tool cannot see (a Ruby
 * expression) is not missing.
 */
function providersMissing(model: ReadModel): boolean {
  if (model.providers !== null) return model.providers.length === 0;
  return !model.settings.some((s) => s.name === 'providers' && s.value.kind !== 'null');
}

function finding(m: Misplaced, severity: Severity, ctx: ValueContext): Diagnostic {
  const written = `${m.access.object}['${m.access.key}']`;
  const lost = severity === 'error' ? ', which sets no provider' : '';
  return {
    rule: 'misplaced-setting',
    severity,
    // Another object's unknown key is ignored too, but an object Omnibus does not have (`gitlab[...]`) stops the reconfigure.
    message: `\`${written}\` ${m.access.object === RAILS ? 'is ignored' : 'configures no OmniAuth'}: Omnibus reads ${m.expected}${lost}`,
    file: ctx.file,
    range: ctx.loc.of(m.access.keyNode.location),
    hint: m.hint,
  };
}
