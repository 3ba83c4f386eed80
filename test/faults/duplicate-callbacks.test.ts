// Africa's Talking retries a callback it got no quick answer for, sometimes several copies at once:
// the same callback delivered 5 times concurrently is one report, one set of alerts, one receipt.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callback, NO_GROUPING } from '../../bench/lib/traffic.ts';
import { startGateway, type TestGateway } from '../helpers/gateway.ts';
import { countingChannel, expectedHandoffs, settledBooks, summary } from './ledger.ts';

let gw: TestGateway;
const counting = countingChannel();
beforeAll(async () => {
  gw = await startGateway({ env: { ...NO_GROUPING, SMS_RATE_PER_SECOND: '500' }, channel: counting.channel });
});
afterAll(async () => {
  await gw?.stop();
});

describe('the same callback delivered 5 times concurrently', () => {
  it('answers every copy 200 and makes one report, one SMS per focal point, one receipt', async () => {
    const callbacks = Array.from({ length: 12 }, (_, n) => callback(n));
    const copies = callbacks.flatMap((c) => Array.from({ length: 5 }, () => c));
    const answers = await Promise.all(
      copies.map((c) => gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(c.body)),
    );
    expect(answers.map((a) => a.status)).toEqual(copies.map(() => 200));
    // exactly one copy of each was new; the other four were told it was already received
    for (const c of callbacks) {
      const texts = answers
        .filter((_, i) => copies[i] === c)
        .map((a) => a.text)
        .sort();
      expect(texts).toEqual([
        'OK',
        'OK (already received)',
        'OK (already received)',
        'OK (already received)',
        'OK (already received)',
      ]);
    }

    const books = await settledBooks(
      gw.rt.db.prisma,
      callbacks.map((c) => c.id),
    );
    expect(summary(books)).toEqual({
      callbacksNotExactlyOnce: [],
      reports: 12,
      unrouted: 0,
      alertsWithWrongRecipients: [],
      pendingSms: 0,
      smsNotSentExactlyOnce: [],
      uncertainSms: [],
      receipts: 12,
    });
    expect(books.alerts).toBeGreaterThan(0);
    // and the channel was handed each alert SMS and each receipt once
    expect(counting.acceptedTwice()).toBe(0);
    expect(counting.accepted()).toBe(expectedHandoffs(books));
  });
});
