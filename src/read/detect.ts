/**
 * Which reader a file needs. The file name decides when it says (`.rb`,
 * `.yml`, `.yaml`, `.json`); otherwise the content does: gitlab.rb material
 * has `gitlab_rails[...]`, `external_url` or Ruby hash rockets.
 */
import type { Format } from '../model/types.js';

const RUBY_SIGNS = [
  /^\s*[a-z_]+\[['"][^'"]+['"]\]\s*(=|<<|\.)/m, // gitlab_rails['x'] = / << / .push
  /^\s*external_url\b/m,
  /['":\w]\s*=>\s*/, // hash rocket
];

export function detectFormat(fileName: string, text: string): Format {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.rb')) return 'omnibus';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml') || lower.endsWith('.json')) return 'source';
  const code = text.replace(/^\s*#.*$/gm, '');
  return RUBY_SIGNS.some((sign) => sign.test(code)) ? 'omnibus' : 'source';
}
