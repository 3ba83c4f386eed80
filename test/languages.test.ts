// Native review on the dashboard's Langues page: what still needs a speaker, marking reviewed, a speaker's
// correction accepted by an admin and taking effect at once (the SMS a reporter gets, the classifier), audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { form, smsCallback } from './helpers/africastalking.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let admin: Browser;
let coordinator: Browser;
beforeAll(async () => {
  gw = await startGateway();
  const a = await makeUser(gw, 'admin');
  const c = await makeUser(gw, 'coordinator');
  admin = await login(gw, a.email, a.password);
  coordinator = await login(gw, c.email, c.password);
});
afterAll(async () => {
  await gw?.stop();
});

const count = (page: string, language: string, kind: 'text' | 'lexicon' | 'pending'): number => {
  const row = new RegExp(`data-language="${language}"[\\s\\S]*?data-count="${kind}"[^>]*>(\\d+)<`).exec(page);
  if (!row) throw new Error(`no ${kind} count for ${language}`);
  return Number(row[1]);
};
const audit = (action: string, key: string) =>
  gw.database.db.prisma.auditEntry.findMany({ where: { entity: 'language_review', action, reason: { contains: key } } });

async function propose(kind: 'text' | 'lexicon', language: string, key: string, value: string) {
  const res = await coordinator.post('/languages/review', { kind, language, key, action: 'correct', value });
  expect(res.status).toBe(303);
  const page = (await admin.get(`/languages?language=${language}&kind=${kind}`)).text;
  const id = new RegExp(`data-pending="([0-9a-f-]{36})"><td>[^<]*<code>${key}</code>`).exec(page)?.[1];
  expect(id).toBeTruthy();
  return id!;
}

describe('the Langues page', () => {
  it('a text marked reviewed no longer needs a speaker, and the review is audited', async () => {
    const before = await coordinator.get('/languages?language=ff&kind=text');
    expect(before.status).toBe(200);
    expect(before.text).toContain('<code>sms:help</code>');
    const left = count(before.text, 'ff', 'text');
    const res = await coordinator.post('/languages/review', {
      kind: 'text',
      language: 'ff',
      key: 'sms:help',
      action: 'reviewed',
      back: '/languages?language=ff&kind=text',
    });
    expect(res.status).toBe(303);
    const after = (await coordinator.get(res.headers.location as string)).text;
    expect(after).not.toContain('<code>sms:help</code>');
    expect(count(after, 'ff', 'text')).toBe(left - 1);
    const all = (await coordinator.get('/languages?language=ff&kind=text&show=all')).text;
    expect(all).toMatch(/<code>sms:help<\/code>[^]*?(relu par|reviewed by) coordinator/);
    expect(await audit('reviewed', 'ff sms:help')).toHaveLength(1);
  });

  it('viewers cannot open it; a coordinator cannot accept a correction; a correction must keep the placeholders', async () => {
    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    expect((await viewer.get('/languages')).status).toBe(403);
    const bad = await coordinator.post('/languages/review', {
      kind: 'text',
      language: 'son',
      key: 'sms:receipt',
      action: 'correct',
      value: 'Sabali: no reference here',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('placeholders ref');
    const id = await propose('text', 'son', 'sms:placeThanks', 'Sabali: fofo, nimoro {{ref}} ga.');
    expect((await coordinator.post(`/languages/decide/${id}`, { decision: 'accept' })).status).toBe(403);
    expect((await admin.post(`/languages/decide/${id}`, { decision: 'reject' })).status).toBe(303);
    expect(await audit('rejected', 'son sms:placeThanks')).toHaveLength(1);
    expect((await admin.post(`/languages/decide/${id}`, { decision: 'accept' })).status).toBe(400);
  });

  it('an accepted Bambara correction of the receipt is the SMS the next Bambara reporter gets', async () => {
    const corrected = 'Sabali: an ye i ka cikan soro, nimoro {{ref}}. I ni ce.';
    const id = await propose('text', 'bm', 'sms:receipt', corrected);
    expect(count((await admin.get('/languages')).text, 'bm', 'pending')).toBe(1);
    const res = await admin.post(`/languages/decide/${id}`, { decision: 'accept' });
    expect(res.status).toBe(303);
    expect(await audit('proposed', 'bm sms:receipt')).toHaveLength(1);
    expect(await audit('accepted', 'bm sms:receipt')).toHaveLength(1);
    expect((await admin.get('/languages?language=bm&kind=text')).text).not.toContain('<code>sms:receipt</code>');

    const sms = smsCallback({ from: uniquePhone(), text: 'Jenne: sonyalikɛlaw ye an ka misiw ta su fɛ' });
    const posted = await gw.http
      .post(`/webhooks/africastalking/sms?key=${encodeURIComponent(gw.webhookKey)}`)
      .type('form')
      .send(form(sms));
    expect(posted.status).toBe(200);
    const receipt = await eventually(async () => {
      const items = (await gw.http.get('/api/messages?limit=200').set('Authorization', `Bearer ${gw.adminToken}`)).body
        .items as Array<{ purpose: string; text: string; state: string }>;
      return items.find((m) => m.purpose === 'receipt' && m.state === 'sent');
    }, 10_000);
    expect(receipt.text).toMatch(/^Sabali: an ye i ka cikan soro, nimoro [A-Z0-9]+\. I ni ce\.$/);
  });

  it('an accepted lexicon correction changes the category of the next report using the word', async () => {
    const text = 'wujjoobe ngaddii na i amen Koro'; // Fulfulde: thieves took our cattle at Koro
    const reportsAfterSms = async (n: number) => {
      const posted = await gw.http
        .post(`/webhooks/africastalking/sms?key=${encodeURIComponent(gw.webhookKey)}`)
        .type('form')
        .send(form(smsCallback({ from: uniquePhone(), text })));
      expect(posted.status).toBe(200);
      return eventually(async () => {
        const items = (await gw.http.get('/api/reports?limit=200').set('Authorization', `Bearer ${gw.adminToken}`)).body
          .items as Array<{ category: string; language: string; location: { pcode: string } | null }>;
        const mine = items.filter((r) => r.language === 'ff' && r.location?.pcode === 'ML050512');
        return mine.length >= n ? mine : undefined;
      }, 10_000);
    };
    expect((await reportsAfterSms(1)).map((r) => r.category)).toEqual(['ATTAQUE']);
    const id = await propose('lexicon', 'ff', 'theft:wujjo', 'wujjoobe');
    expect((await admin.post(`/languages/decide/${id}`, { decision: 'accept' })).status).toBe(303);
    expect(await audit('accepted', 'ff theft:wujjo')).toHaveLength(1);
    const after = await reportsAfterSms(2);
    expect(after.map((r) => r.category).sort()).toEqual(['ATTAQUE', 'VOL_BETAIL']);
  });
});
