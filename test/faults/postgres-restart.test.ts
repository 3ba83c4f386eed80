// PostgreSQL restarted in the middle of a surge (a private cluster, never the machine's shared one):
// while it is down callbacks are refused with 503, so Africa's Talking retries them; none that got a
// 200 is lost, and once it is back every callback becomes exactly one report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING, type Callback } from '../../bench/lib/traffic.ts';
import { startGateway, type TestGateway } from '../helpers/gateway.ts';
import { countingChannel, expectedHandoffs, settledBooks, summary } from './ledger.ts';
import { privateDatabase, privatePostgresUnavailable, type SharedDatabase } from './postgres.ts';

const unavailable = privatePostgresUnavailable();
if (unavailable) console.warn(`postgres-restart fault test skipped: ${unavailable}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(unavailable !== null)('PostgreSQL restarted during a surge', () => {
  let database: SharedDatabase;
  let gw: TestGateway;
  const counting = countingChannel();
  beforeAll(async () => {
    database = await privateDatabase();
    gw = await startGateway({ database, env: { ...NO_GROUPING, SMS_RATE_PER_SECOND: '500' }, channel: counting.channel });
  });
  afterAll(async () => {
    await gw?.stop();
    await database?.drop();
  });

  it('refuses with 503 while it is down, accepts the retries after, and loses none', { timeout: 120_000 }, async () => {
    const statuses = new Map<number, number>();
    const accepted = new Set<string>();
    const retry: Callback[] = [];
    let n = 0;
    /** Posts like Africa's Talking: a refused callback is posted again later. */
    const post = async (c: Callback) => {
      const res = await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body);
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status === 200) accepted.add(c.id);
      else retry.push(c);
    };
    const surge = async (ms: number) => {
      const until = Date.now() + ms;
      const inflight: Promise<void>[] = [];
      while (Date.now() < until) {
        inflight.push(post(callback(n++)));
        for (const c of retry.splice(0, 5)) inflight.push(post(c));
        await sleep(100);
      }
      await Promise.all(inflight);
    };

    await surge(2000);
    database.cluster!.stop();
    const down = surge(4000);
    await sleep(500);
    const ready = await gw.http.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ database: 'down' });
    await down;
    database.cluster!.start();
    await surge(2000);
    while (retry.length > 0) {
      await Promise.all(retry.splice(0).map(post));
      await sleep(200);
    }

    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // refused while down, so the provider retried
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(accepted.size).toBe(n);
    const books = await settledBooks(gw.rt.db.prisma, [...accepted], 90_000);
    expect(summary(books)).toEqual({
      callbacksNotExactlyOnce: [],
      reports: n,
      unrouted: 0,
      alertsWithWrongRecipients: [],
      pendingSms: 0,
      smsNotSentExactlyOnce: [],
      uncertainSms: [],
      receipts: n,
    });
    expect(counting.acceptedTwice()).toBe(0);
    expect(counting.accepted()).toBe(expectedHandoffs(books));
    expect((await gw.http.get('/readyz')).status).toBe(200);
  });
});
