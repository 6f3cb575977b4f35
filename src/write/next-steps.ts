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

/** What a chart values edit needs next: the Secrets in the cluster, then the chart upgraded with the values. */
export function chartNextSteps(valuesFile: string, target: { secrets: ReadonlyArray<{ name: string; key: string }>; secretFile?: { name: string } }, shown: boolean): string {
  const lines = ['Next steps:'];
  let step = 1;
  if (target.secrets.length > 0) {
    const names = target.secrets.map((s) => s.name).join(', ');
    if (target.secretFile) {
      lines.push(`  ${step++}. Create or update the Secret${target.secrets.length === 1 ? '' : 's'} ${names}: kubectl apply -n NAMESPACE -f ${target.secretFile.name}`);
    } else {
      lines.push(`  ${step++}. Create or update the Secret${target.secrets.length === 1 ? '' : 's'} ${names} from the manifest printed above${shown ? '' : ' (run with --show-secrets, or --secret-file FILE, for the real values)'}: kubectl apply -n NAMESPACE -f FILE`);
    }
    const first = target.secrets[0] as { name: string; key: string };
    lines.push(`     (or from a provider file: kubectl create secret generic -n NAMESPACE ${first.name} --from-file=${first.key}=provider.yaml)`);
  }
  lines.push(`  ${step}. Apply the values: helm upgrade RELEASE gitlab/gitlab -n NAMESPACE -f ${valuesFile}`);
  return lines.join('\n') + '\n';
}
