// Hostile and random input at every door: never a 5xx, never a crash, a clear 4xx, and no partial
// write (a refused callback leaves nothing behind; an accepted one is stored exactly as sent).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form } from './helpers/africastalking.ts';
import { startGateway, uniqueId, type TestGateway } from './helpers/gateway.ts';
import { signGatewayPayload } from '../src/channels/android-sms-gateway/signature.ts';

let gw: TestGateway;
const SIGNING_KEY = 'fuzz-signing-key';
const ORANGE_KEY = 'orange-fuzz-key-0123456789';
beforeAll(async () => {
  // The Malian channels' webhooks exist only when configured; nothing is sent through them here.
  gw = await startGateway({
    env: {
      SIMGATEWAY_DEVICES: JSON.stringify([
        { id: 'phone-1', baseUrl: 'http://127.0.0.1:9', username: 'u', password: 'p', operators: ['orange'] },
      ]),
      SIMGATEWAY_WEBHOOK_KEYS: SIGNING_KEY,
      ORANGE_CLIENT_ID: 'id',
      ORANGE_CLIENT_SECRET: 'secret',
      ORANGE_SENDER_ADDRESS: 'tel:+22370009999',
      ORANGE_BASE_URL: 'http://127.0.0.1:9',
      ORANGE_WEBHOOK_KEY: ORANGE_KEY,
    },
  });
});
afterAll(async () => {
  await gw?.stop();
});

const hostile = fc.constantFrom(
  "'; DROP TABLE reports; --",
  '<script>alert(1)</script>',
  '" OR 1=1 --',
  '\u202eevil\u202c',
  'مرحبا بالعالم',
  '😀👍🏽🇲🇱',
  '\u0000\u0001\u0002',
  '%00%ff%fe',
  'ɛɔɲŋ ɓɗƴ',
  '+22376123421',
  '0022376123421',
  '76 12 34 21',
  ' 22376123421',
  'MTN',
  '',
  ' ',
  'a'.repeat(2000),
);
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 200 }), hostile);
const smsBody = fc.record(
  { from: text, to: text, id: text, text, date: text, linkId: text, networkCode: text, cost: text },
  { requiredKeys: [] },
);

const postSms = (body: string | Buffer) =>
  gw.http
    .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
    .set('content-type', 'application/x-www-form-urlencoded')
    .send(body);

describe('webhooks under random and hostile input', () => {
  it('the SMS callback answers 200 or a clear 400, stores accepted ones exactly, and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(smsBody, async (body) => {
        const id = typeof body.id === 'string' && body.id.trim() ? `${body.id}${uniqueId('-')}` : body.id;
        const sent = { ...body, ...(id !== undefined ? { id } : {}) } as Record<string, string>;
        const res = await postSms(form(sent));
        expect([200, 400]).toContain(res.status);
        if (res.status === 400) {
          expect(res.body.error.message).toMatch(/^(id|from)/);
          return;
        }
        const stored = (v: string | undefined) => (v ?? '').replace(/\u0000/g, '\ufffd');
        const row = await gw.rt.db.prisma.inboundMessage.findUniqueOrThrow({
          where: { channel_providerId: { channel: 'africastalking', providerId: stored(sent.id).trim() } },
        });
        expect(row.text).toBe(stored(sent.text));
        if (Object.values(sent).some((v) => v.includes('\u0000'))) expect(row.flags).toContain('nul_replaced');
        if (row.flags.includes('nul_replaced')) expect(Object.values(sent).some((v) => v.includes('\u0000'))).toBe(true);
      }),
      { numRuns: 80 },
    );
  }, 120_000);

  it('invalid UTF-8, binary and oversized bodies get a clear 4xx', async () => {
    const garbage = Buffer.from([0x66, 0x72, 0x6f, 0x6d, 0x3d, 0xff, 0xfe, 0xfd, 0x26, 0x69, 0x64, 0x3d, 0xc3, 0x28]);
    const r1 = await postSms(garbage);
    expect(r1.status).toBeGreaterThanOrEqual(200);
    expect(r1.status).toBeLessThan(500);
    const big = `from=%2B22376123421&id=${uniqueId()}&text=${'a'.repeat(100 * 1024)}`;
    const r2 = await postSms(big);
    expect(r2.status).toBe(413);
    expect(r2.body.error.code).toBe('body_too_large');
    const r3 = await gw.http
      .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`)
      .set('content-type', 'text/plain')
      .send('hello');
    expect(r3.status).toBe(415);
  });

  it('the delivery callback answers 200, 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          { id: text, status: fc.oneof(text, fc.constantFrom('Success', 'Failed', 'Sent', 'Rejected')), failureReason: text },
          { requiredKeys: [] },
        ),
        async (body) => {
          const res = await gw.http
            .post(`/webhooks/africastalking/delivery?key=${gw.webhookKey}`)
            .type('form')
            .send(form(body as Record<string, string>));
          expect([200, 400, 404]).toContain(res.status);
          if (res.status !== 200) expect(res.body.error.field).toMatch(/^(id|status)$/);
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('the webhook key check never crashes on odd keys', async () => {
    await fc.assert(
      fc.asyncProperty(text, async (key) => {
        const res = await gw.http
          .post(`/webhooks/africastalking/sms?key=${encodeURIComponent(key)}`)
          .type('form')
          .send('from=x&id=y');
        expect(res.status).toBe(401);
      }),
      { numRuns: 40 },
    );
  });
});

describe('the API under random input', () => {
  const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
  it('list queries answer 200 or a clear 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/reports', '/api/alerts', '/api/messages', '/api/audit', '/api/floods'),
        text,
        text,
        async (path, a, b) => {
          const res = await api(
            `${path}?limit=${encodeURIComponent(a)}&cursor=${encodeURIComponent(b)}&since=${encodeURIComponent(a)}&hours=${encodeURIComponent(b)}`,
          );
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(res.body.error.message).toBeTruthy();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);

  it('alert transitions with junk answer 400, 404 or 409 and change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(text, fc.jsonValue(), async (id, body) => {
        const res = await gw.http
          .post(`/api/alerts/${encodeURIComponent(id || 'x')}/transitions`)
          .set('Authorization', `Bearer ${gw.adminToken}`)
          .set('content-type', 'application/json')
          .send(JSON.stringify(body));
        expect([400, 404, 409]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
    const changed = await gw.rt.db.prisma.auditEntry.count({ where: { actor: 'machine:admin-token' } });
    expect(changed).toBe(0);
  }, 60_000);

  it('malformed JSON is a 400, not a crash', async () => {
    const res = await gw.http
      .post('/api/alerts/x/transitions')
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .set('content-type', 'application/json')
      .send('{"action": ');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('body_unparseable');
  });
});

describe('USSD under random and hostile input', () => {
  const dial = (fields: Record<string, string>) =>
    gw.http.post(`/webhooks/africastalking/ussd?key=${gw.webhookKey}`).type('form').send(form(fields));

  it('a 1,000-level input and random hops always get a CON or END screen, or a clear 400', async () => {
    const deep = Array.from({ length: 1000 }, (_, i) => String(i % 10)).join('*');
    const res = await dial({
      sessionId: uniqueId('ATUid_'),
      serviceCode: '*384*123#',
      phoneNumber: '+22376123499',
      networkCode: '61002',
      text: deep,
    });
    expect(res.status).toBeLessThan(500);
    if (res.status === 200) expect(res.text).toMatch(/^(CON|END) /);
    await fc.assert(
      fc.asyncProperty(
        fc.record(
          {
            sessionId: text,
            serviceCode: text,
            phoneNumber: text,
            networkCode: text,
            text: fc.oneof(
              text,
              fc.array(fc.constantFrom('0', '00', '1', '2', '98', '99', 'x', ''), { maxLength: 40 }).map((a) => a.join('*')),
            ),
          },
          { requiredKeys: [] },
        ),
        async (fields) => {
          const r = await dial(fields as Record<string, string>);
          expect([200, 400]).toContain(r.status);
          if (r.status === 200) expect(r.text).toMatch(/^(CON|END) /);
          else expect(r.body.error.field).toBeTruthy();
        },
      ),
      { numRuns: 60 },
    );
  }, 60_000);
});

describe("the Malian channels' webhooks under random input", () => {
  const json = fc.jsonValue({ maxDepth: 4 });
  const shaped = fc.record(
    {
      deviceId: text,
      event: fc.oneof(text, fc.constantFrom('sms:received', 'sms:sent', 'sms:delivered', 'sms:failed', 'system:ping')),
      id: text,
      payload: fc.record(
        { messageId: text, message: text, sender: text, recipient: text, receivedAt: text, reason: text },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: [] },
  );

  it('signed SIM gateway events of any shape get 200, 400 or 404, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, shaped), async (body) => {
        const raw = JSON.stringify(body) ?? 'null';
        const ts = String(Math.floor(Date.now() / 1000));
        const res = await gw.http
          .post('/webhooks/simgateway')
          .set({ 'x-signature': signGatewayPayload(SIGNING_KEY, raw, ts), 'x-timestamp': ts, 'content-type': 'application/json' })
          .send(raw);
        // The same bytes signed within the same second are a replay, rightly refused.
        if (res.status === 401) expect(res.body.error.reason).toBe('replayed');
        else expect([200, 400, 404]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('a status event for a message id with a NUL character is a 404 (no message of ours), not a 503', async () => {
    // Found by the property above (seed -2127813675): PostgreSQL cannot compare a NUL, so the look-up failed.
    const raw = JSON.stringify({ deviceId: 'phone-1', event: 'sms:sent', payload: { messageId: '\u0000' } });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await gw.http
      .post('/webhooks/simgateway')
      .set({ 'x-signature': signGatewayPayload(SIGNING_KEY, raw, ts), 'x-timestamp': ts, 'content-type': 'application/json' })
      .send(raw);
    expect(res.status).toBe(404);
  });

  it('a device date no database can hold (year 99999) is stored as missing and flagged, not refused', async () => {
    const messageId = uniqueId('asg_');
    const raw = JSON.stringify({
      deviceId: 'phone-1',
      event: 'sms:received',
      id: uniqueId('evt_'),
      payload: { messageId, message: 'vol de betail a Koro', sender: '+22376123498', receivedAt: '99999' },
    });
    const ts = String(Math.floor(Date.now() / 1000));
    const res = await gw.http
      .post('/webhooks/simgateway')
      .set({ 'x-signature': signGatewayPayload(SIGNING_KEY, raw, ts), 'x-timestamp': ts, 'content-type': 'application/json' })
      .send(raw);
    expect(res.status).toBe(200);
    const row = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({
      where: { text: 'vol de betail a Koro', channel: 'simgateway' },
      orderBy: { receivedAt: 'desc' },
    });
    expect(row.providerDate).toBeNull();
    expect(row.flags).toContain('date_invalid');
  });

  it('Orange notifications of any shape get 200, 400 or 404, never a 5xx', async () => {
    const orangeShaped = fc.oneof(
      fc.record(
        {
          inboundSMSMessageNotification: fc.record(
            {
              inboundSMSMessage: fc.record(
                { senderAddress: text, destinationAddress: text, message: text, dateTime: text },
                { requiredKeys: [] },
              ),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      fc.record(
        {
          deliveryInfoNotification: fc.record(
            { deliveryInfo: fc.record({ address: text, deliveryStatus: text }, { requiredKeys: [] }), callbackData: text },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(json, orangeShaped), async (body) => {
        const res = await gw.http
          .post(`/webhooks/orange?key=${ORANGE_KEY}`)
          .set('content-type', 'application/json')
          .send(JSON.stringify(body) ?? 'null');
        expect([200, 400, 404]).toContain(res.status);
      }),
      { numRuns: 60 },
    );
  }, 60_000);
});
