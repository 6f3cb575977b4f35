/**
 * gitlab-omniauth as a library: read gitlab.rb / gitlab.yml into one model,
 * check it, render and edit it. The CLI (src/cli) is a thin layer over these.
 */

// Read
export { readConfig, detectFormat } from './read/index.js';
export { SourceText, type Position, type SourceRange } from './text/source-text.js';
export type {
  ArrayValue,
  ConfigValue,
  ExternalUrl,
  Format,
  KeyStyle,
  MappingEntry,
  MappingValue,
  OmniauthModel,
  ProviderItem,
  ReadOptions,
  ReadResult,
  SettingAssignment,
  Shape,
} from './model/types.js';
export { SETTINGS, settingByName, settingByOmnibusKey, isSecretKey, type SettingSpec } from './model/settings.js';
export { effectiveSettings } from './model/effective.js';
export { modelToJson, valueToJson, SECRET_MASK, type Json, type ModelJson } from './model/to-json.js';
export { toPlain, type PlainValue, type PlainEntry } from './model/plain.js';

// Check
export type { Diagnostic, Severity } from './diagnostics/diagnostic.js';
export { validateText, type ValidateOptions, type ValidationResult } from './validate.js';
export { checkModel, ALL_RULES, ruleMeta } from './check/index.js';
export type { CheckOptions, Rule, RuleMeta } from './check/rule.js';

// Catalog
export { PROVIDERS, providerByName, providerStatus, type ProviderSpec } from './catalog/providers.js';
export { callbackUrls, callbacksForModel, type CallbackUrl } from './catalog/callbacks.js';

// Render and edit
export { renderEdit, type RenderEditOptions, type RenderEditResult } from './edit/index.js';
export { renderFresh } from './edit/fresh.js';
export { buildEditRequest, planMerge, presetNames, presetProvider, type EditRequest } from './edit/index.js';
export { rubyLiteral, yamlLiteral, type RubyStyle, type YamlStyle } from './render/index.js';
export { diffPreview } from './write/diff-preview.js';
export { snapshotFile, writeFileAtomic } from './write/atomic-write.js';

// Reporters
export { formatDiagnosticLine, formatTextReport } from './report/text.js';
export { formatJsonReport, toJsonDiagnostic } from './report/json.js';
