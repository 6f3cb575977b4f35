/**
 * Whether output to a terminal gets colours, decided the same way for every
 * command (https://no-color.org, https://force-color.org).
 */

/**
 * An explicit `--color`/`--no-color` wins; then NO_COLOR (any non-empty value),
 * then FORCE_COLOR (anything but `0`/`false`), then whether stdout is a terminal.
 */
export function wantsColor(env: Record<string, string | undefined>, isTTY: boolean, flag?: boolean): boolean {
  if (flag !== undefined) return flag;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return isTTY;
}

export const ansi = {
  bold: (s: string) => `\x1b[1m${s}\x1b[0m`,
  red: (s: string) => `\x1b[31m${s}\x1b[0m`,
  green: (s: string) => `\x1b[32m${s}\x1b[0m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[0m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[0m`,
} as const;
