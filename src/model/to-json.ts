/**
 * The model as plain JSON, for `show --json` and for comparing with what real
 * Ruby or Psych make of the same file. Literals map to JSON (symbols become
 * strings, as GitLab sees them); expressions the tool does not evaluate become
 * `{"$ruby": source}` / `{"$erb": source}`; secret literals are masked unless
 * asked for.
 */
import { effectiveSettings } from './effective.js';
import { maskSecretText } from './secret-text.js';
import { isSecretKey, maskExpressionLiterals, maskSecretInKey, maskUrlUserinfo, SECRET_MASK } from './secrets.js';
import type { ConfigValue, OmniauthModel } from './types.js';

export { SECRET_MASK };

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface JsonOptions {
  showSecrets?: boolean;
}

export interface ModelJson {
  file: string;
  format: OmniauthModel['format'];
  shape: OmniauthModel['shape'];
  env?: string;
  external_url: Json;
  omniauth: { [key: string]: Json };
}

export function modelToJson(model: OmniauthModel, options: JsonOptions = {}): ModelJson {
  const omniauth: { [key: string]: Json } = {};
  const settings = effectiveSettings(model);
  for (const [name, setting] of settings) {
    if (name === 'providers') continue;
    // Known nested settings (`cas3.session_duration`) nest as in gitlab.yml; any other key stays as written.
    const path = setting.known ? name.split('.') : [name];
    setPath(omniauth, path, valueToJson(setting.value, options));
  }
  const providersSetting = settings.get('providers');
  if (model.providers) {
    omniauth.providers = model.providers.map((item) => valueToJson(item.value, options));
  } else if (providersSetting) {
    omniauth.providers = valueToJson(providersSetting.value, options);
  }
  const json: ModelJson = {
    file: model.file,
    format: model.format,
    shape: model.shape,
    external_url: externalUrlJson(model, options),
    omniauth,
  };
  if (model.env) json.env = model.env;
  return json;
}

function externalUrlJson(model: OmniauthModel, options: JsonOptions): Json {
  const ext = model.externalUrl;
  if (!ext) return null;
  if (ext.url !== null) return options.showSecrets ? ext.url : maskUrlUserinfo(ext.url);
  return ext.value ? valueToJson(ext.value, options) : null;
}

export function valueToJson(value: ConfigValue, options: JsonOptions = {}, secret = false): Json {
  const masked = secret && !options.showSecrets;
  switch (value.kind) {
    case 'string':
    case 'symbol':
      if (masked) return SECRET_MASK;
      return options.showSecrets ? value.value : maskUrlUserinfo(value.value);
    case 'float':
      return masked ? SECRET_MASK : value.value;
    case 'integer': {
      if (masked) return SECRET_MASK;
      const n = Number(value.value);
      return Number.isSafeInteger(n) ? n : value.value;
    }
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map((item) => valueToJson(item, options, secret));
    case 'mapping': {
      // Under a secret key even the keys may be secret (a mis-parsed file can turn a value into a key).
      if (masked) return SECRET_MASK;
      const out: { [key: string]: Json } = {};
      for (const entry of value.entries) {
        const key = options.showSecrets ? entry.key : maskSecretInKey(entry.key, SECRET_MASK);
        // A key given twice keeps its first place with the last value, as in a Ruby Hash.
        out[key] = valueToJson(entry.value, options, isSecretKey(entry.key));
      }
      return out;
    }
    // An expression at a secret key may carry the secret as a fallback (`ENV.fetch('X', 'secret')`):
    // only the environment variable's name stays.
    // Elsewhere an expression the reader could not take apart (a provider list after an invisible
    // character, a list nested deeper than the parser goes) may still hold `app_secret: "..."`.
    case 'ruby':
      return { $ruby: masked ? maskExpressionLiterals(value.source) : options.showSecrets ? value.source : maskSecretText(value.source) };
    case 'erb':
      return { $erb: masked ? maskExpressionLiterals(value.source) : options.showSecrets ? value.source : maskSecretText(value.source) };
  }
}

function setPath(target: { [key: string]: Json }, path: string[], value: Json): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const existing = target[head];
  const child: { [key: string]: Json } =
    existing !== null && typeof existing === 'object' && !Array.isArray(existing) ? existing : {};
  target[head] = child;
  setPath(child, rest, value);
}
