/**
 * Which `render` flag fills a provider value: findings about a placeholder
 * or a missing key say it (`set it with --arg client_options.identifier=ID`),
 * so the fix is one command away. Secrets are pointed at the `-env` flags:
 * the value then stays out of the file.
 */
import { isSecretKey } from '../model/settings.js';

const TOP_LEVEL_FLAGS: Record<string, string> = {
  name: '--name NAME',
  label: '--label TEXT',
  icon: '--icon URL',
  app_id: '--app-id ID',
  app_secret: '--app-secret-env VAR',
};

/** The hint for the provider value at config path `path` (`omniauth.providers[0].args.scope`), or undefined. */
export function fillFlagHint(path: string): string | undefined {
  const relative = /\.providers\[\d+\]\.([^[\]]+)$/.exec(path)?.[1];
  if (relative === undefined) return undefined;
  const keys = relative.split('.');
  const last = keys[keys.length - 1] ?? '';
  const secret = isSecretKey(last);
  let flag: string | undefined;
  if (keys[0] === 'args' && keys.length > 1) {
    const key = keys.slice(1).join('.');
    flag = secret ? `--arg-env ${key}=VAR` : `--arg ${key}=${valueWord(last)}`;
  } else if (keys.length === 1 && TOP_LEVEL_FLAGS[last] !== undefined) {
    flag = TOP_LEVEL_FLAGS[last];
  } else {
    flag = secret ? `--field-env ${relative}=VAR` : `--field ${relative}=${valueWord(last)}`;
  }
  return secret ? `set it with ${flag}, read from the environment variable VAR` : `set it with ${flag}`;
}

/** What the value is, in the flag's example: `--arg client_options.identifier=ID`. */
function valueWord(key: string): string {
  if (/(^|_)(id|identifier)$/.test(key)) return 'ID';
  if (/(url|uri|issuer|site|endpoint|domain)$/.test(key)) return 'URL';
  if (/fingerprint$/.test(key)) return 'FINGERPRINT';
  return 'VALUE';
}
