// Sending through Africa's Talking (faked at the HTTP level with nock, never the internet) and
// delivery reports moving each message forward, never backwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { atAccepted, fakeAfricasTalking } from './helpers/at-fake.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
const sent: { to: string; message: string; apiKey: string | undefined }[] = [];
/** What the fake answers next to a given number, in order; then success. */
let script: Array<{ to: string; reply: [number, unknown] }> = [];
let counter = 0;

let fake: { stop(): void };

beforeAll(async () => {
  fake = fakeAfricasTalking((params, headers) => {
    const to = params.get('to') ?? '';
    sent.push({ to, message: params.get('message') ?? '', apiKey: headers['apikey'] as string | undefined });
    const i = script.findIndex((s) => s.to === to);
    if (i < 0) return [201, atAccepted(to, `ATXid_fake${++counter}`)];
    return script.splice(i, 1)[0]!.reply;
  });
  gw = await startGateway({
    env: { SMS_CHANNEL: 'africastalking', AT_USERNAME: 'sabali', AT_API_KEY: 'test-api-key-123', SMS_MAX_ATTEMPTS: '4' },
  });
});
afterAll(async () => {
  await gw?.stop();
  fake?.stop();
});

const postSms = (body: Record<string, string>) =>
  gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(body));
const postDlr = (body: Record<string, string>) =>
  gw.http.post(`/webhooks/africastalking/delivery?key=${gw.webhookKey}`).type('form').send(form(body));

async function alertSmsFor(text: string, from = uniquePhone()) {
  const res = await postSms(smsCallback({ from, text }));
  expect(res.status).toBe(200);
  const inbound = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({ where: { text } });
  return eventually(
    async () =>
      gw.rt.db.prisma.outboundMessage.findFirst({
        where: { purpose: 'alert', alert: { report: { inboundId: inbound.id } }, state: { not: 'queued' } },
      }),
    5000,
  );
}

describe("sending through Africa's Talking", () => {
  it('posts the alert with the API key and stores the provider message id', async () => {
    const msg = await alertSmsFor('hommes armes vus a Bankass sur des motos');
    expect(msg.state).toBe('sent');
    expect(msg.providerMessageId).toMatch(/^ATXid_fake/);
    const call = sent.find((s) => s.message === msg.text);
    expect(call).toMatchObject({ to: '+22370000121', apiKey: 'test-api-key-123' });
  });

  it('retries a 500 and a 429 with backoff, then succeeds once', async () => {
    script = [
      { to: '+22370000151', reply: [500, 'Internal Server Error'] },
      { to: '+22370000151', reply: [429, 'Too Many Requests'] },
    ];
    const msg = await alertSmsFor('vol de betail a Macina, 12 vaches volees');
    expect(msg.state).toBe('sent');
    const attempts = await gw.rt.db.prisma.sendAttempt.findMany({ where: { outboundId: msg.id }, orderBy: { attempt: 'asc' } });
    expect(attempts.map((a) => [a.outcome, a.errorCode])).toEqual([
      ['retry', 'http_500'],
      ['retry', 'http_429'],
      ['sent', null],
    ]);
    expect(sent.filter((s) => s.message === msg.text)).toHaveLength(3);
  });

  it('does not retry a permanent refusal (invalid number)', async () => {
    script = [
      {
        to: '+22370000241',
        reply: [
          201,
          {
            SMSMessageData: {
              Message: 'Sent to 0/1',
              Recipients: [
                { statusCode: 403, number: '+22370000241', status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' },
              ],
            },
          },
        ],
      },
    ];
    const msg = await alertSmsFor('conflit foncier a Niono entre agriculteurs et eleveurs, champs detruits');
    expect(msg.state).toBe('failed');
    expect(msg.lastError).toBe('InvalidPhoneNumber');
    await new Promise((r) => setTimeout(r, 500));
    const attempts = await gw.rt.db.prisma.sendAttempt.count({ where: { outboundId: msg.id } });
    expect(attempts).toBe(1);
  });
});

describe('delivery reports', () => {
  it('move a message to delivered, keep the history, ignore repeats and never go backwards', async () => {
    const msg = await alertSmsFor('attaque a Djenne, maisons brulees');
    const id = msg.providerMessageId!;
    const steps = [
      [{ id, status: 'Sent', phoneNumber: '+22370000111' }, 'OK (no change: sent)'],
      [{ id, status: 'Success', phoneNumber: '+22370000111', networkCode: '61002' }, 'OK delivered'],
      [{ id, status: 'Success' }, 'OK (no change: delivered)'],
      [{ id, status: 'Buffered' }, 'OK (no change: delivered)'],
      [{ id, status: 'Failed', failureReason: 'DeliveryFailure' }, 'OK (no change: delivered)'],
    ] as const;
    for (const [body, answer] of steps) {
      const res = await postDlr(body as unknown as Record<string, string>);
      expect(res.status).toBe(200);
      expect(res.text).toBe(answer);
    }
    const row = await gw.rt.db.prisma.outboundMessage.findUniqueOrThrow({
      where: { id: msg.id },
      include: { statusEvents: { orderBy: { at: 'asc' } } },
    });
    expect(row.state).toBe('delivered');
    expect(row.statusEvents.map((e) => [e.rawStatus, e.applied])).toEqual([
      ['Sent', false],
      ['Success', true],
      ['Buffered', false],
      ['Failed', false],
    ]);
  });

  it('a failure report marks the message failed with its reason', async () => {
    const msg = await alertSmsFor('ya des gens armes qui ont enleve le chef de village a Koro');
    const res = await postDlr({ id: msg.providerMessageId!, status: 'Rejected', failureReason: 'userinblacklist' });
    expect(res.status).toBe(200);
    const ev = await gw.rt.db.prisma.messageStatusEvent.findFirstOrThrow({ where: { outboundId: msg.id } });
    expect(ev).toMatchObject({ state: 'failed', failureReason: 'UserInBlackList', applied: true });
  });

  it.each([
    [{ id: 'ATXid_x', status: 'Teleported' }, 400, 'status', /Success/],
    [{ status: 'Success' }, 400, 'id', /id/],
    [{ id: 'ATXid_never_sent', status: 'Success' }, 404, 'id', /ATXid_never_sent/],
  ])('refuses %o with %i naming %s', async (body, status, field, message) => {
    const res = await postDlr(body as Record<string, string>);
    expect(res.status).toBe(status);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toMatch(message);
  });

  it('is refused without the key', async () => {
    const res = await gw.http.post('/webhooks/africastalking/delivery').type('form').send('id=x&status=Success');
    expect(res.status).toBe(401);
  });
});
