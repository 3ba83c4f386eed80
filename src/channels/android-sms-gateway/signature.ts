// Proves a webhook came from our SIM gateway phone: HMAC-SHA256 over the raw body plus X-Timestamp, a clock-skew window and a replay guard.
// Scheme from android-sms-gateway/docs-web docs/features/webhooks.md ("Payload Signing") and the app's
// PayloadSingingPlugin.kt: X-Signature = hex(HMAC-SHA256(key, body + X-Timestamp)), timestamp in Unix seconds.
// Every retry by the app is signed afresh with a new timestamp, so a repeated signature is a replay, not a retry.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ReplayGuard } from '../contract.ts';

export type { ReplayGuard };

export interface SignedRequest {
  /** The body exactly as received, before any JSON parsing. */
  rawBody: Buffer | string;
  /** X-Signature header. */
  signature: string | undefined;
  /** X-Timestamp header. */
  timestamp: string | undefined;
}

export interface VerifyOptions {
  /** Signing key(s) from the app's Settings → Webhooks; several when each phone has its own. */
  keys: string | readonly string[];
  replay: ReplayGuard;
  now?: () => Date;
  /** Accepted clock difference either way. Default 300 s (the docs' ±5 min). */
  maxSkewSeconds?: number;
}

export type VerifyFailure =
  'signature_missing' | 'timestamp_missing' | 'timestamp_invalid' | 'timestamp_stale' | 'signature_invalid' | 'replayed';

export type VerifyResult = { ok: true } | { ok: false; reason: VerifyFailure };

const DEFAULT_SKEW_SECONDS = 300;
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/** Checks in order: headers present, timestamp fresh, signature right (constant time), not replayed. */
export async function verifyGatewaySignature(request: SignedRequest, options: VerifyOptions): Promise<VerifyResult> {
  const signature = request.signature?.trim() ?? '';
  const timestamp = request.timestamp?.trim() ?? '';
  if (signature === '') return { ok: false, reason: 'signature_missing' };
  if (timestamp === '') return { ok: false, reason: 'timestamp_missing' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'timestamp_invalid' };

  const skew = options.maxSkewSeconds ?? DEFAULT_SKEW_SECONDS;
  const nowSeconds = Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - Number(timestamp)) > skew) return { ok: false, reason: 'timestamp_stale' };

  if (!HEX_SHA256.test(signature)) return { ok: false, reason: 'signature_invalid' };
  const given = Buffer.from(signature, 'hex');
  const body = typeof request.rawBody === 'string' ? Buffer.from(request.rawBody, 'utf8') : request.rawBody;
  const keys = typeof options.keys === 'string' ? [options.keys] : options.keys;
  // Compare against every key without stopping early, so timing does not reveal which key matched.
  let matched = false;
  for (const key of keys) {
    if (key === '') continue;
    const expected = signBytes(key, body, timestamp);
    matched = timingSafeEqual(expected, given) || matched;
  }
  if (!matched) return { ok: false, reason: 'signature_invalid' };

  // Only a valid signature is remembered, and only for as long as its timestamp could pass the skew check.
  if (await options.replay.seen(signature.toLowerCase(), skew * 2)) return { ok: false, reason: 'replayed' };
  return { ok: true };
}

/** The signature the app would send for this body and timestamp (hex); also used by tests and local tools. */
export function signGatewayPayload(key: string, rawBody: Buffer | string, timestamp: string): string {
  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  return signBytes(key, body, timestamp).toString('hex');
}

function signBytes(key: string, body: Buffer, timestamp: string): Buffer {
  return createHmac('sha256', Buffer.from(key, 'utf8')).update(body).update(timestamp, 'utf8').digest();
}

/** A single-process replay guard (tests, development); production passes a Redis-backed one. */
export function createMemoryReplayGuard(now: () => Date = () => new Date()): ReplayGuard {
  const expiries = new Map<string, number>();
  return {
    async seen(signature, ttlSeconds) {
      const nowMs = now().getTime();
      for (const [known, expiresAt] of expiries) if (expiresAt <= nowMs) expiries.delete(known);
      if (expiries.has(signature)) return true;
      expiries.set(signature, nowMs + ttlSeconds * 1000);
      return false;
    },
  };
}
