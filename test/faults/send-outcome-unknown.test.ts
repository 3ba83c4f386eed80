// A send attempt that called Africa's Talking and never learned the answer (its worker died mid-call) is
// seen by the next attempt as started and unfinished. Africa's Talking cannot drop a repeat of our id, so
// the message is not sent again: it shows as 'unknown' in the API and the metrics, and the provider got it once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atAccepted, fakeAfricasTalking } from '../helpers/at-fake.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from '../helpers/gateway.ts';

let gw: TestGateway;
let fake: { stop(): void };
const calls: string[] = [];
let answerFirst: (() => void) | undefined;

beforeAll(async () => {
  fake = fakeAfricasTalking((params, _headers, later) => {
    const to = params.get('to') ?? '';
    calls.push(to);
    // The first request is held: the worker that made it is the one that dies.
    if (calls.length === 1) {
      answerFirst = () => later([201, atAccepted(to, 'ATXid_late')]);
      return undefined;
    }
    return [201, atAccepted(to, `ATXid_${calls.length}`)];
  });
  // Web only: this test plays the two workers itself.
  gw = await startGateway({
    env: { ROLE: 'web', SMS_CHANNEL: 'africastalking', AT_USERNAME: 'sabali', AT_API_KEY: 'test-api-key-123' },
  });
});
afterAll(async () => {
  answerFirst?.();
  await gw?.stop();
  fake?.stop();
});

describe("a send whose first attempt died mid-call on Africa's Talking", () => {
  it('is not sent again, and the API, the metrics and the attempts show its outcome as unknown', async () => {
    const { outbound } = gw.rt.container;
    const id = await outbound.queue({
      dedupeKey: `unknown-${Date.now()}`,
      purpose: 'alert',
      to: uniquePhone(),
      text: 'ALERTE test',
      language: 'fr',
      priority: 1,
    });

    // The first worker calls the provider and hangs there; to the next one it looks exactly like one that died.
    const first = outbound.send(id, { number: 1, max: 8 }).catch(() => undefined);
    await eventually(async () => calls.length === 1);
    // BullMQ runs the job again (the dead worker's lock expired): the attempt started and never finished.
    expect(await outbound.send(id, { number: 2, max: 8 })).toBe('unknown');
    expect(calls).toHaveLength(1);

    const api = await gw.http.get('/api/messages?limit=50').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(api.status).toBe(200);
    expect((api.body.items as { id: string; state: string }[]).find((m) => m.id === id)).toMatchObject({ state: 'unknown' });
    const metrics = await gw.http.get('/metrics').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(metrics.text).toContain('sabali_sms_sends_total{channel="africastalking",purpose="alert",outcome="unknown"} 1');
    const attempts = await gw.rt.db.prisma.sendAttempt.findMany({ where: { outboundId: id }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((a) => a.outcome)).toEqual(['unknown']);

    // The sweeper leaves it alone: it is no longer queued.
    expect(await gw.rt.container.sweeper.sweep({ urgent: true })).toMatchObject({ outbound: 0 });
    answerFirst?.();
    await first;
  });
});
