// USSD as Africa's Talking really sends it: back, start, bad input, repeated hops, deep dials, odd
// numbers, refused callbacks, and the end-of-session notification.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import data from '../src/ussd/fixtures.json' with { type: 'json' };
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Dial, postUssd, postUssdEvent, SERVICE_CODE, ussdSessionId } from './helpers/ussd.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

describe('moving around', () => {
  it('bad input repeats the screen with a hint and never ends the dial; 0 goes back; 00 goes to the start', async () => {
    const dial = new Dial(gw, uniquePhone());
    await dial.send();
    expect(await dial.send('7')).toMatch(/^CON Choix invalide\.\nSabali - Langue/);
    expect(await dial.send('1')).toMatch(/^CON Que se passe-t-il\?/);
    expect(await dial.send('hello')).toMatch(/^CON Choix invalide\.\nQue se passe-t-il\?/);
    expect(await dial.send('98')).toMatch(/^CON 1 Violence sur femme/);
    expect(await dial.send('98')).toMatch(/^CON Choix invalide\.\n1 Violence/);
    expect(await dial.send('0')).toMatch(/^CON Que se passe-t-il\?/);
    expect(await dial.send('2')).toMatch(/^CON Ou est-ce\?/);
    expect(await dial.send('1')).toMatch(/^CON Quelle region\?\n1 Kayes/);
    expect(await dial.send('98')).toMatch(/^CON Quelle region\?\n1 /);
    expect(await dial.send('0')).toMatch(/^CON Quelle region\?\n1 Kayes/);
    expect(await dial.send('0')).toMatch(/^CON Ou est-ce\?/);
    expect(await dial.send('2')).toMatch(/^CON Ecrivez le nom du village:/);
    expect(await dial.send('Xqzvwkp')).toMatch(/^CON Village introuvable\.\nEcrivez le nom du village:/);
    expect(await dial.send('Sofara')).toMatch(/^CON Quel village\?\n1 Sofara \(.+\)\n2 Sofara \(.+\)/);
    expect(await dial.send('00')).toMatch(/^CON Que se passe-t-il\?/);
    expect(await dial.send('0')).toMatch(/^CON Que se passe-t-il\?/); // nothing before the start
    expect(dial.screens.every((s) => s.startsWith('CON '))).toBe(true);
    // hops skip the access log, not the request metrics
    const metrics = await gw.http.get('/metrics').set('Authorization', `Bearer ${gw.adminToken}`);
    expect(metrics.text).toMatch(
      /sabali_http_requests_total\{method="POST",route="\/webhooks\/africastalking\/ussd",status="200"\} \d+/,
    );
  });

  it('a repeated hop gets the same answer and changes nothing; a repeated confirm sends one report', async () => {
    const phone = uniquePhone();
    const sessionId = ussdSessionId();
    const hop = (text: string) =>
      postUssd(gw, { sessionId, serviceCode: SERVICE_CODE, phoneNumber: phone, networkCode: '61002', text });
    await hop('');
    expect((await hop('1')).text).toMatch(/^CON Que se passe-t-il/);
    const [a, b] = await Promise.all([hop('1*2'), hop('1*2')]);
    expect(a.text).toBe(b.text);
    expect((await hop('1*2')).text).toBe(a.text);
    for (const text of ['1*2*2', '1*2*2*Konna']) await hop(text);
    const pick = await hop('1*2*2*Konna');
    expect(pick.text).toMatch(/^CON Quel village\?/);
    for (const text of ['1*2*2*Konna*1', '1*2*2*Konna*1*2', '1*2*2*Konna*1*2*1', '1*2*2*Konna*1*2*1*1']) await hop(text);
    const ends = await Promise.all([1, 2, 3].map(() => hop('1*2*2*Konna*1*2*1*1*1')));
    expect(new Set(ends.map((r) => r.text)).size).toBe(1);
    expect(ends[0]!.text).toMatch(/^END Merci\. Ref R[A-Z0-9]{5}\./);
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: sessionId } })).toBe(1);
  });

  it('a hop that does not follow the last one (a lost answer, a replay) is worked out from the start', async () => {
    const phone = uniquePhone();
    const sessionId = ussdSessionId();
    const hop = (text: string) => postUssd(gw, { sessionId, serviceCode: SERVICE_CODE, phoneNumber: phone, text });
    await hop('');
    await hop('1');
    expect((await hop('1*4*1')).text).toMatch(/^CON Quelle region\?/); // '1*4' never arrived
    expect((await hop('1*3')).text).toMatch(/^CON Ou est-ce\?/); // an older branch: replayed
  });

  it('a deep dial (*384*123*1#) whose first text is not empty starts past the first screen', async () => {
    const dial = new Dial(gw, uniquePhone());
    expect(await dial.send('1')).toMatch(/^CON Que se passe-t-il\?/);
  });

  it('a number whose + arrived unencoded (a leading space) is the same reporter', async () => {
    const phone = uniquePhone();
    const sessionId = ussdSessionId();
    const res = await gw.http
      .post(`/webhooks/africastalking/ussd?key=${gw.webhookKey}`)
      .type('form')
      .send(`sessionId=${sessionId}&serviceCode=*384*123%23&phoneNumber=${phone}&text=`);
    expect(res.text).toMatch(/^CON Sabali - Langue/);
    await gw.http
      .post(`/webhooks/africastalking/ussd?key=${gw.webhookKey}`)
      .type('form')
      .send(`sessionId=${sessionId}&serviceCode=*384*123%23&phoneNumber=${phone}&text=3`);
    // the language is remembered for the well-encoded number
    expect(await new Dial(gw, phone).send()).toMatch(/^CON Ko wadi\?/);
  });
});

describe('refused callbacks', () => {
  it.each([
    [{ serviceCode: SERVICE_CODE, phoneNumber: '+22376123421', text: '' }, 'sessionId'],
    [{ sessionId: 'ATUid_x', serviceCode: SERVICE_CODE, text: '' }, 'phoneNumber'],
  ])('%j → 400 naming %s', async (body, field) => {
    const res = await postUssd(gw, body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_callback', field });
  });
  it('a wrong key → 401; JSON → 415', async () => {
    expect((await postUssd(gw, { sessionId: 'a', phoneNumber: '+22376123421' }, 'wrong-key-wrong-key')).status).toBe(401);
    expect((await gw.http.post(`/webhooks/africastalking/ussd?key=${gw.webhookKey}`).send({ sessionId: 'a' })).status).toBe(415);
  });
  it.each(data.fixtures.filter((f) => f.kind === 'ussd').map((f) => [f.id, f.body] as const))(
    'fixture %s: no 5xx, a CON/END answer when storable',
    async (_id, body) => {
      const res = await gw.http
        .post(`/webhooks/africastalking/ussd?key=${gw.webhookKey}`)
        .type('form')
        .send(typeof body === 'string' ? body : new URLSearchParams(body).toString());
      expect(res.status).toBeLessThan(500);
      if (res.status === 200) expect(res.text).toMatch(/^(CON|END) /);
      else expect(res.status).toBe(400);
    },
  );
});

describe('the end-of-session notification', () => {
  it('is recorded once per session, with the report reference and no phone number in clear', async () => {
    const dial = new Dial(gw, uniquePhone());
    await dial.send();
    for (const input of ['1', '5', '2', 'Kouakourou', '1', '2', '1']) await dial.send(input);
    const reference = /R[A-Z0-9]{5}/.exec(await dial.send('1'))![0];
    const body = {
      date: '2026-11-29 10:00:00',
      sessionId: dial.sessionId,
      serviceCode: SERVICE_CODE,
      networkCode: '61002',
      phoneNumber: dial.phone,
      status: 'Success',
      cost: 'XOF 0',
      durationInMillis: '41250',
      hopsCount: String(dial.hops),
      hopsMetadata: 'lang|category|where',
      input: dial.text,
      lastAppResponse: dial.screen,
    };
    const first = await postUssdEvent(gw, body);
    expect([first.status, first.text]).toEqual([200, 'OK']);
    const again = await postUssdEvent(gw, { ...body, status: 'Failed' });
    expect([again.status, again.text]).toEqual([200, 'OK (already received)']);
    const row = await gw.rt.db.prisma.ussdEvent.findUniqueOrThrow({ where: { sessionId: dial.sessionId } });
    expect(row).toMatchObject({
      status: 'Success',
      durationMs: 41250,
      hopsCount: dial.hops,
      cost: 'XOF 0',
      reportReference: reference,
      phoneHash: gw.rt.container.vault.hash(dial.phone),
    });
    expect(JSON.stringify(row)).not.toContain(dial.phone);
  });

  it('a dial that chose a language and sent nothing still has its language remembered', async () => {
    const dial = new Dial(gw, uniquePhone());
    await dial.send();
    await dial.send('4');
    const res = await postUssdEvent(gw, {
      sessionId: dial.sessionId,
      phoneNumber: dial.phone,
      status: 'Incomplete',
      serviceCode: SERVICE_CODE,
      hopsCount: '2',
      durationInMillis: '30000',
      input: '4',
      lastAppResponse: dial.screen,
      errorMessage: '',
    });
    expect(res.status).toBe(200);
    const hash = gw.rt.container.vault.hash(dial.phone);
    await eventually(
      async () => (await gw.rt.db.prisma.reporter.findUnique({ where: { phoneHash: hash } }))?.language === 'son',
      2000,
    );
  });

  it.each([
    [{ status: 'Success' }, 'sessionId'],
    [{ sessionId: 'ATUid_e1', status: 'Done' }, 'status'],
  ])('%j → 400 naming %s', async (body, field) => {
    const res = await postUssdEvent(gw, body);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
  });

  it.each(data.fixtures.filter((f) => f.kind === 'ussd-end').map((f) => [f.id, f.body as string] as const))(
    'fixture %s is stored',
    async (_id, body) => {
      const sessionId = ussdSessionId();
      const res = await gw.http
        .post(`/webhooks/africastalking/ussd-events?key=${gw.webhookKey}`)
        .type('form')
        .send(body.replace(/sessionId=[^&]+/, `sessionId=${sessionId}`));
      expect(res.status).toBe(200);
      expect(await gw.rt.db.prisma.ussdEvent.count({ where: { sessionId } })).toBe(1);
    },
  );
});
