/**
 * Reading a gitlab.rb (or a piece of one) into the OmniAuth model with Prism.
 * Nothing is evaluated: statements are recognised, literals converted, and
 * everything else kept as Ruby source text.
 *
 * What a file holds decides its shape: Ruby statements (`gitlab_rb`), a bare
 * hash (`provider`), an array or comma-separated hashes as the docs show them
 * (`providers_list`), or only comments (`empty`).
 */
import { compareDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { OmniauthModel, ProviderItem, ReadOptions, ReadResult, Shape } from '../../model/types.js';
import { SourceText, type SourceRange } from '../../text/source-text.js';
import { buildModel, type BuiltModel } from './build.js';
import { invisibleCharacters } from './invisible.js';
import { toValue, type ValueContext } from './literals.js';
import { Locator } from './locator.js';
import { byteExtent, children, isNode, nodeKind, type Node } from './nodes.js';
import { misplacedSettings } from './misplaced.js';
import { MAX_NESTING } from './nesting.js';
import { loadPrism, NestedTooDeeply, parserSoundBeforeUse, parserStillSound, type ParseResult, type ParseRuby } from './prism.js';
import { recoverSyntax } from './recovery.js';
import { findStatements } from './statements.js';

/** Docs show several providers as `{ ... },\n{ ... }`: read that as the list it stands for. */
const LIST_PREFIX = '[';
const LIST_SUFFIX = '\n]';

export async function readOmnibus(text: string, options: ReadOptions): Promise<ReadResult> {
  const parse = await loadPrism();
  // A parser damaged by an earlier file would read this one wrong: start afresh.
  parserSoundBeforeUse(parse);
  try {
    const result = readWith(parse, text, options.file);
    // A file that overran Prism's stack without a throw leaves the parser damaged, and its own reading suspect.
    if (parserStillSound(parse)) return result;
    return unreadable(options.file, tooDeepMessage(), null);
  } catch (error) {
    if (error instanceof WebAssembly.RuntimeError) return unreadable(options.file, tooDeepMessage(), null);
    if (error instanceof NestedTooDeeply) return unreadable(options.file, tooDeepMessage(), null);
    // A reader bug must not become a stack trace for the user.
    const message = error instanceof Error ? error.message : String(error);
    return unreadable(options.file, `could not read this file: ${message}`, null);
  }
}

function tooDeepMessage(): string {
  return `Nested too deeply for the parser (more than ${MAX_NESTING} levels of brackets, strings or operators); Ruby may read it, gitlab-omniauth cannot`;
}

function unreadable(file: string, message: string, range: SourceRange | null): ReadResult {
  const diagnostic: Diagnostic = { rule: 'ruby-syntax', severity: 'error', message, file, range };
  if (range) diagnostic.hint = 'Write the value with fewer nested brackets';
  return { model: emptyModel(file, 'gitlab_rb'), diagnostics: [diagnostic] };
}

function readWith(parse: ParseRuby, text: string, file: string): ReadResult {
  const source = new SourceText(text);
  let plain: ParseResult;
  try {
    plain = parse(text);
  } catch (error) {
    // The parse refuses a text nested deeper than Prism takes (prism.ts): the user's own text, found at its place.
    if (error instanceof NestedTooDeeply) return unreadable(file, tooDeepMessage(), source.range(error.offset, error.offset + 1));
    throw error;
  }
  const read = readParsed(parse, source, plain, file);
  const invisible = invisibleCharacters(source, plain, file);
  if (invisible.length === 0) return read;
  return { ...read, diagnostics: [...read.diagnostics, ...invisible].sort(compareDiagnostics) };
}

/** The model and findings of `source`, given Prism's parse of its text alone. */
function readParsed(parse: ParseRuby, source: SourceText, plain: ParseResult, file: string): ReadResult {
  const { text } = source;
  if (plain.errors.length === 0) return fromTree(plain, new Locator(source), file, false);

  const listText = LIST_PREFIX + text + LIST_SUFFIX;
  const list = startsWithHash(text) ? parse(listText) : null;
  if (list && list.errors.length === 0) {
    return fromTree(list, new Locator(source, Buffer.byteLength(LIST_PREFIX)), file, true);
  }
  return list ? readBroken(parse, source, listText, list, LIST_PREFIX.length, file) : readBroken(parse, source, text, plain, 0, file);
}

/**
 * A text Prism cannot parse: one finding per mistake, the shape it would have
 * once repaired, and the model of the statements before the first error.
 * `parsedText` is the user's text with `prefix` characters added before it.
 */
function readBroken(parse: ParseRuby, source: SourceText, parsedText: string, result: ParseResult, prefix: number, file: string): ReadResult {
  const text = source.text;
  const wrapped = prefix > 0;
  const recovery = recoverSyntax(parsedText, parse, result);
  const toUser = (index: number): number => clamp(index - prefix, text.length);
  const diagnostics: Diagnostic[] = recovery.problems.map((p) => {
    const d: Diagnostic = { rule: 'ruby-syntax', severity: 'error', message: p.message, file, range: source.range(toUser(p.start), toUser(p.end)) };
    if (p.hint !== undefined) d.hint = p.hint;
    return d;
  });
  let shape: Shape = wrapped ? 'providers_list' : 'gitlab_rb';
  const { repaired } = recovery;
  if (repaired) {
    // Once repaired, the tree shows what Ruby would accept but the docs got
    // wrong (an elision read as a range, an assignment inside the list).
    const again = fromTree(repaired.result, new Locator(new SourceText(repaired.text)), file, wrapped);
    const single = wrapped && again.model.providers?.length === 1 && !/,\s*$/.test(withoutComments(text));
    shape = single ? 'provider' : again.model.shape;
    for (const d of again.diagnostics) {
      if (d.rule !== 'ruby-syntax' || !d.range) continue;
      const range = source.range(toUser(repaired.toOriginal(d.range.start.offset)), toUser(repaired.toOriginal(d.range.end.offset)));
      diagnostics.push({ ...d, range });
    }
  }
  const readable = wrapped ? [] : readableStatements(result, source);
  const ctx: ValueContext = { loc: new Locator(source), file, diagnostics };
  const built: BuiltModel = readable.length > 0 ? buildModel(findStatementsIn(readable), ctx) : { settings: [], providers: null, externalUrl: null };
  diagnostics.push(...misplacedSettings(readable, built, ctx));
  return { model: { ...emptyModel(file, shape), ...built }, diagnostics: diagnostics.sort(compareDiagnostics) };
}

function clamp(index: number, length: number): number {
  return Math.min(Math.max(index, 0), length);
}

/** The text without Ruby comments, roughly (enough to see a trailing comma). */
function withoutComments(text: string): string {
  return text.replace(/(^|\s)#.*$/gm, '$1');
}

function startsWithHash(text: string): boolean {
  return /^(?:\s|#[^\n]*\n)*\{/.test(text);
}

/** A gitlab.rb model holding nothing yet: what an unreadable file stands for, and what a readable one is filled into. */
export function emptyModel(file: string, shape: Shape): OmniauthModel {
  return { file, format: 'omnibus', shape, env: null, externalUrl: null, settings: [], providers: null };
}

function topStatements(program: Node): Node[] {
  return isNode(program, 'ProgramNode') ? program.statements.body : [];
}

function shapeOf(program: Node, wrapped: boolean): Shape {
  const statements = topStatements(program);
  const [only] = statements;
  if (!only) return 'empty';
  if (wrapped) return 'providers_list';
  if (statements.length === 1 && isNode(only, 'HashNode')) return 'provider';
  if (statements.length === 1 && isNode(only, 'ArrayNode')) return 'providers_list';
  return 'gitlab_rb';
}

function fromTree(result: ParseResult, loc: Locator, file: string, wrapped: boolean): ReadResult {
  const diagnostics: Diagnostic[] = [];
  const ctx: ValueContext = { loc, file, diagnostics };
  const program = result.value;
  const shape = shapeOf(program, wrapped);
  const model = emptyModel(file, shape);
  const [only] = topStatements(program);
  if (shape === 'provider' && only) {
    model.providers = [{ value: toValue(only, 'omniauth.providers[0]', ctx), definedBy: null }];
  } else if (shape === 'providers_list' && isNode(only, 'ArrayNode')) {
    const list = toValue(only, 'omniauth.providers', ctx);
    model.providers = list.kind === 'array' ? list.items.map((value): ProviderItem => ({ value, definedBy: null })) : null;
  } else if (shape === 'gitlab_rb') {
    Object.assign(model, buildModel(findStatements(program), ctx));
    diagnostics.push(...misplacedSettings([program], model, ctx));
  }
  return { model, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/**
 * With syntax errors, only the top-level statements that end on a line before
 * Prism's first error, with nothing missing inside, are trusted (Prism
 * reports an unclosed `{` at the brace, so a statement holding a mistake
 * reaches the first error's line; but it may close a statement early around
 * a stray `}`).
 */
function readableStatements(result: ParseResult, source: SourceText): Node[] {
  const firstError = source.indexOfByte(Math.min(...result.errors.map((e) => e.location.startOffset)));
  const limit = source.lineStart(source.position(firstError).line);
  return topStatements(result.value).filter((s) => source.indexOfByte(byteExtent(s)[1]) <= limit && !containsMissing(s));
}

function containsMissing(node: Node): boolean {
  return nodeKind(node) === 'MissingNode' || children(node).some(containsMissing);
}

function findStatementsIn(nodes: Node[]): ReturnType<typeof findStatements> {
  return nodes.flatMap((n) => findStatements(n));
}
