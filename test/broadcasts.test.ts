// Prevention messages end to end: a refuted rumour, a message drafted in French and Bambara, refused
// to its drafter and approved by a second coordinator, priced (GSM-7 vs UCS-2), sent behind a pending
// alert with radio hosts before subscribers, counted as delivery reports arrive, and aired (DIFFUSE).
// Africa's Talking is faked at the HTTP level (nock), never the internet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n.ts';
import { foldToGsm7 } from '../src/sms/encoding.ts';
import { form, postSms } from './helpers/africastalking.ts';
import { atAccepted, fakeAfricasTalking } from './helpers/at-fake.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { apiAs } from './helpers/tokens.ts';

let gw: TestGateway;
/** What the fake answers next to a given number, in order; then success. */
let script: Array<{ to: string; reply: [number, unknown] }> = [];
let counter = 0;

const DRAFTER = 'awa.drafter@sabali.test';
const APPROVER = 'moussa.approver@sabali.test';
const VIEWER = 'viewer@sabali.test';

const R1 = uniquePhone(); // radio host in Djenné, station in Bambara and French
const R2 = uniquePhone(); // radio host for the whole cercle of Djenné, French only
const R3 = uniquePhone(); // radio host in Koro: not in the zone
const S1 = uniquePhone(); // subscriber in Djenné, Bambara
const S2 = uniquePhone(); // subscriber in Djenné, French
const S3 = uniquePhone(); // subscriber in Koro: not in the zone
const S4 = uniquePhone(); // subscriber in Djenné, Bambara, imported by CSV; the operator refuses the number

const FR = 'Sabali: la rumeur sur une attaque du marche de Djenne est fausse. Le comite a verifie. Restez calmes.';
const BM = "Sabali: kibaru min ko Jenne sugu bɛna binkan, o ye nkalon ye. Komite y'a lajɛ. Aw ye hakili sigi.";

let fake: { stop(): void };

beforeAll(async () => {
  fake = fakeAfricasTalking((params) => {
    const to = params.get('to') ?? '';
    const i = script.findIndex((s) => s.to === to);
    if (i < 0) return [201, atAccepted(to, `ATXid_bc${++counter}`)];
    return script.splice(i, 1)[0]!.reply;
  });
  gw = await startGateway({
    env: {
      SMS_CHANNEL: 'africastalking',
      AT_USERNAME: 'sabali',
      AT_API_KEY: 'test-api-key-123',
      SMS_MAX_ATTEMPTS: '4',
      // one send at a time, so the order of sent_at is the order the queue gave
      WORKER_CONCURRENCY: '1',
      SMS_RATE_PER_SECOND: '200',
      BROADCAST_SEGMENT_BUDGET: '8',
    },
  });
  for (const [email, role] of [
    [DRAFTER, 'coordinator'],
    [APPROVER, 'coordinator'],
    [VIEWER, 'viewer'],
  ] as const) {
    await gw.rt.container.users.create({ email, password: 'a long enough password', role });
  }
});
afterAll(async () => {
  await gw?.stop();
  fake?.stop();
});

const api = {
  get: (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`),
  post: (path: string, body: object) => gw.http.post(path).set('Authorization', `Bearer ${gw.adminToken}`).send(body),
};
/** Who acts is the bearer token's user: each person here uses their own personal token. */
const as = (email: string) => apiAs(gw, email);
async function sms(from: string, text: string) {
  const res = await postSms(gw, { from, text, id: uniqueId() });
  expect(res.status).toBe(200);
}
const sendQueue = () => gw.rt.container.producer.queues['sms-send'];
const toHash = (phone: string) => gw.rt.container.vault.hash(phone);
async function inbox(phone: string) {
  return gw.rt.db.prisma.outboundMessage.findMany({ where: { toHash: toHash(phone) }, orderBy: { createdAt: 'asc' } });
}

describe('prevention messages', () => {
  it('registers contacts through the API and a CSV import that names every rejected row', async () => {
    const contacts = [
      {
        phone: R1,
        name: 'Awa Traoré',
        role: 'radio_host',
        station: 'Radio Jamana Djenné',
        languages: ['bm', 'fr'],
        zones: ['ML050303'],
        language: 'bm',
      },
      { phone: R2, name: 'Ali Cissé', role: 'radio_host', station: 'Radio Cercle Djenné', languages: ['fr'], zones: ['ML0503'] },
      { phone: R3, name: 'Hama Guindo', role: 'radio_host', station: 'Radio Koro', languages: ['fr'], zones: ['ML050512'] },
      { phone: S1, role: 'subscriber', zones: ['ML050303'], language: 'bm' },
      { phone: S2, role: 'subscriber', zones: 'ML050303', language: 'fr' },
      { phone: S3, role: 'subscriber', zones: ['ML050512'], language: 'fr' },
    ];
    for (const c of contacts) {
      const res = await api.post('/api/contacts', c);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const bad = await api.post('/api/contacts', { phone: '12', role: 'radio_host', zones: ['ML050303'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.reasons).toEqual([
      'phone: 12 is not a phone number',
      'station: a radio host needs the name of the station',
    ]);

    const csv = `phone;name;role;station;languages;zones;language\n${S4};Fanta;abonne;;;ML050303;bm\n;Nobody;subscriber;;;ML050303;fr\n${S1};Again;subscriber;;;ML050303;bm\n${S1};Twice;subscriber;;;ML050303;bm\n+22376999999;X;subscriber;;;Atlantis;fr\n`;
    const imported = await gw.http
      .post('/api/contacts/import')
      .set('Authorization', `Bearer ${gw.adminToken}`)
      .type('text/csv')
      .send(csv);
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({
      created: 1,
      updated: 1,
      rejected: [
        { line: 3, reasons: ['phone: missing'] },
        { line: 5, reasons: [`phone: same number as line 4`] },
        { line: 6, reasons: ['zones: Atlantis is not a place of Mali (a region, cercle, commune or village, or its P-code)'] },
      ],
    });
    const list = await api.get('/api/contacts?zone=ML0503&role=radio_host');
    expect(list.body.items.map((c: { station: string }) => c.station).sort()).toEqual([
      'Radio Cercle Djenné',
      'Radio Jamana Djenné',
    ]);
    expect(list.body.items[0].phone).toMatch(/•/);
    // radio hosts are trusted reporters
    const reporter = await gw.rt.db.prisma.reporter.findUnique({ where: { phoneHash: toHash(R1) } });
    expect(reporter?.trust).toBe(0.9);
  });

  let broadcastId = '';
  let reference = '';
  it('drafts only for a verified incident, refuses approval by the drafter, prices French in GSM-7 and Bambara in UCS-2', async () => {
    const since = new Date();
    await sms(uniquePhone(), 'rumeur: on dit que les eleveurs vont attaquer le marche de Djenne demain');
    const alert = await eventually(
      async () =>
        gw.rt.db.prisma.alert.findFirst({
          where: { createdAt: { gte: since }, locationPcode: 'ML050303' },
          include: { committee: { include: { focalPoints: { orderBy: { rank: 'asc' } } } } },
        }),
      5000,
    );
    const draft = { alert: alert.reference, audience: 'both', texts: { fr: FR, bm: BM } };

    const early = await as(DRAFTER).post('/api/broadcasts', draft);
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('not_verified');

    const focal = gw.rt.container.vault.decrypt(alert.committee.focalPoints[0]!.phoneEnc);
    await sms(focal, `FAUX ${alert.reference}`);
    await eventually(
      async () => (await gw.rt.db.prisma.alert.findUnique({ where: { id: alert.id } }))?.state === 'refuted',
      5000,
    );

    // naming someone else in the body is refused: the token says who acts
    const named = await as(DRAFTER).post('/api/broadcasts', { ...draft, actor: APPROVER });
    expect(named.status).toBe(400);
    expect(named.body.error).toMatchObject({ code: 'invalid_body', field: 'actor' });
    expect((await as(VIEWER).post('/api/broadcasts', draft)).status).toBe(403);
    expect((await as(DRAFTER).post('/api/broadcasts', { ...draft, texts: { fr: FR } })).body.error.message).toMatch(
      /at least one local language/,
    );

    const created = await as(DRAFTER).post('/api/broadcasts', draft);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    broadcastId = created.body.id;
    reference = created.body.reference;
    expect(reference).toMatch(/^D[A-Z0-9]{4}$/);
    expect(created.body).toMatchObject({
      state: 'draft',
      zones: ['ML050303'],
      audience: 'both',
      draftedBy: { email: DRAFTER },
      alert: { reference: alert.reference, state: 'refuted' },
    });

    const p = created.body.preview;
    // radios: R1 (Djenné, bm + fr) and R2 (the cercle, fr); subscribers: S1 (bm), S2 (fr), S4 (bm)
    expect(p.recipients).toEqual({ radios: 2, subscribers: 3, total: 5 });
    expect(p.messages).toBe(6);
    const fr = p.languages.find((l: { language: string }) => l.language === 'fr');
    const bm = p.languages.find((l: { language: string }) => l.language === 'bm');
    expect(fr.text).toEqual({ characters: FR.length, encoding: 'GSM-7', segments: 1 });
    expect(bm.text).toEqual({ characters: BM.length, encoding: 'UCS-2', segments: 2 });
    expect(bm.folded).toEqual({ characters: BM.length, encoding: 'GSM-7', segments: 1, changed: true });
    // each SMS carries its footer: the reference and DIFFUSE for radios, STOP for subscribers
    expect(fr.radio.asWritten).toEqual({
      characters: FR.length + 1 + `Ref ${reference}. Apres diffusion, repondez DIFFUSE ${reference}`.length,
      encoding: 'GSM-7',
      segments: 1,
      messages: 2,
    });
    expect(fr.subscriber.asWritten).toMatchObject({ encoding: 'GSM-7', segments: 1, messages: 1 });
    expect(bm.radio.asWritten).toMatchObject({ encoding: 'UCS-2', segments: 3, messages: 1 });
    expect(bm.subscriber.asWritten).toMatchObject({ encoding: 'UCS-2', segments: 2, messages: 2 });
    expect(bm.radio.folded).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    // fr 3 × 1; bm 1 × 3 + 2 × 2 as written, 3 × 1 folded
    expect(p).toMatchObject({ totalSegments: 10, totalSegmentsFolded: 6, budget: 8, overBudget: true, overBudgetFolded: false });

    const byDrafter = await as(DRAFTER).post(`/api/broadcasts/${broadcastId}/approve`, {});
    expect(byDrafter.status).toBe(409);
    expect(byDrafter.body.error).toMatchObject({ code: 'drafter_cannot_approve' });
    expect(byDrafter.body.error.message).toMatch(/drafted this message and cannot approve it: a second coordinator must/);
    expect((await as(VIEWER).post(`/api/broadcasts/${broadcastId}/approve`, {})).status).toBe(403);
    const notYet = await as(APPROVER).post(`/api/broadcasts/${broadcastId}/send`, {});
    expect(notYet.status).toBe(409);
    expect(notYet.body.error.message).toMatch(/not approved yet/);

    const approved = await as(APPROVER).post(`/api/broadcasts/${broadcastId}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      state: 'approved',
      approvedBy: { email: APPROVER },
      allowedActions: ['send', 'cancel'],
    });
    expect((await as(APPROVER).post(`/api/broadcasts/${broadcastId}/approve`, {})).status).toBe(409);
  });

  it('sends after any pending alert, radio hosts before subscribers, folded to GSM-7, and counts what arrives', async () => {
    script = [
      {
        to: S4,
        reply: [
          201,
          {
            SMSMessageData: {
              Message: 'Sent to 0/1',
              Recipients: [{ statusCode: 403, number: S4, status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' }],
            },
          },
        ],
      },
      { to: S2, reply: [500, 'Internal Server Error'] },
    ];
    await sendQueue().pause();
    try {
      const since = new Date();
      await sms(uniquePhone(), 'vol de betail a Koro, 20 boeufs emportes par des hommes armes');
      await eventually(
        async () => gw.rt.db.prisma.outboundMessage.findFirst({ where: { purpose: 'alert', createdAt: { gte: since } } }),
        5000,
      );

      const over = await as(APPROVER).post(`/api/broadcasts/${broadcastId}/send`, {});
      expect(over.status).toBe(409);
      expect(over.body.error).toMatchObject({ code: 'over_budget', totalSegments: 10, totalSegmentsFolded: 6, budget: 8 });
      expect(over.body.error.message).toMatch(/confirmOverBudget: true, or fold it to GSM-7 \(fold: true, 6 segments\)/);

      const sending = await as(APPROVER).post(`/api/broadcasts/${broadcastId}/send`, { fold: true });
      expect(sending.status, JSON.stringify(sending.body)).toBe(202);
      expect(sending.body).toMatchObject({ state: 'sending', folded: true, delivery: { messages: 6, segments: 6, queued: 6 } });
      const rows = await gw.rt.db.prisma.outboundMessage.findMany({ where: { broadcastId } });
      for (const r of rows) {
        const job = await sendQueue().getJob(`sms-${r.id}`);
        expect(job?.opts.priority).toBe(r.toHash === toHash(R1) || r.toHash === toHash(R2) ? 10 : 11);
      }
    } finally {
      await sendQueue().resume();
    }
    const done = await eventually(async () => {
      const rows = await gw.rt.db.prisma.outboundMessage.findMany({ where: { OR: [{ broadcastId }, { purpose: 'alert' }] } });
      return rows.every((r) => r.state !== 'queued') ? rows : undefined;
    }, 10_000);
    const sentAt = (phones: string[]) =>
      done.filter((r) => r.broadcastId && phones.some((p) => toHash(p) === r.toHash) && r.sentAt).map((r) => r.sentAt!.getTime());
    const alertsSent = done.filter((r) => r.purpose === 'alert').map((r) => r.sentAt!.getTime());
    const radios = sentAt([R1, R2]);
    const subscribers = sentAt([S1, S2]);
    expect(radios).toHaveLength(3);
    expect(Math.max(...alertsSent)).toBeLessThanOrEqual(Math.min(...radios));
    expect(Math.max(...radios)).toBeLessThanOrEqual(Math.min(...subscribers));

    const r1 = (await inbox(R1)).filter((m) => m.broadcastId);
    expect(r1.map((m) => m.language).sort()).toEqual(['bm', 'fr']);
    const r1bm = r1.find((m) => m.language === 'bm')!;
    expect(r1bm.text).toContain("ye nkalon ye. Komite y'a laje."); // ɛ folded to e: one GSM-7 segment
    expect(r1bm.text).toContain(`DIFFUSE ${reference}`);
    expect(r1bm).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect((await inbox(S2)).find((m) => m.broadcastId)?.text).toBe(`${FR} STOP pour ne plus recevoir`);
    expect((await inbox(R3)).length + (await inbox(S3)).length).toBe(0);
    // the retryable 500 was retried; the invalid number was not
    const s2 = (await inbox(S2)).find((m) => m.broadcastId)!;
    expect(s2).toMatchObject({ state: 'sent', attempts: 2 });
    expect((await inbox(S4)).find((m) => m.broadcastId)).toMatchObject({
      state: 'failed',
      attempts: 1,
      lastError: 'InvalidPhoneNumber',
    });

    for (const m of [...r1, ...(await inbox(S1)).filter((x) => x.broadcastId)]) {
      const res = await gw.http
        .post(`/webhooks/africastalking/delivery?key=${gw.webhookKey}`)
        .type('form')
        .send(form({ id: m.providerMessageId!, status: 'Success', phoneNumber: '+22300000000' }));
      expect(res.status).toBe(200);
    }
    const view = await api.get(`/api/broadcasts/${reference}`);
    expect(view.body).toMatchObject({
      id: broadcastId,
      state: 'sent',
      preview: null,
      delivery: { messages: 6, queued: 0, sent: 2, delivered: 3, failed: 1, optedOut: 0 },
    });
  });

  it('records which stations aired it, how often and when (DIFFUSE and local words)', async () => {
    await sms(R1, `DIFFUSE ${reference} 3`);
    await sms(R2, 'diffusé'); // no reference: the only broadcast this host was sent
    await sms(S1, `DIFFUSE ${reference}`); // a subscriber is not a radio host
    await sms(R1, `a fɔra ${reference}`);
    const view = await eventually(async () => {
      const v = await api.get(`/api/broadcasts/${broadcastId}`);
      return v.body.airings.length === 3 ? v : undefined;
    }, 5000);
    expect(view.body.stations.map((x: { station: string; times: number }) => `${x.station}:${x.times}`).sort()).toEqual([
      'Radio Cercle Djenné:1',
      'Radio Jamana Djenné:4',
    ]);
    expect(view.body.airings.map((a: { station: string; times: number }) => `${a.station}:${a.times}`).sort()).toEqual([
      'Radio Cercle Djenné:1',
      'Radio Jamana Djenné:1',
      'Radio Jamana Djenné:3',
    ]);
    // answered in the host's language (Bambara for R1, French for R2)
    const said = (language: string, key: string, vars: Record<string, unknown> = {}) =>
      foldToGsm7(translator(language, 'broadcasts')(key, vars));
    await eventually(
      async () => (await inbox(R1)).some((m) => m.text === said('bm', 'aired.recorded', { ref: reference, times: 3 })),
      5000,
    );
    await eventually(
      async () => (await inbox(R2)).some((m) => m.text === `Sabali: merci, 1 diffusion(s) du message ${reference} notee(s).`),
      5000,
    );
    await eventually(async () => (await inbox(S1)).some((m) => m.text === said('bm', 'aired.notRadio')), 5000);
    // none of these became a report
    expect(
      await gw.rt.db.prisma.report.count({ where: { inbound: { fromHash: { in: [toHash(R1), toHash(R2), toHash(S1)] } } } }),
    ).toBe(0);
  });

  it('never sends a queued broadcast to a number that said STOP meanwhile', async () => {
    const incident = (await gw.rt.db.prisma.broadcast.findUniqueOrThrow({ where: { id: broadcastId } })).incidentId;
    const created = await as(APPROVER).post('/api/broadcasts', {
      incidentId: incident,
      audience: 'subscribers',
      texts: { fr: 'Sabali: marche de Djenne ouvert demain, dans le calme.', bm: 'Sabali: Jenne sugu bena da sini.' },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body.preview.recipients).toEqual({ radios: 0, subscribers: 3, total: 3 });
    expect((await as(DRAFTER).post(`/api/broadcasts/${id}/approve`, {})).status).toBe(200);
    await sendQueue().pause();
    try {
      const sending = await as(DRAFTER).post(`/api/broadcasts/${id}/send`, {});
      expect(sending.body.delivery.queued).toBe(3);
      await sms(S1, 'STOP');
      await eventually(async () => gw.rt.db.prisma.optOut.findUnique({ where: { phoneHash: toHash(S1) } }), 5000);
    } finally {
      await sendQueue().resume();
    }
    const rows = await eventually(async () => {
      const r = await gw.rt.db.prisma.outboundMessage.findMany({ where: { broadcastId: id } });
      return r.every((m) => m.state !== 'queued') ? r : undefined;
    }, 10_000);
    const toS1 = rows.find((r) => r.toHash === toHash(S1))!;
    expect(toS1).toMatchObject({ state: 'failed', lastError: 'opted_out', attempts: 0, providerMessageId: null });
    expect(rows.find((r) => r.toHash === toHash(S2))?.state).toBe('sent');
    const confirmations = (await inbox(S1)).filter((m) => m.dedupeKey.startsWith('optout:'));
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.language).toBe('bm'); // the subscriber's language
    const view = await api.get(`/api/broadcasts/${id}`);
    expect(view.body.delivery).toMatchObject({ messages: 3, sent: 2, failed: 1, optedOut: 1 });
    // and no later broadcast plans them at all
    const next = await as(APPROVER).post('/api/broadcasts', {
      incidentId: incident,
      audience: 'subscribers',
      texts: { fr: 'x', bm: 'y' },
    });
    expect(next.body.preview.recipients.subscribers).toBe(2);
    const cancelled = await as(DRAFTER).post(`/api/broadcasts/${next.body.id}/cancel`, { reason: 'test message' });
    expect(cancelled.body).toMatchObject({ state: 'cancelled', allowedActions: [] });
  });
});
