// Logins behind a reverse proxy (TRUST_PROXY): an account locks for the address that failed, not for its
// owner elsewhere, and the per-address limit counts failed logins only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser, tryLogin } from './helpers/dashboard.ts';
import { startGateway, type TestGateway } from './helpers/gateway.ts';

let gw: TestGateway;
beforeAll(async () => {
  // The test client connects from loopback, the proxy trusted here; X-Forwarded-For plays the clients.
  gw = await startGateway({ env: { TRUST_PROXY: 'loopback', LOGIN_ATTEMPTS_PER_15_MIN: '8' } });
});
afterAll(async () => {
  await gw?.stop();
});

describe('login sources', () => {
  it('locks an account only for the address that failed five times; its owner elsewhere logs in, an admin unlocks', async () => {
    const u = await makeUser(gw, 'coordinator');
    const stranger = '203.0.113.7';
    for (let i = 0; i < 5; i++) expect((await tryLogin(gw, u.email, 'wrong-password-x', stranger)).status).toBe(401);
    expect((await tryLogin(gw, u.email, u.password, stranger)).status).toBe(401);
    expect((await tryLogin(gw, u.email, u.password, '198.51.100.4')).status).toBe(303);
    // the owner's login elsewhere does not unlock the stranger's address; an admin's unlock does
    expect((await tryLogin(gw, u.email, u.password, stranger)).status).toBe(401);
    const a = await makeUser(gw, 'admin');
    const admin = await login(gw, a.email, a.password);
    const row = new RegExp(`${u.email.replace(/[.]/g, '\\.')}</th>.*?</tr>`, 's');
    expect(row.exec((await admin.get('/users')).text)?.[0]).toContain('verrouillé pour une adresse');
    expect((await admin.post('/users/unlock', { email: u.email })).status).toBe(200);
    expect((await tryLogin(gw, u.email, u.password, stranger)).status).toBe(303);
  });

  it('counts only failed logins toward the per-address limit', async () => {
    const u = await makeUser(gw, 'viewer');
    const office = '192.0.2.10';
    for (let i = 0; i < 10; i++) expect((await tryLogin(gw, u.email, u.password, office)).status).toBe(303);
    for (let i = 0; i < 8; i++)
      expect((await tryLogin(gw, `nobody${i}@sabali.test`, 'wrong-password-x', office)).status).toBe(401);
    expect((await tryLogin(gw, u.email, u.password, office)).status).toBe(429);
    expect((await tryLogin(gw, u.email, u.password, '192.0.2.11')).status).toBe(303);
  });
});
