/**
 * The URLs an administrator registers at the identity provider (DOMAIN.md §5):
 * `<external_url>/users/auth/<name>/callback` for most providers, with the
 * documented exceptions (GitHub and Bitbucket register the prefix
 * `/users/auth`; GitLab.com also needs the importer's callback; Google also
 * `/-/google_api/auth/callback`; SAML also its metadata URL and entity ID).
 *
 * external_url is taken the way Omnibus reads it: the host's letter case as
 * typed (some identity providers compare redirect URIs byte for byte), no
 * default port, and one trailing `/` of the relative URL root stripped
 * (`chomp('/')`); a relative URL root and a non-default port stay.
 */
import type { MappingValue, OmniauthModel } from '../model/types.js';
import type { SourceRange } from '../text/source-text.js';
import { argsMapping, literalAt, providerByName, resolveStrategy, type ProviderSpec } from './providers.js';

export interface CallbackUrl {
  url: string;
  purpose: string;
  /** When the URL matters, if not always (`only before GitLab 16.0`). */
  note?: string;
}

/** Shown in place of external_url when the file does not say it. */
export const EXTERNAL_URL_PLACEHOLDER = '<external_url>';

/** Scheme, authority as typed, path as typed: what `URI(external_url)` gives Omnibus. */
const URL_PARTS = /^\s*([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;

/**
 * `https://GitLab.example.com:443/gitlab/` → `https://GitLab.example.com/gitlab`:
 * the base GitLab builds its callback URLs on; null when it is not an
 * absolute http(s) URL.
 */
export function externalUrlBase(externalUrl: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(externalUrl.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username || parsed.password || parsed.search || parsed.hash) return null;
  const typed = URL_PARTS.exec(externalUrl);
  const typedHost = typed?.[2]?.replace(/:\d*$/, '') ?? parsed.hostname;
  // The parser lowercases the host; Omnibus keeps it as typed. Same host otherwise (no IDN or escapes rewritten).
  const host = typedHost.toLowerCase() === parsed.hostname ? typedHost : parsed.hostname;
  const root = (typed?.[3] ?? parsed.pathname).replace(/\/$/, '');
  return `${parsed.protocol}//${host}${parsed.port ? `:${parsed.port}` : ''}${root === '/' ? '' : root}`;
}

/**
 * The same base with the host lowercased, for comparing URLs (host names
 * are case-insensitive); null when it is not an absolute http(s) URL.
 */
export function normalizeExternalUrl(externalUrl: string): string | null {
  const base = externalUrlBase(externalUrl);
  if (base === null) return null;
  return base.replace(/^(https?:\/\/)([^/]*)/, (_, scheme: string, host: string) => `${scheme}${host.toLowerCase()}`);
}

function join(base: string, path: string): string {
  if (path === '') return base;
  return base.endsWith('/') && path.startsWith('/') ? base + path.slice(1) : base + path;
}

export interface CallbackOptions {
  /** Catalog entry whose rules apply (for a custom name with strategy_class); default: by name. */
  strategy?: ProviderSpec | null;
  /** SAML: the configured entity ID (args.issuer), shown instead of external_url. */
  entityId?: string;
}

/**
 * The callback URLs for one provider name. `externalUrl` may be a real URL
 * (normalized) or the `<external_url>` placeholder; anything else gives no
 * URLs. Unknown names get the default `/users/auth/<name>/callback`.
 */
export function callbackUrls(providerName: string, externalUrl: string, options: CallbackOptions = {}): CallbackUrl[] {
  const base = externalUrl === EXTERNAL_URL_PLACEHOLDER ? externalUrl : externalUrlBase(externalUrl);
  if (base === null) return [];
  const spec = options.strategy === undefined ? providerByName(providerName) : options.strategy;
  const rules = spec?.callbacks ?? [{ path: '/users/auth/{name}/callback', purpose: 'callback (redirect) URL' }];
  return rules.map((rule) => {
    if (rule.path === '' && options.entityId !== undefined) return { url: options.entityId, purpose: rule.purpose };
    const url = { url: join(base, rule.path.replace('{name}', providerName)), purpose: rule.purpose };
    return rule.note ? { ...url, note: rule.note } : url;
  });
}

export interface ProviderCallbacks {
  name: string;
  /**
   * `args.name` when it differs from `name`: OmniAuth answers at
   * `/users/auth/<args.name>/callback`, so the callbacks use it.
   */
  argsName?: string;
  /** The catalog entry whose rules were used (null: unknown provider, default rule). */
  strategy: ProviderSpec | null;
  callbacks: CallbackUrl[];
  range: SourceRange;
}

export interface ModelCallbacks {
  /** The normalized external URL, or the placeholder when the file does not give one. */
  externalUrl: string;
  /** Why the placeholder is used (not set, not a literal, not a valid URL). */
  externalUrlProblem?: string;
  providers: ProviderCallbacks[];
  /** Provider entries without a literal name (a Helm secret reference, an expression): not shown. */
  unnamed: number;
}

function baseOf(model: OmniauthModel, override?: string): { base: string; problem?: string } {
  if (override !== undefined) {
    const normalized = externalUrlBase(override);
    return normalized === null
      ? { base: EXTERNAL_URL_PLACEHOLDER, problem: `${JSON.stringify(override)} is not an absolute http(s) URL` }
      : { base: normalized };
  }
  const ext = model.externalUrl;
  if (!ext) {
    return {
      base: EXTERNAL_URL_PLACEHOLDER,
      problem: model.format === 'omnibus' ? 'the file does not set external_url' : 'the file does not set gitlab.host',
    };
  }
  if (ext.url === null) return { base: EXTERNAL_URL_PLACEHOLDER, problem: 'external_url is computed by an expression the tool does not evaluate' };
  const normalized = externalUrlBase(ext.url);
  if (normalized === null) return { base: EXTERNAL_URL_PLACEHOLDER, problem: `external_url ${JSON.stringify(ext.url)} is not an absolute http(s) URL` };
  return { base: normalized };
}

/**
 * The normalized external URL the file states (external_url, or gitlab.host
 * and friends in gitlab.yml), or null when it gives none GitLab could use.
 */
export function externalBaseUrl(model: OmniauthModel): string | null {
  const { base, problem } = baseOf(model);
  return problem === undefined ? base : null;
}

/**
 * For every configured provider (literal mappings with a literal name), its
 * callback URLs; `externalUrl` overrides what the file says.
 */
export function callbacksForModel(model: OmniauthModel, externalUrl?: string): ModelCallbacks {
  const { base, problem } = baseOf(model, externalUrl);
  const providers: ProviderCallbacks[] = [];
  let unnamed = 0;
  for (const item of model.providers ?? []) {
    const mapping: MappingValue | null = item.value.kind === 'mapping' ? item.value : null;
    const name = mapping ? literalAt(mapping, 'name') : undefined;
    if (!mapping || name === undefined) {
      unnamed++;
      continue;
    }
    const { spec } = resolveStrategy(mapping);
    const args = argsMapping(mapping);
    const issuer = spec?.protocol === 'saml' && args ? literalAt(args, 'issuer') : undefined;
    const options: CallbackOptions = { strategy: spec };
    if (issuer !== undefined) options.entityId = issuer;
    // The strategy's own name option decides the path OmniAuth serves.
    const argsName = args ? literalAt(args, 'name') : undefined;
    const served = argsName !== undefined && argsName !== '' && argsName !== name ? argsName : undefined;
    providers.push({
      name,
      ...(served !== undefined ? { argsName: served } : {}),
      strategy: spec,
      callbacks: callbackUrls(served ?? name, base, options),
      range: mapping.range,
    });
  }
  return { externalUrl: base, ...(problem ? { externalUrlProblem: problem } : {}), providers, unnamed };
}
