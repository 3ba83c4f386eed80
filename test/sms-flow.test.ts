// The whole loop as a user sees it: an Africa's Talking SMS becomes a located report, an alert for
// the place's committee and an SMS to its focal point, visible through the API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { form, smsCallback } from './helpers/africastalking.ts';

let gw: TestGateway;
const phonesUsed: string[] = ['+22370000211', '+22370000111', '+22370000131', '+22370000501'];
function phone(): string {
  const p = uniquePhone();
  phonesUsed.push(p);
  return p;
}
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
const postSms = (body: Record<string, string>, key = gw.webhookKey) =>
  gw.http
    .post(`/webhooks/africastalking/sms?key=${encodeURIComponent(key)}`)
    .type('form')
    .send(form(body));

interface ReportItem {
  id: string;
  reference: string;
  category: string;
  severity: number;
  language: string;
  location: { pcode: string; name: string; level: string } | null;
}
interface AlertItem {
  reference: string;
  state: string;
  category: string;
  report: string;
  committee: { name: string; type: string };
  location: { pcode: string } | null;
}
interface MessageItem {
  to: string;
  text: string;
  purpose: string;
  state: string;
  encoding: string;
  segments: number;
  alertId: string | null;
}

async function reportFor(reference: (items: ReportItem[]) => ReportItem | undefined) {
  return eventually(async () => reference((await api('/api/reports?limit=200')).body.items as ReportItem[]), 10_000);
}

describe('an SMS report travels end to end', () => {
  it.each([
    {
      lang: 'fr',
      text: 'Bjr, ya palabre entre peuls et cultivateurs a Djenne, les animaux ont detruit les champs',
      category: 'FONCIER',
      committee: 'COFO de Djenné',
      committeeType: 'COFO',
      focalPointMask: '+223 7• •• •2 11',
    },
    {
      lang: 'bm',
      text: 'Jenne: sonyalikɛlaw ye an ka misiw ta su fɛ',
      category: 'VOL_BETAIL',
      committee: 'CCS de Djenné',
      committeeType: 'CCS',
      focalPointMask: '+223 7• •• •1 11',
    },
  ])('$lang SMS from Djenné → report, alert for $committee, SMS to its focal point, receipt', async (c) => {
    const reporter = phone();
    const res = await postSms(smsCallback({ from: reporter, text: c.text }));
    expect(res.status).toBe(200);

    const report = await reportFor((items) =>
      items.find((r) => r.category === c.category && r.language === c.lang && r.location?.pcode === 'ML050303'),
    );
    expect(report.location).toMatchObject({ pcode: 'ML050303', name: 'Djenné', level: 'commune' });

    const alert = await eventually(
      async () => ((await api('/api/alerts?limit=200')).body.items as AlertItem[]).find((a) => a.report === report.reference),
      10_000,
    );
    expect(alert).toMatchObject({
      state: 'sent',
      category: c.category,
      committee: { name: c.committee, type: c.committeeType },
      location: { pcode: 'ML050303' },
    });

    const messages = await eventually(async () => {
      const items = (await api('/api/messages?limit=200')).body.items as MessageItem[];
      const alertSms = items.filter((m) => m.purpose === 'alert' && m.text.includes(alert.reference) && m.state === 'sent');
      const receipt = items.find((m) => m.purpose === 'receipt' && m.text.includes(report.reference) && m.state === 'sent');
      return alertSms.length > 0 && receipt ? { alertSms, receipt } : undefined;
    }, 10_000);
    expect(messages.alertSms).toHaveLength(1);
    expect(messages.alertSms[0]!.to).toBe(c.focalPointMask);
    expect(messages.alertSms[0]).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(messages.alertSms[0]!.text).toMatch(/Djenn/);
    expect(messages.receipt.to).not.toContain(reporter.slice(-6));
    // the receipt is in the reporter's language and does not name what was reported
    expect(messages.receipt.text).toContain(report.reference);
    expect(messages.receipt.text.toLowerCase()).not.toMatch(/foncier|champ|misi|betail|vol/);
  });

  it('an attack raises an urgent alert to the commune CCS and a copy to the regional CCS', async () => {
    const res = await postSms(smsCallback({ from: phone(), text: 'Urgent attaque a Koro, des hommes armes ont tire, 3 morts' }));
    expect(res.status).toBe(200);
    const report = await reportFor((items) => items.find((r) => r.category === 'ATTAQUE' && r.location?.pcode === 'ML050512'));
    expect(report.severity).toBe(3);
    const alerts = await eventually(async () => {
      const items = ((await api('/api/alerts?limit=200')).body.items as AlertItem[]).filter((a) => a.report === report.reference);
      return items.length >= 2 ? items : undefined;
    }, 10_000);
    expect(alerts.map((a) => a.committee.name).sort()).toEqual(['CCS de Koro', 'CCS régional de Mopti']);
  });

  it('a repeated callback is a 200 no-op: one report, one alert, one SMS', async () => {
    const body = smsCallback({ from: phone(), text: 'vol de betail a Niono cette nuit, 20 boeufs emportes' });
    const first = await postSms(body);
    expect(first.status).toBe(200);
    const report = await reportFor((items) => items.find((r) => r.category === 'VOL_BETAIL' && r.location?.pcode === 'ML040406'));
    const again = await Promise.all([postSms(body), postSms(body), postSms(body)]);
    expect(again.map((r) => r.status)).toEqual([200, 200, 200]);
    await new Promise((r) => setTimeout(r, 500));
    const reports = ((await api('/api/reports?limit=200')).body.items as ReportItem[]).filter(
      (r) => r.category === 'VOL_BETAIL' && r.location?.pcode === 'ML040406',
    );
    expect(reports.map((r) => r.reference)).toEqual([report.reference]);
    const alerts = ((await api('/api/alerts?limit=200')).body.items as AlertItem[]).filter((a) => a.report === report.reference);
    expect(alerts).toHaveLength(1);
    const sms = ((await api('/api/messages?limit=200')).body.items as MessageItem[]).filter((m) =>
      m.text.includes(alerts[0]!.reference),
    );
    expect(sms).toHaveLength(1);
  });

  it('a greeting gets help, raises no alert', async () => {
    await postSms(smsCallback({ from: phone(), text: 'Bonjour' }));
    const report = await reportFor((items) => items.find((r) => r.category === 'NON_ALERTE'));
    const alerts = ((await api('/api/alerts?limit=200')).body.items as AlertItem[]).filter((a) => a.report === report.reference);
    expect(alerts).toHaveLength(0);
  });
});

describe('callbacks that are refused or flagged', () => {
  it.each([
    ['no key', undefined, 401],
    ['a wrong key', 'not-the-key-at-all-123', 401],
  ])('with %s: 401, nothing stored', async (_label, key, status) => {
    const path = key === undefined ? '/webhooks/africastalking/sms' : `/webhooks/africastalking/sms?key=${key}`;
    const res = await gw.http
      .post(path)
      .type('form')
      .send(form(smsCallback({ from: phone(), text: 'test' })));
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe('unauthorized');
  });

  it.each([
    ['from', { to: '38021', id: 'ATXid_x1', text: 'vol a Koro', date: '2026-11-29 10:00:00' }],
    ['id', { from: '+22376123421', to: '38021', text: 'vol a Koro', date: '2026-11-29 10:00:00' }],
  ])('without %s: 400 naming the field', async (field, body) => {
    const res = await postSms(body as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe(field);
    expect(res.body.error.message).toContain(field);
  });

  it('a key given twice is refused like a wrong one', async () => {
    const res = await gw.http
      .post(`/webhooks/africastalking/sms?key=${gw.webhookKey}&key=${gw.webhookKey}`)
      .type('form')
      .send(form(smsCallback({ from: phone(), text: 'test' })));
    expect(res.status).toBe(401);
  });

  it('the path with a trailing slash or another case is the same callback; a stored batch answers each its own', async () => {
    const a = smsCallback({ from: phone(), text: 'vol de betail a Koro' });
    const b = smsCallback({ from: phone(), text: 'vol de betail a Koro' });
    const [ra, rb, again] = await Promise.all([
      gw.http.post(`/webhooks/africastalking/sms/?key=${gw.webhookKey}`).type('form').send(form(a)),
      gw.http.post(`/Webhooks/AfricasTalking/SMS?key=${gw.webhookKey}`).type('form').send(form(b)),
      gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(a)),
    ]);
    expect([ra.status, rb.status, again.status]).toEqual([200, 200, 200]);
    expect([ra.text, again.text].sort()).toEqual(['OK', 'OK (already received)']);
    expect(rb.text).toBe('OK');
    expect(await gw.rt.db.prisma.inboundMessage.count({ where: { providerId: { in: [a.id!, b.id!] } } })).toBe(2);
  });

  it('a JSON body is refused with 415 naming the expected type', async () => {
    const res = await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).send({ from: '+22376123421', id: 'x' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toContain('x-www-form-urlencoded');
  });

  it('an odd but storable callback (empty text, odd date, operator sender) is stored, flagged, and not answered', async () => {
    const res = await postSms({ from: 'Orange', to: '38021', id: `ATXid_odd_${Date.now()}`, text: '', date: 'yesterday' });
    expect(res.status).toBe(200);
    const row = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({ where: { providerId: { startsWith: 'ATXid_odd_' } } });
    expect(row.flags).toEqual(expect.arrayContaining(['text_empty', 'date_invalid', 'sender_not_a_number']));
    await eventually(
      async () => (await gw.rt.db.prisma.report.findUnique({ where: { inboundId: row.id } })) ?? undefined,
      10_000,
    );
    const replies = await gw.rt.db.prisma.outboundMessage.count({ where: { report: { inboundId: row.id } } });
    expect(replies).toBe(0);
  });
});

describe('the read API', () => {
  it('refuses requests without the bearer token', async () => {
    for (const path of ['/api/reports', '/api/alerts', '/api/messages']) {
      const res = await gw.http.get(path);
      expect(res.status).toBe(401);
    }
  });

  it('paginates newest first with a cursor', async () => {
    const first = await api('/api/reports?limit=2');
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await api(`/api/reports?limit=2&cursor=${first.body.nextCursor}`);
    const all = await api('/api/reports?limit=4');
    expect([...first.body.items, ...second.body.items].map((r: ReportItem) => r.id)).toEqual(
      all.body.items.map((r: ReportItem) => r.id),
    );
  });

  it('names a bad limit', async () => {
    const res = await api('/api/reports?limit=5000');
    expect(res.status).toBe(400);
    expect(res.body.error.field).toBe('limit');
  });
});

describe('health', () => {
  it('reports database and Redis up', async () => {
    const res = await gw.http.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ database: 'ok', redis: 'ok' });
  });
});

describe('privacy', () => {
  it('no phone number of the flow appears in plaintext in any table or any log line', async () => {
    const tables = await gw.rt.db.prisma.$queryRawUnsafe<{ tablename: string }[]>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public'",
    );
    let dump = '';
    for (const { tablename } of tables) {
      const rows = await gw.rt.db.prisma.$queryRawUnsafe<{ row: string }[]>(
        `SELECT row_to_json(t)::text AS row FROM "${tablename}" t`,
      );
      dump += rows.map((r) => r.row).join('\n');
    }
    expect(dump.length).toBeGreaterThan(1000);
    const logs = gw.logs.join('');
    expect(logs.length).toBeGreaterThan(100);
    for (const p of phonesUsed) {
      const national = p.slice(4);
      expect(dump).not.toContain(national);
      expect(logs).not.toContain(national);
    }
    expect(logs).not.toContain(gw.webhookKey);
    expect(logs).not.toContain('detruit les champs');
  });
});
