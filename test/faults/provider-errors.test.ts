// Africa's Talking (faked at the HTTP level with nock, never the internet) answering 500, 429 and
// nothing at all for a while: every SMS is retried with backoff until it goes through, exactly once;
// a permanent refusal (an invalid number) is recorded as failed after one try and never retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { createAfricasTalkingChannel } from '../../src/channels/africastalking/send.ts';
import { atAccepted, fakeAfricasTalking } from '../helpers/at-fake.ts';
import { startGateway, type TestGateway } from '../helpers/gateway.ts';
import { settledBooks, summary } from './ledger.ts';

/** Koro's CCS and COFO primary focal points (demo committees): numbers the provider refuses for good. */
const INVALID = new Set(['+22370000131', '+22370000231']);
const BAD_PERIOD_MS = 2500;
const FAULTS = ['500', '429', 'timeout'] as const;

let gw: TestGateway;
let badUntil = 0;
let requests = 0;
/** Requests the fake answered 201 with a Success, per recipient and message. */
const acceptedBy = new Map<string, number>();
const refused = new Map<string, number>();
const answered = { '500': 0, '429': 0, timeout: 0 };

let fake: { stop(): void };

beforeAll(async () => {
  fake = fakeAfricasTalking((params, _headers, later) => {
    requests++;
    const to = params.get('to') ?? '';
    const key = `${to}|${params.get('message')}`;
    if (badUntil === 0) badUntil = Date.now() + BAD_PERIOD_MS; // the trouble starts with the first send
    if (INVALID.has(to)) {
      refused.set(key, (refused.get(key) ?? 0) + 1);
      return [
        201,
        {
          SMSMessageData: {
            Message: 'Sent to 0/1',
            Recipients: [{ statusCode: 403, number: to, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }],
          },
        },
      ];
    }
    if (Date.now() < badUntil) {
      const fault = FAULTS[requests % FAULTS.length]!;
      answered[fault]++;
      if (fault === '500') return [500, 'Internal Server Error'];
      if (fault === '429') return [429, 'Too Many Requests'];
      // No answer within the channel's timeout; a refusal after it, so nothing was accepted.
      setTimeout(() => later([503, 'Service Unavailable']), 3000);
      return undefined;
    }
    acceptedBy.set(key, (acceptedBy.get(key) ?? 0) + 1);
    return [201, atAccepted(to, `ATXid_f${requests}`)];
  });
  const channel = createAfricasTalkingChannel({ username: 'sabali', apiKey: 'test-api-key-123', timeoutMs: 1500 });
  gw = await startGateway({
    env: { ...NO_GROUPING, SMS_MAX_ATTEMPTS: '8', SMS_BACKOFF_MS: '200', SMS_RATE_PER_SECOND: '200' },
    channel,
  });
});
afterAll(async () => {
  await gw?.stop();
  fake?.stop();
});

describe('the provider failing for a while', () => {
  it(
    'retries 500, 429 and timeouts with backoff until each SMS goes through once; permanent errors are not retried',
    { timeout: 120_000 },
    async () => {
      const callbacks = Array.from({ length: 40 }, (_, n) => callback(n));
      const answers = await Promise.all(
        callbacks.map((c) => gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body)),
      );
      expect(answers.map((a) => a.status)).toEqual(callbacks.map(() => 200));

      const books = await settledBooks(
        gw.rt.db.prisma,
        callbacks.map((c) => c.id),
        90_000,
      );
      expect(summary(books)).toEqual({
        callbacksNotExactlyOnce: [],
        reports: 40,
        unrouted: 0,
        alertsWithWrongRecipients: [],
        pendingSms: 0,
        smsNotSentExactlyOnce: [],
        uncertainSms: [],
        receipts: 40,
      });
      // every fault happened, and was retried
      expect(answered['500']).toBeGreaterThan(0);
      expect(answered['429']).toBeGreaterThan(0);
      expect(answered.timeout).toBeGreaterThan(0);
      const attempts = await gw.rt.db.prisma.sendAttempt.groupBy({ by: ['outcome', 'errorCode'], _count: true });
      const retried = Object.fromEntries(attempts.filter((a) => a.outcome === 'retry').map((a) => [a.errorCode, a._count]));
      expect(Object.keys(retried).sort()).toEqual(['http_429', 'http_500', 'timeout']);

      // the provider accepted each message exactly once, and every one that is not refused for good
      const all = await gw.rt.db.prisma.outboundMessage.findMany({ include: { sendAttempts: true } });
      expect([...acceptedBy.values()].every((n) => n === 1)).toBe(true);
      expect(acceptedBy.size).toBe(all.filter((m) => m.state === 'sent').length);
      // permanent refusals: tried once, failed, never retried
      const failed = all.filter((m) => m.state === 'failed');
      expect(failed.length).toBeGreaterThan(0);
      expect(failed.every((m) => m.lastError === 'InvalidPhoneNumber' && m.sendAttempts.length === 1)).toBe(true);
      expect([...refused.values()].every((n) => n === 1)).toBe(true);
      expect(refused.size).toBe(failed.length);
    },
  );
});
