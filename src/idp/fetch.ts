/**
 * Fetching an identity provider's documents (SAML metadata, OpenID Connect
 * discovery) and probing its endpoints: HTTPS with certificate verification
 * (the system's trusted CAs, or `ca` for a private CA: never by turning
 * verification off), a time limit, a size limit and a bounded number of
 * redirects. `http://` only when allowed. Every failure is one line of text
 * for the user, never an exception.
 */
import type { IncomingMessage } from 'node:http';

export interface FetchOptions {
  /** Allow `http://` URLs (and redirects to them). */
  allowHttp?: boolean;
  /** PEM certificate(s) to trust in addition to the system's (a private CA). */
  ca?: string | readonly string[];
  /** Milliseconds for the whole exchange, redirects included (default 10 s). */
  timeoutMs?: number;
  /** Largest body accepted, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Redirects followed at most (default 5). */
  maxRedirects?: number;
}

export type FetchResult =
  | { ok: true; status: number; url: string; body: string; contentType: string | undefined }
  | { ok: false; url: string; message: string; reason: FetchFailure };

export type FetchFailure = 'usage' | 'dns' | 'connect' | 'timeout' | 'tls' | 'http' | 'too-large' | 'redirects';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 1024 * 1024;
export const DEFAULT_MAX_REDIRECTS = 5;

/** GETs `url`; any HTTP status is a result (`ok: true`): callers decide what an answer means. */
export async function fetchUrl(url: string, options: FetchOptions = {}): Promise<FetchResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = Date.now() + timeoutMs;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  let current = url;
  for (let redirects = 0; ; redirects++) {
    let parsed: URL;
    try {
      parsed = new URL(current);
    } catch {
      return { ok: false, url: current, message: `${current} is not a URL`, reason: 'usage' };
    }
    if (parsed.protocol === 'http:' && !options.allowHttp) {
      const how = current === url ? '' : ` (redirected from ${url})`;
      return { ok: false, url: current, message: `${current}${how} is plain http: the document could be altered on the way; use https, or --allow-http`, reason: 'usage' };
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      return { ok: false, url: current, message: `${current}: only https (and http with --allow-http) URLs can be fetched`, reason: 'usage' };
    }
    const answer = await getOnce(parsed, options, deadline - Date.now(), timeoutMs);
    if (!answer.ok) return answer;
    const location = answer.location;
    if (answer.status >= 300 && answer.status < 400 && location !== undefined) {
      if (redirects >= maxRedirects) return { ok: false, url: current, message: `${url}: more than ${maxRedirects} redirects`, reason: 'redirects' };
      current = new URL(location, parsed).toString();
      continue;
    }
    return { ok: true, status: answer.status, url: current, body: answer.body, contentType: answer.contentType };
  }
}

type OnceResult =
  | { ok: true; status: number; location: string | undefined; body: string; contentType: string | undefined }
  | Extract<FetchResult, { ok: false }>;

async function getOnce(url: URL, options: FetchOptions, remainingMs: number, timeoutMs: number): Promise<OnceResult> {
  const fail = (message: string, reason: FetchFailure): OnceResult => ({ ok: false, url: url.toString(), message, reason });
  const seconds = `${Math.round(timeoutMs / 100) / 10} s`;
  if (remainingMs <= 0) return fail(`${url.host} did not answer within ${seconds}`, 'timeout');
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const transport = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise<OnceResult>((resolve) => {
    let settled = false;
    const finish = (result: OnceResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = transport.get(
      url,
      {
        headers: { accept: 'application/json, application/samlmetadata+xml, application/xml, text/xml;q=0.9, */*;q=0.5', 'user-agent': 'gitlab-omniauth' },
        ...(url.protocol === 'https:' && options.ca !== undefined ? { ca: typeof options.ca === 'string' ? options.ca : [...options.ca] } : {}),
        // One exchange per request: no connection pooling that could outlive the command.
        agent: false,
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        const location = response.headers.location;
        if (status >= 300 && status < 400 && location !== undefined) {
          finish({ ok: true, status, location, body: '', contentType: undefined });
          return;
        }
        const declared = Number(response.headers['content-length'] ?? NaN);
        if (declared > maxBytes) {
          finish(fail(`${url} is larger than ${describeBytes(maxBytes)}`, 'too-large'));
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) finish(fail(`${url} is larger than ${describeBytes(maxBytes)}`, 'too-large'));
          else chunks.push(chunk);
        });
        response.on('end', () => finish({ ok: true, status, location: undefined, body: Buffer.concat(chunks).toString('utf8'), contentType: response.headers['content-type'] }));
        response.on('error', (error) => finish(fail(describeNetworkError(url, error), classify(error))));
      },
    );
    const timer = setTimeout(() => finish(fail(`${url.host} did not answer within ${seconds}`, 'timeout')), remainingMs);
    request.on('error', (error) => finish(fail(describeNetworkError(url, error), classify(error))));
  });
}

function describeBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : '';
}

function classify(error: unknown): FetchFailure {
  const code = errorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (TLS_CODES.test(code)) return 'tls';
  return 'connect';
}

/** One line saying what went wrong, in the user's terms. */
function describeNetworkError(url: URL, error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  switch (classify(error)) {
    case 'dns':
      return `cannot resolve ${url.hostname}: no such host (DNS)`;
    case 'tls':
      return `${url.host}: the TLS certificate is not trusted (${code || message}); give the CA that signed it (NODE_EXTRA_CA_CERTS=ca.pem) rather than turning verification off`;
    default:
      if (code === 'ECONNREFUSED') return `${url.host} refused the connection`;
      if (code === 'ECONNRESET') return `${url.host} closed the connection`;
      return `cannot fetch ${url}: ${message}`;
  }
}
