import { describe, expect, it } from 'vitest';
import { createMemoryReplayGuard, verifyGatewaySignature, type ReplayGuard, type SignedRequest } from './signature.ts';
import { fixtureIds, fixtureRaw, signedHeaders } from './test-fixtures.ts';

const KEY = 'sabali-signing-key';
const NOW = new Date(1_782_727_200_000); // X-Timestamp 1782727200
const now = () => NOW;
const raw = fixtureRaw('asg-sms-received');
const good = signedHeaders(KEY, raw, NOW);

const verify = (request: SignedRequest, replay: ReplayGuard = createMemoryReplayGuard(now), keys: string | string[] = KEY) =>
  verifyGatewaySignature(request, { keys, replay, now });

describe('verifyGatewaySignature', () => {
  it('matches a signature computed independently (Python hmac over the same bytes)', async () => {
    const signature = 'c972282eb1c278b3fd585977d3515d36ce45fc21f76336f182b4525fb5e52d7d';
    expect(good.signature).toBe(signature);
    await expect(verify({ rawBody: raw, signature, timestamp: '1782727200' })).resolves.toEqual({ ok: true });
  });

  it.each(fixtureIds())('accepts the app-signed %s', async (id) => {
    const body = fixtureRaw(id);
    await expect(verify({ rawBody: body, ...signedHeaders(KEY, body, NOW) })).resolves.toEqual({ ok: true });
  });

  it.each<[string, SignedRequest, string]>([
    ['no X-Signature', { rawBody: raw, signature: undefined, timestamp: good.timestamp }, 'signature_missing'],
    ['an empty X-Signature', { rawBody: raw, signature: ' ', timestamp: good.timestamp }, 'signature_missing'],
    ['no X-Timestamp', { rawBody: raw, signature: good.signature, timestamp: undefined }, 'timestamp_missing'],
    [
      'a timestamp in milliseconds',
      { rawBody: raw, signature: good.signature, timestamp: `${good.timestamp}000` },
      'timestamp_invalid',
    ],
    ['an ISO timestamp', { rawBody: raw, signature: good.signature, timestamp: NOW.toISOString() }, 'timestamp_invalid'],
    ['a wrong key', { rawBody: raw, ...signedHeaders('someone-else', raw, NOW) }, 'signature_invalid'],
    [
      'a tampered body',
      { rawBody: Buffer.from(raw.toString().replace('sweet', 'sour')), signature: good.signature, timestamp: good.timestamp },
      'signature_invalid',
    ],
    [
      'a body re-serialised after parsing (not the raw bytes)',
      { rawBody: JSON.stringify(JSON.parse(raw.toString()), null, 2), signature: good.signature, timestamp: good.timestamp },
      'signature_invalid',
    ],
    [
      'a timestamp swapped for another',
      { rawBody: raw, signature: good.signature, timestamp: String(Number(good.timestamp) - 1) },
      'signature_invalid',
    ],
    [
      'a truncated signature',
      { rawBody: raw, signature: good.signature.slice(0, 40), timestamp: good.timestamp },
      'signature_invalid',
    ],
    ['a signature that is not hex', { rawBody: raw, signature: 'z'.repeat(64), timestamp: good.timestamp }, 'signature_invalid'],
    [
      'a stale timestamp (6 minutes old)',
      { rawBody: raw, ...signedHeaders(KEY, raw, new Date(NOW.getTime() - 360_000)) },
      'timestamp_stale',
    ],
    [
      'a timestamp 6 minutes ahead',
      { rawBody: raw, ...signedHeaders(KEY, raw, new Date(NOW.getTime() + 360_000)) },
      'timestamp_stale',
    ],
  ])('refuses %s', async (_name, request, reason) => {
    await expect(verify(request)).resolves.toEqual({ ok: false, reason });
  });

  it.each([-299_000, 299_000])('allows %i ms of clock skew', async (skewMs) => {
    const at = new Date(NOW.getTime() + skewMs);
    await expect(verify({ rawBody: raw, ...signedHeaders(KEY, raw, at) })).resolves.toEqual({ ok: true });
  });

  it('accepts an upper-case hex signature', async () => {
    await expect(verify({ rawBody: raw, signature: good.signature.toUpperCase(), timestamp: good.timestamp })).resolves.toEqual({
      ok: true,
    });
  });

  it('verifies the raw bytes of a UTF-8 body (Bambara letters)', async () => {
    const body = fixtureRaw('asg-derived-received-malian-legacy');
    expect(body.toString()).toContain('Kɛlɛ');
    await expect(verify({ rawBody: body, ...signedHeaders(KEY, body, NOW) })).resolves.toEqual({ ok: true });
  });

  it('accepts any of several keys (one per phone) and refuses when none matches', async () => {
    const keys = ['orange-phone-key', KEY];
    await expect(verify({ rawBody: raw, ...good }, createMemoryReplayGuard(now), keys)).resolves.toEqual({ ok: true });
    await expect(verify({ rawBody: raw, ...good }, createMemoryReplayGuard(now), ['a', 'b'])).resolves.toEqual({
      ok: false,
      reason: 'signature_invalid',
    });
  });

  it('refuses a replay of an accepted request, but not the app re-signing a retry', async () => {
    const guard = createMemoryReplayGuard(now);
    await expect(verify({ rawBody: raw, ...good }, guard)).resolves.toEqual({ ok: true });
    await expect(verify({ rawBody: raw, ...good }, guard)).resolves.toEqual({ ok: false, reason: 'replayed' });
    // The app's retry carries a new timestamp and so a new signature: accepted here, deduplicated by providerId later.
    const retry = signedHeaders(KEY, raw, new Date(NOW.getTime() + 10_000));
    await expect(verify({ rawBody: raw, ...retry }, guard)).resolves.toEqual({ ok: true });
  });

  it('asks the replay guard only about valid signatures, for twice the skew window', async () => {
    const calls: [string, number][] = [];
    const guard: ReplayGuard = { seen: async (signature, ttl) => (calls.push([signature, ttl]), false) };
    await verify({ rawBody: raw, ...signedHeaders('wrong', raw, NOW) }, guard);
    await verify({ rawBody: raw, ...good }, guard);
    expect(calls).toEqual([[good.signature, 600]]);
  });
});
