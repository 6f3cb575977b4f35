/**
 * `render --format helm`: the OmniAuth configuration of a gitlab.rb, gitlab.yml
 * or provider file (with the request merged in) as the GitLab Helm chart takes
 * it. The providers and settings are those of the gitlab.yml GitLab would run
 * with: for a gitlab.rb, the one `gitlab-ctl reconfigure` writes (the same
 * conversion as `--format source`), read back.
 */
import { toPlain } from '../model/plain.js';
import { RenderError, renderErrorDiagnostic } from '../render/errors.js';
import type { HelmOptions, HelmRendering } from '../render/helm.js';
import { renderFresh, type RenderFreshOptions, type RenderFreshResult } from './fresh.js';
import { effectiveSettings } from './merge.js';
import type { EditRequest } from './provider-input.js';

export type RenderHelmResult = (Extract<RenderFreshResult, { status: 'ok' }> & { helm: HelmRendering }) | Extract<RenderFreshResult, { status: 'refused' }>;

export async function renderHelmFresh(request: EditRequest, options: Omit<RenderFreshOptions, 'format'> & HelmOptions): Promise<RenderHelmResult> {
  const result = await renderFresh(request, { ...options, format: 'source' });
  if (result.status !== 'ok') return result;
  const { renderHelm } = await import('../render/helm.js');
  const settings = effectiveSettings(result.model);
  const providers = (result.model.providers ?? []).map((p) => toPlain(p.value));
  try {
    const helm = renderHelm({ settings, providers }, options);
    if (/<%=\s*ENV\[/.test(helm.secrets.map((s) => s.text).join(''))) {
      helm.notes.push("a provider reads a secret with ENV['...']: the webservice and sidekiq pods must have that variable (global.extraEnvFrom), or put the value itself into the Secret");
    }
    return { ...result, helm };
  } catch (error) {
    if (error instanceof RenderError) return { status: 'refused', message: error.message, reasons: [], diagnostics: [renderErrorDiagnostic(error, 'output')] };
    throw error;
  }
}
