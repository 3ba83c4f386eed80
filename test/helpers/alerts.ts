// What a test of alerts does as a person would: send an SMS, read a phone's inbox, find the alert a committee got.
import { expect } from 'vitest';
import { postSms } from './africastalking.ts';
import { eventually, uniqueId, type TestGateway } from './gateway.ts';

/** An SMS from this number, accepted (200). */
export async function sms(gw: TestGateway, from: string, text: string) {
  const res = await postSms(gw, { from, text, id: uniqueId() });
  expect(res.status).toBe(200);
}

/** Outbound SMS to a number, decrypted as the simulator's inbox would show them. */
export async function inbox(gw: TestGateway, phone: string) {
  const rows = await gw.rt.db.prisma.outboundMessage.findMany({
    where: { toHash: gw.rt.container.vault.hash(phone) },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => r.text);
}

/** The latest alert the committee got since `since`, with its incident, once there is one. */
export async function alertFor(gw: TestGateway, committeeName: string, since: Date) {
  return eventually(
    async () =>
      gw.rt.db.prisma.alert.findFirst({
        where: { committee: { name: committeeName }, createdAt: { gte: since } },
        orderBy: { createdAt: 'desc' },
        include: { incident: true },
      }),
    5000,
  );
}
