/**
 * Prism node helpers. Only types come from `@ruby/prism` (its values load
 * through prism.ts, see there why), so nodes are told apart by class name.
 */
import type {
  ArrayNode,
  AssocNode,
  AssocSplatNode,
  CallNode,
  FalseNode,
  FloatNode,
  HashNode,
  ImplicitNode,
  IndexAndWriteNode,
  IndexOperatorWriteNode,
  IndexOrWriteNode,
  IntegerNode,
  InterpolatedStringNode,
  InterpolatedSymbolNode,
  KeywordHashNode,
  Location,
  NilNode,
  Node,
  ParenthesesNode,
  ProgramNode,
  RangeNode,
  SplatNode,
  StatementsNode,
  StringNode,
  SymbolNode,
  TrueNode,
  XStringNode,
} from '@ruby/prism';

export type { Location, Node };

interface NodeTypes {
  ArrayNode: ArrayNode;
  AssocNode: AssocNode;
  AssocSplatNode: AssocSplatNode;
  CallNode: CallNode;
  FalseNode: FalseNode;
  FloatNode: FloatNode;
  HashNode: HashNode;
  ImplicitNode: ImplicitNode;
  IndexAndWriteNode: IndexAndWriteNode;
  IndexOperatorWriteNode: IndexOperatorWriteNode;
  IndexOrWriteNode: IndexOrWriteNode;
  IntegerNode: IntegerNode;
  InterpolatedStringNode: InterpolatedStringNode;
  InterpolatedSymbolNode: InterpolatedSymbolNode;
  KeywordHashNode: KeywordHashNode;
  NilNode: NilNode;
  ParenthesesNode: ParenthesesNode;
  ProgramNode: ProgramNode;
  RangeNode: RangeNode;
  SplatNode: SplatNode;
  StatementsNode: StatementsNode;
  StringNode: StringNode;
  SymbolNode: SymbolNode;
  TrueNode: TrueNode;
  XStringNode: XStringNode;
}

export function isNode<K extends keyof NodeTypes>(node: Node | null | undefined, kind: K): node is NodeTypes[K] {
  return node !== null && node !== undefined && node.constructor.name === kind;
}

/**
 * A node's children. Not `compactChildNodes()`: in @ruby/prism 1.9 it drops
 * list fields for 17 node types (`compact.concat(...)` result unused), e.g. the
 * `when` branches of a `case`.
 */
export function children(node: Node): Node[] {
  return node.childNodes().filter((c): c is Node => c !== null && c !== undefined);
}

export function nodeKind(node: Node): string {
  return node.constructor.name;
}

/** Byte span `[start, end)` of a node, heredoc bodies included (Prism's own location stops at `<<~EOS`). */
export function byteExtent(node: Node): [number, number] {
  const start = node.location.startOffset;
  let end = start + node.location.length;
  const visit = (n: Node): void => {
    const closing = heredocClosing(n);
    if (closing) end = Math.max(end, closing.startOffset + closing.length);
    for (const child of children(n)) visit(child);
  };
  visit(node);
  return [start, end];
}

function heredocClosing(node: Node): Location | null {
  if (!isNode(node, 'StringNode') && !isNode(node, 'InterpolatedStringNode') && !isNode(node, 'XStringNode')) return null;
  const opening = node.openingLoc;
  if (!opening || !node.closingLoc) return null;
  return opening.length >= 3 && isHeredocOpening(node, opening) ? node.closingLoc : null;
}

function isHeredocOpening(node: Node, opening: Location): boolean {
  // A heredoc's opening (`<<~EOS`) is the node's whole own location.
  return opening.startOffset === node.location.startOffset && opening.length === node.location.length;
}

/** `gitlab_rails`, the bare method call Omnibus provides. */
export function isGitlabRails(node: Node | null | undefined): boolean {
  return (
    isNode(node, 'CallNode') &&
    node.name === 'gitlab_rails' &&
    node.receiver === null &&
    node.arguments_ === null &&
    node.block === null
  );
}

/** The literal key of `gitlab_rails['key']` / `gitlab_rails[:key]`, with its node. */
function indexKey(args: Node[]): { key: string; node: Node } | null {
  const [first] = args;
  if (args.length < 1 || !first) return null;
  if (isNode(first, 'StringNode') || isNode(first, 'SymbolNode')) return { key: first.unescaped.value, node: first };
  return null;
}

/** `gitlab_rails['key']` read: the receiver of `<<`, `.push`, `.concat`. */
export function gitlabRailsRead(node: Node | null | undefined): { key: string; keyNode: Node } | null {
  if (!isNode(node, 'CallNode') || node.name !== '[]' || !isGitlabRails(node.receiver)) return null;
  const args = node.arguments_?.arguments_ ?? [];
  if (args.length !== 1) return null;
  const key = indexKey(args);
  return key ? { key: key.key, keyNode: key.node } : null;
}

/** `gitlab_rails['key'] = value`: the key and the value. */
export function gitlabRailsAssignment(node: Node | null | undefined): { key: string; keyNode: Node; value: Node } | null {
  if (!isNode(node, 'CallNode') || node.name !== '[]=' || !isGitlabRails(node.receiver)) return null;
  const args = node.arguments_?.arguments_ ?? [];
  const value = args[1];
  if (args.length !== 2 || !value) return null;
  const key = indexKey(args);
  return key ? { key: key.key, keyNode: key.node, value } : null;
}
