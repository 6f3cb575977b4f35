/**
 * In-place edits of a gitlab.rb: only the text of a changed provider, key or
 * setting is replaced; new entries and statements follow the style the file
 * already uses (string rockets or symbol keys, quotes, one-line or multi-line
 * hashes, indentation), or the GitLab docs' style when there is nothing to
 * follow.
 */
import type { PlainValue } from '../model/plain.js';
import { settingByName } from '../model/settings.js';
import type { ArrayValue, ConfigValue, MappingEntry, MappingValue, OmniauthModel, ProviderItem, SettingAssignment } from '../model/types.js';
import { DOCS_RUBY_STYLE, RUBY_LINE_WIDTH, rubyKey, rubyLiteral, rubyString, type RubyStyle } from '../render/ruby-literal.js';
import { effectiveAssignment, placeSets, type MergePlan, type PathSet } from './merge.js';
import { mapping } from './plain-ops.js';
import { afterOnLine, applyEdits, indentOf, insertAfterLast, lineEndOf, lineEnding, lineStartOf, nextLineStart, removeElements, startsLine, withLineEnding, type TextEdit } from './text-edits.js';

/** `notes`: what the user should know about where the edit went (not failures). */
export type EditOutcome = { ok: true; text: string; edits: TextEdit[]; notes?: string[] } | { ok: false; message: string };

class Refusal extends Error {
  override name = 'Refusal';
}

const RUBY_COMMENT = /^[ \t]*#/;

/** Nesting of what an insertion adds to, for ordering insertions at one offset: statements, the provider list, a provider. */
const LIST_DEPTH = 1;
const PROVIDER_DEPTH = 2;

export function editOmnibus(text: string, model: OmniauthModel, plan: MergePlan): EditOutcome {
  try {
    const ctx = new OmnibusContext(text, model);
    for (const change of plan.providers) {
      switch (change.kind) {
        case 'update':
          ctx.updateProvider(change.name, change.item, change.sets, change.unsets);
          break;
        case 'replace':
          ctx.replaceProvider(change.name, change.item, change.after);
          break;
        case 'append':
          ctx.appendProvider(change.after);
          break;
        case 'remove':
          ctx.removeProvider(change.name, change.item);
          break;
      }
    }
    for (const setting of plan.settings) {
      if (setting.value === null) ctx.unsetSetting(setting.statements);
      else ctx.setSetting(setting.name, setting.value, setting.current, setting.statements);
    }
    const edits = ctx.finish();
    return { ok: true, text: applyEdits(text, edits), edits };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, message: error.message };
    throw error;
  }
}

/** Style of the file's provider entries; the docs' style when it has none. */
function detectRubyStyle(text: string, model: OmniauthModel): RubyStyle {
  const hashes = (model.providers ?? []).map((p) => p.value).filter((v): v is MappingValue => v.kind === 'mapping' && v.entries.length > 0);
  const first = hashes[0];
  if (!first) return DOCS_RUBY_STYLE;
  const style = mappingStyle(text, first, DOCS_RUBY_STYLE);
  const multiline = first.range.start.line !== first.range.end.line;
  let indentUnit = DOCS_RUBY_STYLE.indentUnit;
  const entry = first.entries[0];
  if (multiline && entry && startsLine(text, entry.range.start.offset)) {
    const outer = indentOf(text, first.range.start.offset);
    const inner = indentOf(text, entry.range.start.offset);
    if (inner.startsWith(outer) && inner.length > outer.length) indentUnit = inner.slice(outer.length);
  }
  return { ...style, multiline, indentUnit };
}

/**
 * Quotes for general settings: those of the file's other OmniAuth settings,
 * else single quotes as gitlab.rb.template writes them
 * (`gitlab_rails['omniauth_allow_single_sign_on'] = ['saml']`).
 */
function detectSettingStyle(text: string, model: OmniauthModel, providers: RubyStyle): RubyStyle {
  for (const s of model.settings) {
    if (s.name === 'providers') continue;
    const quote = firstQuote(text, s.value);
    if (quote) return { ...providers, quote };
  }
  return { ...providers, quote: 'single' };
}

/** Key and quote style of one hash: what a new entry in it should look like. */
function mappingStyle(text: string, hash: MappingValue, fallback: RubyStyle): RubyStyle {
  const keyed = hash.entries.filter((e) => e.keyStyle === 'string' || e.keyStyle === 'symbol');
  const strings = keyed.filter((e) => e.keyStyle === 'string').length;
  const keys = keyed.length === 0 ? fallback.keys : strings * 2 > keyed.length ? 'string' : strings * 2 < keyed.length ? 'symbol' : (keyed[0]?.keyStyle as 'string' | 'symbol');
  // `"key":` (JSON pasted into gitlab.rb) is a symbol key written with quotes: new keys are written the same way.
  const symbols = keyed.filter((e) => e.keyStyle === 'symbol');
  const quotedSymbols = symbols.length > 0 && symbols.every((e) => /^["']/.test(text.charAt(e.keyRange.start.offset)));
  const quote = firstQuote(text, hash) ?? fallback.quote;
  return { ...fallback, keys, quote, quotedSymbols: keyed.length === 0 ? (fallback.quotedSymbols ?? false) : quotedSymbols };
}

function firstQuote(text: string, value: ConfigValue): 'single' | 'double' | null {
  if (value.kind === 'string') {
    const ch = text[value.range.start.offset];
    return ch === "'" ? 'single' : ch === '"' ? 'double' : null;
  }
  const children = value.kind === 'mapping' ? value.entries.map((e) => e.value) : value.kind === 'array' ? value.items : [];
  for (const child of children) {
    const q = firstQuote(text, child);
    if (q) return q;
  }
  return null;
}

class OmnibusContext {
  private readonly edits: TextEdit[] = [];
  /** Removals that start right after an element (its separator and the elements after it): start → end. */
  private readonly removedAfter = new Map<number, number>();
  /** Hash entries this edit removes: new entries must not be anchored after them. */
  private readonly removedEntries = new Set<MappingEntry>();
  /** Start offsets of the statements this edit removes: new statements must not be anchored to them. */
  private readonly removedStatements = new Set<number>();
  /** New statements to add, in order; placed together at one anchor. */
  private readonly newStatements: string[] = [];
  private newProvidersStatement: PlainValue[] | null = null;
  private readonly eol: string;
  private readonly style: RubyStyle;
  /** Quotes of the general settings (`['saml']` in gitlab.rb.template), which may differ from the providers'. */
  private readonly settingStyle: RubyStyle;

  constructor(
    private readonly text: string,
    private readonly model: OmniauthModel,
  ) {
    this.eol = lineEnding(text);
    this.style = detectRubyStyle(text, model);
    this.settingStyle = detectSettingStyle(text, model, this.style);
  }

  /** `depth` orders insertions at one offset (see TextEdit): statements are 0, the provider list 1, a provider 2. */
  private edit(start: number, end: number, rendered: string, depth = 0): void {
    this.edits.push({ start, end, text: withLineEnding(rendered, this.eol), depth });
  }

  /** A value placed after `column` characters on a line indented by `indent`: one line when it fits. */
  private valueText(value: PlainValue, style: RubyStyle, indent: string, column: number, path: string): string {
    const flat = rubyLiteral(value, { ...style, multiline: false }, indent, path);
    if (!style.multiline || column + flat.length + 1 <= RUBY_LINE_WIDTH) return flat;
    return rubyLiteral(value, style, indent, path);
  }

  private entryText(key: string, value: PlainValue, style: RubyStyle, indent: string, column: number, path: string): string {
    const k = rubyKey(key, style.keys, style.quote, path, style.quotedSymbols);
    return `${k} ${this.valueText(value, style, indent, column + k.length + 1, path)}`;
  }

  private editable(name: string, item: ProviderItem): MappingValue {
    if (item.definedBy?.conditional) {
      throw new Refusal(`provider '${name}' is set inside a condition (line ${item.definedBy.statementRange.start.line}); gitlab-omniauth cannot know whether it applies: edit it by hand`);
    }
    if (item.value.kind !== 'mapping') {
      throw new Refusal(`provider '${name}' is written as an expression gitlab-omniauth cannot see through (line ${item.value.range.start.line}); edit it by hand`);
    }
    return item.value;
  }

  updateProvider(name: string, item: ProviderItem, sets: PathSet[], unsets: readonly string[][]): void {
    const root = this.editable(name, item);
    const placed = placeSets(root, sets, lastEntry, (entry) => (entry.value.kind === 'mapping' ? entry.value : null));
    const path = `omniauth.providers.${name}`;
    for (const [hash, { parent, entries }] of removalsByHash(root, unsets)) {
      const kept = hash.entries.filter((e) => !entries.has(e));
      if (kept.length > 0) {
        const removed = new Set(hash.entries.flatMap((e, i) => (entries.has(e) ? [i] : [])));
        for (const e of removeElements(this.text, hash.entries.map(elementSpan), removed, RUBY_COMMENT)) {
          this.edit(e.start, e.end, e.text);
          this.removedAfter.set(e.start, e.end);
        }
        for (const e of entries) this.removedEntries.add(e);
        continue;
      }
      // Every key goes: the hash is written anew, with the keys this edit adds to it (or none).
      const added = placed.insert.get(hash)?.entries ?? [];
      placed.insert.delete(hash);
      const indent = indentOf(this.text, parent.range.start.offset);
      const column = hash.range.start.offset - lineStartOf(this.text, hash.range.start.offset);
      this.edit(hash.range.start.offset, hash.range.end.offset, this.valueText(mapping(added), mappingStyle(this.text, hash, this.style), indent, column, path));
    }
    for (const { entry, container, value } of placed.replace) {
      const indent = indentOf(this.text, entry.range.start.offset);
      const column = entry.value.range.start.offset - lineStartOf(this.text, entry.value.range.start.offset);
      const style = mappingStyle(this.text, container, this.style);
      const heredoc = heredocOpener(this.text, entry.value.range.start.offset, entry.value.range.end.offset);
      if (heredoc && heredoc.rest !== '' && heredoc.rest !== ',') {
        throw new Refusal(`${path}.${entry.key}: a heredoc followed by \`${heredoc.rest}\` on its line; change it by hand`);
      }
      // The heredoc's text goes with it; a comma after its opener now follows the new value.
      this.edit(entry.value.range.start.offset, entry.value.range.end.offset, this.valueText(value, style, indent, column, `omniauth.providers.${name}`) + (heredoc?.rest ?? ''));
    }
    for (const [target, { depth, entries }] of placed.insert) this.insertEntries(target, entries, name, PROVIDER_DEPTH + depth);
  }

  private insertEntries(hash: MappingValue, entries: Array<{ key: string; value: PlainValue }>, name: string, depth: number): void {
    const style = mappingStyle(this.text, hash, this.style);
    const path = `omniauth.providers.${name}`;
    const last = hash.entries.filter((e) => !this.removedEntries.has(e)).at(-1);
    if (!last) {
      // `{}`: write the whole hash.
      const indent = indentOf(this.text, hash.range.start.offset);
      const column = hash.range.start.offset - lineStartOf(this.text, hash.range.start.offset);
      const merged = mapping(entries);
      this.edit(hash.range.start.offset, hash.range.end.offset, this.valueText(merged, { ...style, multiline: this.style.multiline }, indent, column, path), depth);
      return;
    }
    const multiline = hash.entries.length > 1 ? hash.entries.some((e) => e.range.start.line !== last.range.start.line) : hash.range.start.line !== last.range.start.line;
    this.insertAfter(last.range.start.offset, last.range.end.offset, multiline, depth, (indent, column) => entries.map((e) => this.entryText(e.key, e.value, style, indent, column, path)));
  }

  /**
   * Adds items after the element spanning `start`..`end` in a hash or array,
   * lined up with it when the container is multi-line.
   */
  private insertAfter(start: number, end: number, multiline: boolean, depth: number, render: (indent: string, column: number) => string[]): void {
    // Line up with the element: its line's indentation when it starts the line, else its column.
    const indent = !multiline ? indentOf(this.text, end) : startsLine(this.text, start) ? indentOf(this.text, start) : ' '.repeat(start - lineStartOf(this.text, start));
    const column = multiline ? indent.length : end - lineStartOf(this.text, end) + 2;
    const removedUntil = this.removedAfter.get(end);
    const heredoc = heredocOpener(this.text, start, end);
    if (heredoc && heredoc.rest !== '' && heredoc.rest !== ',') {
      throw new Refusal(`line ${this.text.slice(0, heredoc.tokenEnd).split('\n').length}: a heredoc followed by \`${heredoc.rest}\` on its line; add the new keys by hand`);
    }
    const layout = { multiline, indent, comment: RUBY_COMMENT, ...(removedUntil === undefined ? {} : { removedUntil }), ...(heredoc ? { commaAt: heredoc.lineCodeEnd } : {}) };
    for (const e of insertAfterLast(this.text, end, render(indent, column), layout)) {
      this.edit(e.start, e.end, e.text, depth);
    }
  }

  replaceProvider(name: string, item: ProviderItem, after: PlainValue): void {
    const hash = this.editable(name, item);
    const indent = indentOf(this.text, hash.range.start.offset);
    const style = { ...mappingStyle(this.text, hash, this.style), multiline: hash.range.start.line !== hash.range.end.line || this.style.multiline };
    this.edit(hash.range.start.offset, hash.range.end.offset, rubyLiteral(after, style, indent, `omniauth.providers.${name}`));
  }

  appendProvider(after: PlainValue): void {
    const providers = this.model.providers;
    const assignment = effectiveAssignment(this.model, 'providers');
    if (providers === null) {
      if (assignment) {
        throw new Refusal(`gitlab_rails['omniauth_providers'] is set by an expression gitlab-omniauth cannot see through (line ${assignment.statementRange.start.line}); edit it by hand`);
      }
      this.newProvidersStatement = [...(this.newProvidersStatement ?? []), after];
      return;
    }
    const lastItem = providers[providers.length - 1];
    const target = lastItem ? lastItem.definedBy : assignment;
    if (!target) throw new Refusal('cannot tell which statement defines the provider list; edit it by hand');
    if (target.conditional) {
      throw new Refusal(`the provider list is set inside a condition (line ${target.statementRange.start.line}); gitlab-omniauth cannot know whether it applies: edit it by hand`);
    }
    if (target.value.kind === 'array') {
      this.appendToArray(target.value, after);
      return;
    }
    if (target.operation === 'append' && lastItem) {
      // `gitlab_rails['omniauth_providers'] << {...}`: add a statement of the same form after it.
      const s = target.statementRange.start.offset;
      const prefix = this.text.slice(s, target.value.range.start.offset);
      const suffix = this.text.slice(target.value.range.end.offset, target.statementRange.end.offset);
      const indent = indentOf(this.text, s);
      const literal = rubyLiteral(after, this.style, indent, 'omniauth.providers');
      const at = lineEndOf(this.text, target.statementRange.end.offset);
      this.edit(at, at, `\n${indent}${prefix}${literal}${suffix}`);
      return;
    }
    throw new Refusal(`the provider list is built by an expression gitlab-omniauth cannot see through (line ${target.statementRange.start.line}); edit it by hand`);
  }

  private appendToArray(array: ArrayValue, after: PlainValue): void {
    const last = array.items[array.items.length - 1];
    const path = 'omniauth.providers';
    if (!last) {
      const indent = indentOf(this.text, array.range.start.offset);
      this.edit(array.range.start.offset, array.range.end.offset, rubyLiteral({ kind: 'array', items: [after] }, this.style, indent, path));
      return;
    }
    const multiline = array.range.start.line !== last.range.end.line;
    if (multiline && !startsLine(this.text, last.range.start.offset)) {
      // `[{ ... }]`: the items hug the brackets, so the new one follows as `}, { ... }`.
      const indent = indentOf(this.text, last.range.start.offset);
      this.edit(last.range.end.offset, last.range.end.offset, `, ${rubyLiteral(after, this.style, indent, path)}`, LIST_DEPTH);
      return;
    }
    this.insertAfter(last.range.start.offset, last.range.end.offset, multiline, LIST_DEPTH, (indent) => [rubyLiteral(after, multiline ? this.style : { ...this.style, multiline: false }, indent, path)]);
  }

  removeProvider(name: string, item: ProviderItem): void {
    const statement = item.definedBy;
    if (statement?.conditional) {
      throw new Refusal(`provider '${name}' is set inside a condition (line ${statement.statementRange.start.line}); edit it by hand`);
    }
    if (statement && statement.value.kind !== 'array' && sameRange(statement.value, item.value)) {
      // Added by its own `<<` statement: the statement goes, lines and all.
      const start = lineStartOf(this.text, statement.statementRange.start.offset);
      this.edit(start, nextLineStart(this.text, statement.statementRange.end.offset), '');
      return;
    }
    if (!statement || statement.value.kind !== 'array') {
      throw new Refusal(`provider '${name}' comes from an expression gitlab-omniauth cannot see through; edit it by hand`);
    }
    const items = statement.value.items;
    const index = items.findIndex((v) => sameRange(v, item.value));
    if (index === -1) throw new Refusal(`cannot locate provider '${name}' in its list; edit it by hand`);
    const value = items[index] as ConfigValue;
    if (items.length === 1) {
      this.edit(statement.value.range.start.offset, statement.value.range.end.offset, '[]');
      return;
    }
    const { restIsComment } = afterOnLine(this.text, value.range.end.offset, RUBY_COMMENT);
    if (startsLine(this.text, value.range.start.offset) && restIsComment) {
      // An item on lines of its own: those lines go, its comment with it; the neighbours' lines and comments stay.
      this.edit(lineStartOf(this.text, value.range.start.offset), nextLineStart(this.text, value.range.end.offset), '');
      return;
    }
    const next = items[index + 1];
    if (next) {
      this.edit(value.range.start.offset, next.range.start.offset, '');
      return;
    }
    // The last item: drop it with the comma before it (a trailing comma after it stays, after the new last item).
    const previous = items[index - 1] as ConfigValue;
    this.edit(previous.range.end.offset, value.range.end.offset, '');
  }

  setSetting(name: string, value: PlainValue, current: SettingAssignment | null, statements: readonly SettingAssignment[]): void {
    const path = `omniauth.${name}`;
    if (current) {
      if (current.conditional) {
        throw new Refusal(`${current.sourceKey} is set inside a condition (line ${current.statementRange.start.line}); gitlab-omniauth cannot know whether it applies: edit it by hand`);
      }
      // `<<` / `.push` after the assignment would add to the new value: it already holds what they added.
      for (const s of statements) if (s.operation !== 'assign' && s.statementRange.start.offset > current.statementRange.start.offset) this.removeStatement(s);
      const indent = indentOf(this.text, current.statementRange.start.offset);
      const column = current.value.range.start.offset - lineStartOf(this.text, current.value.range.start.offset);
      const style = { ...this.settingStyle, quote: firstQuote(this.text, current.value) ?? this.settingStyle.quote };
      this.edit(current.value.range.start.offset, current.value.range.end.offset, this.valueText(value, style, indent, column, path));
      return;
    }
    const key = settingByName(name)?.omnibusKey ?? `omniauth_${name}`;
    const prefix = `gitlab_rails[${rubyString(key, 'single')}] = `;
    this.newStatements.push(prefix + this.valueText(value, this.settingStyle, '', prefix.length, path));
  }

  /** Every statement that sets or adds to the setting goes: none is left to take effect. */
  unsetSetting(statements: readonly SettingAssignment[]): void {
    for (const s of statements) this.removeStatement(s);
  }

  /** A statement on lines of its own goes with its lines (and a comment ending its last line). */
  private removeStatement(s: SettingAssignment): void {
    if (s.conditional) {
      throw new Refusal(`${s.sourceKey} is set inside a condition (line ${s.statementRange.start.line}); gitlab-omniauth cannot know whether it applies: edit it by hand`);
    }
    const start = s.statementRange.start.offset;
    const end = s.statementRange.end.offset;
    if (!startsLine(this.text, start) || !afterOnLine(this.text, end, RUBY_COMMENT).restIsComment || afterOnLine(this.text, end, RUBY_COMMENT).comma !== null) {
      throw new Refusal(`${s.sourceKey} (line ${s.statementRange.start.line}) shares its line with other code; edit it by hand`);
    }
    this.removedStatements.add(start);
    this.edit(lineStartOf(this.text, start), nextLineStart(this.text, end), '');
  }

  finish(): TextEdit[] {
    const active = this.model.settings.filter((s) => !s.conditional && startsLine(this.text, s.statementRange.start.offset) && !this.removedStatements.has(s.statementRange.start.offset));
    if (this.newStatements.length > 0) {
      // New settings join the other settings, above the provider list when that comes last.
      const settings = active.filter((s) => s.name !== 'providers');
      const providers = active.filter((s) => s.name === 'providers');
      const after = settings.at(-1);
      const before = providers[0];
      if (after) this.insertAfterLine(after.statementRange.end.offset, this.newStatements);
      else if (before) {
        const at = lineStartOf(this.text, before.statementRange.start.offset);
        this.edit(at, at, this.newStatements.map((s) => `${s}\n`).join(''));
      } else this.insertStatements(this.newStatements);
    }
    if (this.newProvidersStatement) {
      const prefix = "gitlab_rails['omniauth_providers'] = ";
      const statement = prefix + rubyLiteral({ kind: 'array', items: this.newProvidersStatement }, this.style, '', 'omniauth.providers');
      const after = active.at(-1);
      if (after) this.insertAfterLine(after.statementRange.end.offset, [statement]);
      else this.insertStatements([statement]);
    }
    return this.edits;
  }

  private insertAfterLine(offset: number, statements: string[]): void {
    const at = lineEndOf(this.text, offset);
    this.edit(at, at, statements.map((s) => `\n${s}`).join(''));
  }

  /**
   * New top-level statements in a file without OmniAuth statements go right
   * after the commented-out `### OmniAuth Settings` block of the Omnibus
   * template, else at the end of the file.
   */
  private insertStatements(statements: string[]): void {
    const body = statements.join('\n');
    const block = omniauthCommentBlockEnd(this.text);
    if (block !== null) {
      this.edit(block, block, `\n${body}`);
      return;
    }
    const end = this.text.length;
    if (end === 0) this.edit(0, 0, `${body}\n`);
    else if (this.text.endsWith('\n')) this.edit(end, end, `${body}\n`);
    else this.edit(end, end, `\n${body}`);
  }
}

/** End (before the line break) of the comment block that starts with `### OmniAuth Settings`, or null. */
function omniauthCommentBlockEnd(text: string): number | null {
  const heading = /^###[ \t]*OmniAuth Settings[ \t]*\r?$/im.exec(text);
  if (!heading) return null;
  let end = lineEndOf(text, heading.index);
  let next = nextLineStart(text, heading.index);
  while (next < text.length) {
    const lineEnd = lineEndOf(text, next);
    if (!RUBY_COMMENT.test(text.slice(next, lineEnd))) break;
    end = lineEnd;
    next = nextLineStart(text, next);
  }
  return end;
}

/**
 * When the element spanning `start`..`end` ends with a heredoc (`<<~EOS`
 * ... `EOS`): where its opener token ends, where the code on the opener's
 * line ends (before a comment), and that code after the opener (`,`,
 * `.strip`). Null for any other element.
 */
function heredocOpener(text: string, start: number, end: number): { tokenEnd: number; lineCodeEnd: number; rest: string } | null {
  const closing = text.slice(lineStartOf(text, end), end).trim();
  if (!/^[A-Za-z_]\w*$/.test(closing)) return null;
  const opener = new RegExp(`<<[~-]?(["'\`]?)${closing}\\1`).exec(text.slice(start, end));
  if (!opener) return null;
  const tokenEnd = start + opener.index + opener[0].length;
  const lineEnd = lineEndOf(text, tokenEnd);
  const rest = text.slice(tokenEnd, lineEnd).replace(/[ \t]*(#.*)?$/, '').trim();
  const lineCodeEnd = tokenEnd + text.slice(tokenEnd, lineEnd).replace(/[ \t]*(#.*)?$/, '').length;
  return { tokenEnd, lineCodeEnd, rest };
}

function elementSpan(entry: MappingEntry): { start: number; end: number } {
  return { start: entry.range.start.offset, end: entry.range.end.offset };
}

/**
 * The entries each removal path takes out (every entry of the key, so no
 * earlier one shows through), grouped by the hash they are in, with the
 * entry that holds that hash.
 */
function removalsByHash(root: MappingValue, paths: readonly string[][]): Map<MappingValue, { parent: MappingEntry; entries: Set<MappingEntry> }> {
  const found = new Map<MappingValue, { parent: MappingEntry; entries: Set<MappingEntry> }>();
  for (const path of paths) {
    let hash = root;
    let parent: MappingEntry | undefined;
    for (const key of path.slice(0, -1)) {
      parent = lastEntry(hash, key);
      if (parent?.value.kind !== 'mapping') throw new Refusal(`cannot find ${path.join('.')} to remove; edit it by hand`);
      hash = parent.value;
    }
    const key = path[path.length - 1] as string;
    if (!parent) throw new Refusal(`cannot remove ${path.join('.')}: only keys under args can be removed`);
    const group = found.get(hash) ?? { parent, entries: new Set<MappingEntry>() };
    for (const e of hash.entries) if (e.key === key) group.entries.add(e);
    found.set(hash, group);
  }
  return found;
}

function lastEntry(hash: MappingValue, key: string): MappingEntry | undefined {
  for (let i = hash.entries.length - 1; i >= 0; i--) {
    const entry = hash.entries[i];
    if (entry && entry.key === key) return entry;
  }
  return undefined;
}

function sameRange(a: ConfigValue, b: ConfigValue): boolean {
  return a.range.start.offset === b.range.start.offset && a.range.end.offset === b.range.end.offset;
}
