/**
 * gitlab.yml (source installs), its fragments and Helm chart values → the
 * OmniAuth model. GitLab reads gitlab.yml as ERB, then YAML through Psych,
 * then takes `<env>.omniauth`; this reader follows the same steps without
 * running any Ruby (see erb.ts, psych-scalar.ts, values.ts).
 */
import { isMap, isSeq, parseAllDocuments, type Document, type YAMLError } from 'yaml';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { settingByName } from '../../model/settings.js';
import type {
  ConfigValue,
  ExternalUrl,
  OmniauthModel,
  ProviderItem,
  ReadOptions,
  ReadResult,
  SettingAssignment,
} from '../../model/types.js';
import { SourceText, type SourceRange } from '../../text/source-text.js';
import { MAX_EXPANDED_NODES, analyseAnchors, type AliasProblem } from './anchors.js';
import { isConditional, scanErb, type ErbScan } from './erb.js';
import { helmKeyToGitlabYml, isCamelCase, secretReference } from './helm.js';
import { misplacedSettings } from './misplaced.js';
import { flattenRegions, psychStrictness, syntaxDiagnostics, tolerableFlowCollections, tolerableQuotedStrings } from './syntax.js';
import { lookup, rawEntries, resolveNode, toValue, type RawEntry, type ValueContext } from './values.js';

/** The environment sections of gitlab.yml.example; any other top-level key may be one when `--env` names it. */
const KNOWN_ENVS = ['production', 'development', 'test', 'staging'];

const PARSE_OPTIONS = {
  // Psych reads YAML 1.1; scalars are typed by psych-scalar.ts, so the parser keeps them as text.
  version: '1.1',
  schema: 'failsafe',
  merge: false,
  uniqueKeys: false,
  prettyErrors: false,
} as const;

export function readSource(text: string, options: ReadOptions): ReadResult {
  const src = new SourceText(text);
  const erb = scanErb(text);
  const diagnostics: Diagnostic[] = erbDiagnostics(erb, src, options.file);
  const model: OmniauthModel = {
    file: options.file,
    format: 'source',
    shape: 'empty',
    env: null,
    externalUrl: null,
    settings: [],
    providers: null,
  };
  let parsed: { docs: Document[]; tolerated: YAMLError[] };
  try {
    parsed = parseLikePsych(erb.yamlText);
  } catch (error) {
    // The `yaml` parser recurses once per `key: value` of a line like `{ a: 1 b: 2 c: 3 ... }`:
    // thousands of them overflow the stack. That is a file to fix, not a crash.
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    diagnostics.push({
      rule: 'yaml-syntax',
      severity: 'error',
      message: 'The YAML parser gave up on this file: it nests too deeply (often thousands of `key: value` on one line without commas)',
      file: options.file,
      range: src.range(0, 0),
      hint: 'Check that the items of each `{ ... }` and `[ ... ]` are separated by commas, and split very long lines',
    });
    return { model, diagnostics };
  }
  const { docs, tolerated } = parsed;
  const errors = [...tolerated, ...docs.flatMap((d) => d.errors)];
  const syntax = syntaxDiagnostics(errors, erb.yamlText, src, options.file);
  diagnostics.push(...syntax);
  // Psych's `load` reads the first document of a stream, as GitLab does.
  const doc = docs[0];
  if (doc) diagnostics.push(...notOnErrorLines(psychStrictness(doc, erb.yamlText, src, options.file), syntax));
  if (doc && doc.contents !== null) {
    const anchors = analyseAnchors(doc);
    diagnostics.push(...anchors.problems.map((problem) => aliasDiagnostic(problem, src, options.file)));
    const ctx: ValueContext = { doc, src, erb, file: options.file, diagnostics, refold: tolerated.length > 0, anchors };
    // A value that contains itself or stands for a huge tree is not read: GitLab itself cannot use it.
    if (!anchors.problems.some((p) => p.kind !== 'unknown')) readDocument(doc.contents, ctx, options, model);
  }
  const secretBlocks = diagnostics.filter((d) => d.rule === 'helm-provider-secret').length;
  if (secretBlocks > 0) model.providersElsewhere = secretBlocks;
  return { model, diagnostics: oneFindingPerLine(uniqueDiagnostics(diagnostics)) };
}

/**
 * What the parser recovered from a syntax error is a guess: Psych's stricter
 * rules, checked on that guess, would only repeat the error on its line.
 */
function notOnErrorLines(findings: readonly Diagnostic[], errors: readonly Diagnostic[]): Diagnostic[] {
  const lines = new Set(errors.filter((d) => d.severity === 'error').map((d) => d.range?.start.line));
  return findings.filter((d) => !lines.has(d.range?.start.line));
}

/** A syntax error on a line says what to fix there; a syntax warning on the same line only adds noise. */
function oneFindingPerLine(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const errorLines = new Set<number>();
  for (const d of diagnostics) {
    if (d.rule !== 'yaml-syntax' || d.severity !== 'error' || !d.range) continue;
    for (let line = d.range.start.line; line <= d.range.end.line; line++) errorLines.add(line);
  }
  return diagnostics.filter((d) => !(d.rule === 'yaml-syntax' && d.severity === 'warning' && errorLines.has(d.range?.start.line ?? -1)));
}

function parseYaml(yamlText: string): Document[] {
  // Each parser error is an Error: capturing a stack for every one of thousands of them
  // (a mangled file) was most of the parse. Their stacks are never shown.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    const parsed = parseAllDocuments(yamlText, PARSE_OPTIONS);
    return Array.isArray(parsed) ? parsed : [];
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Enough rounds for several badly indented `{ }` in one file; each round fixes at least one. */
const MAX_ROUNDS = 8;

/**
 * Parses the way GitLab's libyaml reads: flow collections indented no further
 * than their block, and quoted strings whose next lines are, are read as
 * written (each round puts the ones the parser stumbled on onto one line,
 * offsets unchanged, and parses again, since one can hide the next behind its
 * cascade of errors).
 * `tolerated` are the parser errors about them, reported as warnings.
 */
function parseLikePsych(original: string): { docs: Document[]; tolerated: YAMLError[] } {
  let docs = parseYaml(original);
  const regions: Array<[number, number]> = [];
  const tolerated: YAMLError[] = [];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const errors = docs.flatMap((d) => d.errors);
    const inRegion = regionLookup(regions);
    const found = [...tolerableFlowCollections(errors, original), ...tolerableQuotedStrings(errors, original)].filter(({ region }) => !inRegion(region[0]));
    if (found.length === 0) break;
    for (const f of found) {
      regions.push(f.region);
      tolerated.push(f.error);
    }
    docs = parseYaml(flattenRegions(original, regions));
  }
  return { docs, tolerated };
}

/** Whether an offset is inside one of `regions`: the regions merged and sorted once, then a binary search per lookup. */
function regionLookup(regions: ReadonlyArray<[number, number]>): (offset: number) => boolean {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...regions].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return (offset) => {
    let lo = 0;
    let hi = merged.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((merged[mid]?.[0] ?? 0) <= offset) lo = mid + 1;
      else hi = mid;
    }
    const r = merged[lo - 1];
    return r !== undefined && offset <= r[1];
  };
}

function readDocument(root: unknown, ctx: ValueContext, options: ReadOptions, model: OmniauthModel): void {
  const node = resolveNode(root, ctx);
  if (isSeq(node)) {
    model.shape = 'providers_list';
    model.providers = providerItems(toValue(node, 'omniauth.providers', ctx, wholeFile(ctx)), null, ctx);
    return;
  }
  if (!isMap(node)) return;
  const wanted = options.env ?? 'production';
  const top = rawEntries(node, ctx, '', (key) => key === wanted || isOmniauthOrGitlab(key));
  const envEntry = lookup(top, wanted);
  const envKeys = top.map((e) => e.key).filter((k) => KNOWN_ENVS.includes(k));
  if (envEntry || (envKeys.length > 0 && !lookup(top, 'omniauth'))) {
    model.shape = 'gitlab_yml';
    model.env = wanted;
    if (!envEntry) {
      ctx.diagnostics.push(missingEnvironment(wanted, envKeys, ctx, top[0]?.keyRange ?? null));
      return;
    }
    const section = rawEntries(envEntry.valueNode, ctx, '', isOmniauthOrGitlab);
    readSection(section, ctx, false, model);
    ctx.diagnostics.push(...misplacedSettings(section, { kind: 'environment', env: wanted, root: top }, ctx, model));
    return;
  }
  const appConfig = helmAppConfig(top, ctx);
  if (appConfig) {
    model.shape = 'omniauth_section';
    readSection(appConfig, ctx, true, model);
    ctx.diagnostics.push(...misplacedSettings(appConfig, { kind: 'chart' }, ctx, model));
    return;
  }
  if (lookup(top, 'omniauth')) {
    model.shape = 'omniauth_section';
    readSection(top, ctx, null, model);
    ctx.diagnostics.push(...misplacedSettings(top, { kind: 'fragment' }, ctx, model));
    return;
  }
  if (looksLikeProvider(top)) {
    model.shape = 'provider';
    model.providers = providerItems(
      { kind: 'array', items: [toValue(node, 'omniauth.providers[0]', ctx, wholeFile(ctx))], range: wholeFile(ctx), path: 'omniauth.providers' },
      null,
      ctx,
    );
    return;
  }
  // Other keys of an environment section (`gitlab:`, `kerberos:`): a piece of gitlab.yml.
  model.shape = 'gitlab_yml';
  readSection(top, ctx, false, model);
  ctx.diagnostics.push(...misplacedSettings(top, { kind: 'fragment' }, ctx, model));
}

function isOmniauthOrGitlab(key: string): boolean {
  return key === 'omniauth' || key === 'gitlab';
}

const PROVIDER_KEYS = ['name', 'app_id', 'app_secret', 'args'];

function looksLikeProvider(entries: readonly RawEntry[]): boolean {
  return entries.some((e) => PROVIDER_KEYS.includes(e.key));
}

/** `global.appConfig` of chart values, when it holds `omniauth`. */
function helmAppConfig(top: readonly RawEntry[], ctx: ValueContext): RawEntry[] | null {
  const global = lookup(top, 'global');
  if (!global) return null;
  const appConfig = lookup(rawEntries(global.valueNode, ctx, 'global', false), 'appConfig');
  if (!appConfig) return null;
  const entries = rawEntries(appConfig.valueNode, ctx, 'global.appConfig', false);
  return lookup(entries, 'omniauth') ? entries : null;
}

/**
 * Reads `omniauth` (and `gitlab` for the external URL) from the mapping that
 * holds them. `helm`: true for chart values, false for gitlab.yml, null to
 * decide from the keys (a top-level `omniauth:` is either).
 */
function readSection(section: readonly RawEntry[], ctx: ValueContext, helm: boolean | null, model: OmniauthModel): void {
  const omniauth = lookup(section, 'omniauth');
  if (omniauth) {
    const entries = rawEntries(omniauth.valueNode, ctx, 'omniauth', true);
    const chart = helm ?? entries.some((e) => isCamelCase(e.key) && settingByName(helmKeyToGitlabYml(e.key)) !== undefined);
    model.settings = entries.flatMap((e) => assignments(e, ctx, chart));
    const providers = [...model.settings].reverse().find((s) => s.name === 'providers');
    if (providers && providers.value.kind === 'array') model.providers = providerItems(providers.value, providers, ctx);
  }
  if (helm !== true) model.externalUrl = externalUrl(section, ctx);
}

function assignments(entry: RawEntry, ctx: ValueContext, chart: boolean): SettingAssignment[] {
  const name = chart && isCamelCase(entry.key) ? helmKeyToGitlabYml(entry.key) : entry.key;
  const conditional = isConditional(ctx.erb, entry.range.start.offset);
  // `cas3: { session_duration: ... }` is the one nested setting (DOMAIN.md §2).
  if (name === 'cas3' && isMap(resolveNode(entry.valueNode, ctx))) {
    return rawEntries(entry.valueNode, ctx, 'omniauth.cas3', true).map((sub) => ({
      name: `cas3.${sub.key}`,
      sourceKey: `${entry.key}.${sub.key}`,
      known: settingByName(`cas3.${sub.key}`) !== undefined,
      operation: 'assign',
      value: toValue(sub.valueNode, `omniauth.cas3.${sub.key}`, ctx, sub.keyRange),
      keyRange: sub.keyRange,
      statementRange: sub.range,
      conditional: isConditional(ctx.erb, sub.range.start.offset),
    }));
  }
  return [
    {
      name,
      sourceKey: entry.key,
      known: settingByName(name) !== undefined,
      operation: 'assign',
      value: toValue(entry.valueNode, `omniauth.${name}`, ctx, entry.keyRange),
      keyRange: entry.keyRange,
      statementRange: entry.range,
      conditional,
    },
  ];
}

/**
 * The provider entries of a list. A chart item `{secret: ...}` names a
 * Kubernetes secret that holds the real provider block: it is not a provider
 * entry (it has no name to check), so it is left out and reported as info.
 */
function providerItems(list: ConfigValue, definedBy: SettingAssignment | null, ctx: ValueContext): ProviderItem[] | null {
  if (list.kind !== 'array') return null;
  const items: ProviderItem[] = [];
  for (const value of list.items) {
    const ref = secretReference(value);
    if (ref) {
      ctx.diagnostics.push({
        rule: 'helm-provider-secret',
        severity: 'info',
        message: `Provider block kept in Kubernetes secret \`${ref.secret}\` (key \`${ref.key}\`): validate that block on its own`,
        file: ctx.file,
        range: value.range,
        path: value.path,
      });
      continue;
    }
    items.push({ value, definedBy });
  }
  return items;
}

/**
 * The URL GitLab builds from `gitlab.host`, `port`, `https` and
 * `relative_url_root` (config/initializers/1_settings.rb): the port is left out
 * when it is the protocol's default (`port.to_i == (https ? 443 : 80)`).
 */
function externalUrl(section: readonly RawEntry[], ctx: ValueContext): ExternalUrl | null {
  const gitlab = lookup(section, 'gitlab');
  if (!gitlab) return null;
  const entries = rawEntries(gitlab.valueNode, ctx, 'gitlab', false);
  const value = (key: string): ConfigValue | null => {
    const e = lookup(entries, key);
    return e ? toValue(e.valueNode, `gitlab.${key}`, ctx, e.keyRange) : null;
  };
  const host = value('host');
  if (!host) return null;
  const port = value('port');
  const https = value('https');
  const root = value('relative_url_root');
  return { url: buildUrl(host, port, https, root), value: host, range: host.range };
}

function buildUrl(host: ConfigValue, port: ConfigValue | null, https: ConfigValue | null, root: ConfigValue | null): string | null {
  const hostText = literalText(host);
  if (hostText === null) return null;
  // Ruby truthiness: only nil and false are false (`https: "false"` is on).
  if (https && (https.kind === 'erb' || https.kind === 'ruby')) return null;
  const secure = https !== null && https.kind !== 'null' && !(https.kind === 'boolean' && !https.value);
  const defaultPort = secure ? 443 : 80;
  let portNumber = defaultPort;
  if (port && port.kind !== 'null') {
    const portText = literalText(port);
    if (portText === null) return null;
    portNumber = Number.parseInt(portText, 10) || 0;
  }
  let rootText = '';
  if (root && root.kind !== 'null') {
    const t = literalText(root);
    if (t === null) return null;
    rootText = t;
  }
  return `${secure ? 'https' : 'http'}://${hostText}${portNumber === defaultPort ? '' : `:${portNumber}`}${rootText}`;
}

function literalText(value: ConfigValue): string | null {
  switch (value.kind) {
    case 'string':
    case 'symbol':
    case 'integer':
      return value.value;
    case 'float':
    case 'boolean':
      return String(value.value);
    default:
      return null;
  }
}

function missingEnvironment(env: string, present: readonly string[], ctx: ValueContext, range: SourceRange | null): Diagnostic {
  return {
    rule: 'missing-environment',
    severity: 'warning',
    message: `No \`${env}:\` section in this gitlab.yml, so GitLab running as ${env} finds no OmniAuth settings`,
    file: ctx.file,
    range,
    ...(present.length > 0 ? { hint: `Sections present: ${present.join(', ')} (choose one with --env)` } : {}),
  };
}

function aliasDiagnostic(problem: AliasProblem, src: SourceText, file: string): Diagnostic {
  const { alias } = problem;
  const range = alias.range ? src.range(alias.range[0], alias.range[1]) : null;
  const name = `*${alias.source}`;
  switch (problem.kind) {
    case 'unknown':
      return {
        rule: 'yaml-syntax',
        severity: 'error',
        message: `Alias \`${name}\` names no anchor before it; GitLab fails to load the file (Psych: Unknown alias)`,
        file,
        range,
        hint: `Define \`&${alias.source}\` on a value above this line, or remove the alias (an anchor must come before its aliases)`,
      };
    case 'cycle':
      return {
        rule: 'yaml-syntax',
        severity: 'error',
        message: `Alias \`${name}\` is inside the value it names, so that value contains itself; GitLab cannot use it`,
        file,
        range,
        hint: 'Point the alias at a value defined elsewhere, or write the value out',
      };
    case 'bomb':
      return {
        rule: 'yaml-syntax',
        severity: 'error',
        message: `Aliases in this file stand for more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} values (\`${name}\` alone for ${problem.expanded > MAX_EXPANDED_NODES ? 'more than that' : problem.expanded.toLocaleString('en-US')}); the file is not read further`,
        file,
        range,
        hint: 'Nested aliases multiply (an "alias bomb"); write the values out or use fewer levels of aliases',
      };
  }
}

/** Reader findings about ERB: code GitLab runs before YAML and the tool does not. */
function erbDiagnostics(erb: ErbScan, src: SourceText, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const tag of erb.tags) {
    if (!tag.terminated) {
      out.push({
        rule: 'yaml-syntax',
        severity: 'error',
        message: 'ERB tag `<%` is never closed with `%>`; GitLab fails to load the file',
        file,
        range: src.range(tag.start, tag.start + 2),
        hint: 'Close the tag with `%>`, or write `<%%` for a literal `<%`',
      });
      continue;
    }
    if (tag.standalone) {
      out.push({
        rule: 'erb-control-flow',
        severity: 'warning',
        message: `ERB output \`${shorten(tag.source)}\` on a line of its own writes YAML when GitLab loads the file; the tool cannot see what`,
        file,
        range: src.range(tag.start, tag.end),
        hint: 'Check the generated gitlab.yml, or write these settings into the file',
      });
      continue;
    }
    if (tag.kind !== 'control' || /^(end\b|else\b|elsif\b|when\b|\})/.test(tag.code)) continue;
    out.push({
      rule: 'erb-control-flow',
      severity: 'warning',
      message: `ERB code \`${shorten(tag.source)}\` runs when GitLab loads the file; the tool does not run it and reads the lines of every branch`,
      file,
      range: src.range(tag.start, tag.end),
      hint: 'Settings under it are read as conditional; keep OmniAuth settings out of ERB branches, or check each branch yourself',
    });
  }
  return out;
}

function shorten(source: string): string {
  const one = source.replace(/\s+/g, ' ');
  return one.length > 60 ? `${one.slice(0, 57)}...` : one;
}

function wholeFile(ctx: ValueContext): SourceRange {
  return ctx.src.range(0, ctx.src.text.length);
}

/** A mapping reached through several aliases is read more than once; report each finding once. */
function uniqueDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.rule}:${d.range?.start.offset ?? -1}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

