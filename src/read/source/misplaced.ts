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

export interface SectionPlace {
  /** The environment section being read (`production`); null for a fragment of one. */
  env: string | null;
  /**
   * Whether keys written directly in the section are checked. A fragment is
   * taken for an environment section only when it holds `omniauth:` (a bare
   * `providers:` fragment may be a piece of the `omniauth:` section itself).
   */
  direct: boolean;
}

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

/**
 * The findings for one environment section (or a fragment of one): its own
 * keys, its `gitlab:` section and its `omniauth:` section. `model` is the
 * model read from the section, to know whether GitLab has providers where it
 * reads them.
 */
export function misplacedSettings(section: unknown, place: SectionPlace, ctx: ValueContext, model: OmniauthModel): Diagnostic[] {
  const entries = rawEntries(section, ctx, '', false);
  const prefix = place.env === null ? '' : `${place.env}.`;
  const found: Misplaced[] = [];
  if (place.direct) found.push(...settingsIn(entries, place.env === null ? 'the top level' : place.env, prefix, '', ctx));
  const gitlab = lookup(entries, 'gitlab');
  if (gitlab) found.push(...settingsIn(rawEntries(gitlab.valueNode, ctx, 'gitlab', false), `${prefix}gitlab`, prefix, 'gitlab.', ctx));
  const omniauth = lookup(entries, 'omniauth');
  if (omniauth) found.push(...providerKeysIn(rawEntries(omniauth.valueNode, ctx, 'omniauth', false), prefix));
  // A fragment without `omniauth:` may have its providers elsewhere in the file.
  const missing = (place.env !== null || omniauth !== undefined) && providersMissing(model);
  return found.map((m) => finding(m, missing && m.carriesProviders ? 'error' : 'warning', ctx));
}

/**
 * OmniAuth settings and whole `omniauth:` sections in a mapping where GitLab
 * does not read them. `under` names the mapping for the message, `prefix` is
 * the environment (`production.`), `pathPrefix` the mapping's config path.
 */
function settingsIn(entries: readonly RawEntry[], under: string, prefix: string, pathPrefix: string, ctx: ValueContext): Misplaced[] {
  const out: Misplaced[] = [];
  let specific = false;
  for (const entry of entries) {
    const section = omniauthSectionSpelling(entry.key, pathPrefix !== '');
    if (section) {
      out.push({
        entry,
        under,
        expected: `\`${prefix}omniauth\``,
        path: `${pathPrefix}${entry.key}`,
        hint: pathPrefix ? 'Move the `omniauth:` section out of `gitlab:`, to the indentation of `gitlab:`' : 'Spell the section `omniauth:`',
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

/**
 * `omniauth` itself when nested (under `gitlab:`), or a misspelling of it at
 * the environment level (`omni_auth`, `OmniAuth`), which Rails does not read.
 */
function omniauthSectionSpelling(key: string, nested: boolean): boolean {
  if (key === 'omniauth') return nested;
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
