/**
 * What the CLI needs from the outside world, passed in so tests drive the CLI
 * in-process without spawning it.
 */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Reads all of standard input (for `-` arguments) as UTF-8 text; throws a
   * UsageError when it is not UTF-8 or longer than `maxBytes`.
   */
  readStdin(maxBytes?: number): Promise<string>;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (colour, hints). */
  stdoutIsTTY: boolean;
}

/** A problem with how the tool was called or with a file it could not use: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export const EXIT_OK = 0;
/** Errors found (or too many warnings, or `--check` found a change). */
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** A bug in gitlab-omniauth itself (reported in one line; GITLAB_OMNIAUTH_DEBUG=1 shows the stack). */
export const EXIT_INTERNAL = 3;
