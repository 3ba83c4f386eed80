// Redis stopped for 10 s in the middle of a surge, then restarted empty (no persistence): callbacks
// keep being accepted, readiness says Redis is down, and once it is back the sweeper and the workers
// finish everything: every accepted callback one report, every alert one SMS per focal point.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING, type Callback } from '../../bench/lib/traffic.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../../src/embedded/redis-server.ts';
import { startGateway, type TestGateway } from '../helpers/gateway.ts';
import { countingChannel, expectedHandoffs, settledBooks, summary } from './ledger.ts';

let redis: EmbeddedRedis;
let gw: TestGateway;
const counting = countingChannel();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  redis = await startEmbeddedRedis();
  gw = await startGateway({
    redisUrl: redis.url,
    env: { ...NO_GROUPING, SMS_RATE_PER_SECOND: '500' },
    channel: counting.channel,
  });
});
afterAll(async () => {
  await gw?.stop();
  await redis?.stop();
});

describe('Redis stopped for 10 s during a surge', () => {
  it('accepts every callback throughout and processes each exactly once after Redis is back', { timeout: 120_000 }, async () => {
    const sent: Callback[] = [];
    const statuses: number[] = [];
    let n = 0;
    const post = async () => {
      const c = callback(n++);
      sent.push(c);
      const res = await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body);
      statuses.push(res.status);
    };
    /** About 10 callbacks a second for `ms`. */
    const surge = async (ms: number) => {
      const until = Date.now() + ms;
      const inflight: Promise<void>[] = [];
      while (Date.now() < until) {
        inflight.push(post());
        await sleep(100);
      }
      await Promise.all(inflight);
    };

    await surge(2000);
    const port = redis.port;
    await redis.stop();
    const down = surge(10_000);
    await sleep(1000);
    const ready = await gw.http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ redis: 'down', database: 'ok' });
    expect((await gw.http.get('/livez')).status).toBe(200);
    await down;
    redis = await startEmbeddedRedis({ port });
    await surge(2000);

    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const books = await settledBooks(
      gw.rt.db.prisma,
      sent.map((c) => c.id),
      90_000,
    );
    expect(summary(books)).toEqual({
      callbacksNotExactlyOnce: [],
      reports: sent.length,
      unrouted: 0,
      alertsWithWrongRecipients: [],
      pendingSms: 0,
      smsNotSentExactlyOnce: [],
      uncertainSms: [],
      receipts: sent.length,
    });
    expect(books.alerts).toBeGreaterThan(0);
    expect(counting.acceptedTwice()).toBe(0);
    expect(counting.accepted()).toBe(expectedHandoffs(books));
    expect((await gw.http.get('/readyz')).status).toBe(200);
  });
});
