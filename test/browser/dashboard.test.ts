// A new coordinator's first session, in headless Chromium: log in, raise an alert from the phone
// simulator and watch it appear without reloading, read its timeline, answer as the focal point,
// resolve it, correct a triage item, see the map and trends, export CSV, see the contacts, create a
// committee by typing a place's name, draft a prevention message; a viewer cannot act; a logged-out
// request is redirected. Screenshots of each page are saved and their paths printed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUser } from '../helpers/dashboard.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from '../helpers/gateway.ts';
import { postSms } from '../helpers/africastalking.ts';
import { FOCUSED, LOW_CONTRAST } from './a11y.ts';
import { browserTestsMode, launchChromium, screenshotDir } from './chromium.ts';

const mode = browserTestsMode();
if (!mode.run) console.warn(mode.reason);

const CCS_KORO = '+22370000131';
const shots: string[] = [];
let dir = '';

async function shoot(page: Page, name: string) {
  const file = join(dir, `${String(shots.length + 1).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(file);
}

/** Nothing sticks out sideways: the page scrolls only up and down (wide tables scroll within their frame). */
async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );
}

async function logIn(page: Page, email: string, password: string) {
  await page.getByLabel('Adresse e-mail', { exact: true }).fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Every visible form control has a label a screen reader can announce. */
async function unlabelled(page: Page): Promise<string[]> {
  return page.$$eval('input:not([type=hidden]), select, textarea', (els) =>
    els
      .filter((el) => !(el as unknown as { labels?: { length: number } }).labels?.length && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML.slice(0, 80)),
  );
}

describe.skipIf(!mode.run)('the dashboard in a browser', () => {
  let gw: TestGateway;
  let browser: Browser;
  let coordinator: BrowserContext;
  /** The simulator's phone is an admin's tool: a second browser, logged in as one. */
  let tester: BrowserContext;
  let admin: { email: string; password: string };
  let url = '';
  let coord: { email: string; password: string };
  let viewer: { email: string; password: string };

  beforeAll(async () => {
    dir = screenshotDir();
    gw = await startGateway({ env: { SIMULATOR_ENABLED: 'true' } });
    url = gw.rt.url!;
    browser = await launchChromium();
    coord = await makeUser(gw, 'coordinator');
    viewer = await makeUser(gw, 'viewer');
    admin = await makeUser(gw, 'admin');
    coordinator = await browser.newContext({ baseURL: url, locale: 'fr-FR', acceptDownloads: true });
    tester = await browser.newContext({ baseURL: url, locale: 'fr-FR' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await gw?.stop();
    if (shots.length) console.log(`screenshots:\n${shots.map((s) => `  ${s}`).join('\n')}`);
  });

  it('runs the whole loop as a new coordinator would', async () => {
    const list = await coordinator.newPage();
    let bytes = 0;
    list.on(
      'response',
      async (r) =>
        void (bytes +=
          Number((await r.headerValue('content-length')) ?? 0) || (await r.body().catch(() => Buffer.alloc(0))).length),
    );

    // logged out: sent to the login page, and back to where it was going after
    await list.goto('/trends');
    expect(list.url()).toBe(`${url}/login?next=%2Ftrends`);
    await shoot(list, 'login');
    await logIn(list, coord.email, coord.password);
    await list.waitForURL(`${url}/trends`);
    bytes = 0;
    await list.goto('/');
    await list.waitForLoadState('networkidle');
    expect(bytes, 'first page transferred').toBeLessThan(150_000);
    expect(await unlabelled(list)).toEqual([]);
    await list.evaluate(() => ((globalThis as unknown as { notReloaded: boolean }).notReloaded = true));

    // a villager reports through the simulator, which an admin drives in another browser
    const sim = await tester.newPage();
    await sim.goto('/simulator');
    await logIn(sim, admin.email, admin.password);
    await sim.waitForURL(`${url}/simulator`);
    await sim.getByLabel('Numéro du téléphone', { exact: true }).fill(uniquePhone());
    await sim.getByRole('button', { name: 'OK' }).click();
    await sim.getByLabel('Message', { exact: true }).fill('des hommes armes ont attaque le village pres de Koro, 2 morts');
    await sim.getByRole('button', { name: 'Envoyer le SMS' }).click();
    await sim.getByText('SMS envoyé à la passerelle.').waitFor();
    // the USSD menu answers too (the real /webhooks/africastalking/ussd route, over loopback)
    await sim.getByRole('button', { name: 'Composer' }).click();
    const first = await sim.locator('#ussd-screen').textContent();
    await sim.getByLabel('Réponse', { exact: true }).fill('1');
    await sim.getByRole('button', { name: 'Répondre' }).click();
    expect(await sim.locator('#ussd-screen').textContent()).not.toBe(first);
    await shoot(sim, 'simulator-ussd');

    // the alert appears in the list without a reload
    const row = list.locator('#alert-rows tr[data-id]', { hasText: 'CCS de Koro' }).first();
    await row.waitFor({ timeout: 20_000 });
    expect(await list.evaluate(() => (globalThis as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    const reference = (await row.locator('a').first().textContent())!.trim();
    await shoot(list, 'alerts-live');

    // the focal point got it (the simulator shows every SMS sent) and answers OK <ref>
    await sim.locator('#outbox tr', { hasText: reference }).filter({ hasText: CCS_KORO }).first().waitFor({ timeout: 15_000 });
    await shoot(sim, 'simulator');
    await sim.goto(`/simulator?phone=${encodeURIComponent(CCS_KORO)}`);
    await sim.getByLabel('Message', { exact: true }).fill(`OK ${reference}`);
    await sim.getByRole('button', { name: 'Envoyer le SMS' }).click();
    await sim
      .locator('#conversation li.out', { hasText: reference })
      .filter({ hasText: /notee|recue|prise/i })
      .first()
      .waitFor({ timeout: 15_000 });

    // open the alert: incident, masked reporter, timeline, then resolve it
    await row.locator('a').first().click();
    await list.waitForURL(/\/alerts\//);
    const alertPath = new URL(list.url()).pathname;
    await eventually(
      async () => (await list.reload(), (await list.locator('#alert-state').textContent())?.includes('Prise en charge')),
      10_000,
      500,
    );
    const timeline = list.locator('#timeline li');
    expect(await timeline.count()).toBeGreaterThanOrEqual(2);
    await expect.poll(() => list.locator('#timeline').textContent()).toContain('point focal');
    expect(await list.locator('td.nowrap', { hasText: '•' }).count()).toBeGreaterThan(0);
    await shoot(list, 'alert-detail');
    await list
      .getByLabel('Motif (obligatoire, gardé dans le journal)', { exact: true })
      .fill('le CCS a rencontré les deux villages');
    await list.getByLabel('Ce qui a été fait (pour clore)', { exact: true }).fill('médiation du maire, patrouille envoyée');
    await list.getByRole('button', { name: 'Clore (résolue)' }).click();
    await expect.poll(() => list.locator('#alert-state').textContent()).toContain('Résolue');
    expect(await list.locator('#timeline').textContent()).toContain(coord.email);

    // triage: a report the machine filed as "other" is qualified in a few clicks
    await sim.goto(`/simulator?phone=${encodeURIComponent(uniquePhone())}`);
    const text = 'reunion de reconciliation entre les villages demain a Koro';
    await sim.getByLabel('Message', { exact: true }).fill(text);
    await sim.getByRole('button', { name: 'Envoyer le SMS' }).click();
    const item = list.locator('article.triage-item', { hasText: text });
    await eventually(async () => (await list.goto('/triage'), (await item.count()) > 0), 15_000, 500);
    expect(await unlabelled(list)).toEqual([]);
    await shoot(list, 'triage');
    await item.getByLabel('Catégorie', { exact: true }).selectOption('INTERCOM');
    await item.getByLabel('Gravité', { exact: true }).selectOption('1');
    await item.getByLabel('Lieu', { exact: true }).fill('ML050512');
    await item.getByRole('button', { name: 'Valider la correction' }).click();
    await list
      .getByText(/corrigé/)
      .first()
      .waitFor();
    const example = await gw.rt.db.prisma.labelledExample.findFirstOrThrow({ where: { text } });
    expect(example).toMatchObject({ category: 'INTERCOM', severity: 1, pcode: 'ML050512', source: 'correction' });

    // map and trends
    await list.goto('/map');
    await list.locator('svg#map circle[data-pcode="ML050512"]').waitFor();
    await shoot(list, 'map');
    await list.goto('/trends');
    await expect.poll(() => list.locator('#response-times').textContent()).toContain('1 / ');
    await list.locator('#by-category').waitFor();
    await shoot(list, 'trends');

    // CSV export of the alerts
    await list.goto('/export');
    await shoot(list, 'export');
    const [download] = await Promise.all([list.waitForEvent('download'), list.locator('#download-alerts-rfc4180').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\r\n')[0]).toContain('"reference","created_at","state"');
    expect(csv).toContain(reference);
    expect(csv).not.toMatch(/\+223\d{8}/);

    // the contacts (a radio host of Koro, added by hand), then a prevention message for the resolved alert,
    // priced for that radio; the drafter cannot approve it (a second coordinator must)
    await list.goto('/contacts');
    expect(await unlabelled(list)).toEqual([]);
    await list.getByLabel('Choisir un fichier CSV (il remplit la zone ci-dessous)', { exact: true }).waitFor(); // shown by the script
    const host = uniquePhone();
    const add = list.locator('#add-contact');
    await add.getByLabel('Numéro de téléphone', { exact: true }).fill(host);
    await add.getByLabel('Nom', { exact: true }).fill('Hama Guindo');
    await add.getByLabel('Rôle', { exact: true }).selectOption('radio_host');
    await add.getByLabel('Radio', { exact: true }).fill('Radio Koro FM');
    await add.getByLabel("Langues d'antenne", { exact: true }).fill('bm fr');
    await add.getByLabel('Zones', { exact: true }).fill('ML050512');
    await add.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await list.locator('#contacts tr', { hasText: 'Radio Koro FM' }).waitFor();
    expect(await list.content()).not.toContain(host.slice(4));
    await shoot(list, 'contacts');

    // a committee for Sangha: its name typed, the place picked among the suggestions the script brings
    await list.goto('/committees/new');
    expect(await unlabelled(list)).toEqual([]);
    const form = list.locator('#committee-form');
    await form.getByLabel('Nom', { exact: true }).fill('CCS de Sangha');
    await form.getByLabel('Lieu 1', { exact: true }).pressSequentially('Sang');
    await expect.poll(() => list.locator('#places-0 option[value="Sangha (ML050117)"]').count()).toBe(1);
    await form.getByLabel('Lieu 1', { exact: true }).fill('Sangha (ML050117)'); // what picking the option enters
    await form.getByLabel('Point focal 1 : nom', { exact: true }).fill('Awa Guindo');
    await form.locator('#fp-phone-1').fill(uniquePhone());
    await form.getByLabel('Raison du changement (gardée dans le journal)', { exact: true }).fill('nouveau CCS');
    await shoot(list, 'committee-new');
    await form.getByRole('button', { name: 'Créer le comité', exact: true }).click();
    await list.waitForURL(/\/committees\?done=created/);
    await list.locator('#committees tr', { hasText: 'CCS de Sangha' }).waitFor();
    await shoot(list, 'committees');

    await list.goto('/broadcasts');
    expect(await unlabelled(list)).toEqual([]);
    await list.getByLabel('Alerte (référence) ou incident (identifiant)', { exact: true }).fill(reference);
    await list
      .getByLabel('Texte en français', { exact: true })
      .fill('Sabali: le calme est revenu à Koro. Le comité a rencontré les deux villages.');
    await list.getByLabel('Texte en bambara', { exact: true }).fill('Sabali: hɛrɛ seginna Koro. Komite ye dugu fila ye.');
    await list.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
    await list.waitForURL(/\/broadcasts\/[0-9a-f-]{36}\?done=draft/);
    await list.locator('#drafter-note').waitFor();
    expect(await list.locator('#cost').textContent()).toMatch(/UCS-2[\s\S]*GSM-7/); // Bambara as written, and folded
    await shoot(list, 'broadcast-draft');
    await list.goto('/broadcasts');
    await list.locator('#broadcasts tbody tr').first().waitFor();
    await shoot(list, 'broadcasts');

    // English, and on a phone screen
    await list.goto('/?lang=en');
    await expect.poll(() => list.locator('h1').textContent()).toBe('Alerts');
    await list.setViewportSize({ width: 375, height: 760 });
    await shoot(list, 'alerts-phone-en');
    expect(await pageWidth(list)).toBeLessThanOrEqual(376);
    // each alert is a card: its severity and place are on screen without scrolling sideways
    const card = list.locator('#alert-rows tr[data-id]').first();
    for (const cell of [card.locator('.sev'), card.locator('td[data-label="Place"]')]) {
      const box = (await cell.boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(375);
    }
    await list.goto('/?lang=fr');
    for (const path of [
      alertPath,
      '/triage',
      '/map',
      '/trends',
      '/export',
      '/simulator',
      '/contacts',
      '/broadcasts',
      '/committees',
      '/committees/new',
      '/tokens',
    ]) {
      await list.goto(path);
      expect(await pageWidth(list), `${path} on a phone`).toBeLessThanOrEqual(376);
    }
    await list.goto(alertPath);
    await shoot(list, 'alert-detail-phone');

    // logout, and the door is closed again
    await list.getByRole('button', { name: 'Se déconnecter' }).click();
    await list.waitForURL(`${url}/login`);
    await list.goto('/');
    expect(list.url()).toBe(`${url}/login?next=%2F`);
  }, 180_000);

  it('reads well with low vision and works from the keyboard alone', async () => {
    const ctx = await browser.newContext({ baseURL: url, locale: 'fr-FR' });
    const page = await ctx.newPage();
    type Focused = { what: string; ring: boolean; onScreen: boolean } | null;
    /** Tabs until `wanted` has the focus; every stop on the way must show where the focus is. */
    const tabTo = async (wanted: RegExp, most = 25) => {
      for (let i = 0; i < most; i++) {
        await page.keyboard.press('Tab');
        const f = (await page.evaluate(FOCUSED)) as Focused;
        expect(f, `tab stop ${i}`).not.toBeNull();
        expect(f, `tab stop ${i}: ${f!.what}`).toMatchObject({ ring: true, onScreen: true });
        if (wanted.test(f!.what)) return;
      }
      throw new Error(`${wanted} not reached in ${most} tab stops`);
    };
    // an alert to open (this test may run alone)
    expect(
      (await postSms(gw, { from: uniquePhone(), text: 'vol de betail a Niono cette nuit, 30 boeufs emportes' })).status,
    ).toBe(200);
    await eventually(() => gw.rt.db.prisma.alert.findFirst(), 8000);
    await page.goto('/login');
    expect(await page.evaluate(LOW_CONTRAST), '/login').toEqual([]);
    expect(await page.evaluate(FOCUSED), 'the e-mail field has the focus on arrival').toMatchObject({
      what: expect.stringMatching(/^input\[name=email\]/),
      ring: true,
    });
    await page.keyboard.type(coord.email);
    await tabTo(/^input\[name=password\]/, 1);
    await page.keyboard.type(coord.password);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${url}/`);
    // the first stop skips the menus
    await tabTo(/^a Aller au contenu/, 1);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main');
    await tabTo(/^a [A-Z0-9]{4,8}$/, 40); // through the filters to the first alert of the list
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/alerts\//);
    const pages = [
      new URL(page.url()).pathname,
      '/',
      '/triage',
      '/map',
      '/trends',
      '/export',
      '/contacts',
      '/broadcasts',
      '/committees',
      '/committees/new',
      '/simulator',
      '/tokens',
    ];
    for (const path of pages) {
      await page.goto(path);
      expect(await page.evaluate(LOW_CONTRAST), path).toEqual([]);
    }
    await ctx.close();
  }, 60_000);

  it('shows a viewer everything and lets them change nothing', async () => {
    const ctx = await browser.newContext({ baseURL: url, locale: 'fr-FR' });
    const page = await ctx.newPage();
    await page.goto('/');
    await logIn(page, viewer.email, viewer.password);
    await page.locator('#alert-rows tr[data-id] a').first().click();
    await page.waitForURL(/\/alerts\//);
    expect(await page.locator('button[name="action"]').count()).toBe(0);
    await shoot(page, 'viewer-alert');
    const id = page.url().split('/').pop()!;
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const status = await page.evaluate(
      async ([alertId, token]) => {
        const res = await fetch(`/alerts/${alertId}/transitions`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: token!, action: 'acknowledge', reason: 'x' }),
        });
        return res.status;
      },
      [id, csrf],
    );
    expect(status).toBe(403);
    await page.goto('/triage');
    expect(await page.locator('article.triage-item form').count()).toBe(0);
    await ctx.close();
  }, 60_000);
});
