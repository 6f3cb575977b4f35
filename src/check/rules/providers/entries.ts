/**
 * The provider entries the provider checks look at: literal mappings in the
 * effective providers list, with their name, args and resolved strategy.
 * Entries that are not mappings are the general checks' business.
 */
import { argsMapping, literalAt, literalText, entryAt, resolveStrategy, valueAt, type Protocol, type ProviderSpec, type StrategyResolution } from '../../../catalog/providers.js';
import { effectiveVersion, statusAt, type GitlabVersion } from '../../../catalog/versions.js';
import type { ConfigValue, MappingEntry, MappingValue, OmniauthModel } from '../../../model/types.js';
import type { CheckOptions, RuleContext } from '../../rule.js';
import { placeholderIn } from '../placeholder-value.js';

export interface ProviderEntry {
  index: number;
  mapping: MappingValue;
  /** The literal name (string or symbol), if any. */
  name: string | undefined;
  nameEntry: MappingEntry | undefined;
  /** `args` when it is a literal mapping. */
  args: MappingValue | null;
  strategy: StrategyResolution;
}

/**
 * The entries of the model being checked, while checkModel runs its rules:
 * each provider rule asks for them, and working them out (strategy, removed
 * or not at the version) once per model instead of once per rule is most of
 * what a small file's provider checks cost. Only inside sameEntriesFor, so a
 * model changed between two checks is never answered from an earlier one.
 */
let remembered: { model: OmniauthModel; options: CheckOptions; entries?: ProviderEntry[]; known?: KnownEntry[] } | undefined;

/** Runs `check` with the entries of `model` worked out once for all the rules it runs (they only read them). */
export function sameEntriesFor<T>(model: OmniauthModel, options: CheckOptions, check: () => T): T {
  const outer = remembered;
  remembered = { model, options };
  try {
    return check();
  } finally {
    remembered = outer;
  }
}

export function providerEntries(model: OmniauthModel): readonly ProviderEntry[] {
  if (remembered?.model !== model) return findProviderEntries(model);
  remembered.entries ??= findProviderEntries(model);
  return remembered.entries;
}

function findProviderEntries(model: OmniauthModel): ProviderEntry[] {
  const out: ProviderEntry[] = [];
  (model.providers ?? []).forEach((item, index) => {
    if (item.value.kind !== 'mapping') return;
    const mapping = item.value;
    out.push({
      index,
      mapping,
      name: literalAt(mapping, 'name'),
      nameEntry: entryAt(mapping, 'name'),
      args: argsMapping(mapping),
      strategy: resolveStrategy(mapping),
    });
  });
  return out;
}

/** An entry whose strategy the catalog knows. */
export interface KnownEntry extends ProviderEntry {
  spec: ProviderSpec;
  /** How findings name it: its own name, else its strategy's. */
  provider: string;
}

/**
 * Entries with a known strategy that GitLab still has at the checked version:
 * a removed provider gets the removed finding only, an unknown name the
 * missing-strategy-class finding only.
 */
export function knownEntries(context: RuleContext): readonly KnownEntry[] {
  if (remembered?.model !== context.model || remembered.options !== context.options) return findKnownEntries(context);
  remembered.known ??= findKnownEntries(context);
  return remembered.known;
}

function findKnownEntries(context: RuleContext): KnownEntry[] {
  return providerEntries(context.model).flatMap((entry) => {
    const spec = entry.strategy.spec;
    if (!spec || isRemovedProvider(entry, context.options)) return [];
    return [{ ...entry, spec, provider: entry.name ?? spec.name }];
  });
}

/** An entry of one protocol with a literal `args` mapping. */
export interface EntryWithArgs extends KnownEntry {
  args: MappingValue;
}

/** What the SAML and OpenID Connect checks read: known entries of that protocol with literal args. */
export function entriesOf(context: RuleContext, protocol: Protocol): EntryWithArgs[] {
  return knownEntries(context).filter((e): e is EntryWithArgs => e.spec.protocol === protocol && e.args !== null);
}

/** The value at `key` with its text, when it is a string or symbol literal (expressions cannot be judged). */
export function literalValue(mapping: MappingValue, key: string): { value: ConfigValue; text: string } | undefined {
  const value = valueAt(mapping, key);
  const text = literalText(value);
  return value && text !== undefined ? { value, text } : undefined;
}

export function versionOf(options: CheckOptions): GitlabVersion {
  return effectiveVersion(options.gitlabVersion);
}

/** Whether GitLab no longer has this provider at the checked version (other checks stay quiet about it). */
export function isRemovedProvider(entry: ProviderEntry, options: CheckOptions): boolean {
  return entry.name !== undefined && statusAt('provider', entry.name, versionOf(options)).status === 'removed';
}

/** A mapping with a computed key (`ENV['K'] => 1`) may hold any key: "missing" checks must stay quiet. */
export function hasComputedKey(mapping: MappingValue): boolean {
  return mapping.entries.some((e) => e.keyStyle === 'other');
}

/**
 * A value the docs left as a stand-in (`<your_gitlab_url>/users/auth/...`,
 * `XX:XX:...`): the placeholder check reports it, these checks stay quiet
 * about its form so each mistake is reported once.
 */
export function isPlaceholder(value: ConfigValue, key: string): boolean {
  return placeholderIn(value, key) !== null;
}
