/**
 * Finding the statements of a gitlab.rb that set OmniAuth settings or
 * `external_url`, without running anything. Statements nested in control flow
 * (`if`, `unless`, `case`, `begin`, loops, blocks, ternaries...) are found too
 * and marked with what makes them conditional.
 */
import { children, gitlabRailsAssignment, gitlabRailsRead, isGitlabRails, isNode, nodeKind, type Node } from './nodes.js';

export type Operation = 'assign' | 'append' | 'concat';

interface FoundBase {
  statement: Node;
  /** Why it may not apply, for a message (`inside \`if\``, `with \`||=\``); null when it always runs. */
  conditional: string | null;
}

export interface FoundSetting extends FoundBase {
  type: 'setting';
  /** The key inside `gitlab_rails[...]` (`omniauth_providers`). */
  key: string;
  keyNode: Node;
  operation: Operation;
  /** assign/append: one node; concat: an array expression, or the pushed items (`.push(a, b)`). */
  values: Node[];
  /** `.push(a, b)`: the items stand for a list without brackets. */
  itemList: boolean;
}

export interface FoundExternalUrl extends FoundBase {
  type: 'external_url';
  value: Node;
}

/** A statement that changes an OmniAuth setting in a way the reader does not follow (`.delete_if`, `-=`). */
export interface FoundUntracked extends FoundBase {
  type: 'untracked';
  key: string;
  keyNode: Node;
  how: string;
}

export type Found = FoundSetting | FoundExternalUrl | FoundUntracked;

const APPEND_METHODS = new Set(['<<', 'push', 'append']);

export function findStatements(program: Node): Found[] {
  const found: Found[] = [];
  walk(program, null, found);
  return found;
}

function walk(node: Node, conditional: string | null, found: Found[]): void {
  if (isNode(node, 'ProgramNode') || isNode(node, 'StatementsNode') || isNode(node, 'ParenthesesNode')) {
    for (const child of children(node)) walk(child, conditional, found);
    return;
  }
  const statement = classify(node, conditional);
  if (statement) {
    if (statement.type === 'external_url' || statement.key.startsWith('omniauth_')) found.push(statement);
    return;
  }
  const context = conditional ?? conditionalContext(node);
  for (const child of children(node)) walk(child, context, found);
}

/**
 * Why code inside `node` may or may not run, in words for a message; null
 * when it always runs (a method call's arguments, a variable assignment).
 */
function conditionalContext(node: Node): string | null {
  switch (nodeKind(node)) {
    case 'IfNode':
      return 'inside `if`';
    case 'UnlessNode':
      return 'inside `unless`';
    case 'CaseNode':
    case 'CaseMatchNode':
      return 'inside `case`';
    case 'WhileNode':
      return 'inside `while`';
    case 'UntilNode':
      return 'inside `until`';
    case 'ForNode':
      return 'inside `for`';
    case 'BeginNode':
      return 'inside `begin`';
    case 'AndNode':
    case 'OrNode':
      return 'after `&&`/`||`';
    case 'RescueModifierNode':
      return 'before `rescue`';
    case 'DefNode':
      return 'inside a method definition';
    case 'BlockNode':
    case 'LambdaNode':
      return 'inside a block';
    default:
      return null;
  }
}

function classify(node: Node, conditional: string | null): Found | null {
  const assignment = gitlabRailsAssignment(node);
  if (assignment) {
    return { type: 'setting', key: assignment.key, keyNode: assignment.keyNode, operation: 'assign', values: [assignment.value], itemList: false, statement: node, conditional };
  }
  if (isNode(node, 'CallNode')) {
    if (node.name === 'external_url' && node.receiver === null && node.block === null) {
      const args = node.arguments_?.arguments_ ?? [];
      const [value] = args;
      if (args.length === 1 && value) return { type: 'external_url', value, statement: node, conditional };
      return null;
    }
    return mutation(node, conditional);
  }
  if (isNode(node, 'IndexOperatorWriteNode') || isNode(node, 'IndexOrWriteNode') || isNode(node, 'IndexAndWriteNode')) {
    if (!isGitlabRails(node.receiver)) return null;
    const [keyNode] = node.arguments_?.arguments_ ?? [];
    if (!keyNode || !(isNode(keyNode, 'StringNode') || isNode(keyNode, 'SymbolNode'))) return null;
    const key = keyNode.unescaped.value;
    if (isNode(node, 'IndexOperatorWriteNode')) {
      if (node.binaryOperator === '+') {
        return { type: 'setting', key, keyNode, operation: 'concat', values: [node.value], itemList: false, statement: node, conditional };
      }
      return { type: 'untracked', key, keyNode, how: `\`${node.binaryOperator}=\``, statement: node, conditional };
    }
    // `||=` only assigns when the setting is unset, `&&=` only when it is set.
    const guard = isNode(node, 'IndexOrWriteNode') ? 'with `||=`' : 'with `&&=`';
    return { type: 'setting', key, keyNode, operation: 'assign', values: [node.value], itemList: false, statement: node, conditional: conditional ?? guard };
  }
  return null;
}

/**
 * `gitlab_rails['k'] << a`, `.push(a, b)`, `.concat([...])`, chained
 * (`<< a << b`: each returns the list). Any other call on
 * `gitlab_rails['omniauth_...']` is reported as untracked.
 */
function mutation(node: Node, conditional: string | null): Found | null {
  const chain: Node[] = [];
  let current: Node | null = node;
  while (isNode(current, 'CallNode') && !gitlabRailsRead(current)) {
    chain.unshift(current);
    current = current.receiver;
  }
  const read = gitlabRailsRead(current);
  if (!read || chain.length === 0) return null;
  const found: FoundSetting[] = [];
  for (const call of chain) {
    if (!isNode(call, 'CallNode')) return null;
    const args = call.arguments_?.arguments_ ?? [];
    const simple = call.block === null && args.every((a) => !isNode(a, 'SplatNode'));
    if (simple && APPEND_METHODS.has(call.name) && args.length >= 1) {
      const itemList = args.length > 1;
      found.push({ type: 'setting', key: read.key, keyNode: read.keyNode, operation: itemList ? 'concat' : 'append', values: args, itemList, statement: node, conditional });
    } else if (simple && call.name === 'concat' && args.length === 1) {
      found.push({ type: 'setting', key: read.key, keyNode: read.keyNode, operation: 'concat', values: args, itemList: false, statement: node, conditional });
    } else {
      return { type: 'untracked', key: read.key, keyNode: read.keyNode, how: `\`.${call.name}\``, statement: node, conditional };
    }
  }
  if (found.length === 1) return found[0] ?? null;
  // `<< a << b` adds a and b; a `.concat` inside a longer chain is not followed.
  if (found.some((f) => f.operation === 'concat' && !f.itemList)) {
    return { type: 'untracked', key: read.key, keyNode: read.keyNode, how: 'chained calls', statement: node, conditional };
  }
  const values = found.flatMap((f) => f.values);
  return { type: 'setting', key: read.key, keyNode: read.keyNode, operation: 'concat', values, itemList: true, statement: node, conditional };
}
