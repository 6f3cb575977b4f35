/**
 * The format-neutral OmniAuth model. Both readers (gitlab.rb through Prism,
 * gitlab.yml through `yaml`) produce it; checks, editors and renderers only
 * ever look at this shape.
 *
 * Every value keeps where it came from: `range` into the user's file and
 * `path`, the config path under gitlab.yml names
 * (`omniauth.providers[0].args.scope`).
 */
import type { SourceRange } from '../text/source-text.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export type Format = 'omnibus' | 'source';

/**
 * What a file holds. Users validate a provider block before pasting it, Helm
 * keeps one provider per secret, and the docs show fragments.
 * - `gitlab_rb`: Ruby statements (all of gitlab.rb or a part of it)
 * - `gitlab_yml`: a whole gitlab.yml (environment sections at the top)
 * - `omniauth_section`: YAML whose top level is `omniauth:`
 * - `providers_list`: a bare list of providers (YAML sequence, Ruby array or comma-separated hashes)
 * - `provider`: a single provider mapping (YAML, JSON or a Ruby hash)
 * - `empty`: nothing to read (comments only)
 */
export type Shape = 'gitlab_rb' | 'gitlab_yml' | 'omniauth_section' | 'providers_list' | 'provider' | 'empty';

interface ValueBase {
  range: SourceRange;
  /** Config path under gitlab.yml names, e.g. `omniauth.providers[0].args.scope`. */
  path: string;
}

export interface StringValue extends ValueBase {
  kind: 'string';
  value: string;
}
/** A Ruby symbol (`:saml`). GitLab sees it as a string; renderers keep it a symbol. */
export interface SymbolValue extends ValueBase {
  kind: 'symbol';
  value: string;
}
export interface IntegerValue extends ValueBase {
  kind: 'integer';
  /** Decimal digits; kept as text so large integers survive exactly. */
  value: string;
}
export interface FloatValue extends ValueBase {
  kind: 'float';
  value: number;
}
export interface BooleanValue extends ValueBase {
  kind: 'boolean';
  value: boolean;
}
export interface NullValue extends ValueBase {
  kind: 'null';
}
export interface ArrayValue extends ValueBase {
  kind: 'array';
  items: ConfigValue[];
}
export interface MappingValue extends ValueBase {
  kind: 'mapping';
  /** In source order, duplicates included (after normalization the last wins, as in GitLab). */
  entries: MappingEntry[];
}
/** A Ruby expression the tool does not evaluate (`ENV['X']`, `File.read(...)`, `"#{x}"`, a constant). */
export interface RubyExpression extends ValueBase {
  kind: 'ruby';
  source: string;
}
/** A gitlab.yml value that GitLab's ERB pass computes (`<%= ENV['X'] %>`). */
export interface ErbExpression extends ValueBase {
  kind: 'erb';
  source: string;
}

export type ConfigValue =
  | StringValue
  | SymbolValue
  | IntegerValue
  | FloatValue
  | BooleanValue
  | NullValue
  | ArrayValue
  | MappingValue
  | RubyExpression
  | ErbExpression;

/**
 * How a key was written. GitLab normalizes all of them to the same string key
 * (Chef stringifies symbol keys; Rails stringifies YAML keys).
 * - `string`: Ruby `"name" =>` / `'name' =>`
 * - `symbol`: Ruby `name:`, `:name =>`, `"name":`
 * - `yaml`: a YAML mapping key (plain or quoted)
 * - `other`: a key that is not a literal (`ENV['K'] => 1`); its `key` is the source text
 */
export type KeyStyle = 'string' | 'symbol' | 'yaml' | 'other';

export interface MappingEntry {
  key: string;
  keyStyle: KeyStyle;
  keyRange: SourceRange;
  value: ConfigValue;
  /** The whole `key => value` pair (or YAML `key: value`). */
  range: SourceRange;
}

/** One statement (gitlab.rb) or key (gitlab.yml) that sets an OmniAuth setting. */
export interface SettingAssignment {
  /** gitlab.yml name under `omniauth` (`allow_single_sign_on`, `cas3.session_duration`), also for unknown keys. */
  name: string;
  /** The key exactly as the file names it (`omniauth_allow_single_sign_on`, `allow_single_sign_on`). */
  sourceKey: string;
  /** Whether `name` is a setting GitLab knows (see settings.ts). */
  known: boolean;
  /**
   * How the statement changes the setting: `assign` (`=` or a YAML key),
   * `append` (`<<`, `.push(...)`), `concat` (`.concat([...])`).
   */
  operation: 'assign' | 'append' | 'concat';
  value: ConfigValue;
  keyRange: SourceRange;
  /** The whole statement or YAML pair: what an editor replaces. */
  statementRange: SourceRange;
  /** Inside `if`/`unless`/`case`/`begin`...: the tool cannot know whether it applies. */
  conditional: boolean;
}

/** One provider entry in the effective providers list. */
export interface ProviderItem {
  /** Usually a mapping; anything else is reported by the checks. */
  value: ConfigValue;
  /** The setting statement that contributed this item (an assignment or an append). */
  definedBy: SettingAssignment | null;
}

export interface ExternalUrl {
  /** The URL when it is a literal (or, for gitlab.yml, computed from gitlab.host/port/https/relative_url_root). */
  url: string | null;
  /** The value as written (an expression when gitlab.rb computes it). */
  value: ConfigValue | null;
  range: SourceRange;
}

export interface OmniauthModel {
  file: string;
  format: Format;
  shape: Shape;
  /** gitlab.yml: the environment section read (`production` unless chosen). */
  env: string | null;
  externalUrl: ExternalUrl | null;
  /** Every assignment found, in file order, overridden and unknown ones included. */
  settings: SettingAssignment[];
  /**
   * The effective provider list after assignments and appends, in order; null
   * when the file never sets providers, or when the list is not a literal
   * (then `settings` holds the opaque assignment).
   */
  providers: ProviderItem[] | null;
  /**
   * Provider entries the file points to but does not hold (Helm chart items
   * `{secret: ...}`): names in settings may refer to them, so references
   * cannot be checked against `providers` alone.
   */
  providersElsewhere?: number;
  /**
   * Statements that change a setting in a way the reader does not follow
   * (`gitlab_rails['omniauth_providers'].first[:label] = ...`, `-=`): after
   * them the setting's value is unknown, whatever `settings` says.
   */
  unfollowed?: UnfollowedChange[];
}

/** A statement that changes a setting in a way the reader does not follow. */
export interface UnfollowedChange {
  /** gitlab.yml name of the setting (`providers`). */
  name: string;
  /** How it changes it, for a message (`` `.first` ``, `` `-=` ``). */
  how: string;
  range: SourceRange;
}

export interface ReadResult {
  model: OmniauthModel;
  /** Findings of the reader itself: syntax errors, duplicate keys, conditional or overridden assignments. */
  diagnostics: Diagnostic[];
}

export interface ReadOptions {
  /** Path shown in diagnostics. */
  file: string;
  /** Force a format instead of detecting it from the content. */
  format?: Format;
  /** gitlab.yml environment section (default `production`). */
  env?: string;
  /** Docker Compose: the service whose GITLAB_OMNIBUS_CONFIG is read (default: the first that sets it). */
  service?: string;
}
