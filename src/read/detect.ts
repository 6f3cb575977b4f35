/**
 * Which reader a file needs. The file name decides when it says (`.rb`,
 * `.yml`, `.yaml`, `.json`); otherwise the content does: gitlab.rb material
 * has `gitlab_rails[...]`, `external_url` or Ruby hash rockets. A Docker
 * Compose file setting `GITLAB_OMNIBUS_CONFIG` is gitlab.rb material too.
 */
import type { Format } from '../model/types.js';

/**
 * Indentation before a line's first token: horizontal white space only. `\s*`
 * after `^` in a multiline pattern also crosses line breaks, so every blank
 * line starts a scan over the rest of the blank run: quadratic on the comment-
 * stripped gitlab.rb.template. A sign found after `^\s*` is found after
 * this too (at the last line start before it), so the detection is the same.
 */
const INDENT = String.raw`[^\S\n\r\u2028\u2029]*`;

const RUBY_SIGNS = [
  new RegExp(String.raw`^${INDENT}[a-z_]+\[['"][^'"]+['"]\]\s*(=|<<|\.)`, 'm'), // gitlab_rails['x'] = / << / .push
  new RegExp(String.raw`^${INDENT}external_url\b`, 'm'),
  /['":\w]\s*=>\s*/, // hash rocket
];

/** A YAML key or list item `GITLAB_OMNIBUS_CONFIG` (not a comment): a Docker Compose file configuring GitLab. */
const COMPOSE_SIGN = /^[ \t]*(?:-[ \t]+)?["']?GITLAB_OMNIBUS_CONFIG["']?[ \t]*[:=]/m;

/**
 * Whether a file is a Docker Compose file whose `GITLAB_OMNIBUS_CONFIG` holds
 * gitlab.rb Ruby (DOMAIN.md §6). A textual check, so a plain gitlab.yml costs
 * nothing more; a `.rb` file is never one.
 */
export function isDockerCompose(fileName: string, text: string): boolean {
  return !fileName.toLowerCase().endsWith('.rb') && text.includes('GITLAB_OMNIBUS_CONFIG') && COMPOSE_SIGN.test(text);
}

export function detectFormat(fileName: string, text: string): Format {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.rb')) return 'omnibus';
  // Its settings are gitlab.rb Ruby, whatever the file is called.
  if (isDockerCompose(fileName, text)) return 'omnibus';
  if (lower.endsWith('.yml') || lower.endsWith('.yaml') || lower.endsWith('.json')) return 'source';
  const code = text.replace(new RegExp(String.raw`^${INDENT}#.*$`, 'gm'), '');
  return RUBY_SIGNS.some((sign) => sign.test(code)) ? 'omnibus' : 'source';
}

/** A YAML stream with a `kind: Secret` document: a Kubernetes Secret manifest (a Helm chart's provider blocks). */
export function isSecretManifest(text: string): boolean {
  return /^kind:[ \t]*["']?Secret["']?[ \t]*\r?$/m.test(text);
}

/**
 * GitLab Helm chart values (DOMAIN.md §6): a top-level `global:` key (gitlab.yml
 * has none), or a file named like the chart's values (values.yaml,
 * values-production.yaml) that is not a Secret manifest.
 */
export function isChartValues(fileName: string, text: string): boolean {
  if (isSecretManifest(text) || isDockerCompose(fileName, text)) return false;
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  return /^global[ \t]*:/m.test(text) || /^values([-._][\w.-]*)?\.ya?ml$/i.test(base);
}
