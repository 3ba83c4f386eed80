import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrangeTokens } from './token.ts';

const ORANGE = 'https://api.orange.com';
const BASIC = `Basic ${Buffer.from('client-id:client-secret').toString('base64')}`;

let clock = new Date('2026-11-29T10:00:00Z');
const tokensWith = (marginMs?: number) =>
  createOrangeTokens({
    clientId: 'client-id',
    clientSecret: 'client-secret',
    baseUrl: ORANGE,
    timeoutMs: 300,
    fetch: (input, init) => fetch(input, init),
    now: () => clock,
    ...(marginMs === undefined ? {} : { marginMs }),
  });
const tokenReply = (token: string, expiresIn: unknown = '3600') => ({
  token_type: 'Bearer',
  access_token: token,
  expires_in: expiresIn,
});
const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.abortPendingRequests();
  nock.cleanAll();
  clock = new Date('2026-11-29T10:00:00Z');
});
afterAll(() => nock.enableNetConnect());

describe('Orange OAuth2 client-credentials token', () => {
  it('asks with Basic auth and grant_type=client_credentials, then serves the cached token', async () => {
    let body = '';
    const scope = nock(ORANGE)
      .matchHeader('authorization', BASIC)
      .matchHeader('content-type', 'application/x-www-form-urlencoded')
      .post(
        '/oauth/v3/token',
        (b: unknown) => ((body = typeof b === 'string' ? b : new URLSearchParams(b as Record<string, string>).toString()), true),
      )
      .once()
      .reply(200, tokenReply('tok-1'));
    const tokens = tokensWith();
    await expect(tokens.get()).resolves.toBe('tok-1');
    advance(3_000_000); // 50 min later: still valid
    await expect(tokens.get()).resolves.toBe('tok-1');
    expect(body).toBe('grant_type=client_credentials');
    expect(scope.isDone()).toBe(true);
  });

  it.each<[string, unknown, number, boolean]>([
    // expires_in as sent, time elapsed, renewed?
    ['a string lifetime, 58 min later', '3600', 58 * 60_000, false],
    ['a string lifetime, 59 min later (within the 60 s margin)', '3600', 59 * 60_000, true],
    ['a numeric lifetime', 3600, 59 * 60_000 + 1, true],
    ['the 90-day lifetime of the v2 docs', '7776000', 24 * 3_600_000, false],
    ['no lifetime: assume an hour', undefined, 60 * 60_000, true],
    ['a garbage lifetime: assume an hour', 'soon', 30 * 60_000, false],
    ['a short 100 s token renews 10 s early', '100', 91_000, true],
  ])('%s → renewed: %s', async (_name, expiresIn, elapsed, renewed) => {
    nock(ORANGE).post('/oauth/v3/token').reply(200, tokenReply('old', expiresIn));
    nock(ORANGE).post('/oauth/v3/token').reply(200, tokenReply('new'));
    const tokens = tokensWith();
    await tokens.get();
    advance(elapsed);
    await expect(tokens.get()).resolves.toBe(renewed ? 'new' : 'old');
  });

  it('shares one in-flight request among concurrent callers', async () => {
    const scope = nock(ORANGE).post('/oauth/v3/token').once().delay(50).reply(200, tokenReply('shared'));
    const tokens = tokensWith();
    const results = await Promise.all(Array.from({ length: 10 }, () => tokens.get()));
    expect(new Set(results)).toEqual(new Set(['shared']));
    expect(scope.isDone()).toBe(true);
  });

  it('renews after invalidate, but not when the refused token is already replaced', async () => {
    nock(ORANGE).post('/oauth/v3/token').reply(200, tokenReply('t1'));
    nock(ORANGE).post('/oauth/v3/token').reply(200, tokenReply('t2'));
    const tokens = tokensWith();
    await tokens.get();
    tokens.invalidate('t1');
    await expect(tokens.get()).resolves.toBe('t2');
    tokens.invalidate('t1'); // a late 401 for the old token from a concurrent send
    await expect(tokens.get()).resolves.toBe('t2');
  });

  it('retries the token request after a failure instead of caching it', async () => {
    nock(ORANGE).post('/oauth/v3/token').reply(503, 'busy');
    nock(ORANGE).post('/oauth/v3/token').reply(200, tokenReply('after-outage'));
    const tokens = tokensWith();
    await expect(tokens.get()).rejects.toMatchObject({ code: 'token_http_503', kind: 'retryable' });
    await expect(tokens.get()).resolves.toBe('after-outage');
  });

  it.each<[string, number, unknown, string, string]>([
    [
      'wrong credentials',
      401,
      {
        error: 'invalid_client',
        error_description: 'The requested service needs credentials, but the ones provided were invalid.',
      },
      'orange_auth_failed',
      'channel',
    ],
    ['a 200 without a token', 200, { token_type: 'Bearer' }, 'orange_auth_failed', 'channel'],
    ['a gateway error page', 502, '<html>Bad Gateway</html>', 'token_http_502', 'retryable'],
    ['too many requests', 429, { code: 53, message: 'Too many requests' }, 'token_http_429', 'throttled'],
  ])('fails on %s', async (_name, status, body, code, kind) => {
    nock(ORANGE)
      .post('/oauth/v3/token')
      .reply(status, body as nock.Body);
    const error = await tokensWith()
      .get()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code, kind });
    expect(String((error as Error).message)).not.toContain('client-secret');
  });

  it('times out on a slow token endpoint', async () => {
    nock(ORANGE).post('/oauth/v3/token').delay(2_000).reply(200, tokenReply('late'));
    await expect(tokensWith().get()).rejects.toMatchObject({ code: 'timeout', kind: 'retryable' });
  });
});
