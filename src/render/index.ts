/**
 * Rendering: PlainValue → gitlab.rb / gitlab.yml text. Literal serializers
 * (deterministic, exact, never coercing a type), fresh sections from the
 * Handlebars templates, and the gitlab.yml section `gitlab-ctl reconfigure`
 * writes from a gitlab.rb. Import templates.ts only where a section is
 * rendered: it loads Handlebars.
 */
export { RenderError, UNRENDERABLE_RULE, childPath, renderErrorDiagnostic } from './errors.js';
export { canonicalInteger, floatText } from './numbers.js';
export { erbEnvVariable, rubyEnvVariable } from './env.js';
export { uniqueEntries } from './entries.js';
export {
  DOCS_RUBY_STYLE,
  RUBY_LINE_WIDTH,
  rubyEnv,
  rubyKey,
  rubyLiteral,
  rubyString,
  rubySymbol,
  type RubyKeyStyle,
  type RubyQuote,
  type RubyStyle,
} from './ruby-literal.js';
export {
  DOCS_YAML_STYLE,
  MERGE_KEY,
  YAML_LINE_WIDTH,
  escapeErb,
  isPlainSafe,
  needsExplicitKey,
  yamlEnv,
  yamlErb,
  yamlFlow,
  yamlFlowEntry,
  yamlFlowInline,
  yamlItem,
  yamlKey,
  yamlLiteral,
  yamlPair,
  yamlScalar,
  yamlString,
  type YamlQuote,
  type YamlStringOptions,
  type YamlStyle,
} from './yaml-literal.js';
export { gitlabYmlFromOmnibus, rubyJson, type GitlabYmlOptions, type OmnibusSettingsInput } from './omnibus-to-gitlab-yml.js';
