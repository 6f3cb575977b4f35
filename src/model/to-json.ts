/**
 * The model as plain JSON, for `show --json` and for comparing with what real
 * Ruby or Psych make of the same file. Literals map to JSON (symbols become
 * strings, as GitLab sees them); expressions the tool does not evaluate become
 * `{"$ruby": source}` / `{"$erb": source}`; secret literals are masked unless
 * asked for.
 */
import { isSecretKey } from './settings.js';
import type { ConfigValue, OmniauthModel, SettingAssignment } from './types.js';

export const SECRET_MASK = '********';

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
  for (const [name, setting] of effectiveSettings(model)) {
    if (name === 'providers') continue;
    // Known nested settings (`cas3.session_duration`) nest as in gitlab.yml; any other key stays as written.
    const path = setting.known ? name.split('.') : [name];
    setPath(omniauth, path, valueToJson(setting.value, options));
  }
  const providersSetting = effectiveSettings(model).get('providers');
  if (model.providers) {
    omniauth.providers = model.providers.map((item) => valueToJson(item.value, options));
  } else if (providersSetting) {
    omniauth.providers = valueToJson(providersSetting.value, options);
  }
  const json: ModelJson = {
    file: model.file,
    format: model.format,
    shape: model.shape,
    external_url: model.externalUrl ? externalUrlJson(model) : null,
    omniauth,
  };
  if (model.env) json.env = model.env;
  return json;
}

function externalUrlJson(model: OmniauthModel): Json {
  const ext = model.externalUrl;
  if (!ext) return null;
  if (ext.url !== null) return ext.url;
  return ext.value ? valueToJson(ext.value, {}) : null;
}

/**
 * The assignment that decides each setting: the last `=` in file order, as
 * when Ruby runs gitlab.rb top to bottom. Appends (`<<`, `.push`, `+=`,
 * `.concat`) after it are folded into one array value so the result is what
 * GitLab ends up with; the providers list is folded by the reader itself
 * (`model.providers`).
 */
export function effectiveSettings(model: OmniauthModel): Map<string, SettingAssignment> {
  const result = new Map<string, SettingAssignment>();
  for (const setting of model.settings) {
    const current = result.get(setting.name);
    if (setting.operation === 'assign') {
      result.set(setting.name, setting);
      continue;
    }
    const added = setting.operation === 'concat' && setting.value.kind === 'array' ? setting.value.items : [setting.value];
    if (!current) {
      // An append with no assignment before it starts from an empty list.
      result.set(setting.name, { ...setting, value: { kind: 'array', items: added, range: setting.value.range, path: setting.value.path } });
    } else if (current.value.kind === 'array') {
      result.set(setting.name, { ...current, value: { ...current.value, items: [...current.value.items, ...added] } });
    }
    // Appending to a value the tool cannot see into leaves that (opaque) value in place.
  }
  return result;
}

export function valueToJson(value: ConfigValue, options: JsonOptions = {}, secret = false): Json {
  switch (value.kind) {
    case 'string':
    case 'symbol':
      return secret && !options.showSecrets ? SECRET_MASK : value.value;
    case 'integer': {
      if (secret && !options.showSecrets) return SECRET_MASK;
      const n = Number(value.value);
      return Number.isSafeInteger(n) ? n : value.value;
    }
    case 'float':
      return secret && !options.showSecrets ? SECRET_MASK : value.value;
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array':
      return value.items.map((item) => valueToJson(item, options, secret));
    case 'mapping': {
      const out: { [key: string]: Json } = {};
      for (const entry of value.entries) {
        // A key given twice keeps its first place with the last value, as in a Ruby Hash.
        out[entry.key] = valueToJson(entry.value, options, secret || isSecretKey(entry.key));
      }
      return out;
    }
    case 'ruby':
      return { $ruby: value.source };
    case 'erb':
      return { $erb: value.source };
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
