// Orange's OAuth2 client-credentials token: fetched once, cached until shortly before it expires, shared by concurrent senders, renewed after a 401.
// POST {baseUrl}/oauth/v3/token, Basic auth with client id and secret, body grant_type=client_credentials;
// answer { token_type: 'Bearer', access_token, expires_in: '3600' } (a string in Orange's docs). Sources:
// developer.orange.com/apis/sms/getting-started; symfony/symfony Notifier Bridge OrangeSms/OrangeSmsTransport.php.
import { SendError } from '../types.ts';
import { OWN_ERRORS } from './statuses.ts';
import { requestJson, type FetchLike } from '../http.ts';

export interface OrangeTokenOptions {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  fetch: FetchLike;
  timeoutMs: number;
  now?: () => Date;
  /** Renew this long before expiry. Default 60 s (less for very short tokens). */
  marginMs?: number;
}

export interface OrangeTokens {
  /** A valid access token; at most one token request is in flight whatever the number of callers. */
  get(): Promise<string>;
  /** The API refused this token (401): forget it unless a newer one already replaced it. */
  invalidate(token: string): void;
}

const DEFAULT_MARGIN_MS = 60_000;
const DEFAULT_LIFETIME_S = 3600;

export function createOrangeTokens(options: OrangeTokenOptions): OrangeTokens {
  const now = options.now ?? (() => new Date());
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const basic = Buffer.from(`${options.clientId}:${options.clientSecret}`, 'utf8').toString('base64');
    const answer = await requestJson(
      options.fetch,
      `${options.baseUrl}/oauth/v3/token`,
      {
        method: 'POST',
        headers: {
          authorization: `Basic ${basic}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: 'grant_type=client_credentials',
      },
      options.timeoutMs,
    );
    if (answer.status === 429)
      throw new SendError('token_http_429', 'throttled', { message: 'Orange token endpoint asked to slow down' });
    if (answer.status >= 500)
      throw new SendError(`token_http_${answer.status}`, 'retryable', {
        message: `Orange token endpoint answered HTTP ${answer.status}`,
      });
    const body = (answer.json ?? {}) as { access_token?: unknown; expires_in?: unknown };
    if (answer.status !== 200 || typeof body.access_token !== 'string' || body.access_token === '') {
      // Wrong client id or secret, or an app without the SMS API: no retry will fix it. The body may echo credentials: not logged.
      throw new SendError('orange_auth_failed', OWN_ERRORS.orange_auth_failed.kind, {
        message: `Orange refused the client credentials (HTTP ${answer.status})`,
      });
    }
    const lifetimeMs = lifetimeSeconds(body.expires_in) * 1000;
    const margin = Math.min(options.marginMs ?? DEFAULT_MARGIN_MS, lifetimeMs / 10);
    cached = { token: body.access_token, renewAt: now().getTime() + lifetimeMs - margin };
    return body.access_token;
  }

  return {
    get() {
      if (cached && now().getTime() < cached.renewAt) return Promise.resolve(cached.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = null;
    },
  };
}

/** expires_in arrives as a number or a numeric string; anything else counts as Orange's documented hour. */
function lifetimeSeconds(raw: unknown): number {
  const seconds = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw.trim()) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LIFETIME_S;
}
