/**
 * From the statements found in a gitlab.rb to the model: settings in file
 * order, the effective provider list (assignments and appends applied in
 * order, as Ruby would), `external_url`, and the reader's own findings about
 * statements (overridden, conditional, not followed).
 */
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { nameForOmnibusKey, settingByOmnibusKey } from '../../model/settings.js';
import type { ConfigValue, ExternalUrl, ProviderItem, SettingAssignment, UnfollowedChange } from '../../model/types.js';
import type { SourceRange } from '../../text/source-text.js';
import { toValue, type ValueContext } from './literals.js';
import { byteExtent, type Node } from './nodes.js';
import type { Found, FoundExternalUrl, FoundSetting, FoundUntracked } from './statements.js';

export interface BuiltModel {
  settings: SettingAssignment[];
  providers: ProviderItem[] | null;
  externalUrl: ExternalUrl | null;
  unfollowed?: UnfollowedChange[];
}

const PROVIDERS = 'providers';

/** The provider list while statements are applied: null once it is not a literal. */
interface ProvidersState {
  set: boolean;
  items: ProviderItem[] | null;
}

export function buildModel(found: Found[], ctx: ValueContext): BuiltModel {
  const settings: Array<{ found: FoundSetting; setting: SettingAssignment }> = [];
  const urls: Array<{ found: FoundExternalUrl; url: ExternalUrl }> = [];
  const providers: ProvidersState = { set: false, items: [] };
  const unfollowed: UnfollowedChange[] = [];
  for (const statement of found) {
    if (statement.type === 'setting') settings.push({ found: statement, setting: applySetting(statement, providers, ctx) });
    else if (statement.type === 'external_url') urls.push({ found: statement, url: externalUrl(statement, ctx) });
    else unfollowed.push(untracked(statement, providers, ctx));
  }
  reportConditionals(settings, urls, ctx);
  reportOverridden(settings, urls, ctx);
  return {
    settings: settings.map((s) => s.setting),
    providers: providers.set ? providers.items : null,
    externalUrl: urls.at(-1)?.url ?? null,
    ...(unfollowed.length > 0 ? { unfollowed } : {}),
  };
}

function statementRange(node: Node, ctx: ValueContext): SourceRange {
  const [start, end] = byteExtent(node);
  return ctx.loc.bytes(start, end);
}

function display(key: string): string {
  return `gitlab_rails['${key}']`;
}

function report(ctx: ValueContext, severity: Severity, rule: string, message: string, range: SourceRange, path?: string): void {
  // A value already reported as a mistake (`False`, ‘typographic quotes’) needs no second finding calling it opaque.
  const sameRange = (d: Diagnostic): boolean => d.range?.start.offset === range.start.offset && d.range.end.offset === range.end.offset;
  if (rule === 'opaque-value' && ctx.diagnostics.some((d) => d.severity === 'error' && sameRange(d))) return;
  const d: Diagnostic = { rule, severity, message, file: ctx.file, range };
  if (path !== undefined) d.path = path;
  ctx.diagnostics.push(d);
}

function applySetting(found: FoundSetting, providers: ProvidersState, ctx: ValueContext): SettingAssignment {
  const name = nameForOmnibusKey(found.key);
  const path = `omniauth.${name}`;
  const isProviders = name === PROVIDERS;
  const offset = found.operation === 'assign' ? 0 : isProviders ? (providers.items?.length ?? null) : null;
  const value = settingValue(found, path, offset, ctx);
  const setting: SettingAssignment = {
    name,
    sourceKey: found.key,
    known: settingByOmnibusKey(found.key) !== undefined,
    operation: found.operation,
    value,
    keyRange: ctx.loc.of(found.keyNode.location),
    statementRange: statementRange(found.statement, ctx),
    conditional: found.conditional !== null,
  };
  if (isProviders) applyToProviders(setting, providers, ctx);
  else if (value.kind === 'ruby') {
    report(ctx, 'info', 'opaque-value', `${display(found.key)} is a Ruby expression the tool does not evaluate`, value.range, path);
  }
  return setting;
}

/**
 * The value a statement gives. Items added to a known provider list get the
 * index they will have in it (`omniauth.providers[2]`).
 */
function settingValue(found: FoundSetting, path: string, offset: number | null, ctx: ValueContext): ConfigValue {
  const [first] = found.values;
  if (!first) throw new Error('a setting statement always has a value');
  const itemPath = (i: number): string => (offset === null ? path : `${path}[${offset + i}]`);
  if (found.operation === 'append') return toValue(first, itemPath(0), ctx);
  if (found.operation === 'concat' && found.itemList) {
    const last = found.values.at(-1) ?? first;
    const range = ctx.loc.bytes(byteExtent(first)[0], byteExtent(last)[1]);
    return { kind: 'array', items: found.values.map((v, i) => toValue(v, itemPath(i), ctx)), range, path };
  }
  return toValue(first, path, ctx, offset ?? 0);
}

function applyToProviders(setting: SettingAssignment, providers: ProvidersState, ctx: ValueContext): void {
  providers.set = true;
  const { value } = setting;
  const add = (item: ConfigValue): void => {
    providers.items?.push({ value: item, definedBy: setting });
    if (item.kind === 'ruby') {
      report(ctx, 'warning', 'opaque-value', 'this provider is a Ruby expression the tool does not evaluate: it cannot be checked', item.range, item.path);
    }
  };
  if (setting.operation === 'append') {
    add(value);
    return;
  }
  if (setting.operation === 'assign') providers.items = value.kind === 'array' ? [] : null;
  if (value.kind === 'array') {
    value.items.forEach(add);
  } else {
    providers.items = null;
    if (value.kind === 'ruby') {
      report(ctx, 'warning', 'opaque-value', `${display(setting.sourceKey)} is a Ruby expression the tool does not evaluate: its providers cannot be checked`, value.range, value.path);
    }
  }
}

function externalUrl(found: FoundExternalUrl, ctx: ValueContext): ExternalUrl {
  const value = toValue(found.value, 'external_url', ctx);
  if (value.kind === 'ruby') {
    report(ctx, 'info', 'opaque-value', 'external_url is a Ruby expression the tool does not evaluate: callback URLs cannot be checked', value.range, 'external_url');
  }
  return { url: value.kind === 'string' ? value.value : null, value, range: statementRange(found.statement, ctx) };
}

function untracked(found: FoundUntracked, providers: ProvidersState, ctx: ValueContext): UnfollowedChange {
  const name = nameForOmnibusKey(found.key);
  if (name === PROVIDERS) {
    providers.set = true;
    providers.items = null;
  }
  const range = statementRange(found.statement, ctx);
  report(ctx, 'warning', 'opaque-value', `${display(found.key)} is changed with ${found.how}, which the tool does not follow`, range, `omniauth.${name}`);
  return { name, how: found.how, range };
}

function reportConditionals(
  settings: Array<{ found: FoundSetting; setting: SettingAssignment }>,
  urls: Array<{ found: FoundExternalUrl; url: ExternalUrl }>,
  ctx: ValueContext,
): void {
  const message = (what: string, where: string): string => `${what} is set ${where}: the tool cannot know whether this applies`;
  for (const { found, setting } of settings) {
    if (found.conditional === null) continue;
    report(ctx, 'warning', 'conditional-assignment', message(display(found.key), found.conditional), setting.statementRange, `omniauth.${setting.name}`);
  }
  for (const { found, url } of urls) {
    if (found.conditional === null) continue;
    report(ctx, 'warning', 'conditional-assignment', message('external_url', found.conditional), url.range, 'external_url');
  }
}

function reportOverridden(
  settings: Array<{ found: FoundSetting; setting: SettingAssignment }>,
  urls: Array<{ found: FoundExternalUrl; url: ExternalUrl }>,
  ctx: ValueContext,
): void {
  // Walked from the end, remembering the next unconditional assignment of each name: linear in the statements.
  const nextAssignment = new Map<string, SettingAssignment>();
  const overriddenBy: Array<SettingAssignment | undefined> = [];
  for (let i = settings.length - 1; i >= 0; i--) {
    const { setting } = settings[i] as (typeof settings)[number];
    overriddenBy[i] = nextAssignment.get(setting.name);
    if (setting.operation === 'assign' && !setting.conditional) nextAssignment.set(setting.name, setting);
  }
  settings.forEach(({ setting }, i) => {
    const later = overriddenBy[i];
    if (!later) return;
    const what = setting.operation === 'assign' ? 'this assignment' : 'this change';
    report(
      ctx,
      'warning',
      'overridden-assignment',
      `${display(setting.sourceKey)} is assigned again on line ${later.statementRange.start.line}, so ${what} has no effect`,
      setting.statementRange,
      `omniauth.${setting.name}`,
    );
  });
  const nextUnconditionalUrl: Array<(typeof urls)[number] | undefined> = [];
  for (let i = urls.length - 1, next: (typeof urls)[number] | undefined; i >= 0; i--) {
    nextUnconditionalUrl[i] = next;
    if (urls[i]?.found.conditional === null) next = urls[i];
  }
  urls.forEach(({ url }, i) => {
    const later = nextUnconditionalUrl[i];
    if (!later) return;
    report(ctx, 'warning', 'overridden-assignment', `external_url is set again on line ${later.url.range.start.line}, so this one has no effect`, url.range, 'external_url');
  });
}
