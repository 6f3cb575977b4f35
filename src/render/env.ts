/**
 * Secrets kept in the environment: the one kind of expression both formats
 * can state exactly — `ENV['VAR']` in gitlab.rb, `<%= ENV['VAR'] %>` in
 * gitlab.yml (GitLab's ERB pass) — so the renderers translate between them.
 */
import { RenderError } from './errors.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NAME = '([A-Za-z_][A-Za-z0-9_]*)';
/** `ENV['VAR']`, `ENV["VAR"]`, `ENV.fetch('VAR')`. */
const ENV_EXPRESSION = new RegExp(`^ENV(?:\\[\\s*(['"])${NAME}\\1\\s*\\]|\\.fetch\\(\\s*(['"])${NAME}\\3\\s*\\))$`);
const ERB_OUTPUT = /^<%=\s*([\s\S]*?)\s*-?%>$/;

export function assertEnvName(variable: string, path: string): void {
  if (!ENV_NAME.test(variable)) {
    throw new RenderError(`${JSON.stringify(variable)} is not a valid environment variable name (letters, digits and _, not starting with a digit)`, path);
  }
}

/** `VAR` of a Ruby expression that is exactly an environment lookup, else null. */
export function rubyEnvVariable(source: string): string | null {
  const match = ENV_EXPRESSION.exec(source.trim());
  return match?.[2] ?? match?.[4] ?? null;
}

/** `VAR` of a whole-value `<%= ENV['VAR'] %>`, else null. */
export function erbEnvVariable(source: string): string | null {
  const inner = ERB_OUTPUT.exec(source.trim())?.[1];
  return inner === undefined ? null : rubyEnvVariable(inner);
}
