// Opt-out and opt-in as a phone user and Africa's Talking see them: STOP (or ARRET, or a local word)
// by SMS and AT's opt-out callback stop every non-essential message at once, with one confirmation,
// but never the alerts a focal point must get; START re-subscribes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

const CCS_DJENNE = '+22370000111';
let gw: TestGateway;

beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

async function sms(from: string, text: string) {
  const res = await gw.http
    .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
    .type('form')
    .send(form(smsCallback({ from, text, id: uniqueId() })));
  expect(res.status).toBe(200);
}
const optOutCallback = (body: Record<string, string>, key = gw.webhookKey) =>
  gw.http
    .post(`/webhooks/africastalking/opt-out?key=${encodeURIComponent(key)}`)
    .type('form')
    .send(form(body));
const hash = (phone: string) => gw.rt.container.vault.hash(phone);
const inbox = (phone: string) =>
  gw.rt.db.prisma.outboundMessage.findMany({ where: { toHash: hash(phone) }, orderBy: { createdAt: 'asc' } });
const optedOut = async (phone: string) =>
  (await gw.rt.db.prisma.optOut.findUnique({ where: { phoneHash: hash(phone) } })) !== null;

describe("Africa's Talking opt-out callback", () => {
  it('authenticates, validates, opts the number out once and confirms once', async () => {
    const phone = uniquePhone();
    expect((await optOutCallback({ senderId: 'SABALI', phoneNumber: phone }, 'wrong-key-wrong-key')).status).toBe(401);
    expect(
      (await gw.http.post(`/webhooks/africastalking/opt-out?key=${gw.webhookKey}`).send({ phoneNumber: phone })).status,
    ).toBe(415);
    const missing = await optOutCallback({ senderId: 'SABALI' });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ field: 'phoneNumber' });
    expect((await optOutCallback({ senderId: 'SABALI', phoneNumber: 'MTN' })).status).toBe(400);

    const first = await optOutCallback({ senderId: 'SABALI', phoneNumber: phone });
    expect(first.status).toBe(200);
    expect(first.text).toBe('OK');
    // AT retries are not documented: a repeat changes nothing; the '+' may arrive as a space
    const again = await gw.http
      .post(`/webhooks/africastalking/opt-out?key=${gw.webhookKey}`)
      .type('form')
      .send(`senderId=SABALI&phoneNumber=+${phone.slice(1)}`);
    expect(again.status).toBe(200);
    expect(again.text).toBe('OK (already opted out)');
    expect(await gw.rt.db.prisma.optOut.findUnique({ where: { phoneHash: hash(phone) } })).toMatchObject({
      source: 'africastalking',
      senderId: 'SABALI',
    });

    // the same person also texts STOP: still one confirmation
    await sms(phone, 'STOP');
    await eventually(
      async () =>
        (await gw.rt.db.prisma.inboundMessage.findFirst({ where: { fromHash: hash(phone), state: 'processed' } })) !== null,
      5000,
    );
    const confirmations = (await inbox(phone)).filter((m) => m.dedupeKey.startsWith('optout:'));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.text).toBe(
      'Sabali: vous ne recevrez plus nos messages de prevention. Pour les recevoir de nouveau, envoyez START.',
    );
    expect(await gw.rt.db.prisma.report.count({ where: { inbound: { fromHash: hash(phone) } } })).toBe(0);
  });
});

describe('STOP and START by SMS', () => {
  it('stops reporter notifications but never the alerts a focal point must get', async () => {
    await sms(CCS_DJENNE, 'arrêt');
    await eventually(() => optedOut(CCS_DJENNE), 5000);
    await eventually(
      async () => (await inbox(CCS_DJENNE)).some((m) => m.text.includes('Les alertes de votre comite continuent')),
      5000,
    );

    const reporter = uniquePhone();
    const since = new Date();
    await sms(reporter, 'vol de betail a Djenne, 30 vaches emportees par des bandits cette nuit');
    const alert = await eventually(
      async () => gw.rt.db.prisma.alert.findFirst({ where: { committee: { name: 'CCS de Djenné' }, createdAt: { gte: since } } }),
      5000,
    );
    // the focal point who said STOP still gets the alert
    await eventually(
      async () => (await inbox(CCS_DJENNE)).some((m) => m.purpose === 'alert' && m.alertId === alert.id && m.state === 'sent'),
      5000,
    );

    await sms(reporter, 'STOP');
    await eventually(() => optedOut(reporter), 5000);
    const res = await gw.http
      .post(`/api/alerts/${alert.id}/transitions`)
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ action: 'acknowledge', reason: 'called the focal point' });
    expect(res.body).toMatchObject({ changed: true, state: 'acknowledged' });
    const texts = (await inbox(reporter)).map((m) => m.dedupeKey.split(':')[0]);
    expect(texts).toEqual(['receipt', 'optout'].map((k) => expect.stringMatching(new RegExp(`^${k}`))));
    expect(texts.some((k) => k === 'reporterAck')).toBe(false);
  });

  it('START re-subscribes, and says so only when it changes something', async () => {
    const phone = uniquePhone();
    await sms(phone, 'a dabila'); // Bambara
    await eventually(() => optedOut(phone), 5000);
    // The confirmation is queued just after the opt-out is recorded: wait for it, not for the opt-out alone.
    const confirmation = await eventually(async () => (await inbox(phone)).find((m) => m.dedupeKey.startsWith('optout:')), 5000);
    expect(confirmation.language).toBe('bm');
    await sms(phone, 'START');
    await eventually(async () => !(await optedOut(phone)), 5000);
    await eventually(async () => (await inbox(phone)).some((m) => m.dedupeKey.startsWith('optin:')), 5000);

    const stranger = uniquePhone();
    await sms(stranger, 'start');
    const reply = await eventually(async () => (await inbox(stranger)).find((m) => m.dedupeKey.startsWith('optin:')), 5000);
    expect(reply.text).toMatch(/n'est pas inscrit/);

    const subscriber = uniquePhone();
    const created = await gw.http
      .post('/api/contacts')
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ phone: subscriber, role: 'subscriber', zones: ['ML050303'] });
    expect(created.status).toBe(201);
    await sms(subscriber, 'Stop');
    await eventually(
      async () => (await gw.rt.db.prisma.contact.findUnique({ where: { phoneHash: hash(subscriber) } }))?.optedOutAt != null,
      5000,
    );
    const listed = await gw.http.get('/api/contacts?zone=ML050303').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(listed.body.items.find((c: { id: string }) => c.id === created.body.id)).toMatchObject({ optedOut: true });
    // re-importing the contact does not opt them back in
    await gw.http
      .post('/api/contacts')
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .send({ phone: subscriber, role: 'subscriber', zones: ['ML050303'], name: 'Updated' });
    expect((await gw.rt.db.prisma.contact.findUnique({ where: { phoneHash: hash(subscriber) } }))?.optedOutAt).not.toBeNull();
  });

  it('keeps a report that merely starts with "stop" a report', async () => {
    const phone = uniquePhone();
    await sms(phone, 'stop aux violences a Koro, des hommes armes frappent les femmes');
    await eventually(async () => gw.rt.db.prisma.report.findFirst({ where: { inbound: { fromHash: hash(phone) } } }), 5000);
    expect(await optedOut(phone)).toBe(false);
  });
});
