// A villager reports by voice: callbacks as Africa's Talking posts them walk the spoken menu (the USSD
// menu's questions and keys) to a report with channel voice in Djenné, routed to Djenné's committee, with
// an SMS receipt; every answer is well-formed voice XML. A missed call is rejected and called back.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Call, spoken, walkToDjenne } from './helpers/voice.ts';
import { AT_VOICE_API } from '../src/channels/africastalking/voice-call.ts';

let menu: TestGateway;
let callBack: TestGateway;
const placed: URLSearchParams[] = [];
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock(AT_VOICE_API)
    .persist()
    .post('/call')
    .reply(200, (_uri, body) => {
      const params = new URLSearchParams(body as string);
      placed.push(params);
      return {
        entries: [{ status: 'Queued', phoneNumber: params.get('to'), sessionId: `ATVId_cb${placed.length}x` }],
        errorMessage: 'None',
      };
    });
  [menu, callBack] = await Promise.all([
    startGateway({ env: { VOICE_CALL_BACK: 'false' } }),
    startGateway({
      env: { SMS_CHANNEL: 'simulator', AT_USERNAME: 'sabali', AT_API_KEY: 'test-key-voice', VOICE_NUMBER: '+22320000000' },
    }),
  ]);
});
afterAll(async () => {
  await Promise.all([menu?.stop(), callBack?.stop()]);
  nock.cleanAll();
  nock.enableNetConnect();
});

const api = (gw: TestGateway, path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);

describe('a report by voice', () => {
  it('walks the menu to a voice report in Djenné, routed to its committee, with an SMS receipt', async () => {
    const call = new Call(menu, uniquePhone());
    const reference = await walkToDjenne(call);
    expect(reference).toMatch(/^R[A-Z0-9]{5}$/);

    const report = await eventually(async () =>
      (
        (await api(menu, '/api/reports?limit=200')).body.items as {
          reference: string;
          channel: string;
          category: string;
          location: { pcode: string };
        }[]
      ).find((r) => r.reference === reference),
    );
    expect(report).toMatchObject({ channel: 'voice', category: 'VOL_BETAIL', severity: 2, location: { pcode: 'ML050303' } });
    const alert = await eventually(async () =>
      ((await api(menu, '/api/alerts?limit=200')).body.items as { report: string; committee: { name: string } }[]).find(
        (a) => a.report === reference,
      ),
    );
    expect(alert.committee.name).toBe('CCS de Djenné');
    const receipt = await eventually(async () =>
      ((await api(menu, '/api/messages?limit=200')).body.items as { purpose: string; text: string }[]).find(
        (m) => m.purpose === 'receipt' && m.text.includes(reference),
      ),
    );
    expect(receipt).toBeTruthy();

    // The final callback: duration, cost and hang-up cause stored, the number masked.
    await call.post({ durationInSeconds: '95', currencyCode: 'XOF', amount: '120.00', hangupCause: 'NORMAL_CLEARING' }, '0');
    expect(call.answer.children).toEqual([]);
    const stored = ((await api(menu, '/api/calls')).body.items as Record<string, unknown>[]).find((c) => c.report === reference);
    expect(stored).toMatchObject({
      kind: 'inbound',
      state: 'completed',
      durationSeconds: 95,
      hangupCause: 'NORMAL_CLEARING',
      recorded: true,
    });
    expect(stored!.cost).toEqual({ currency: 'XOF', amount: '120.00' });
    expect(stored!.phone).not.toContain(call.phone.slice(-4));
    expect(menu.logs.join('')).not.toContain(call.phone.slice(1));
  });

  it('repeats a question after silence or a wrong key, goes back with 0 and starts again with 00', async () => {
    const call = new Call(menu, uniquePhone());
    await call.post();
    const question = spoken(call.answer);
    expect(call.answer.children.map((c) => c.name)).toEqual(['GetDigits', 'Redirect']);
    await call.post(); // the GetDigits timed out: AT follows our Redirect without keys
    expect(spoken(call.answer)).toEqual(question);
    await call.keys('7');
    expect(spoken(call.answer)[0]).toBe('Choix invalide.');
    await call.keys('1');
    await call.keys('4');
    expect(spoken(call.answer).join(' ')).toContain('Ou est-ce?');
    await call.keys('2'); // the typed village of USSD: not offered by voice
    expect(spoken(call.answer)[0]).toBe('Choix invalide.');
    await call.keys('0');
    expect(spoken(call.answer).join(' ')).toContain('Que se passe-t-il?');
    await call.keys('00');
    expect(spoken(call.answer).join(' ')).toContain('Que se passe-t-il?');
  });

  it('refuses a callback it cannot use, naming the field', async () => {
    const res = await menu.http
      .post(`/webhooks/africastalking/voice?key=${encodeURIComponent(menu.webhookKey)}`)
      .type('form')
      .send('sessionId=ATVId_x&isActive=1');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/callerNumber/);
    const wrongKey = await menu.http.post('/webhooks/africastalking/voice?key=nope').type('form').send('sessionId=a');
    expect(wrongKey.status).toBe(401);
  });
});

describe('a missed call', () => {
  it('is rejected, called back once within 10 minutes, and the call back walks the menu', async () => {
    const phone = uniquePhone();
    const missed = new Call(callBack, phone);
    await missed.post();
    expect(missed.answer.children.map((c) => c.name)).toEqual(['Reject']);
    await new Call(callBack, phone).post(); // a second "bip" a minute later: no second call back
    const row = await eventually(async () =>
      ((await api(callBack, '/api/calls')).body.items as { kind: string; state: string; phone: string }[]).find(
        (c) => c.kind === 'callback' && c.state === 'placed',
      ),
    );
    expect(row.phone).not.toContain(phone.slice(-4));
    const mine = placed.filter((p) => p.get('to') === phone);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.get('from')).toBe('+22320000000');
    expect(mine[0]!.get('username')).toBe('sabali');
    const callbacks = ((await api(callBack, '/api/calls')).body.items as { kind: string }[]).filter((c) => c.kind === 'callback');
    expect(callbacks).toHaveLength(1);

    // The call back is answered: AT's callbacks name it Outbound, with the session id it gave us.
    const index = placed.indexOf(mine[0]!) + 1;
    const back = Object.assign(new Call(callBack, phone, 'Outbound'), { sessionId: `ATVId_cb${index}x` });
    await back.post();
    expect(spoken(back.answer)).toContain('Tapez 1: Francais.');
  });
});
