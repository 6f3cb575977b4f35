/**
 * Compose interpolates `$VAR` and `${VAR}` in the whole GITLAB_OMNIBUS_CONFIG
 * value before the container's Ruby ever sees it, and turns `$$` into `$`.
 * So a Ruby string written as `'${GITHUB_SECRET}'` is not that text at run
 * time: it is whatever the host's environment (or `.env`) holds. Such values
 * become opaque expressions, like `ENV['X']` in a plain gitlab.rb, so no check
 * takes them for a literal (a plain-text secret, a placeholder); strings with
 * only `$$` get the single `$` Ruby really receives.
 */
import type { ConfigValue, RubyExpression } from '../../model/types.js';
import type { SourceText } from '../../text/source-text.js';

/** A Compose reference (`$VAR`, `${VAR}`, `${VAR:-default}`) once `$$` escapes are taken out. */
const REFERENCE = /\$(?:\{[A-Za-z_]|[A-Za-z_])/;

export function applyComposeInterpolation(roots: readonly ConfigValue[], file: SourceText): void {
  const seen = new Set<ConfigValue>();
  const visit = (value: ConfigValue): void => {
    if (seen.has(value)) return;
    seen.add(value);
    if (value.kind === 'array') value.items.forEach(visit);
    else if (value.kind === 'mapping') value.entries.forEach((e) => visit(e.value));
    else if (value.kind === 'string' || value.kind === 'symbol') interpolate(value, file);
  };
  roots.forEach(visit);
}

function interpolate(value: ConfigValue & { kind: 'string' | 'symbol' }, file: SourceText): void {
  if (!value.value.includes('$')) return;
  if (REFERENCE.test(value.value.replace(/\$\$/g, ''))) {
    // Changed in place: the same value object is shared by a setting and the provider list built from it.
    const opaque = value as unknown as RubyExpression;
    opaque.kind = 'ruby';
    opaque.source = file.slice(value.range);
    delete (opaque as { value?: string }).value;
  } else {
    value.value = value.value.replace(/\$\$/g, '$');
  }
}
