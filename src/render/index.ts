/**
 * Rendering: PlainValue → gitlab.rb / gitlab.yml text. Literal serializers
 * (deterministic, exact, never coercing a type), fresh sections from the
 * Handlebars templates, and the gitlab.yml section `gitlab-ctl reconfigure`
 * writes from a gitlab.rb. Import templates.ts only where a section is
 * rendered: it loads Handlebars.
 *
 * Listed here: the entry points and the error their callers turn into a
 * diagnostic. The pieces the editors reuse (keys, flow entries, number text)
 * are imported from their own modules.
 */
export { RenderError, renderErrorDiagnostic } from './errors.js';
export { rubyLiteral, type RubyKeyStyle, type RubyQuote, type RubyStyle } from './ruby-literal.js';
export { yamlLiteral, type YamlQuote, type YamlStyle } from './yaml-literal.js';
export { gitlabYmlFromOmnibus, type GitlabYmlOptions, type OmnibusSettingsInput } from './omnibus-to-gitlab-yml.js';
export { assertConvertible, unconvertibleValues, unconvertibleDiagnostics, type ConversionValues, type ConvertibleOptions, type UnconvertibleValue } from './convertible.js';
