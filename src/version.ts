/**
 * The package's own name, version and home, read from package.json once, so
 * `--version`, SARIF's tool.driver and links to the rule docs always agree
 * with what is installed.
 */
import { readFileSync } from 'node:fs';

interface PackageInfo {
  name: string;
  version: string;
}

let cached: PackageInfo | undefined;

/** package.json sits one level above both src/ and dist/. */
export function packageInfo(): PackageInfo {
  if (!cached) {
    const json = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageInfo;
    cached = { name: json.name, version: json.version };
  }
  return cached;
}

/** Where users read about the tool: its npm page. */
export const INFORMATION_URL = 'https://www.npmjs.com/package/gitlab-omniauth';

/**
 * A rule's documentation page as shipped in the npm package (docs/rules/),
 * pinned to the installed version so the page matches the check that ran.
 */
export function ruleDocsUrl(ruleId: string): string {
  const { name, version } = packageInfo();
  return `https://unpkg.com/${name}@${version}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
