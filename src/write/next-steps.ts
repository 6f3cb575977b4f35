/**
 * What the administrator must do after a write: apply the change (Omnibus
 * reconfigure, or a restart for source installs) and register the callback
 * URLs of the providers just added or changed at the identity provider.
 */
import { callbacksForModel } from '../catalog/callbacks.js';
import type { OmniauthModel } from '../model/types.js';

export interface ComposeService {
  service: string;
  /** Lines to add under the service's `environment:` for the ENV variables the new Ruby reads. */
  missingVariables: ReadonlyArray<{ variable: string; line: string }>;
}

export function nextSteps(model: OmniauthModel, changedProviders: readonly string[], compose?: ComposeService): string {
  const lines: string[] = ['Next steps:'];
  if (compose) {
    for (const { variable, line } of compose.missingVariables) {
      lines.push(`  - The Ruby reads ENV['${variable}']: pass it to the container, under services.${compose.service}.environment add:  ${line}`);
    }
    // The image runs reconfigure with GITLAB_OMNIBUS_CONFIG when the container is created, not on restart.
    lines.push(`  1. Apply the change (the container is recreated and reconfigures): docker compose up -d ${compose.service}`);
  } else {
    lines.push(
      model.format === 'omnibus'
        ? '  1. Apply the change: sudo gitlab-ctl reconfigure'
        : '  1. Restart GitLab to apply the change (for example: sudo systemctl restart gitlab.target, or sudo service gitlab restart)',
    );
  }
  const wanted = new Set(changedProviders);
  const callbacks = callbacksForModel(model);
  const shown = callbacks.providers.filter((p) => wanted.has(p.name) && p.callbacks.length > 0);
  if (shown.length > 0) {
    lines.push('  2. Register these URLs at the identity provider:');
    for (const provider of shown) {
      for (const cb of provider.callbacks) lines.push(`     ${provider.name}: ${cb.url}  (${cb.purpose}${cb.note ? `; ${cb.note}` : ''})`);
    }
    if (callbacks.externalUrlProblem) lines.push(`     (${callbacks.externalUrlProblem}: replace <external_url> with GitLab's URL)`);
  }
  return lines.join('\n') + '\n';
}
