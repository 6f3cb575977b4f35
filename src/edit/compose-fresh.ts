/**
 * `render --format docker`: the OmniAuth part of a gitlab.rb, gitlab.yml or
 * provider file (or of the flags alone) as a Compose `environment:` entry to
 * paste under the GitLab service. The Ruby is the fresh gitlab.rb section;
 * the entry escapes it for Compose (render/compose-entry.ts).
 */
import type { EditRequest } from './provider-input.js';
import { renderFresh, type RenderFreshOptions, type RenderFreshResult } from './fresh.js';
import { effectiveAssignment } from './merge.js';
import { readConfig } from '../read/index.js';

export async function renderComposeEntry(request: EditRequest, options: Omit<RenderFreshOptions, 'format'>): Promise<RenderFreshResult> {
  if (options.source) {
    const { text, file, format, env } = options.source;
    const { model } = await readConfig(text, { file, ...(format ? { format } : {}), ...(env ? { env } : {}) });
    const list = effectiveAssignment(model, 'providers');
    // Leaving out a list the tool cannot read would drop every provider in it from the entry.
    if (model.providers === null && list) {
      return { status: 'refused', message: `the provider list in ${file} (line ${list.statementRange.start.line}) is not a literal gitlab-omniauth can read, so it cannot be carried into the entry`, reasons: [], diagnostics: [] };
    }
  }
  const result = await renderFresh(request, { ...options, format: 'omnibus' });
  if (result.status !== 'ok') return result;
  const { composeEnvironmentEntry } = await import('../render/compose-entry.js');
  return { ...result, section: composeEnvironmentEntry(result.section) };
}
