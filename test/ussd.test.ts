// A villager reports by USSD, in each language, and the report reaches the right commune's committee
// with the reference the END screen showed; a returning reporter and a dropped dial, as a user sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Dial } from './helpers/ussd.ts';
import { form, smsCallback } from './helpers/africastalking.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway();
});
afterAll(async () => {
  await gw?.stop();
});

const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
interface ReportItem {
  reference: string;
  category: string;
  severity: number;
  language: string;
  location: { pcode: string } | null;
}
interface AlertItem {
  reference: string;
  report: string;
  category: string;
  committee: { name: string };
}
interface MessageItem {
  text: string;
  purpose: string;
  to: string;
}

async function delivered(reference: string, { alerted = true } = {}) {
  const report = await eventually(
    async () => ((await api('/api/reports?limit=200')).body.items as ReportItem[]).find((r) => r.reference === reference),
    5000,
  );
  const alerts = !alerted
    ? []
    : await eventually(async () => {
        const items = ((await api('/api/alerts?limit=200')).body.items as AlertItem[]).filter((a) => a.report === reference);
        return items.length > 0 ? items : undefined;
      }, 5000);
  const receipt = await eventually(
    async () =>
      ((await api('/api/messages?limit=200')).body.items as MessageItem[]).find(
        (m) => m.purpose === 'receipt' && m.text.includes(reference),
      ),
    5000,
  );
  return { report, alerts, receipt };
}

describe('a full report by USSD in each language', () => {
  it.each([
    {
      lang: 'fr',
      choice: /^Francais$/,
      category: /^Vol de betail$/,
      code: 'VOL_BETAIL',
      region: /^Mopti$/,
      cercle: /^Djenne$/,
      commune: /^Djenne$/,
      pcode: 'ML050303',
      committee: 'CCS de Djenné',
      gravity: '2',
      now: '1',
      severity: 2,
      note: '12 boeufs emportes vers la brousse',
    },
    {
      lang: 'bm',
      choice: /^Bamanankan$/,
      category: /^Foro, bagan, dugukolo$/,
      code: 'FONCIER',
      region: /^Mopti$/,
      cercle: /^Bankass$/,
      commune: /^Bankass$/,
      pcode: 'ML050201',
      committee: 'COFO de Bankass',
      gravity: '1',
      now: '2',
      severity: 1,
      note: '1',
    },
    {
      lang: 'ff',
      choice: /^Fulfulde$/,
      category: /^Worbe e fetelaaji$/,
      code: 'ARMES',
      region: /^Mopti$/,
      cercle: /^Koro$/,
      commune: /^Koro$/,
      pcode: 'ML050512',
      committee: 'CCS de Koro',
      gravity: '2',
      now: '1',
      severity: 2,
      note: 'moto 5',
    },
    {
      lang: 'son',
      choice: /^Songay$/,
      category: /^Wongu, boro wiyan$/,
      code: 'ATTAQUE',
      region: /^Segou$/,
      cercle: /^Macina$/,
      commune: /^Macina$/,
      pcode: 'ML040305',
      committee: 'CCS de Macina',
      gravity: '3',
      now: '1',
      severity: 3,
      note: '1',
    },
  ])(
    '$lang: language, what, where, how grave, now, note, confirm → END with the reference; report and alert for $committee',
    async (c) => {
      const dial = new Dial(gw, uniquePhone());
      expect(await dial.send()).toMatch(
        /^CON Sabali - Langue \/ Kan \/ Demngal \/ Senni:\n1 Francais\n2 Bamanankan\n3 Fulfulde\n4 Songay$/,
      );
      await dial.choose(c.choice);
      await dial.choose(c.category);
      await dial.send(dial.screen.includes('dernier') ? '2' : '1'); // choose the region (no last place yet)
      await dial.choose(c.region);
      await dial.choose(c.cercle);
      await dial.choose(c.commune);
      await dial.send(c.gravity);
      await dial.send(c.now);
      await dial.send(c.note);
      expect(dial.screen).toMatch(/^CON .+\n1 \S+/s);
      const end = await dial.send('1');
      const reference = /R[A-Z0-9]{5}/.exec(end)?.[0];
      expect(end).toMatch(/^END /);
      expect(reference).toBeDefined();
      expect(dial.hops).toBeLessThanOrEqual(12);

      const { report, alerts, receipt } = await delivered(reference!);
      expect(report).toMatchObject({ category: c.code, severity: c.severity, language: c.lang, location: { pcode: c.pcode } });
      expect(alerts.map((a) => a.committee.name)).toContain(c.committee);
      // the receipt is in the chosen language and carries the same reference as the END screen
      expect(receipt.text).toContain(reference!);
      const inbound = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({
        where: { channel: 'africastalking-ussd', providerId: dial.sessionId },
      });
      expect(inbound.fromEnc).not.toContain(dial.phone.slice(-6));
      expect(inbound.text).toMatch(/^USSD: /);
      if (c.note !== '1') expect(inbound.text).toContain(c.note);
    },
  );
});

describe('a returning reporter', () => {
  it('skips the language screen, is offered the last place first, and can change language', async () => {
    const phone = uniquePhone();
    const first = new Dial(gw, phone);
    await first.send();
    for (const input of ['1', '3', '2']) await first.send(input); // French, land dispute, type the village
    await first.send('Kouakourou');
    expect(first.screen).toMatch(/^CON Gravite\?/);
    for (const input of ['2', '2', '1']) await first.send(input);
    const ref1 = /R[A-Z0-9]{5}/.exec(await first.send('1'))![0];
    const { report } = await delivered(ref1, { alerted: false });
    expect(report.location?.pcode).toBe('ML050306'); // Kouakourou is in the commune of Kéwa

    const again = new Dial(gw, phone);
    expect(await again.send()).toMatch(/^CON Que se passe-t-il\?\n1 Attaque/);
    expect(await again.send('4')).toMatch(/^CON Ou est-ce\?\n1 Kewa \(dernier lieu\)\n2 Choisir la region\n3 Ecrire le village/);
    expect(await again.send('1')).toMatch(/^CON Gravite\?/);
    expect(await again.send('00')).toMatch(/^CON Que se passe-t-il\?/);
    expect(await again.send('9')).toMatch(/^CON Sabali - Langue/);
    expect(await again.send('2')).toMatch(/^CON Mun be kera\?/);

    const third = new Dial(gw, phone);
    expect(await third.send()).toMatch(/^CON Mun be kera\?/); // remembered
  });
});

describe('a village typed in the menu', () => {
  it('is named in the alert SMS beside its commune', async () => {
    const dial = new Dial(gw, uniquePhone());
    await dial.send();
    for (const input of ['1', '3', '2']) await dial.send(input); // French, land dispute, type the village
    await dial.send('Kolodougou Coro');
    expect(dial.screen).toMatch(/^CON Gravite\?/);
    for (const input of ['2', '2', '1']) await dial.send(input);
    const reference = /R[A-Z0-9]{5}/.exec(await dial.send('1'))![0];
    const { alerts } = await delivered(reference);
    const alert = alerts.find((a) => a.committee.name === 'COFO de Niono')!;
    const sms = await gw.rt.db.prisma.outboundMessage.findFirstOrThrow({
      where: { purpose: 'alert', alert: { reference: alert.reference } },
    });
    const ref = alert.reference;
    expect(sms.text).toBe(
      `ALERTE Foncier - Kolodougou Coro, Niono: 1 signalement. Repondez OK ${ref}, VRAI ${ref}, FAUX ${ref} ou FIN ${ref}`,
    );
  });
});

describe('a dial that drops', () => {
  it('is offered again on the next dial, and goes on from where it stopped', async () => {
    const phone = uniquePhone();
    const dropped = new Dial(gw, phone);
    await dropped.send();
    for (const input of ['1', '4', '1']) await dropped.send(input);
    await dropped.choose(/^Mopti$/);
    await dropped.choose(/^Djenne$/);
    await dropped.choose(/^Djenne$/);
    expect(dropped.screen).toMatch(/^CON Gravite\?/);
    // … the network drops the dial here; the reporter dials again
    const next = new Dial(gw, phone);
    expect(await next.send()).toBe('CON Signalement non fini: Vol de betail.\n1 Reprendre\n2 Nouveau');
    expect(await next.send('x')).toMatch(/^CON Choix invalide\.\nSignalement non fini/);
    expect(await next.send('1')).toMatch(/^CON Gravite\?/);
    await next.send('2');
    await next.send('1');
    await next.send('1');
    const reference = /R[A-Z0-9]{5}/.exec(await next.send('1'))![0];
    // (it joins the incident of the French report above, same category and commune: no second alert)
    const { report } = await delivered(reference, { alerted: false });
    expect(report).toMatchObject({ category: 'VOL_BETAIL', location: { pcode: 'ML050303' } });

    // finished: nothing is offered any more
    expect(await new Dial(gw, phone).send()).toMatch(/^CON Que se passe-t-il\?/);
  });

  it('"2 Nouveau" starts afresh and forgets the dropped dial', async () => {
    const phone = uniquePhone();
    const dropped = new Dial(gw, phone);
    await dropped.send();
    for (const input of ['1', '1']) await dropped.send(input);
    const next = new Dial(gw, phone);
    expect(await next.send()).toMatch(/^CON Signalement non fini: Attaque/);
    expect(await next.send('2')).toMatch(/^CON Que se passe-t-il\?/);
    expect(await new Dial(gw, phone).send()).toMatch(/^CON Que se passe-t-il\?/);
  });
});

describe('the language chosen in the menu', () => {
  it('is kept for every SMS to the number, even after an SMS written in French', async () => {
    const phone = uniquePhone();
    const dial = new Dial(gw, phone);
    await dial.send();
    await dial.choose(/^Bamanankan$/);
    await dial.choose(/^Foro, bagan, dugukolo$/);
    await dial.send(dial.screen.includes('dernier') ? '2' : '1');
    await dial.choose(/^Mopti$/);
    await dial.choose(/^Bankass$/);
    await dial.choose(/^Bankass$/);
    await dial.send('1');
    await dial.send('2');
    await dial.send('1');
    const end = await dial.send('1');
    expect(end, dial.screens.join('\n---\n')).toMatch(/^END /);
    await delivered(/R[A-Z0-9]{5}/.exec(end)![0], { alerted: false }); // joins the incident of the Bambara test above

    // Later the same number writes an SMS in French.
    const sms = smsCallback({ from: phone, text: 'vol de betail a Koro cette nuit, les voleurs sont partis vers la brousse' });
    expect((await gw.http.post(`/webhooks/africastalking/sms?key=${gw.webhookKey}`).type('form').send(form(sms))).status).toBe(
      200,
    );
    const report = await eventually(
      async () => gw.rt.db.prisma.report.findFirst({ where: { inbound: { providerId: sms.id } } }),
      10_000,
    );
    expect(report.language).toBe('fr'); // what the text is written in, for triage and statistics
    const receipt = await eventually(
      async () => gw.rt.db.prisma.outboundMessage.findFirst({ where: { reportId: report.id, purpose: 'receipt' } }),
      10_000,
    );
    expect(receipt.language).toBe('bm'); // what the reporter chose to be written to in
    const reporter = await gw.rt.db.prisma.reporter.findUniqueOrThrow({
      where: { phoneHash: gw.rt.container.vault.hash(phone) },
    });
    expect(reporter).toMatchObject({ language: 'bm', languageChosen: true });
  });
});

describe('web processes behind one balancer', () => {
  it('a dial whose hops alternate between two processes goes on and ends in one report, as on one', async () => {
    const other = await startGateway({ joining: gw });
    try {
      const phone = uniquePhone();
      const one = new Dial(gw, phone);
      const both = new Dial(gw, phone);
      // the same inputs (back, a bad choice, paging included) on one process, and alternating between two
      const steps: ((d: Dial) => Promise<string>)[] = [
        (d) => d.send(),
        (d) => d.send('1'),
        (d) => d.choose(/^Vol de betail$/),
        (d) => d.send('0'),
        (d) => d.choose(/^Vol de betail$/),
        (d) => d.send('1'),
        (d) => d.choose(/^Mopti$/),
        (d) => d.send('x'),
        (d) => d.choose(/^Djenne$/),
        (d) => d.choose(/^Djenne$/),
        (d) => d.send('2'),
        (d) => d.send('1'),
        (d) => d.send('1'),
      ];
      for (const [i, step] of steps.entries()) {
        both.gw = i % 2 === 0 ? gw : other;
        expect(await step(both), `hop ${i}`).toBe(await step(one));
      }
      // the confirm lands on the process whose copy of the dial is several hops old
      both.gw = gw;
      const end = await both.send('1');
      const reference = /R[A-Z0-9]{5}/.exec(end)![0];
      // the same hop again, on the other process: the same answer, no second report
      both.gw = other;
      expect(await both.repeat()).toBe(end);
      const { report } = await delivered(reference, { alerted: false });
      expect(report).toMatchObject({ category: 'VOL_BETAIL', severity: 2, location: { pcode: 'ML050303' } });
      const mine = await eventually(async () =>
        ((await api('/api/reports?limit=200')).body.items as ReportItem[]).filter((r) => r.reference === reference),
      );
      expect(mine).toHaveLength(1);
      expect(await one.send('1')).toMatch(/^END .*R[A-Z0-9]{5}/);
    } finally {
      await other.stop();
    }
  });
});
