// Malian channels end to end: an Android phone with a local SIM (android-sms-gateway) and Orange's SMS
// API, each faked by a local HTTP server. Signed webhooks make reports like Africa's Talking ones;
// unsigned, badly signed or replayed ones are refused; alerts go out through the configured channel
// and fail over when it keeps failing; delivery reports of each channel update the same states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signGatewayPayload } from '../src/channels/android-sms-gateway/signature.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { startFakeServer, type FakeServer } from './helpers/fake-http.ts';

const SIGNING_KEY = 'phone-signing-key-orange-1';
let phone: FakeServer;
let orange: FakeServer;
let gw: TestGateway;
let phoneDown = false;
let sent = 0;

beforeAll(async () => {
  phone = await startFakeServer((req) => {
    if (phoneDown) return { status: 500, text: 'queue error' };
    sent++;
    const body = JSON.parse(req.body) as { phoneNumbers: string[] };
    return {
      status: 202,
      json: {
        id: `sgw-msg-${sent}`,
        state: 'Pending',
        recipients: body.phoneNumbers.map((p) => ({ phoneNumber: p, state: 'Pending' })),
      },
    };
  });
  orange = await startFakeServer((req) => {
    if (req.path === '/oauth/v3/token')
      return { status: 200, json: { token_type: 'Bearer', access_token: 'tok-1', expires_in: '3600' } };
    const n = orange.requests.length;
    return {
      status: 201,
      json: { outboundSMSMessageRequest: { resourceURL: `${orange.url}/smsmessaging/v1/outbound/x/requests/orq-${n}` } },
    };
  });
  gw = await startGateway({
    env: {
      SIMGATEWAY_DEVICES: JSON.stringify([
        { id: 'phone-orange-1', baseUrl: phone.url, username: 'sabali', password: 'secret-pass', operators: ['orange', 'moov'] },
      ]),
      SIMGATEWAY_WEBHOOK_KEYS: SIGNING_KEY,
      ORANGE_CLIENT_ID: 'client-id',
      ORANGE_CLIENT_SECRET: 'client-secret',
      ORANGE_SENDER_ADDRESS: 'tel:+22370009999',
      ORANGE_BASE_URL: orange.url,
      ORANGE_WEBHOOK_KEY: 'orange-webhook-key-0123456789',
      SMS_ROUTES: 'alert=simgateway,orange;update=simgateway,orange;default=simgateway',
      FAILOVER_AFTER_MS: '300',
      SMS_BACKOFF_MS: '150',
      SMS_MAX_ATTEMPTS: '6',
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  await phone?.close();
  await orange?.close();
});

function signed(body: object, { key = SIGNING_KEY, timestamp = String(Math.floor(Date.now() / 1000)) } = {}) {
  const raw = JSON.stringify(body);
  return {
    raw,
    headers: {
      'x-signature': signGatewayPayload(key, raw, timestamp),
      'x-timestamp': timestamp,
      'content-type': 'application/json',
    },
  };
}
const postGateway = (raw: string, headers: Record<string, string>) => gw.http.post('/webhooks/simgateway').set(headers).send(raw);

function receivedEvent(from: string, text: string) {
  return {
    deviceId: 'phone-orange-1',
    event: 'sms:received',
    id: `evt-${Math.random()}`,
    webhookId: 'wh-1',
    payload: {
      messageId: 'abc',
      message: text,
      sender: from,
      recipient: '+22370009999',
      simNumber: 1,
      receivedAt: new Date().toISOString(),
    },
  };
}

describe('Android SIM gateway webhooks', () => {
  it("a signed sms:received becomes a report routed like an Africa's Talking one, and the alert leaves through the phone", async () => {
    const from = uniquePhone();
    const { raw, headers } = signed(receivedEvent(from, 'vol de betail a Macina, des bandits armes ont pris le troupeau'));
    const res = await postGateway(raw, headers);
    expect(res.status).toBe(200);
    const report = await eventually(
      async () =>
        gw.rt.db.prisma.report.findFirst({
          where: { inbound: { channel: 'simgateway', fromHash: gw.rt.container.vault.hash(from) }, alerts: { some: {} } },
          include: { alerts: true },
        }),
      3000,
    );
    expect(report.locationPcode).toBe('ML040305');
    const sms = await eventually(
      async () =>
        gw.rt.db.prisma.outboundMessage.findFirst({ where: { alertId: report.alerts[0]?.id ?? 'none', state: 'sent' } }),
      3000,
    );
    expect(sms.channel).toBe('simgateway');
    expect(sms.providerMessageId).toMatch(/^sgw-msg-/);
    const call = phone.requests.find((r) => r.body.includes(sms.text.slice(0, 20)));
    expect(call?.headers.authorization).toBe(`Basic ${Buffer.from('sabali:secret-pass').toString('base64')}`);
    // Our outbound id is the app's message id: the phone refuses a second message with it (a retried send is not sent twice).
    expect(JSON.parse(call!.body)).toMatchObject({ id: sms.id });

    // the phone reports delivery, signed: the same message state moves
    const dlr = signed({
      deviceId: 'phone-orange-1',
      event: 'sms:delivered',
      id: 'evt-dlr',
      webhookId: 'wh-1',
      payload: { messageId: sms.providerMessageId, recipient: '+22370000151', deliveredAt: new Date().toISOString() },
    });
    const ok = await postGateway(dlr.raw, dlr.headers);
    expect(ok.status).toBe(200);
    expect((await gw.rt.db.prisma.outboundMessage.findUnique({ where: { id: sms.id } }))?.state).toBe('delivered');
    expect((await gw.rt.db.prisma.alert.findUnique({ where: { id: sms.alertId! } }))?.state).toBe('delivered');

    const devices = await gw.http.get('/api/devices').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(devices.body.items[0]).toMatchObject({ id: 'phone-orange-1', online: true });
    expect(devices.body.items[0].lastContact).toBeTruthy();
  });

  it.each([
    ['unsigned', (raw: string) => ({ raw, headers: { 'content-type': 'application/json' } }), /signature missing/],
    ['signed with another key', (raw: string) => signed(JSON.parse(raw), { key: 'not-our-key' }), /signature invalid/],
    [
      'signed an hour ago',
      (raw: string) => signed(JSON.parse(raw), { timestamp: String(Math.floor(Date.now() / 1000) - 3600) }),
      /timestamp stale/,
    ],
  ])('%s: refused with 401, nothing stored', async (_label, make, message) => {
    const from = uniquePhone();
    const { raw, headers } = make(JSON.stringify(receivedEvent(from, 'attaque a Koro ce matin')));
    const res = await postGateway(raw, headers as Record<string, string>);
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(message);
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { fromHash: gw.rt.container.vault.hash(from) } })).toBe(0);
  });

  it('a replayed request is refused; a retry by the app (signed afresh) is a no-op duplicate', async () => {
    const from = uniquePhone();
    const event = receivedEvent(from, 'des hommes armes a Niono pres du marche');
    const first = signed(event);
    expect((await postGateway(first.raw, first.headers)).status).toBe(200);
    const replay = await postGateway(first.raw, first.headers);
    expect(replay.status).toBe(401);
    expect(replay.body.error.message).toMatch(/replayed/);
    await new Promise((r) => setTimeout(r, 1100));
    const retry = signed(event);
    const again = await postGateway(retry.raw, retry.headers);
    expect(again.status).toBe(200);
    expect(again.text).toContain('already received');
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { fromHash: gw.rt.container.vault.hash(from) } })).toBe(1);
  });
});

describe('failover and Orange', () => {
  it("when the phone keeps failing, the alert goes out through Orange, once, and Orange's receipt updates it", async () => {
    phoneDown = true;
    try {
      const from = uniquePhone();
      const { raw, headers } = signed(receivedEvent(from, 'attaque a Bankass, des maisons brulees et des blesses'));
      expect((await postGateway(raw, headers)).status).toBe(200);
      const report = await eventually(
        async () =>
          gw.rt.db.prisma.report.findFirst({
            where: { inbound: { fromHash: gw.rt.container.vault.hash(from) }, alerts: { some: {} } },
            include: { alerts: true },
          }),
        3000,
      );
      const sms = await eventually(
        async () =>
          gw.rt.db.prisma.outboundMessage.findFirst({
            where: { alertId: { in: report.alerts.map((a) => a.id) }, state: 'sent' },
            include: { sendAttempts: { orderBy: { at: 'asc' } } },
          }),
        10_000,
        100,
      );
      expect(sms.channel).toBe('orange');
      expect(sms.sendAttempts.filter((a) => a.outcome === 'retry').length).toBeGreaterThanOrEqual(1);
      expect(sms.sendAttempts.at(-1)?.outcome).toBe('sent');
      const toOrange = orange.requests.filter((r) => r.path.includes('/requests') && r.body.includes(sms.id));
      expect(toOrange).toHaveLength(1);
      expect(gw.logs.join('')).toContain('sms channel failover');

      const receipt = await gw.http.post('/webhooks/orange?key=orange-webhook-key-0123456789').send({
        deliveryInfoNotification: {
          deliveryInfo: { address: 'tel:+22370000121', deliveryStatus: 'DeliveredToTerminal' },
          callbackData: sms.id,
        },
      });
      expect(receipt.status).toBe(200);
      expect((await gw.rt.db.prisma.outboundMessage.findUnique({ where: { id: sms.id } }))?.state).toBe('delivered');
    } finally {
      phoneDown = false;
    }
  });

  it('an Orange inbound notification makes a report; a wrong key is refused', async () => {
    const from = uniquePhone();
    const body = {
      inboundSMSMessageNotification: {
        inboundSMSMessage: {
          senderAddress: `tel:${from}`,
          destinationAddress: 'tel:+22370009999',
          message: 'conflit foncier a Koro entre deux villages',
          dateTime: new Date().toISOString(),
        },
      },
    };
    expect((await gw.http.post('/webhooks/orange?key=wrong-key-wrong-key').send(body)).status).toBe(401);
    const res = await gw.http.post('/webhooks/orange?key=orange-webhook-key-0123456789').send(body);
    expect(res.status).toBe(200);
    const report = await eventually(
      async () =>
        gw.rt.db.prisma.report.findFirst({
          where: { inbound: { channel: 'orange', fromHash: gw.rt.container.vault.hash(from) } },
        }),
      3000,
    );
    expect(report.category).toBe('FONCIER');
  });
});
