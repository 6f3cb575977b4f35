/**
 * The last gate before a write: the edited text is read again and must give
 * exactly the providers and settings intended, and every statement (gitlab.rb)
 * or key (gitlab.yml) outside the edited ones must be byte-identical. Any
 * difference means an editor bug or a file it misunderstood: nothing is
 * written and the reasons are shown.
 */
import { isParseFailure, type Diagnostic } from '../diagnostics/diagnostic.js';
import { toPlain, type PlainValue } from '../model/plain.js';
import type { Format, OmniauthModel } from '../model/types.js';
import { readConfig } from '../read/index.js';
import { isNode } from '../read/omnibus/nodes.js';
import { SourceText } from '../text/source-text.js';
import { effectiveSettings, type MergePlan } from './merge.js';
import { providerName, samePlain } from './plain-ops.js';
import { blankErb, inheritedOmniauth } from './source-edit.js';
import { lineStartOf, mapOffset, nextLineStart, type TextEdit } from './text-edits.js';

export interface VerifyInput {
  file: string;
  format: Format;
  env: string;
  before: { text: string; model: OmniauthModel };
  after: string;
  edits: readonly TextEdit[];
  plan: MergePlan;
}

export type VerifyResult = { ok: true; model: OmniauthModel; diagnostics: Diagnostic[] } | { ok: false; reasons: string[] };

/** The errors that mean a text does not parse: nothing can be edited or verified in it. */
export function syntaxErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter(isParseFailure);
}

export async function verifyEdit(input: VerifyInput): Promise<VerifyResult> {
  const { model, diagnostics } = await readConfig(input.after, { file: input.file, format: input.format, env: input.env });
  const reasons: string[] = [];
  const syntax = syntaxErrors(diagnostics);
  for (const d of syntax) reasons.push(`the edited file does not parse at line ${d.range?.start.line ?? '?'}: ${d.message}`);
  if (syntax.length > 0) return { ok: false, reasons };

  reasons.push(...compareProviders(model, input.plan.intendedProviders));
  reasons.push(...compareSettings(model, input.plan.intendedSettings));
  const touched = new Set(input.plan.settings.map((c) => c.name));
  if (input.plan.providers.length > 0) touched.add('providers');
  reasons.push(...compareUntouchedSettings(input.before.text, input.before.model, input.after, model, input.edits, touched));
  if (input.format === 'omnibus') {
    reasons.push(...(await compareRubyStatements(input.before.text, input.before.model, input.after, model)));
    reasons.push(...replacedOutside(input.before.text, input.edits, omniauthStatements(input.before.text, input.before.model), 'the OmniAuth statements'));
  } else {
    reasons.push(...(await compareYamlOutsideOmniauth(input.before.text, input.after, input.edits, input.env)));
  }
  return reasons.length === 0 ? { ok: true, model, diagnostics } : { ok: false, reasons };
}

export function compareProviders(model: OmniauthModel, intended: readonly PlainValue[]): string[] {
  const actual = (model.providers ?? []).map((p) => toPlain(p.value));
  if (actual.length !== intended.length) {
    return [`the edited file has ${actual.length} provider(s) where ${intended.length} were intended`];
  }
  const reasons: string[] = [];
  actual.forEach((value, i) => {
    const want = intended[i] as PlainValue;
    if (!samePlain(value, want)) {
      reasons.push(`provider ${i + 1} ('${providerName(want) ?? '?'}') reads back differently from what was intended`);
    }
  });
  return reasons;
}

export function compareSettings(model: OmniauthModel, intended: ReadonlyMap<string, PlainValue>): string[] {
  const actual = effectiveSettings(model);
  const reasons: string[] = [];
  for (const name of new Set([...actual.keys(), ...intended.keys()])) {
    const a = actual.get(name);
    const b = intended.get(name);
    if (!a || !b) reasons.push(`setting ${name} is ${a ? 'set' : 'missing'} in the edited file but ${b ? 'intended' : 'was not set'}`);
    else if (!samePlain(a, b)) reasons.push(`setting ${name} reads back differently from what was intended`);
  }
  return reasons;
}

/** Every OmniAuth statement the edits did not touch is still there, byte for byte, where it moved to. */
export function compareUntouchedSettings(
  beforeText: string,
  before: OmniauthModel,
  afterText: string,
  after: OmniauthModel,
  edits: readonly TextEdit[],
  touched: ReadonlySet<string>,
): string[] {
  const reasons: string[] = [];
  const afterByStart = new Map(after.settings.map((s) => [s.statementRange.start.offset, s]));
  for (const s of before.settings) {
    if (touched.has(s.name)) continue;
    const start = s.statementRange.start.offset;
    const end = s.statementRange.end.offset;
    if (edits.some((e) => e.start < end && e.end > start) || edits.some((e) => e.start === e.end && e.start > start && e.start < end)) continue;
    const moved = afterByStart.get(mapOffset(start, edits));
    const text = beforeText.slice(start, end);
    if (!moved || afterText.slice(moved.statementRange.start.offset, moved.statementRange.end.offset) !== text) {
      reasons.push(`${s.sourceKey} (line ${s.statementRange.start.line}) changed although it was not edited`);
    }
  }
  return reasons;
}

/**
 * gitlab.rb: every top-level statement that is not an OmniAuth setting
 * (external_url, nginx[...], other gitlab_rails keys, conditionals, ...) is
 * the same text, in the same order. The OmniAuth statements are checked by
 * value and by compareUntouchedSettings.
 */
async function compareRubyStatements(beforeText: string, beforeModel: OmniauthModel, afterText: string, afterModel: OmniauthModel): Promise<string[]> {
  const { loadPrism } = await import('../read/omnibus/prism.js');
  const parse = await loadPrism();
  const others = (text: string, model: OmniauthModel): Array<{ text: string; line: number }> => {
    const source = new SourceText(text);
    const omniauth = new Set(model.settings.map((s) => s.statementRange.start.offset));
    const program = parse(text).value;
    return (isNode(program, 'ProgramNode') ? program.statements.body : [])
      .map((node) => {
        const start = source.indexOfByte(node.location.startOffset);
        const end = source.indexOfByte(node.location.startOffset + node.location.length);
        return { start, text: text.slice(start, end), line: source.position(start).line };
      })
      .filter((statement) => !omniauth.has(statement.start));
  };
  const before = others(beforeText, beforeModel);
  const after = others(afterText, afterModel);
  for (let i = 0; i < Math.max(before.length, after.length); i++) {
    const b = before[i];
    const a = after[i];
    if (!b || !a || a.text !== b.text) {
      return [b ? `the statement at line ${b.line} is not the same after the edit` : `the edit added an unexpected statement at line ${a?.line ?? '?'}`];
    }
  }
  return [];
}

/**
 * Comments and blank lines are not statements or keys, so the value checks
 * above cannot see them: text may only be replaced inside the regions an
 * editor works in (insertions anywhere keep every old byte, and misplaced
 * ones show up in those checks).
 */
export function replacedOutside(text: string, edits: readonly TextEdit[], regions: ReadonlyArray<readonly [number, number]>, where: string): string[] {
  const stray = edits.find((e) => e.end > e.start && !regions.some(([start, end]) => start <= e.start && e.end <= end));
  if (!stray) return [];
  return [`the edit replaces text at line ${text.slice(0, stray.start).split('\n').length}, outside ${where}`];
}

/** gitlab.rb: the lines of every OmniAuth statement (a removed `<<` statement goes with its lines). */
function omniauthStatements(text: string, model: OmniauthModel): Array<[number, number]> {
  return model.settings.map((s) => [lineStartOf(text, s.statementRange.start.offset), nextLineStart(text, s.statementRange.end.offset)]);
}

type YamlModule = typeof import('yaml');
type YamlDocument = ReturnType<YamlModule['parseDocument']>;

/** gitlab.yml: the lines of `<env>.omniauth`, key to last value line; none when there is no such section. */
function omniauthSection(yaml: YamlModule, doc: YamlDocument, text: string, env: string): Array<[number, number]> {
  const envMap = doc.contents;
  if (!yaml.isMap(envMap)) return [];
  // The last of a key given twice is the one Psych keeps.
  const section = [...envMap.items].reverse().find((p) => yaml.isScalar(p.key) && p.key.value === env)?.value;
  if (!yaml.isMap(section)) return [];
  const pair = [...section.items].reverse().find((p) => yaml.isScalar(p.key) && p.key.value === 'omniauth') ?? inheritedOmniauth(yaml, doc, env, text)?.pair;
  const key = pair?.key as { range?: [number, number, number] } | undefined;
  if (!pair || !key?.range) return [];
  const value = pair.value as { range?: [number, number, number] } | null;
  // A block value's range may end at the start of the next line: step back so that line is not counted in.
  const end = Math.max(key.range[1], (value?.range?.[1] ?? 0) - 1);
  return [[lineStartOf(text, key.range[0]), nextLineStart(text, end)]];
}

/**
 * The data of a YAML node as written, aliases kept as references (`*name`)
 * rather than followed: comparable in time linear in the text, also when an
 * alias names nothing, names a value around it, or multiplies (alias bombs).
 */
export function writtenStructure(yaml: YamlModule, node: unknown): string {
  const parts: string[] = [];
  const walk = (n: unknown): void => {
    if (yaml.isAlias(n)) {
      parts.push(`*${JSON.stringify(n.source)}`);
      return;
    }
    if (yaml.isScalar(n) || yaml.isCollection(n)) {
      if (n.anchor) parts.push(`&${JSON.stringify(n.anchor)}`);
      if (n.tag) parts.push(`!${JSON.stringify(n.tag)}`);
    }
    if (yaml.isScalar(n)) {
      parts.push(JSON.stringify(String(n.value)));
    } else if (yaml.isMap(n)) {
      parts.push('{');
      for (const pair of n.items) {
        walk(pair.key);
        parts.push(':');
        walk(pair.value);
        parts.push(',');
      }
      parts.push('}');
    } else if (yaml.isSeq(n)) {
      parts.push('[');
      for (const item of n.items) {
        walk(item);
        parts.push(',');
      }
      parts.push(']');
    } else {
      parts.push('~');
    }
  };
  walk(node);
  return parts.join('');
}

/**
 * gitlab.yml: with `<env>.omniauth` set aside, both files hold the same data
 * (ERB blanked the same way), and no edit replaces text outside that section.
 */
async function compareYamlOutsideOmniauth(beforeText: string, afterText: string, edits: readonly TextEdit[], env: string): Promise<string[]> {
  const yaml = await import('yaml');
  const parse = (text: string): YamlDocument => yaml.parseDocument(blankErb(text), { uniqueKeys: false });
  const withoutOmniauth = (doc: YamlDocument, text: string): string => {
    // An inherited omniauth: is edited where its anchor defines it: that one is set aside too.
    const inherited = inheritedOmniauth(yaml, doc, env, text);
    if (inherited) inherited.map.delete('omniauth');
    else if (doc.hasIn([env, 'omniauth'])) doc.deleteIn([env, 'omniauth']);
    return writtenStructure(yaml, doc.contents);
  };
  const before = parse(beforeText);
  // The section's lines are taken before withoutOmniauth deletes it from the same document.
  const section = omniauthSection(yaml, before, beforeText, env);
  const reasons = withoutOmniauth(before, beforeText) === withoutOmniauth(parse(afterText), afterText) ? [] : [`keys outside ${env}.omniauth read differently after the edit`];
  return [...reasons, ...replacedOutside(beforeText, edits, section, `${env}.omniauth`)];
}
