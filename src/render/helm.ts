/**
 * The GitLab Helm chart's form of an OmniAuth configuration (DOMAIN.md §6):
 * one Kubernetes `Secret` per provider, holding the provider block as YAML
 * under the key the chart reads (`provider`), and chart values that set
 * `global.appConfig.omniauth` by the chart's camelCase names and reference
 * each Secret as `{secret, key}`.
 *
 * The input is what GitLab itself would see in gitlab.yml (the caller gets it
 * from the gitlab.yml a gitlab.rb becomes under reconfigure, or from the
 * gitlab.yml or provider file): the Secrets hold exactly those providers.
 */
import { stringify } from 'yaml';
import type { PlainValue } from '../model/plain.js';
import { isSecretKey } from '../model/settings.js';
import { HELM_PROVIDER_KEY, HELM_SETTING_NAMES } from '../read/source/helm.js';
import { RenderError } from './errors.js';
import { yamlLiteral, type YamlStyle } from './yaml-literal.js';

/** Block mappings, as the chart docs' provider examples are written. */
const SECRET_YAML_STYLE: YamlStyle = { flow: false, quote: 'single', quoteStrings: false, indentUnit: '  ' };
const MASK = '********';

export interface HelmInput {
  /** Settings by gitlab.yml name, as GitLab would read them. */
  settings: ReadonlyMap<string, PlainValue>;
  providers: readonly PlainValue[];
}

export interface HelmOptions {
  /** The Secret's name when there is exactly one provider. */
  secretName?: string;
  /** Print secret values as they are instead of masked. */
  showSecrets?: boolean;
}

export interface HelmManifest {
  /** File name for --write. */
  file: string;
  text: string;
}

export interface HelmRendering {
  secrets: HelmManifest[];
  values: HelmManifest;
  /** What the chart cannot carry, said to the user. */
  notes: string[];
}

/** Kubernetes object names: DNS-1123 subdomains. */
const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function secretNameFor(provider: string): string {
  return `gitlab-omniauth-${provider.replaceAll('_', '-').toLowerCase()}`;
}

export function renderHelm(input: HelmInput, options: HelmOptions = {}): HelmRendering {
  if (options.secretName !== undefined && input.providers.length !== 1) {
    throw new RenderError(`--helm-secret names one Secret, but there are ${input.providers.length} providers`, 'omniauth.providers');
  }
  const notes: string[] = [];
  const secrets = input.providers.map((provider, i) => {
    const name = options.secretName ?? secretNameFor(providerName(provider, i));
    if (!K8S_NAME.test(name) || name.length > 253) {
      throw new RenderError(`${JSON.stringify(name)} is not a valid Kubernetes Secret name; choose one with --helm-secret`, `omniauth.providers.${i}`);
    }
    const shown = options.showSecrets ? provider : masked(provider);
    return { file: `${name}.yaml`, name, text: secretManifest(name, providerYaml(shown, `omniauth.providers.${i}`)) };
  });
  const duplicate = secrets.find((s, i) => secrets.findIndex((t) => t.name === s.name) !== i);
  if (duplicate) throw new RenderError(`two providers would share the Secret ${duplicate.name}`, 'omniauth.providers');

  // `enabled` first, as the chart docs list it.
  const omniauth: Record<string, unknown> = { enabled: undefined };
  for (const [name, value] of input.settings) {
    if (name === 'providers' || value.kind === 'null') continue;
    const chartName = HELM_SETTING_NAMES[name];
    if (chartName === undefined) {
      notes.push(`omniauth.${name} has no chart value under global.appConfig.omniauth: it is left out`);
      continue;
    }
    omniauth[chartName] = toJs(value, `omniauth.${name}`);
  }
  // The chart's `enabled` defaults to false where GitLab's defaults to true: unset here means on.
  omniauth.enabled ??= true;
  omniauth.providers = secrets.map((s) => ({ secret: s.name, key: HELM_PROVIDER_KEY }));
  const values = { global: { appConfig: { omniauth } } };
  return {
    secrets: secrets.map(({ file, text }) => ({ file, text })),
    values: { file: 'values-omniauth.yaml', text: stringify(values, { lineWidth: 0 }) },
    notes,
  };
}

/** The whole output as one multi-document YAML stream: the Secrets, then the values. */
export function helmStream(rendering: HelmRendering): string {
  return [...rendering.secrets, rendering.values].map((m) => `---\n${m.text}`).join('');
}

function providerName(provider: PlainValue, index: number): string {
  if (provider.kind === 'mapping') {
    const name = [...provider.entries].reverse().find((e) => e.key === 'name')?.value;
    if (name && (name.kind === 'string' || name.kind === 'symbol')) return name.value;
  }
  throw new RenderError('a provider without a name cannot be given a Secret name', `omniauth.providers.${index}`);
}

/** The provider as the YAML document the chart loads from the Secret. */
function providerYaml(provider: PlainValue, path: string, style: YamlStyle = SECRET_YAML_STYLE): string {
  // yamlLiteral writes a value after `key:`: a block mapping starts on the next line, one indentation unit in.
  const text = yamlLiteral(provider, style, '', path);
  if (!text.startsWith('\n')) throw new RenderError('a provider entry must be a mapping', path);
  const unit = SECRET_YAML_STYLE.indentUnit;
  return `${text
    .slice(1)
    .split('\n')
    .map((line) => (line.startsWith(unit) ? line.slice(unit.length) : line))
    .join('\n')}\n`;
}

/** A literal block scalar (`|`) holding the provider YAML, its lines indented by `indent`: what follows `key:`. */
export function providerBlockScalar(provider: string, indent: string): string {
  const body = provider
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => (line === '' ? '' : `${indent}${line}`))
    .join('\n');
  return `|\n${body}`;
}

function secretManifest(name: string, provider: string, key: string = HELM_PROVIDER_KEY): string {
  return ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${name}`, 'type: Opaque', 'stringData:', `  ${key}: ${providerBlockScalar(provider, '    ')}`, ''].join('\n');
}

export function isSecretName(name: string): boolean {
  return K8S_NAME.test(name) && name.length <= 253;
}

/** The provider as the YAML the chart loads from its Secret (a literal `<%` written `<%%`), masked unless `showSecrets`. */
export function providerSecretYaml(provider: PlainValue, options: { showSecrets?: boolean; path?: string; quote?: 'single' | 'double' } = {}): string {
  // `quote`: every string quoted so, as in a block the user wrote that way.
  const style = options.quote ? { ...SECRET_YAML_STYLE, quote: options.quote, quoteStrings: true } : SECRET_YAML_STYLE;
  return providerYaml(options.showSecrets ? provider : masked(provider), options.path ?? 'omniauth.providers', style);
}

/** One provider's `v1` Secret manifest (type Opaque), the block under `stringData.<key>`. */
export function providerSecretManifest(name: string, provider: PlainValue, options: { key?: string; showSecrets?: boolean; path?: string } = {}): string {
  return secretManifest(name, providerSecretYaml(provider, options), options.key ?? HELM_PROVIDER_KEY);
}

function masked(value: PlainValue, key = ''): PlainValue {
  if (key !== '' && isSecretKey(key) && value.kind !== 'mapping' && value.kind !== 'array' && value.kind !== 'null') return { kind: 'string', value: MASK };
  if (value.kind === 'mapping') return { kind: 'mapping', entries: value.entries.map((e) => ({ key: e.key, value: masked(e.value, e.key) })) };
  if (value.kind === 'array') return { kind: 'array', items: value.items.map((v) => masked(v)) };
  return value;
}

/** A setting's value for the chart values document. */
function toJs(value: PlainValue, path: string): unknown {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return value.value;
    case 'boolean':
      return value.value;
    case 'integer':
      return Number(value.value);
    case 'float':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map((v, i) => toJs(v, `${path}.${i}`));
    case 'mapping':
      return Object.fromEntries(value.entries.map((e) => [e.key, toJs(e.value, `${path}.${e.key}`)]));
    default:
      throw new RenderError(`a ${value.kind} value has no place in the chart values`, path);
  }
}
