// Delivery states that tell the truth, end to end with Africa's Talking (nock) and Orange (a local HTTP
// server) faked at the HTTP level: a failure the network may still retry can still end delivered, a
// channel that cannot send at all fails over at once, and an Orange receipt without callbackData is matched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { atAccepted, fakeAfricasTalking } from './helpers/at-fake.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-http.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let orange: FakeServer;
let at: { stop(): void };
const atSent: { to: string; message: string }[] = [];
let atUnauthorized = false;
let orangeUnauthorized = false;
let counter = 0;

beforeAll(async () => {
  at = fakeAfricasTalking((params) => {
    atSent.push({ to: params.get('to') ?? '', message: params.get('message') ?? '' });
    if (atUnauthorized) return [401, 'The supplied authentication is invalid'];
    return [201, atAccepted(params.get('to') ?? '', `ATXid_states${++counter}`)];
  });
  orange = await startFakeServer((req) => {
    if (req.path === '/oauth/v3/token')
      return { status: 200, json: { token_type: 'Bearer', access_token: 'tok-1', expires_in: '3600' } };
    if (orangeUnauthorized) return { status: 401, json: { code: 42, message: 'Expired credentials' } };
    return {
      status: 201,
      json: { outboundSMSMessageRequest: { resourceURL: `${orange.url}/smsmessaging/v1/outbound/x/requests/orq-${++counter}` } },
    };
  });
  gw = await startGateway({
    env: {
      AT_USERNAME: 'sabali',
      AT_API_KEY: 'test-api-key-123',
      ORANGE_CLIENT_ID: 'client-id',
      ORANGE_CLIENT_SECRET: 'client-secret',
      ORANGE_SENDER_ADDRESS: 'tel:+22370009999',
      ORANGE_BASE_URL: orange.url,
      ORANGE_WEBHOOK_KEY: 'orange-webhook-key-0123456789',
      SMS_ROUTES: 'alert=africastalking,orange;receipt=orange,africastalking;default=africastalking',
      // Far longer than any test: a failover seen here is the at-once failover of a channel error.
      FAILOVER_AFTER_MS: '600000',
      SMS_BACKOFF_MS: '150',
      SMS_MAX_ATTEMPTS: '4',
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  await orange?.close();
  at?.stop();
});

const postSms = (body: Record<string, string>) =>
  gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(body));
const postDlr = (body: Record<string, string>) =>
  gw.http.post(`/webhooks/africastalking/delivery?key=${gw.webhookKey}`).type('form').send(form(body));
const postReceipt = (body: unknown) => gw.http.post('/webhooks/orange?key=orange-webhook-key-0123456789').send(body as object);

/** Sends a report and waits for its SMS of `purpose` (the alert to a focal point, or the receipt to the reporter) to leave. */
async function smsFor(text: string, purpose: 'alert' | 'receipt') {
  const from = uniquePhone();
  expect((await postSms(smsCallback({ from, text }))).status).toBe(200);
  const inbound = await eventually(async () => gw.rt.db.prisma.inboundMessage.findFirst({ where: { text } }), 3000);
  const where = purpose === 'alert' ? { alert: { report: { inboundId: inbound.id } } } : { report: { inboundId: inbound.id } };
  return eventually(
    async () =>
      gw.rt.db.prisma.outboundMessage.findFirst({
        where: { purpose, ...where, state: { not: 'queued' } },
        include: { sendAttempts: true },
      }),
    5000,
  );
}

const stateOf = async (id: string) =>
  gw.rt.db.prisma.outboundMessage.findUniqueOrThrow({ where: { id }, include: { statusEvents: { orderBy: { at: 'asc' } } } });

describe("Africa's Talking delivery reports", () => {
  it('AbsentSubscriber (handset off) then Success ends delivered, and the alert with it', async () => {
    const sms = await smsFor('attaque a Djenne, maisons brulees', 'alert');
    const id = sms.providerMessageId!;
    expect(sms.channel).toBe('africastalking');
    expect((await postDlr({ id, status: 'AbsentSubscriber', failureReason: 'DeliveryFailure' })).text).toBe('OK failed');
    expect(await stateOf(sms.id)).toMatchObject({ state: 'failed', stateFinal: false });
    expect((await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: sms.alertId! } })).state).not.toBe('delivered');

    expect((await postDlr({ id, status: 'Success', networkCode: '61002' })).text).toBe('OK delivered');
    expect((await postDlr({ id, status: 'Failed', failureReason: 'DeliveryFailure' })).text).toBe('OK (no change: delivered)');
    const row = await stateOf(sms.id);
    expect(row).toMatchObject({ state: 'delivered', stateFinal: true });
    expect(row.statusEvents.map((e) => [e.rawStatus, e.state, e.final, e.applied])).toEqual([
      ['AbsentSubscriber', 'failed', false, true],
      ['Success', 'delivered', true, true],
      ['Failed', 'failed', true, false],
    ]);
    expect((await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: sms.alertId! } })).state).toBe('delivered');
  });

  it('a final failure stays final: a later Success does not undo Rejected', async () => {
    const sms = await smsFor('vol de betail a Macina, 12 vaches volees', 'alert');
    const id = sms.providerMessageId!;
    expect((await postDlr({ id, status: 'Rejected', failureReason: 'UserInBlacklist' })).text).toBe('OK failed');
    expect((await postDlr({ id, status: 'Success' })).text).toBe('OK (no change: failed)');
    expect(await stateOf(sms.id)).toMatchObject({ state: 'failed', stateFinal: true });
  });
});

describe('a channel that cannot send fails over at once', () => {
  it("Africa's Talking answering 401 (bad API key): the alert goes out through Orange in the same attempt, once", async () => {
    atUnauthorized = true;
    try {
      const sms = await smsFor('conflit foncier a Niono entre agriculteurs et eleveurs, champs detruits', 'alert');
      expect(sms).toMatchObject({ state: 'sent', channel: 'orange', providerMessageId: expect.stringMatching(/^orq-/) });
      expect(sms.sendAttempts.map((a) => a.outcome)).toEqual(['sent']);
      expect(atSent.filter((s) => s.message === sms.text)).toHaveLength(1);
      expect(orange.requests.filter((r) => r.path.endsWith('/requests') && r.body.includes(sms.id))).toHaveLength(1);
      expect(gw.logs.join('')).toContain('sms channel failover');

      // Its receipt comes back from Orange with an empty callbackData: matched by Orange's request id.
      const receipt = await postReceipt({
        deliveryInfoNotification: {
          deliveryInfo: { address: 'tel:+22370000121', deliveryStatus: 'DeliveredToTerminal' },
          callbackData: '',
          resourceURL: `${orange.url}/smsmessaging/v1/outbound/x/requests/${sms.providerMessageId}`,
        },
      });
      expect(receipt.status).toBe(200);
      expect(receipt.text).toBe('OK delivered');
      expect((await stateOf(sms.id)).state).toBe('delivered');
      expect((await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: sms.alertId! } })).state).toBe('delivered');
    } finally {
      atUnauthorized = false;
    }
  });

  it("Orange answering 401 to a fresh token: the reporter's receipt goes out through Africa's Talking, once", async () => {
    orangeUnauthorized = true;
    try {
      const sms = await smsFor('hommes armes vus a Bankass sur des motos', 'receipt');
      expect(sms).toMatchObject({
        state: 'sent',
        channel: 'africastalking',
        providerMessageId: expect.stringMatching(/^ATXid_states/),
      });
      expect(sms.sendAttempts.map((a) => a.outcome)).toEqual(['sent']);
      expect(atSent.filter((s) => s.message === sms.text)).toHaveLength(1);
    } finally {
      orangeUnauthorized = false;
    }
  });

  it('an Orange receipt echoing our id in callbackData still matches', async () => {
    const sms = await smsFor('attaque a Koro ce matin, des blesses', 'receipt');
    expect(sms.channel).toBe('orange');
    const receipt = await postReceipt({
      deliveryInfoNotification: { deliveryInfo: { deliveryStatus: 'DeliveryImpossible' }, callbackData: sms.id },
    });
    expect(receipt.text).toBe('OK failed');
    expect(await stateOf(sms.id)).toMatchObject({ state: 'failed', stateFinal: true });
  });
});
