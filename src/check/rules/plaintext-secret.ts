/**
 * `plaintext-secret`: a secret (`app_secret`, `client_secret`, `secret`,
 * `private_key`, ...) written into the file as a literal. gitlab.rb and
 * gitlab.yml end up in backups, tickets and configuration repositories;
 * GitLab reads secrets from the environment just as well. A note, not a
 * warning: a literal secret works, it is only exposed.
 */
import { isSecretKey } from '../../model/settings.js';
import type { Rule } from '../rule.js';
import { placeholderIn } from './placeholder-value.js';
import { effectiveValues, isText, valueOf, walk } from './shared.js';

/** `GITLAB_OMNIAUTH_GITHUB_APP_SECRET`: the variable name suggested for a secret. */
export function envVariableFor(providerName: string | null, keys: readonly string[]): string {
  const parts = ['gitlab', 'omniauth', ...(providerName ? [providerName] : []), keys[keys.length - 1] ?? 'secret'];
  return parts
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/g, '_');
}

export const plaintextSecretRule: Rule = {
  meta: {
    id: 'plaintext-secret',
    severity: 'info',
    messages: {
      plaintext: '`{{key}}` is written in the file as plain text; read it from the environment instead',
    },
    docs: {
      description:
        'Notes secrets (`app_secret`, `client_secret`, `secret`, `password`, `private_key`, ...) written as literal values. The value itself is never printed.',
      why: 'gitlab.rb and gitlab.yml are copied into backups, support tickets and configuration repositories. A secret in them leaks with every copy, and rotating it means editing the file.',
      fix: 'gitlab.rb: `app_secret: ENV[\'GITLAB_OMNIAUTH_GITHUB_APP_SECRET\']`, with the variable set for `gitlab-ctl reconfigure`. gitlab.yml: `app_secret: "<%= ENV[\'GITLAB_OMNIAUTH_GITHUB_APP_SECRET\'] %>"` (GitLab runs ERB over gitlab.yml before reading it). `gitlab-omniauth render --app-secret-env VAR` writes either form.',
      url: 'https://docs.gitlab.com/integration/omniauth/',
    },
  },
  check(context) {
    const omnibus = context.model.format === 'omnibus';
    for (const { value: top } of effectiveValues(context.model)) {
      const name = valueOf(top, 'name');
      const providerName = isText(name) ? name.value : null;
      for (const { value, key, keys } of walk(top)) {
        if (key === null || !isSecretKey(key)) continue;
        if (value.kind !== 'string' && value.kind !== 'integer' && value.kind !== 'float') continue;
        if (value.kind === 'string' && value.value.trim() === '') continue;
        // A placeholder is not a secret yet: `placeholder-value` reports it.
        if (placeholderIn(value, key) !== null) continue;
        const variable = envVariableFor(providerName, keys);
        const hint = omnibus ? `use ENV['${variable}'] instead of the literal` : `use "<%= ENV['${variable}'] %>" instead of the literal`;
        context.report({ messageId: 'plaintext', data: { key }, range: value.range, path: value.path, hint });
      }
    }
  },
};
