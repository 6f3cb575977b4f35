/**
 * gitlab.rb Ruby as a Docker Compose `environment:` entry, ready to paste
 * under a GitLab service: `GITLAB_OMNIBUS_CONFIG` as a literal block, every
 * `$` doubled (Compose interpolates `$` before the container sees the value),
 * and one `VAR: ${VAR}` line for each variable the Ruby reads with `ENV[...]`,
 * which the container only has when the service passes it.
 */

/** `ENV['X']`, `ENV["X"]`, `ENV.fetch('X'...)`. */
const ENV_READ = /\bENV(?:\[\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\1\s*\]|\.fetch\(\s*(['"])([A-Za-z_][A-Za-z0-9_]*)\3)/g;

/** The variables a piece of Ruby reads from its environment, in order of first use. */
export function envVariablesRead(ruby: string): string[] {
  return [...new Set([...ruby.matchAll(ENV_READ)].map((m) => m[2] ?? m[4] ?? ''))];
}

export function composeEnvironmentEntry(ruby: string): string {
  const body = ruby
    .replace(/\n+$/, '')
    .split('\n')
    // The section's "apply with gitlab-ctl reconfigure" is for a host: a container applies it when it is recreated.
    .filter((line) => !line.startsWith('# Apply with:'))
    .map((line) => (line === '' ? '' : `    ${line.replaceAll('$', '$$$$')}`));
  const passed = envVariablesRead(ruby).map((variable) => `  ${variable}: \${${variable}}`);
  return ['environment:', '  GITLAB_OMNIBUS_CONFIG: |', ...body, ...passed].join('\n') + '\n';
}
