/**
 * What GitLab ends up with when a file sets something several times.
 */
import type { SettingAssignment, OmniauthModel } from './types.js';

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
