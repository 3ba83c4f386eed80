// The dashboard's pages over HTTP: triage corrections feed labelled examples and route the report,
// CSV exports are safe for spreadsheets and carry no phone number, the map and trends draw from the
// data, admins manage accounts, prevention messages are drafted, approved by a second person and
// sent, contacts show masked numbers only, and the simulator is off unless enabled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskPhone } from '../src/phone/phone.ts';
import { postSms } from './helpers/africastalking.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
let coord: Browser;
beforeAll(async () => {
  gw = await startGateway({ env: { SIMULATOR_ENABLED: 'true' } });
  const u = await makeUser(gw, 'coordinator');
  coord = await login(gw, u.email, u.password);
});
afterAll(async () => {
  await gw?.stop();
});

async function report(text: string, from = uniquePhone()) {
  const id = uniqueId();
  expect((await postSms(gw, { from, text, id })).status).toBe(200);
  return eventually(async () => {
    const inbound = await gw.rt.db.prisma.inboundMessage.findFirst({ where: { providerId: id }, include: { report: true } });
    return inbound?.report?.routedAt ? inbound.report : undefined;
  }, 8000);
}

describe('dashboard pages', () => {
  it('filters the alerts by state, category, severity, place and date, newest first', async () => {
    const alertOf = async (text: string) => {
      const r = await report(text);
      return eventually(() => gw.rt.db.prisma.alert.findFirst({ where: { reportId: r.id } }), 8000);
    };
    const koro = await alertOf('des hommes armes ont attaque le village pres de Koro, 2 morts');
    const niono = await alertOf('vol de betail a Niono cette nuit, 30 boeufs emportes');
    const shows = async (query: string) => {
      const text = (await coord.get(`/${query}`)).text;
      return [koro, niono].filter((a) => text.includes(`>${a.reference}</a>`)).map((a) => a.reference);
    };
    expect(await shows('')).toEqual([koro.reference, niono.reference]);
    const all = (await coord.get('/')).text;
    expect(all.indexOf(niono.reference)).toBeLessThan(all.indexOf(koro.reference)); // newest first
    expect(await shows(`?category=${koro.category}`)).toEqual([koro.reference]);
    expect(await shows(`?severity=${niono.severity}`)).toEqual(
      koro.severity === niono.severity ? [koro.reference, niono.reference] : [niono.reference],
    );
    expect(await shows('?place=ML05')).toEqual([koro.reference]); // region of Mopti
    expect(await shows('?place=ML0404')).toEqual([niono.reference]); // cercle of Niono
    expect(await shows('?state=resolved')).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await shows(`?from=${today}&to=${today}`)).toEqual([koro.reference, niono.reference]);
    expect(await shows('?from=2020-01-01&to=2020-01-31')).toEqual([]);
  });

  it('corrects a triage item: labelled example, audit entry, and the report is routed', async () => {
    const r = await report('reunion de reconciliation entre les villages demain a Koro');
    await gw.rt.db.prisma.report.update({ where: { id: r.id }, data: { category: 'AUTRE', confidence: 0.2 } });
    expect((await coord.get('/triage')).text).toContain(r.reference);
    const bad = await coord.post(`/triage/${r.id}`, { category: 'NOPE', severity: '1', place: '' });
    expect(bad.status).toBe(400);
    const unknownPlace = await coord.post(`/triage/${r.id}`, { category: 'INTERCOM', severity: '2', place: 'Atlantis' });
    expect(unknownPlace.status).toBe(400);
    const ok = await coord.post(`/triage/${r.id}`, { category: 'INTERCOM', severity: '2', place: 'Koro' });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toContain('routed=1');
    const ex = await gw.rt.db.prisma.labelledExample.findFirstOrThrow({ where: { reportId: r.id } });
    expect(ex).toMatchObject({
      category: 'INTERCOM',
      severity: 2,
      pcode: 'ML050512',
      source: 'correction',
      text: 'reunion de reconciliation entre les villages demain a Koro',
    });
    expect(ex.correctedBy).toMatch(/^user:/);
    expect(await gw.rt.db.prisma.auditEntry.count({ where: { entity: 'report', entityId: r.id, action: 'corrected' } })).toBe(1);
    await eventually(() => gw.rt.db.prisma.alert.findFirst({ where: { reportId: r.id } }), 8000);
    expect((await coord.get('/triage')).text).not.toContain(`>${r.reference} <`);
  });

  it('exports CSV for a date range: no phone number, formulas defused', async () => {
    const phone = uniquePhone();
    const r = await report('=HYPERLINK("x") vol de betail a Bankass, 12 vaches emportees', phone);
    const today = new Date().toISOString().slice(0, 10);
    const res = await coord.get(`/export/reports.csv?from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain(`sabali-reports-${today}-${today}.csv`);
    expect(res.text.charCodeAt(0)).toBe(0xfeff);
    expect(res.text).toContain(r.reference);
    expect(res.text).toContain(`"'=HYPERLINK(""x"") vol de betail`);
    // a French-locale spreadsheet splits on ';': what follows one is neutralised too, and every text is quoted
    const semi = await report("vol de betail a Djenne;=cmd|' /C calc'!A0");
    const again = await coord.get(`/export/reports.csv?from=${today}&to=${today}`);
    expect(again.text).toContain(`"vol de betail a Djenne;'=cmd|' /C calc'!A0"`);
    expect(again.text).toContain(`"${semi.reference}"`);
    expect(res.text).not.toContain(phone);
    // for a French-locale spreadsheet: semicolons, French headers, Bamako time (UTC all year), decimal commas
    const fr = await coord.get(`/export/reports.csv?from=${today}&to=${today}&format=excel-fr`);
    expect(fr.status).toBe(200);
    expect(fr.headers['content-disposition']).toContain(`sabali-reports-${today}-${today}-excel-fr.csv`);
    expect(fr.text.charCodeAt(0)).toBe(0xfeff);
    const [head, ...lines] = fr.text.slice(1).split('\r\n');
    expect(head).toBe(
      '"Référence";"Reçu le";"Canal";"Catégorie";"Gravité";"Langue";"Confiance";"Code P";"Lieu";"Signaleur";"Incident";"Acheminé le";"Texte"',
    );
    const at = r.createdAt.toISOString();
    const local = `${at.slice(8, 10)}/${at.slice(5, 7)}/${at.slice(0, 4)} ${at.slice(11, 16)}`;
    const line = lines.find((l) => l.startsWith(`"${r.reference}";`))!;
    expect(line).toContain(`"${r.reference}";${local};"africastalking";"${r.category}";${r.severity};"${r.language}";`);
    expect(line).toContain(`;${String(r.confidence).replace('.', ',')};`);
    expect(line).toContain(`;"'=HYPERLINK(""x"") vol de betail a Bankass, 12 vaches emportees"`);
    expect(fr.text).not.toContain(phone);
    expect((await coord.get(`/export/alerts.csv?format=excel-fr`)).text.slice(1)).toMatch(/^"Référence";"Créée le";"État";/);
    const badFormat = await coord.get(`/export/reports.csv?format=xlsx`);
    expect(badFormat.status).toBe(400);
    expect(badFormat.text).toContain('format : un de rfc4180, excel-fr');
    const page = (await coord.get('/export')).text;
    expect(page).toContain('name="format" value="excel-fr"');
    expect(page).toContain('name="format" value="rfc4180"');
    const old = await coord.get('/export/reports.csv?from=2020-01-01&to=2020-01-31');
    expect(old.text.trim().split('\r\n')).toHaveLength(1);
    const audit = await coord.get(`/export/audit.csv?from=${today}&to=${today}`);
    expect(audit.text).toContain('"seq","at","entity"');
    expect((await coord.get('/export/passwords.csv')).status).toBe(404);
    const regional = await makeUser(gw, 'coordinator', ['ML04']);
    const rb = await login(gw, regional.email, regional.password);
    expect((await rb.get(`/export/audit.csv?from=${today}&to=${today}`)).status).toBe(403);
    expect((await rb.get(`/export/reports.csv?from=${today}&to=${today}`)).text).not.toContain(r.reference);
  });

  it('draws the map and the trends from the data', async () => {
    const koro = await report('des hommes armes ont attaque le village pres de Koro, 2 morts');
    // nobody at the CCS answers: the alert goes up the chain, and the committee shows among those that do not answer
    // (its incident's alert: an earlier test may have reported the same attack)
    const alert = await eventually(
      () =>
        gw.rt.db.prisma.alert.findFirst({
          where: { incidentId: koro.incidentId },
          include: { committee: true },
          orderBy: { createdAt: 'asc' },
        }),
      8000,
    );
    expect(await gw.rt.container.alerts.escalate(alert.id, 1)).toBe('escalated');
    // the timeline says it in French, not in the words the gateway wrote in the audit log
    const detail = (await coord.get(`/alerts/${alert.id}`)).text;
    expect(detail).toMatch(/<q>pas de prise en charge en \d+ (min|h|s) : envoyée (au suppléant de |à )[^<]+<\/q>/);
    expect(detail).not.toMatch(/<q>(no acknowledgement|sent to)/);
    const map = await coord.get('/map?days=7');
    expect(map.status).toBe(200);
    expect(map.text).toMatch(/<svg[^>]+id="map"/);
    expect(map.text).toContain('data-pcode="ML050512"');
    expect(map.headers['content-encoding']).toBe('gzip'); // slow links: pages go compressed
    expect((await coord.get('/map').set('Accept-Encoding', 'identity')).headers['content-encoding']).toBeUndefined();
    const trends = await coord.get('/trends?weeks=4');
    expect(trends.status).toBe(200);
    expect(trends.text).toContain('id="response-times"');
    expect(trends.text).toContain('<th scope="col" class="num">Attaque / violence grave</th>'); // a name, not the code ATTAQUE
    expect(trends.text).toContain('Mopti');
    const silent = /<table id="silent-committees">[\s\S]*?<\/table>/.exec(trends.text)?.[0] ?? '';
    expect(silent).toMatch(
      new RegExp(
        `<th scope="row">${alert.committee.name}</th><td class="num">\\d+</td><td class="num">\\d+</td><td class="num">[1-9]\\d*</td>`,
      ),
    );
  });

  it('names committee types in words', async () => {
    const page = await coord.get('/committees?lang=fr');
    expect(page.text).toContain('<td>Point focal VBG</td>');
    expect(page.text).not.toMatch(/<td>(VBG_FOCAL|COORDINATION)<\/td>/);
    expect((await coord.get('/committees?lang=en')).text).toContain('<td>GBV focal point</td>');
  });

  it('lets an admin create and unlock accounts, and no one else', async () => {
    const a = await makeUser(gw, 'admin');
    const admin = await login(gw, a.email, a.password);
    expect((await coord.get('/users')).status).toBe(403);
    const created = await admin.post('/users', {
      email: 'New.Person@Sabali.test',
      role: 'coordinator',
      regions: 'ML05',
      password: 'long-enough-1',
    });
    expect(created.status).toBe(200);
    expect(created.text).toContain('new.person@sabali.test');
    expect((await admin.post('/users', { email: 'weak@sabali.test', role: 'viewer', password: 'short' })).status).toBe(400);
    const row = await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email: 'new.person@sabali.test' } });
    expect(row.regions).toEqual(['ML05']);
    for (let i = 0; i < 5; i++) await gw.rt.container.users.login(row.email, 'wrong password', '192.0.2.9');
    const lockOf = async () => (await gw.rt.container.users.list()).find((u) => u.id === row.id)!.lockedUntil;
    expect(await lockOf()).toBeInstanceOf(Date);
    expect((await admin.get('/users')).text).toContain('action="/users/unlock"');
    expect((await admin.post('/users/unlock', { email: row.email })).status).toBe(200);
    expect(await lockOf()).toBeNull();
    // committees: numbers masked; an admin's reveal is audited
    const page = await coord.get('/committees');
    expect(page.text).toContain('CCS de Koro');
    expect(page.text).not.toContain('+22370000131');
    const fp = await gw.rt.db.prisma.focalPoint.findFirstOrThrow({
      where: { committee: { name: 'CCS de Koro' }, rank: 1, active: true },
    });
    expect((await coord.post('/committees/reveal', { focalPoint: fp.id })).status).toBe(403);
    expect((await admin.post('/committees/reveal', { focalPoint: fp.id })).text).toContain('+22370000131');
    expect(
      await gw.rt.db.prisma.auditEntry.count({ where: { entity: 'focal_point', entityId: fp.id, action: 'reveal_number' } }),
    ).toBe(1);
  });

  it('drafts a prevention message, refuses approval by its drafter, lets a second coordinator approve and send it', async () => {
    const r = await report('rumeur: on dit que des hommes armes vont attaquer le marche de Djenne demain');
    const alert = await eventually(() => gw.rt.db.prisma.alert.findFirst({ where: { reportId: r.id } }), 8000);
    const radio = uniquePhone();
    expect(
      (
        await coord.post('/contacts', {
          phone: radio,
          name: 'Awa',
          role: 'radio_host',
          station: 'Radio Jamana',
          languages: 'bm fr',
          zones: 'ML0503',
          language: 'bm',
        })
      ).status,
    ).toBe(200);
    const draft = {
      target: alert.reference,
      audience: 'both',
      zones: 'ML050303',
      text_fr: 'Sabali: la rumeur sur le marche de Djenne est fausse. Restez calmes.',
      text_bm: 'Sabali: kibaru min ko Jenne sugu bɛna binkan, o ye nkalon ye.',
      text_ff: '',
      text_son: '',
      budget: '1',
    };

    const early = await coord.post('/broadcasts', draft);
    expect(early.status).toBe(409); // the committee has not confirmed nor refuted yet
    expect(early.text).toContain('pas encore vérifié');
    expect(early.text).toContain(alert.reference); // what was typed comes back
    await gw.rt.db.prisma.alert.update({ where: { id: alert.id }, data: { state: 'refuted' } });
    const frOnly = await coord.post('/broadcasts', { ...draft, text_bm: '' });
    expect(frOnly.status).toBe(400);
    expect(frOnly.text).toMatch(/role="alert"[\s\S]*at least one local language/);

    const created = await coord.post('/broadcasts', draft);
    expect(created.status, created.text).toBe(303);
    const path = created.headers.location!.split('?')[0]!;
    const b = await gw.rt.db.prisma.broadcast.findUniqueOrThrow({ where: { id: path.split('/').pop()! } });
    const page = await coord.get(created.headers.location!);
    expect(page.text).toContain('Brouillon enregistré');
    expect(page.text).toContain('id="drafter-note"');
    expect(page.text).not.toContain(`action="${path}/approve"`);
    expect(page.text).toMatch(/UCS-2/); // the Bambara text, unfolded
    const list = await coord.get('/broadcasts');
    expect(list.text).toContain(b.reference);
    expect(list.text).toContain(alert.reference);

    const byDrafter = await coord.post(`${path}/approve`, {});
    expect(byDrafter.status).toBe(409);
    expect(byDrafter.text).toContain('Vous avez rédigé ce message : vous ne pouvez pas l&#39;approuver');

    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    const seen = await viewer.get(path);
    expect(seen.status).toBe(200);
    expect(seen.text).toContain(b.reference);
    expect(seen.text).not.toMatch(/<form method="post" action="\/broadcasts/);
    expect((await viewer.post(`${path}/approve`, {})).status).toBe(403);
    expect((await viewer.post('/broadcasts', draft)).status).toBe(403);

    const second = await makeUser(gw, 'coordinator');
    const approver = await login(gw, second.email, second.password);
    const approved = await approver.post(`${path}/approve`, {});
    expect(approved.status, approved.text).toBe(303);
    const after = await approver.get(path);
    expect(after.text).toContain(second.email);
    expect(after.text).toContain('id="over-budget"');
    const over = await approver.post(`${path}/send`, {});
    expect(over.status).toBe(409);
    expect(over.text).toMatch(/au-delà du budget de 1/);
    expect((await approver.post(`${path}/send`, { fold: '1', confirmOverBudget: '1' })).status).toBe(303);
    expect((await gw.rt.db.prisma.broadcast.findUniqueOrThrow({ where: { id: b.id } })).state).toMatch(/^(sending|sent)$/);
    const audit = await gw.rt.db.prisma.auditEntry.findMany({
      where: { entity: 'broadcast', entityId: b.id },
      orderBy: { seq: 'asc' },
    });
    expect(audit.map((e) => [e.action, e.channel])).toEqual([
      ['draft', 'dashboard'],
      ['approve', 'dashboard'],
      ['send', 'dashboard'],
    ]);
    expect(audit[1]!.actor).toBe(`user:${second.email}`);
    expect((await approver.post(`${path}/cancel`, { reason: '' })).status).toBe(400);
    expect((await approver.get('/broadcasts')).text).toMatch(new RegExp(`${b.reference}[\\s\\S]*${second.email}`));
  });

  it('lists contacts with masked numbers only, and names every rejected row of a CSV import', async () => {
    const phone = uniquePhone();
    const added = await coord.post('/contacts', { phone, name: 'Fanta', role: 'subscriber', zones: 'ML050303', language: 'bm' });
    expect(added.status).toBe(200);
    expect(added.text).not.toContain(phone);
    const page = await coord.get('/contacts');
    expect(page.text).toContain('Fanta');
    expect(page.text).not.toContain(phone);
    expect(page.text).not.toContain(phone.slice(4)); // nor its national part
    expect(page.text).toContain(maskPhone(phone));
    // errors in the dashboard's language (French unless ?lang=en), places as people type them
    const bad = await coord.post('/contacts', { phone: '12', role: 'radio_host', zones: 'Atlantis' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('radio : un animateur radio a besoin du nom de sa radio');
    expect(bad.text).toContain('zones : Atlantis n&#39;est pas un lieu du Mali');
    const badEn = await coord.post('/contacts?lang=en', { phone: '12', role: 'radio_host', zones: 'ML050303' });
    expect(badEn.text).toContain('station: a radio host needs the name of the station');
    const byName = await coord.post('/contacts', {
      phone: uniquePhone(),
      name: 'Awa',
      role: 'subscriber',
      zones: 'Sangha; Djenné (ML050303)',
    });
    expect(byName.status).toBe(200);
    const awa = await gw.rt.db.prisma.contact.findFirstOrThrow({ where: { name: 'Awa' }, orderBy: { createdAt: 'desc' } });
    expect(awa.zones).toEqual(['ML050117', 'ML050303']);
    const sangha = (await coord.get('/contacts?zone=sangha')).text;
    expect(sangha).toContain('Awa');
    expect(sangha).not.toContain('Fanta'); // Djenné only

    const other = uniquePhone();
    const csv = `phone;name;role;station;languages;zones;language\n${other};Oumar;abonne;;;ML050303;fr\n;Nobody;subscriber;;;ML050303;fr\n${uniquePhone()};X;subscriber;;;Bandiagara;fr\n`;
    const imported = await coord.post('/contacts/import', { csv });
    expect(imported.status).toBe(200);
    expect(imported.text).toContain('1 contact(s) créé(s), 0 mis à jour, 2 ligne(s) refusée(s)');
    expect(imported.text).toMatch(/<th scope="row">3<\/th><td>téléphone : manquant<\/td>/);
    expect(imported.text).toContain(
      '<th scope="row">4</th><td>zones : Bandiagara désigne plusieurs lieux ; écrivez celui voulu sous la forme nom (code P) : ' +
        'Bandiagara (ML0501) – cercle, Mopti / Bandiagara (ML050101) – commune, Bandiagara, Mopti</td>',
    );
    expect(imported.text).not.toContain(other);
    expect((await coord.post('/contacts/import', { csv: 'nom;zone\nx;y' })).text).toContain(
      'en-tête : colonne(s) manquante(s) phone, role',
    );
    const importedEn = await coord.post('/contacts/import?lang=en', { csv });
    expect(importedEn.text).toMatch(/<th scope="row">3<\/th><td>phone: missing<\/td>/);

    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    const seen = await viewer.get('/contacts');
    expect(seen.text).toContain('Fanta');
    expect(seen.text).not.toContain('id="add-contact"');
    expect((await viewer.post('/contacts', { phone: uniquePhone(), role: 'subscriber', zones: 'ML050303' })).status).toBe(403);
    expect((await viewer.post('/contacts/import', { csv })).status).toBe(403);
  });

  it('lets an admin send an SMS from the simulator through the real webhook and shows the answers', async () => {
    const a = await makeUser(gw, 'admin');
    const admin = await login(gw, a.email, a.password);
    const phone = uniquePhone();
    const sent = await admin.post('/simulator/sms', { phone, text: 'vol de betail a Niono cette nuit' });
    expect(sent.status).toBe(303);
    const r = await eventually(
      () => gw.rt.db.prisma.report.findFirst({ where: { reporter: { phoneHash: gw.rt.container.vault.hash(phone) } } }),
      8000,
    );
    await eventually(
      async () => (await admin.get(`/simulator/conversation?phone=${encodeURIComponent(phone)}`)).text.includes(r.reference),
      8000,
    );
    const outbox = await admin.get('/simulator/outbox');
    expect(outbox.text).toContain(phone);
    expect(outbox.text).toContain('<td>accusé de réception</td>'); // what kind of SMS and its state in words, not codes
    expect(outbox.text).not.toMatch(/<td>(receipt|alert|help|queued|sent)<\/td>/);
    expect((await admin.get('/simulator/outbox?lang=en')).text).toContain('<td>receipt</td>');
    expect((await admin.post('/simulator/sms', { phone: 'not a phone', text: 'x' })).status).toBe(400);
    const dial = await admin.post('/simulator/ussd', { phone, code: '*384*38021#' });
    expect(dial.status).toBe(200);
    expect(dial.text).toMatch(/id="ussd-screen"/);

    // Everyone else: the outbox with numbers masked, as on the rest of the dashboard, and no phone to send from.
    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    for (const who of [viewer, coord]) {
      const theirs = await who.get('/simulator/outbox');
      expect(theirs.text).toContain(r.reference);
      expect(theirs.text).not.toContain(phone);
      expect(theirs.text).not.toContain(phone.slice(4));
      expect(theirs.text).toContain(maskPhone(phone));
      const page = await who.get('/simulator');
      expect(page.status).toBe(200);
      expect(page.text).not.toContain(phone.slice(4));
      expect(page.text).not.toContain('action="/simulator/sms"');
      expect((await who.get(`/simulator?phone=${encodeURIComponent(phone)}`)).text).not.toContain('id="conversation"');
      expect((await who.get(`/simulator/conversation?phone=${encodeURIComponent(phone)}`)).status).toBe(403);
    }
  });

  it('refuses a viewer or a coordinator sending as a focal point from the simulator', async () => {
    const fp = await gw.rt.db.prisma.focalPoint.findFirstOrThrow({ where: { active: true } });
    const focalPhone = gw.rt.container.vault.decrypt(fp.phoneEnc);
    const alert = await gw.rt.db.prisma.alert.findFirst({ where: { committeeId: fp.committeeId } });
    const v = await makeUser(gw, 'viewer');
    const viewer = await login(gw, v.email, v.password);
    const before = await gw.rt.db.prisma.inboundMessage.count();
    for (const who of [viewer, coord]) {
      expect((await who.post('/simulator/sms', { phone: focalPhone, text: alert ? `OK ${alert.reference}` : 'OK' })).status).toBe(
        403,
      );
      expect((await who.post('/simulator/ussd', { phone: focalPhone, code: '*384*38021#' })).status).toBe(403);
    }
    expect(await gw.rt.db.prisma.inboundMessage.count()).toBe(before);
    if (alert) expect((await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe(alert.state);
  });
});

describe('the simulator when it is off', () => {
  it('is not there', async () => {
    const off = await startGateway({ env: { SIMULATOR_ENABLED: 'false' } });
    try {
      const u = await makeUser(off, 'admin');
      const b = await login(off, u.email, u.password);
      expect((await b.get('/simulator')).status).toBe(404);
      expect((await b.get('/')).text).not.toContain('href="/simulator"');
    } finally {
      await off.stop();
    }
  });
});
