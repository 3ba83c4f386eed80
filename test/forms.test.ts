// Form bodies through the one Express app: every webhook and dashboard form is read by one parser with
// its route's limits, refused in the app's JSON error shape, and never written to a log.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { SERVICE_CODE, ussdSessionId } from './helpers/ussd.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const sms = () => `/webhooks/africastalking/sms?key=${gw.webhookKey}`;
const PASSWORD = 'hunter2-correct-horse-battery';

/** A form of `n` fields besides a password, each name and value findable in a log. */
function bigForm(n: number, extra: Record<string, string> = {}): string {
  const fields: Record<string, string> = { ...extra, password: PASSWORD };
  for (let i = 0; i < n; i++) fields[`field${i}zq`] = `value${i}xk`;
  return form(fields);
}

describe('one form parser, with limits', () => {
  it('too many fields is a 413 naming the limit, and nothing is stored', async () => {
    const id = uniqueId();
    const res = await gw.http
      .post(sms())
      .type('form')
      .send(bigForm(60, smsCallback({ from: uniquePhone(), text: 'vol a Koro', id })));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatchObject({ code: 'too_many_fields', limit: 50 });
    expect(res.body.error.message).toContain('more than 50 fields');
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: id } })).toBe(0);
  });

  it.each([
    ['text/plain', 'hello'],
    ['application/json', '{"from":"+22376123421"}'],
    ['multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
  ])('another content type (%s) is a 415 in the JSON error shape', async (type, body) => {
    const res = await gw.http.post(`/webhooks/africastalking/delivery?key=${gw.webhookKey}`).set('content-type', type).send(body);
    expect(res.status).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.error).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('a compressed body is refused with a 415, never inflated', async () => {
    const res = await gw.http
      .post(sms())
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('content-encoding', 'gzip')
      .send(gzipSync(form(smsCallback({ from: uniquePhone(), text: 'vol a Koro' }))));
    expect(res.status).toBe(415);
    expect(res.body.error.code).toBe('unsupported_encoding');
  });

  it('a USSD hop to the path with a trailing slash is answered like any hop, in text/plain', async () => {
    const body = {
      sessionId: ussdSessionId(),
      serviceCode: SERVICE_CODE,
      phoneNumber: uniquePhone(),
      networkCode: '61002',
      text: '',
    };
    const res = await gw.http.post(`/webhooks/africastalking/ussd/?key=${gw.webhookKey}`).type('form').send(form(body));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['at-ussd-hop-metadata']).toBeTruthy();
    expect(res.text).toMatch(/^CON /);
  });
});

describe('no error path logs a body or a header', () => {
  it('a form of 60 fields with a password, to the login and to a webhook: 413, and none of it in the logs', async () => {
    const secretHeader = 'header-value-never-logged-7731';
    const login = await gw.http
      .post('/login')
      .set('x-custom', secretHeader)
      .type('form')
      .send(bigForm(60, { email: 'someone@example.org' }));
    expect(login.status).toBe(413);
    expect(login.headers['content-type']).toMatch(/^text\/html/); // a browser gets the dashboard's page
    expect(login.text).toContain('Envoi trop volumineux');
    const hook = await gw.http.post(sms()).set('x-custom', secretHeader).type('form').send(bigForm(60));
    expect(hook.status).toBe(413);
    const all = gw.logs.join('');
    expect(all).toContain('"statusCode":413'); // the refusals were logged, without their contents
    for (const secret of [PASSWORD, 'field7zq', 'value7xk', 'someone@example.org', secretHeader])
      expect(all).not.toContain(secret);
  });
});
