// The dashboard's doors: logged-out requests go to the login page, five failures lock an account (silently),
// every POST needs the session's CSRF token, a viewer cannot act, logout ends the session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSms } from './helpers/africastalking.ts';
import { cookieOf, csrfOf, login, makeUser, tryLogin } from './helpers/dashboard.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ env: { SIMULATOR_ENABLED: 'true' } });
});
afterAll(async () => {
  await gw?.stop();
});

/** A login answer's page without its fresh form token: what a visitor can compare. */
const pageOf = (res: { text: string }) => res.text.replaceAll(csrfOf(res.text), '');

async function raiseAlert(text: string) {
  const since = new Date();
  const res = await postSms(gw, { from: uniquePhone(), text, id: uniqueId() });
  expect(res.status).toBe(200);
  return eventually(
    () => gw.rt.db.prisma.alert.findFirst({ where: { createdAt: { gte: since } }, orderBy: { createdAt: 'desc' } }),
    5000,
  );
}

describe('dashboard login and guards', () => {
  it('redirects a logged-out page request to the login page, and leaves the API and webhooks alone', async () => {
    for (const path of [
      '/',
      '/alerts/00000000-0000-0000-0000-000000000000',
      '/triage',
      '/map',
      '/trends',
      '/export',
      '/committees',
    ]) {
      const res = await gw.http.get(path).set('Accept', 'text/html');
      expect(res.status, path).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    expect((await gw.http.get('/alerts/live').set('X-Requested-With', 'fetch')).status).toBe(401);
    expect((await gw.http.get('/api/alerts')).status).toBe(401);
    expect((await gw.http.get('/api/nothing-here').set('Authorization', `Bearer ${gw.adminToken}`)).status).toBe(404);
    expect((await gw.http.get('/no-such-page')).status).toBe(404);
    expect((await gw.http.get('/healthz')).status).toBe(200);
    const login = await gw.http.get('/login');
    expect(login.status).toBe(200);
    expect(login.text).toContain('Connexion');
    expect(login.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('logs in with an HttpOnly SameSite cookie, switches to English, and logs out', async () => {
    const u = await makeUser(gw, 'coordinator');
    const res = await tryLogin(gw, u.email.toUpperCase(), u.password);
    expect(res.status).toBe(303);
    const raw = (res.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('sabali_sid='))!;
    expect(raw).toMatch(/HttpOnly/);
    expect(raw).toMatch(/SameSite=Lax/);
    const b = await login(gw, u.email, u.password);
    const fr = await b.get('/');
    expect(fr.text).toContain('<html lang="fr"');
    const en = await b.get('/?lang=en');
    expect(en.text).toContain('<html lang="en"');
    expect(en.text).toContain('Alerts');
    expect(cookieOf(en, 'sabali_lang')).toBe('sabali_lang=en');

    expect((await b.post('/logout', { _csrf: 'wrong' })).status).toBe(403);
    const out = await b.post('/logout', {});
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/login');
    expect((await b.get('/').set('Accept', 'text/html')).status).toBe(303);
  });

  it('locks an account after five wrong passwords, even against the right one, answering as for an unknown email', async () => {
    const u = await makeUser(gw, 'viewer');
    const unknown = await tryLogin(gw, 'nobody@sabali.test', 'whatever-long');
    expect(unknown.status).toBe(401);
    // Without TRUST_PROXY, X-Forwarded-For is nobody's word: every try comes from the test's own address.
    for (let i = 0; i < 5; i++) {
      const wrong = await tryLogin(gw, u.email, 'wrong-password-x', `198.51.100.${i}`);
      expect(wrong.status).toBe(401);
      expect(pageOf(wrong)).toBe(pageOf(unknown));
    }
    const right = await tryLogin(gw, u.email, u.password, '203.0.113.9');
    expect(right.status).toBe(401); // no 423: a locked account would tell a stranger the email has one
    expect(pageOf(right)).toBe(pageOf(unknown));
    expect(cookieOf(right, 'sabali_sid')).toBeUndefined();
    expect((await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email: u.email } })).passwordHash).toMatch(/^scrypt\$/);
  });

  it('refuses a login form without its token', async () => {
    const u = await makeUser(gw, 'viewer');
    const res = await gw.http.post('/login').type('form').send({ email: u.email, password: u.password });
    expect(res.status).toBe(403);
    expect(cookieOf(res, 'sabali_sid')).toBeUndefined();
  });

  it('lets a coordinator act on an alert, refuses a viewer and a POST without CSRF, and keeps the timeline', async () => {
    const alert = await raiseAlert('des hommes armes a moto ont ete vus pres de Koro ce matin');
    const viewer = await login(gw, ...(Object.values(await makeUser(gw, 'viewer')) as [string, string]));
    const page = await viewer.get(`/alerts/${alert.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(alert.reference);
    expect(page.text).not.toContain('name="action"');
    expect((await viewer.post(`/alerts/${alert.id}/transitions`, { action: 'acknowledge', reason: 'vu' })).status).toBe(403);

    const coord = await makeUser(gw, 'coordinator');
    const c = await login(gw, coord.email, coord.password);
    const detail = await c.get(`/alerts/${alert.id}`);
    expect(detail.text).toContain('value="acknowledge"');
    const noToken = await gw.http
      .post(`/alerts/${alert.id}/transitions`)
      .set('Cookie', c.cookie)
      .type('form')
      .send({ action: 'acknowledge', reason: 'appel au CCS' });
    expect(noToken.status).toBe(403);
    expect((await c.post(`/alerts/${alert.id}/transitions`, { action: 'acknowledge', reason: '' })).status).toBe(400);
    const done = await c.post(`/alerts/${alert.id}/transitions`, { action: 'acknowledge', reason: 'appel au CCS de Koro' });
    expect(done.status).toBe(303);
    expect((await gw.rt.db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).state).toBe('acknowledged');
    const after = await c.get(`/alerts/${alert.id}`);
    expect(after.text).toContain('appel au CCS de Koro');
    expect(after.text).toContain(`par ${coord.email} (tableau de bord)`);
    expect(after.text).toContain('par système (aiguillage automatique)'); // channels in words, not 'routing'
    expect(after.text).toContain('<q>envoyée à CCS de Koro</q>'); // what the gateway wrote, in the page's language
    expect(after.text).not.toContain('sent to');
    expect((await c.get(`/alerts/${alert.id}?lang=en`)).text).toContain('<q>sent to CCS de Koro</q>');
    // the state machine's refusals show, they do not crash
    expect((await c.post(`/alerts/${alert.id}/transitions`, { action: 'escalate', reason: 'test' })).status).toBe(409);
  });

  it('limits a coordinator to their regions', async () => {
    const alert = await raiseAlert('vol de betail a Niono cette nuit, 30 boeufs emportes');
    const segou = await makeUser(gw, 'coordinator', ['ML04']);
    const mopti = await makeUser(gw, 'coordinator', ['ML05']);
    const s = await login(gw, segou.email, segou.password);
    const m = await login(gw, mopti.email, mopti.password);
    expect((await s.get(`/alerts/${alert.id}`)).status).toBe(200);
    expect((await m.get(`/alerts/${alert.id}`)).status).toBe(404);
    expect((await m.get('/')).text).not.toContain(alert.reference);
    expect((await s.get('/')).text).toContain(alert.reference);
    expect((await m.post(`/alerts/${alert.id}/transitions`, { action: 'acknowledge', reason: 'x' })).status).toBe(404);
  });

  it('serves the live rows with an ETag and answers 304 when nothing changed', async () => {
    const u = await makeUser(gw, 'viewer');
    const b = await login(gw, u.email, u.password);
    const first = await b.get('/alerts/live').set('X-Requested-With', 'fetch');
    expect(first.status).toBe(200);
    expect(first.text).toContain('<tr');
    const again = await b.get('/alerts/live').set('X-Requested-With', 'fetch').set('If-None-Match', first.headers.etag!);
    expect(again.status).toBe(304);
  });
});
