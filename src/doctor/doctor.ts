/**
 * `doctor`: the one check that talks to the network, and only when asked.
 * For each configured provider it asks the identity provider whether the
 * configuration still matches it: OpenID Connect discovery and JWKS, the SAML
 * SSO endpoint over valid TLS and (with the IdP's metadata) whether the
 * configured certificate is still the IdP's signing certificate, the
 * authorize endpoints of GitHub, GitLab.com and Google.
 */
import { literalAt, resolveStrategy, valueAt } from '../catalog/providers.js';
import { fetchUrl, type FetchOptions } from '../idp/fetch.js';
import { loadSamlIdp, type ReadFile } from '../idp/load.js';
import { discoveryUrl, parseDiscovery } from '../idp/oidc-discovery.js';
import { base64Body, fingerprint } from '../idp/pem.js';
import type { MappingValue, OmniauthModel } from '../model/types.js';

export type CheckStatus = 'ok' | 'problem' | 'skipped';

export interface DoctorCheck {
  check: string;
  status: CheckStatus;
  detail: string;
}

export interface ProviderDoctorReport {
  provider: string;
  checks: DoctorCheck[];
}

export interface DoctorOptions {
  fetch: FetchOptions;
  /** The IdP's SAML metadata (FILE or URL), to compare certificates with. */
  samlMetadata?: string;
  readFile: ReadFile;
}

/** Authorize endpoints of the hosted providers, and the client_options.site a self-hosted one is reached at. */
const AUTHORIZE: Record<string, { site: string; path: string }> = {
  github: { site: 'https://github.com', path: '/login/oauth/authorize' },
  gitlab: { site: 'https://gitlab.com', path: '/oauth/authorize' },
  google_oauth2: { site: 'https://accounts.google.com', path: '/o/oauth2/auth' },
};

export async function runDoctor(model: OmniauthModel, options: DoctorOptions): Promise<ProviderDoctorReport[]> {
  const reports: ProviderDoctorReport[] = [];
  for (const item of model.providers ?? []) {
    if (item.value.kind !== 'mapping') continue;
    const mapping = item.value;
    const name = literalAt(mapping, 'name');
    if (name === undefined) continue;
    const spec = resolveStrategy(mapping).spec;
    const args = valueAt(mapping, 'args');
    const argsMap = args?.kind === 'mapping' ? args : null;
    let checks: DoctorCheck[];
    if (spec?.protocol === 'openid_connect' && spec.name === 'openid_connect') checks = await oidcChecks(argsMap, options);
    else if (spec?.name === 'saml') checks = await samlChecks(argsMap, options);
    else if (spec && AUTHORIZE[spec.name]) checks = [await authorizeCheck(spec.name, argsMap, options)];
    else checks = [{ check: 'provider', status: 'skipped', detail: `doctor has no network check for ${spec?.name ?? 'this strategy'}` }];
    reports.push({ provider: name, checks });
  }
  return reports;
}

const ok = (check: string, detail: string): DoctorCheck => ({ check, status: 'ok', detail });
const problem = (check: string, detail: string): DoctorCheck => ({ check, status: 'problem', detail });
const skipped = (check: string, detail: string): DoctorCheck => ({ check, status: 'skipped', detail });

async function oidcChecks(args: MappingValue | null, options: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const options_ = args ? valueAt(args, 'client_options') : undefined;
  const redirect = options_?.kind === 'mapping' ? literalAt(options_, 'redirect_uri') : undefined;
  if (redirect === undefined) checks.push(skipped('redirect_uri', 'not a literal in the file'));
  else if (!/^https:\/\//i.test(redirect.trim())) checks.push(problem('redirect_uri', `${redirect} is not https: the authorization code travels in the clear`));
  else checks.push(ok('redirect_uri', 'https'));

  const issuer = args ? literalAt(args, 'issuer') : undefined;
  if (issuer === undefined) return [skipped('discovery', 'no literal issuer in the file'), ...checks];
  const url = discoveryUrl(issuer);
  const answer = await fetchUrl(url, options.fetch);
  if (!answer.ok) return [problem('discovery', answer.message), ...checks];
  if (answer.status !== 200) return [problem('discovery', `${url} answered HTTP ${answer.status}`), ...checks];
  const parsed = parseDiscovery(answer.body);
  if (!parsed.ok) return [problem('discovery', `${url}: ${parsed.message}`), ...checks];
  const discovery = parsed.discovery;
  checks.unshift(
    discovery.issuer === issuer
      ? ok('issuer', `matches ${url}`)
      : problem('issuer', `the provider says its issuer is ${discovery.issuer}, the file says ${issuer}: ID tokens will be rejected (they must be equal)`),
  );
  if (discovery.jwksUri === undefined) {
    checks.push(problem('jwks_uri', 'the discovery document has no jwks_uri'));
  } else {
    const jwks = await fetchUrl(discovery.jwksUri, options.fetch);
    if (!jwks.ok) checks.push(problem('jwks_uri', jwks.message));
    else if (jwks.status !== 200) checks.push(problem('jwks_uri', `${discovery.jwksUri} answered HTTP ${jwks.status}`));
    else checks.push(hasKeys(jwks.body) ? ok('jwks_uri', `${discovery.jwksUri} answers with keys`) : problem('jwks_uri', `${discovery.jwksUri} answers without a "keys" list`));
  }
  return checks;
}

function hasKeys(body: string): boolean {
  try {
    const data = JSON.parse(body) as { keys?: unknown };
    return Array.isArray(data.keys);
  } catch {
    return false;
  }
}

async function samlChecks(args: MappingValue | null, options: DoctorOptions): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [];
  const sso = args ? literalAt(args, 'idp_sso_target_url') : undefined;
  if (sso === undefined) {
    checks.push(skipped('idp_sso_target_url', 'not a literal in the file'));
  } else {
    const answer = await fetchUrl(sso, { ...options.fetch, maxRedirects: 0 });
    // The SSO endpoint answers a bare GET with an error page or a redirect: any HTTP answer over valid TLS is fine.
    checks.push(answer.ok ? ok('idp_sso_target_url', `answers (HTTP ${answer.status}) over valid TLS`) : problem('idp_sso_target_url', answer.message));
  }
  if (options.samlMetadata === undefined) {
    checks.push(skipped('certificate', 'give --saml-metadata to compare with the IdP\'s current signing certificate'));
    return checks;
  }
  const idp = await loadSamlIdp(options.samlMetadata, undefined, options.readFile, options.fetch);
  if (!idp.ok) return [...checks, problem('certificate', idp.message)];
  checks.push(compareCertificates(args, idp.value.signingCertificates));
  return checks;
}

/** The configured idp_cert, idp_cert_multi or fingerprint against the IdP's current signing certificates. */
function compareCertificates(args: MappingValue | null, current: readonly string[]): DoctorCheck {
  const cert = args ? literalAt(args, 'idp_cert') : undefined;
  const print = args ? literalAt(args, 'idp_cert_fingerprint') : undefined;
  const multi = args ? valueAt(args, 'idp_cert_multi') : undefined;
  const signing = multi?.kind === 'mapping' ? valueAt(multi, 'signing') : undefined;
  const configured: string[] = [];
  if (signing?.kind === 'array') for (const item of signing.items) if (item.kind === 'string') configured.push(item.value);
  if (cert !== undefined) configured.push(cert);
  if (print !== undefined) {
    const hex = print.replace(/[^0-9a-f]/gi, '').toUpperCase();
    const algorithm = hex.length === 40 ? 'sha1' : 'sha256';
    const match = current.some((c) => fingerprint(c, algorithm).replace(/:/g, '') === hex);
    return match ? ok('certificate', 'idp_cert_fingerprint matches the IdP\'s signing certificate') : problem('certificate', 'idp_cert_fingerprint matches none of the IdP\'s current signing certificates: the IdP rotated its key ("Fingerprint mismatch" at sign-in)');
  }
  if (configured.length === 0) return skipped('certificate', 'no literal idp_cert, idp_cert_multi or idp_cert_fingerprint in the file');
  const bodies = configured.map(base64Body);
  const match = bodies.some((b) => b !== null && current.includes(b));
  return match ? ok('certificate', 'the configured certificate is the IdP\'s signing certificate') : problem('certificate', 'the configured certificate is not among the IdP\'s current signing certificates: the IdP rotated its key');
}

async function authorizeCheck(strategy: string, args: MappingValue | null, options: DoctorOptions): Promise<DoctorCheck> {
  const endpoint = AUTHORIZE[strategy] as { site: string; path: string };
  const clientOptions = args ? valueAt(args, 'client_options') : undefined;
  const site = (clientOptions?.kind === 'mapping' ? literalAt(clientOptions, 'site') : undefined) ?? endpoint.site;
  const url = `${site.replace(/\/+$/, '')}${endpoint.path}`;
  const answer = await fetchUrl(url, { ...options.fetch, maxRedirects: 0 });
  return answer.ok ? ok('authorize', `${url} answers (HTTP ${answer.status})`) : problem('authorize', answer.message);
}

/** The table the CLI prints: one block per provider, one line per check. */
export function formatDoctorTable(reports: readonly ProviderDoctorReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(report.provider);
    const width = Math.max(...report.checks.map((c) => c.check.length));
    for (const c of report.checks) lines.push(`  ${c.check.padEnd(width)}  ${c.status.padEnd(7)}  ${c.detail}`);
  }
  return lines.length === 0 ? 'no providers to check\n' : `${lines.join('\n')}\n`;
}

export function hasProblems(reports: readonly ProviderDoctorReport[]): boolean {
  return reports.some((r) => r.checks.some((c) => c.status === 'problem'));
}
