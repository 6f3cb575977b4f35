/**
 * `misplaced-setting` in gitlab.yml: OmniAuth settings written where GitLab
 * does not look. Rails reads only `<env>.omniauth.<setting>` and the provider
 * keys inside each `providers` entry; a key one level off (directly under the
 * environment, under `gitlab:`, a provider's `app_id` directly under
 * `omniauth:`) is ignored without a word, so sign-in does not change and
 * nothing says why.
 */
import { isMap, isScalar, isSeq } from 'yaml';
import type { Diagnostic, Severity } from '../../diagnostics/diagnostic.js';
import { SETTINGS, settingByOmnibusKey } from '../../model/settings.js';
import type { OmniauthModel } from '../../model/types.js';
import { lookup, rawEntries, resolveNode, type RawEntry, type ValueContext } from './values.js';

/** The keys written under `omniauth:` (`cas3.session_duration` is written as a `cas3:` mapping). */
const OMNIAUTH_KEYS = new Set(SETTINGS.map((s) => s.name.split('.')[0] ?? s.name));

/**
 * Many gitlab.yml sections have an `enabled:` of their own, so an `enabled:`
 * is taken for OmniAuth's only beside another OmniAuth setting (the usual
 * case: the lines under `omniauth:` not indented).
 */
const GENERIC_KEY = 'enabled';

/** Keys of a provider entry that are no setting of `omniauth:` itself. */
const PROVIDER_KEYS = new Set(['name', 'app_id', 'app_secret', 'args', 'label', 'icon']);

/**
 * The mapping that holds (or should hold) `omniauth:`: an environment section
 * of gitlab.yml (with the file's top-level entries around it), a fragment of
 * one, or Helm chart values' `global.appConfig`.
 */
export type SectionPlace =
  | { kind: 'environment'; env: string; root: readonly RawEntry[] }
  | { kind: 'fragment' }
  | { kind: 'chart' };

/** A misplaced key, before it becomes a finding. */
interface Misplaced {
  entry: RawEntry;
  /** Where it is written, as the message names it (`production.gitlab`). */
  under: string;
  /** Where GitLab reads it instead, as the message says it (`` `production.omniauth.providers` ``). */
  expected: string;
  path: string;
  hint: string;
  /** The key carries a provider list GitLab then does not have. */
  carriesProviders: boolean;
}

/** A mapping searched for OmniAuth settings that do not belong in it. */
interface Level {
  /** How the message names it: `production`, `production.gitlab`, `the top level`. */
  under: string;
  /** The environment's path, `production.` (empty in a fragment). */
  prefix: string;
  /** The mapping's config path below the environment, `gitlab.` (empty for the environment itself). */
  pathPrefix: string;
  /** What to do with an `omniauth:` section found here; null where `omniauth:` belongs. */
  sectionHint: string | null;
}

/**
 * The findings for the entries of one section: its own keys and those of its
 * `gitlab:` (in chart values, only `omniauth:`, whose camelCase settings sit
 * where the chart reads them), its `omniauth:`, and in a whole gitlab.yml the
 * keys beside the environment sections. `model` is what the reader made of
 * the section, to know whether GitLab has providers where it reads them.
 */
export function misplacedSettings(entries: readonly RawEntry[], place: SectionPlace, ctx: ValueContext, model: OmniauthModel): Diagnostic[] {
  const prefix = place.kind === 'environment' ? `${place.env}.` : place.kind === 'chart' ? 'global.appConfig.' : '';
  const omniauth = lookup(entries, 'omniauth');
  const found: Misplaced[] = [];
  const here = (under: string): Level => ({ under, prefix, pathPrefix: '', sectionHint: null });
  if (place.kind === 'environment') {
    found.push(...settingsIn(place.root, { under: 'the top level', prefix, pathPrefix: '', sectionHint: `Move it under \`${place.env}:\`, one level deeper` }, ctx));
    found.push(...settingsIn(entries, here(place.env), ctx));
  }
  // A fragment is an environment section only when it holds `omniauth:`: a bare `providers:` may be a piece of `omniauth:` itself.
  if (place.kind === 'fragment' && omniauth) found.push(...settingsIn(entries, here('the top level'), ctx));
  const gitlab = place.kind === 'chart' ? undefined : lookup(entries, 'gitlab');
  if (gitlab) {
    const level = { under: `${prefix}gitlab`, prefix, pathPrefix: 'gitlab.', sectionHint: 'Move the `omniauth:` section out of `gitlab:`, to the indentation of `gitlab:`' };
    found.push(...settingsIn(rawEntries(gitlab.valueNode, ctx, 'gitlab', false), level, ctx));
  }
  if (omniauth) found.push(...providerKeysIn(rawEntries(omniauth.valueNode, ctx, 'omniauth', false), prefix));
  // A fragment without `omniauth:` may have its providers elsewhere in the file.
  const missing = (place.kind !== 'fragment' || omniauth !== undefined) && providersMissing(model);
  return found.map((m) => finding(m, missing && m.carriesProviders ? 'error' : 'warning', ctx));
}

const SPELL_SECTION = 'Spell the section `omniauth:`';

/** OmniAuth settings and `omniauth:` sections (misspelled, or at a level where GitLab does not look) in a mapping. */
function settingsIn(entries: readonly RawEntry[], level: Level, ctx: ValueContext): Misplaced[] {
  const { under, prefix, pathPrefix } = level;
  const out: Misplaced[] = [];
  let specific = false;
  for (const entry of entries) {
    if (omniauthSectionSpelling(entry.key)) {
      const sectionHint = entry.key === 'omniauth' ? level.sectionHint : SPELL_SECTION;
      if (sectionHint === null) continue;
      out.push({
        entry,
        under,
        expected: `\`${prefix}omniauth\``,
        path: `${pathPrefix}${entry.key}`,
        hint: sectionHint,
        carriesProviders: carriesProviders(lookup(rawEntries(entry.valueNode, ctx, '', false), 'providers')?.valueNode, ctx),
      });
      continue;
    }
    const name = settingName(entry.key);
    if (name === null) continue;
    specific ||= name !== GENERIC_KEY;
    out.push({
      entry,
      under,
      expected: `\`${prefix}omniauth.${name}\``,
      path: `${pathPrefix}${entry.key}`,
      hint:
        name === entry.key
          ? `Move it under \`omniauth:\`, indented one level deeper than \`omniauth:\``
          : `Write it as \`${name}:\` under \`omniauth:\` (\`${entry.key}\` is how gitlab.rb spells it)`,
      carriesProviders: name === 'providers' && carriesProviders(entry.valueNode, ctx),
    });
  }
  return specific ? out : out.filter((m) => settingName(m.entry.key) !== GENERIC_KEY);
}

/**
 * The gitlab.yml name of an OmniAuth setting written as `key`: the name itself
 * or its gitlab.rb spelling (`omniauth_providers`); null for any other key.
 */
function settingName(key: string): string | null {
  if (OMNIAUTH_KEYS.has(key)) return key;
  const spec = settingByOmnibusKey(key);
  return spec ? (spec.name.split('.')[0] ?? spec.name) : null;
}

/** `omniauth` or a misspelling of it (`omni_auth`, `OmniAuth`), which Rails does not read. */
function omniauthSectionSpelling(key: string): boolean {
  return key.toLowerCase().replace(/[-_\s]/g, '') === 'omniauth';
}

/** Provider keys (`app_id`, `args`, `label`) written directly under `omniauth:`. */
function providerKeysIn(entries: readonly RawEntry[], prefix: string): Misplaced[] {
  return entries
    .filter((e) => PROVIDER_KEYS.has(e.key))
    .map((entry) => ({
      entry,
      under: `${prefix}omniauth`,
      expected: `it from a provider entry in \`${prefix}omniauth.providers\``,
      path: `omniauth.${entry.key}`,
      hint: `Move it into the provider's entry under \`providers:\` (\`- { name: ..., ${entry.key}: ... }\`)`,
      carriesProviders: false,
    }));
}

/** Whether a `providers` value holds providers (a non-empty list, or one provider written as a mapping or a string). */
function carriesProviders(value: unknown, ctx: ValueContext): boolean {
  const node = resolveNode(value, ctx);
  if (isSeq(node)) return node.items.length > 0;
  // Psych reads a plain `~` or `null` as nil (the parser here keeps every scalar as text).
  return isMap(node) || (isScalar(node) && !(node.type === 'PLAIN' && /^(~|null|Null|NULL|)$/.test(String(node.value ?? ''))));
}

/** GitLab reads no provider where it looks: no `providers` setting, or an empty or null one. */
function providersMissing(model: OmniauthModel): boolean {
  const last = model.settings.filter((s) => s.name === 'providers').at(-1);
  if (!last) return true;
  return last.value.kind === 'null' || (last.value.kind === 'array' && last.value.items.length === 0);
}

function finding(m: Misplaced, severity: Severity, ctx: ValueContext): Diagnostic {
  const under = m.under === 'the top level' ? 'at the top level' : `under \`${m.under}:\``;
  const lost = severity === 'error' ? ', and finds no provider there' : '';
  return {
    rule: 'misplaced-setting',
    severity,
    message: `\`${m.entry.key}\` ${under} is ignored: GitLab reads ${m.expected}${lost}`,
    file: ctx.file,
    range: m.entry.keyRange,
    path: m.path,
    hint: m.hint,
  };
}
