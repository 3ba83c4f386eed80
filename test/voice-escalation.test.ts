// Focal points by voice: a severity-3 alert nobody acknowledged calls its committee's primary focal point
// (through Africa's Talking, faked at HTTP level) before the ladder moves on; the alert is spoken, key 1
// acknowledges it as an SMS "OK" would (audited, channel voice), key 2 asks to be called again in 10 minutes.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, sms } from './helpers/alerts.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Call, spoken } from './helpers/voice.ts';
import { AT_VOICE_API } from '../src/channels/africastalking/voice-call.ts';

// The rank-1 focal points of two communes' CCS (src/embedded/demo-committees.ts).
const BANKASS = { place: 'Bankass', committee: 'CCS de Bankass', phone: '+22370000121' };
const KORO = { place: 'Koro', committee: 'CCS de Koro', phone: '+22370000131' };
let gw: TestGateway;
const placed: { to: string; sessionId: string }[] = [];
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  nock(AT_VOICE_API)
    .persist()
    .post('/call')
    .reply(200, (_uri, body) => {
      const to = new URLSearchParams(body as string).get('to')!;
      const sessionId = `ATVId_fp${placed.length + 1}x${Date.now()}`;
      placed.push({ to, sessionId });
      return { entries: [{ status: 'Queued', phoneNumber: to, sessionId }], errorMessage: 'None' };
    });
  // Severity 3 waits 15 min; scaled by 0.002 that is 1.8 s, then 0.6 s for the call to be answered.
  gw = await startGateway({
    env: {
      SMS_CHANNEL: 'simulator',
      AT_USERNAME: 'sabali',
      AT_API_KEY: 'test-key-voice',
      VOICE_NUMBER: '+22320000000',
      ESCALATION_TIME_SCALE: '0.002',
    },
  });
});
afterAll(async () => {
  await gw?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
type Entry = { action: string; actor: string; channel: string; reason: string | null };

async function silentAlertCalled(where: typeof BANKASS) {
  const since = new Date();
  const before = placed.length;
  await sms(gw, uniquePhone(), `des hommes armes ont attaque le marche de ${where.place}, deux morts et des blesses`);
  const alert = await alertFor(gw, where.committee, since);
  expect(alert.severity).toBe(3);
  const call = await eventually(async () => placed.slice(before).find((p) => p.to === where.phone), 8000, 100);
  // The provider's session id is on our row before its first callback can find it.
  await eventually(() => gw.rt.db.prisma.call.findUnique({ where: { sessionId: call.sessionId } }));
  return { alert, answer: Object.assign(new Call(gw, where.phone, 'Outbound'), { sessionId: call.sessionId }) };
}

describe('a silent severity-3 alert', () => {
  it('calls the primary focal point, who hears the alert and acknowledges it with key 1', async () => {
    const { alert, answer } = await silentAlertCalled(BANKASS);
    await answer.post();
    const said = spoken(answer.answer).join(' ');
    expect(said).toContain('Attaque');
    expect(said).toContain('Bankass');
    expect(said).toContain(alert.reference.split('').join(', '));
    expect(said).toContain('Tapez 1 pour prendre en charge');
    expect(answer.answer.children.map((c) => c.name)).toEqual(['GetDigits', 'Redirect']);

    await answer.keys('1');
    expect(spoken(answer.answer).join(' ')).toMatch(/^Merci/);
    const detail = await eventually(async () => {
      const d = (await api(`/api/alerts/${alert.id}`)).body as { state: string; timeline: Entry[] };
      return d.state === 'acknowledged' ? d : undefined;
    });
    const actions = detail.timeline.map((e) => e.action);
    expect(actions.indexOf('voice_call')).toBeGreaterThan(actions.indexOf('create'));
    expect(detail.timeline.find((e) => e.action === 'voice_call')!.reason).toMatch(/calling Président CCS Bankass/);
    expect(detail.timeline.find((e) => e.action === 'acknowledge')).toMatchObject({
      channel: 'voice',
      actor: expect.stringMatching(/^focal_point:/),
    });
    // The call is listed, its number masked; the number never reaches a log.
    const calls = (await api('/api/calls?limit=200')).body.items as { kind: string; state: string; phone: string }[];
    expect(calls.some((c) => c.kind === 'alert' && c.state === 'answered')).toBe(true);
    expect(gw.logs.join('')).not.toContain(BANKASS.phone.slice(1));
  });

  it('is called again in 10 minutes when the focal point presses 2, and the ladder still moves on', async () => {
    const { alert, answer } = await silentAlertCalled(KORO);
    await answer.post();
    await answer.keys('7');
    expect(spoken(answer.answer)[0]).toBe('Choix invalide.');
    await answer.keys('2');
    expect(spoken(answer.answer).join(' ')).toContain('10 minutes');
    const again = await eventually(async () => {
      const rows = await gw.rt.db.prisma.call.findMany({
        where: { alertId: alert.id, kind: 'alert' },
        orderBy: { createdAt: 'asc' },
      });
      return rows.length === 2 ? rows[1] : undefined;
    });
    expect(again.state).toBe('queued');
    const job = await gw.rt.container.producer.queues['voice-call'].getJob(`vc-${again.id}`);
    expect(await job!.getState()).toBe('delayed');
    expect(job!.opts.delay).toBe(10 * 60_000);
    // Nobody acknowledged: the backup hears of it.
    await eventually(async () => ((await api(`/api/alerts/${alert.id}`)).body as { state: string }).state === 'escalated', 8000);
  });
});
