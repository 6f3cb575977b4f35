/**
 * A preset's values that the target file determines: the callback (ACS,
 * redirect) URL `<external_url>/users/auth/<name>/callback` and the SAML
 * issuer, from external_url in gitlab.rb or gitlab.host/port/https/
 * relative_url_root in gitlab.yml. Without a usable external URL the docs'
 * host stays, with the provider's own name in the path. Values the user gave
 * (`--arg issuer=...`) are never replaced.
 */
import { externalBaseUrl } from '../catalog/callbacks.js';
import type { OmniauthModel } from '../model/types.js';
import type { PlainValue } from '../model/plain.js';
import { getEntry, isMapping, providerName, setPath, str, type PlainMapping } from './plain-ops.js';
import type { EditRequest, ProviderUpsert } from './provider-input.js';
import { presetBinding, type PresetBinding } from './presets.js';

export function bindPresetsToFile(request: EditRequest, model: OmniauthModel): EditRequest {
  const base = externalBaseUrl(model);
  return { ...request, upserts: request.upserts.map((upsert) => bindUpsert(upsert, base)) };
}

function bindUpsert(upsert: ProviderUpsert, base: string | null): ProviderUpsert {
  if (upsert.preset === undefined) return upsert;
  const binding = presetBinding(upsert.preset);
  const name = providerName(upsert.entry);
  const root = base ?? binding.docsBase;
  if (!binding.urls || name === null || root === undefined) return upsert;
  let entry = upsert.entry;
  for (const url of binding.urls) {
    if (upsert.given && valueAt(upsert.given, url.path) !== undefined) continue;
    entry = setPath(entry, url.path, str(urlFor(url.value, root, name)));
  }
  return { ...upsert, entry };
}

function urlFor(kind: NonNullable<PresetBinding['urls']>[number]['value'], root: string, name: string): string {
  switch (kind) {
    case 'callback':
      return `${root}/users/auth/${name}/callback`;
    case 'external_url':
      return root;
    case 'auth_prefix':
      return `${root}/users/auth/`;
  }
}

function valueAt(mapping: PlainMapping, path: readonly string[]): PlainValue | undefined {
  let current: PlainValue | undefined = mapping;
  for (const key of path) current = isMapping(current) ? getEntry(current, key) : undefined;
  return current;
}
