// Personal API tokens: each acts as its user (role, regions, the two-person rule, the audit); the shared
// ADMIN_TOKEN acts and is audited as the machine; revoked, unknown and disabled tokens get the same 401.
// Tokens are made on the dashboard (shown once) and by the users command (shown once, listed without it).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertFor, sms } from './helpers/alerts.ts';
import { login, makeUser, type Browser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { apiAs, tokenOf } from './helpers/tokens.ts';

let gw: TestGateway;
let drafter: { email: string; password: string };
let approver: { email: string; password: string };
let segou: { email: string; password: string };
let admin: { email: string; password: string };
let djenne: { id: string; reference: string };
let niono: { id: string };

const userId = async (email: string) => (await gw.rt.db.prisma.user.findUniqueOrThrow({ where: { email } })).id;
const auditOf = (entityId: string, action: string) =>
  gw.rt.db.prisma.auditEntry.findFirstOrThrow({ where: { entityId, action }, orderBy: { seq: 'desc' } });

beforeAll(async () => {
  gw = await startGateway();
  drafter = await makeUser(gw, 'coordinator');
  approver = await makeUser(gw, 'coordinator');
  segou = await makeUser(gw, 'coordinator', ['ML04']);
  admin = await makeUser(gw, 'admin');
  const since = new Date();
  await sms(gw, uniquePhone(), 'rumeur: on dit que les eleveurs vont attaquer le marche de Djenne demain');
  await sms(gw, uniquePhone(), 'vol de betail a Niono la nuit derniere');
  djenne = await eventually(async () =>
    gw.rt.db.prisma.alert.findFirst({ where: { createdAt: { gte: since }, locationPcode: 'ML050303', state: 'sent' } }),
  );
  niono = await alertFor(gw, 'CCS de Niono', since);
}, 60_000);
afterAll(async () => {
  await gw?.stop();
});

describe('a personal token acts as its user', () => {
  it('is audited as its user on an alert, and a viewer’s token reads but never writes', async () => {
    const refuted = await apiAs(gw, drafter.email).post(`/api/alerts/${djenne.id}/transitions`, {
      action: 'refute',
      reason: 'the committee checked: no attack planned',
    });
    expect(refuted.status, JSON.stringify(refuted.body)).toBe(200);
    expect((await auditOf(djenne.id, 'refute')).actor).toBe(`user:${await userId(drafter.email)}`);
    const viewer = await makeUser(gw, 'viewer');
    expect((await apiAs(gw, viewer.email).get(`/api/alerts/${djenne.id}`)).status).toBe(200);
    const write = await apiAs(gw, viewer.email).post(`/api/alerts/${djenne.id}/transitions`, { action: 'resolve', reason: 'x' });
    expect(write.status).toBe(403);
    expect(write.body.error.code).toBe('forbidden');
  });

  it('keeps the two-person rule: the drafter’s token cannot approve, another person’s can, the audit names each', async () => {
    const draft = {
      alert: djenne.reference,
      audience: 'both',
      texts: { fr: 'Sabali: la rumeur est fausse.', bm: 'Sabali: nkalon.' },
    };
    const named = await apiAs(gw, drafter.email).post('/api/broadcasts', { ...draft, actor: approver.email });
    expect(named.status).toBe(400);
    expect(named.body.error).toMatchObject({ code: 'invalid_body', field: 'actor' });
    const created = await apiAs(gw, drafter.email).post('/api/broadcasts', draft);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.draftedBy).toMatchObject({ email: drafter.email });
    const id = created.body.id as string;

    const self = await apiAs(gw, drafter.email).post(`/api/broadcasts/${id}/approve`, {});
    expect(self.status).toBe(409);
    expect(self.body.error.code).toBe('drafter_cannot_approve');
    // naming the other coordinator from the drafter's token does not make them approve
    expect((await apiAs(gw, drafter.email).post(`/api/broadcasts/${id}/approve`, { by: approver.email })).status).toBe(400);
    expect((await apiAs(gw, drafter.email).post(`/api/broadcasts/${id}/approve`, { as: approver.email })).status).toBe(400);

    const approved = await apiAs(gw, approver.email).post(`/api/broadcasts/${id}/approve`, {});
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ state: 'approved', approvedBy: { email: approver.email } });
    expect((await auditOf(id, 'draft')).actor).toBe(`user:${drafter.email}`);
    expect((await auditOf(id, 'approve')).actor).toBe(`user:${approver.email}`);
  });

  it('the shared token drafts as the machine and cannot approve: a person must', async () => {
    const machine = apiAs(gw, 'machine');
    const draft = {
      alert: djenne.reference,
      audience: 'subscribers',
      texts: { fr: 'Sabali: calme.', bm: 'Sabali: hakili sigi.' },
    };
    expect((await machine.post('/api/broadcasts', { ...draft, actor: drafter.email })).status).toBe(400);
    const created = await machine.post('/api/broadcasts', draft);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.draftedBy).toBeNull();
    const id = created.body.id as string;
    expect((await auditOf(id, 'draft')).actor).toBe('machine:admin-token');
    const byMachine = await machine.post(`/api/broadcasts/${id}/approve`, {});
    expect(byMachine.status).toBe(403);
    expect(byMachine.body.error.code).toBe('needs_person');
    expect((await apiAs(gw, approver.email).post(`/api/broadcasts/${id}/approve`, {})).body.state).toBe('approved');
  });

  it('audits a reveal as the admin whose token it is, the shared token as the machine, and refuses a coordinator', async () => {
    const reporter = await gw.rt.db.prisma.reporter.findFirstOrThrow({ where: { phoneEnc: { not: null } } });
    const path = `/api/reporters/${reporter.pseudonym}/reveal`;
    const reason = 'the gendarmerie needs to protect this witness';
    expect((await apiAs(gw, approver.email).post(path, { reason })).status).toBe(403);
    expect((await apiAs(gw, admin.email).post(path, { reason })).status).toBe(200);
    expect((await auditOf(reporter.pseudonym, 'reveal_number')).actor).toBe(`user:${await userId(admin.email)}`);
    expect((await apiAs(gw, 'machine').post(path, { reason })).status).toBe(200);
    expect((await auditOf(reporter.pseudonym, 'reveal_number')).actor).toBe('machine:admin-token');
    expect((await apiAs(gw, 'machine').post(path, { reason, actor: admin.email })).status).toBe(400);
  });

  it('limits a region’s token to its region: alerts listed and opened, reports, the national views', async () => {
    const ml04 = apiAs(gw, segou.email);
    const listed = await ml04.get('/api/alerts?limit=200');
    expect(listed.status).toBe(200);
    const places = listed.body.items.map((a: { location: { pcode: string } | null }) => a.location?.pcode ?? '');
    expect(places).toContain('ML040406');
    expect(places.every((p: string) => p.startsWith('ML04'))).toBe(true);
    expect((await ml04.get(`/api/alerts/${niono.id}`)).status).toBe(200);
    const outside = await ml04.get(`/api/alerts/${djenne.id}`);
    expect(outside.status).toBe(404);
    expect(outside.body.error.code).toBe('not_found');
    const refused = await ml04.post(`/api/alerts/${djenne.id}/transitions`, { action: 'resolve', reason: 'not ours' });
    expect(refused.status).toBe(404);
    const reports = await ml04.get('/api/reports?limit=200');
    expect(reports.body.items.length).toBeGreaterThan(0);
    expect(reports.body.items.every((r: { location: { pcode: string } | null }) => r.location?.pcode.startsWith('ML04'))).toBe(
      true,
    );
    expect((await ml04.get('/api/audit')).status).toBe(403);
    expect((await ml04.get('/api/messages')).status).toBe(403);
    // the shared token and a national user's see both regions
    expect((await apiAs(gw, 'machine').get(`/api/alerts/${djenne.id}`)).status).toBe(200);
  });
});

describe('tokens that no longer count', () => {
  it('answers 401 in the one error shape to an unknown, a revoked and a disabled account’s token', async () => {
    const user = await makeUser(gw, 'coordinator');
    const token = await tokenOf(gw, user.email);
    const get = (t: string) => gw.http.get('/api/alerts').set('Authorization', `Bearer ${t}`);
    expect((await get(token)).status).toBe(200);
    const unknown = await get(`sab_000000000000_${'A'.repeat(43)}`);
    const wrongSecret = await get(`${token.slice(0, 17)}${'B'.repeat(43)}`);
    await gw.rt.container.apiTokens.revoke(token.slice(0, 16), 'operator:cli');
    const revoked = await get(token);
    const other = await makeUser(gw, 'coordinator');
    const otherToken = await tokenOf(gw, other.email);
    await gw.rt.container.users.update(other.email, { disabled: true });
    const disabled = await get(otherToken);
    for (const res of [unknown, wrongSecret, revoked, disabled]) {
      expect(res.status).toBe(401);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'missing or wrong bearer token' } });
    }
    const revocation = await gw.rt.db.prisma.auditEntry.findFirstOrThrow({
      where: { entity: 'api_token', action: 'token_revoked' },
    });
    expect(revocation.actor).toBe('operator:cli');
  });

  it('answers 401, never a 5xx, to any other bearer value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.stringMatching(/^[!-~]{1,80}$/),
          fc.stringMatching(/^[!-~]{0,80}$/).map((v) => `sab_${v}`),
          fc.stringMatching(/^sab_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/),
        ),
        async (value) => {
          const res = await gw.http.get('/api/alerts').set('Authorization', `Bearer ${value}`);
          expect(res.status).toBe(401);
          expect(res.body.error.code).toBe('unauthorized');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the dashboard', () => {
  let adminBrowser: Browser;
  beforeAll(async () => {
    adminBrowser = await login(gw, admin.email, admin.password);
  });

  it('starts the new-account form on the least role, viewer', async () => {
    const page = await adminBrowser.get('/users');
    const select = /<select id="u-role" name="role">([\s\S]*?)<\/select>/.exec(page.text)![1]!;
    expect(select).toMatch(/<option value="viewer" selected>/);
    expect(select).not.toMatch(/value="(admin|coordinator)" selected/);
  });

  it('shows a new token once, lists it by prefix, and lets its owner or an admin revoke it, nobody else', async () => {
    const owner = await login(gw, drafter.email, drafter.password);
    const made = await owner.post('/tokens', { label: 'radio script' });
    expect(made.status).toBe(201);
    expect(made.headers['cache-control']).toBe('no-store');
    const token = /<code id="new-token">(sab_[0-9a-f]{12}_[A-Za-z0-9_-]{43})<\/code>/.exec(made.text)![1]!;
    expect((await gw.http.get('/api/alerts').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    const listed = await owner.get('/tokens');
    expect(listed.text).toContain(token.slice(0, 16));
    expect(listed.text).toContain('radio script');
    expect(listed.text).not.toContain(token.slice(17));
    const row = await gw.rt.db.prisma.apiToken.findUniqueOrThrow({ where: { prefix: token.slice(4, 16) } });
    expect(row.secretHash).not.toContain(token.slice(17));
    expect(row.lastUsedAt).not.toBeNull();

    const stranger = await login(gw, approver.email, approver.password);
    expect((await stranger.post('/tokens/revoke', { id: row.id })).status).toBe(403);
    expect((await adminBrowser.get('/tokens')).text).toContain(token.slice(0, 16));
    expect((await adminBrowser.post('/tokens/revoke', { id: row.id })).status).toBe(200);
    expect((await gw.http.get('/api/alerts').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    const audit = await gw.rt.db.prisma.auditEntry.findMany({ where: { entityId: row.id }, orderBy: { seq: 'asc' } });
    expect(audit.map((e) => [e.action, e.actor])).toEqual([
      ['token_created', `user:${await userId(drafter.email)}`],
      ['token_revoked', `user:${await userId(admin.email)}`],
    ]);
  });
});

describe('the users command', () => {
  const cli = fileURLToPath(new URL('../src/users/cli.ts', import.meta.url));
  const users = (...args: string[]) => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], {
      env: { ...process.env, ...gw.deployment, DATABASE_URL: gw.database.url, LOG_LEVEL: 'warn' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: out.status, stdout: out.stdout, stderr: out.stderr };
  };

  it('creates a token shown once, lists it without its secret, and revokes it by prefix', async () => {
    const made = users('token', 'create', segou.email, '--label', 'sms bridge');
    expect(made.stderr).toBe('');
    expect(made.status).toBe(0);
    const token = /^(sab_[0-9a-f]{12}_[A-Za-z0-9_-]{43})\n/.exec(made.stdout)![1]!;
    expect(made.stdout).toContain('copy it now, it is not shown again');
    const listed = await gw.http.get('/api/alerts').set('Authorization', `Bearer ${token}`);
    expect(listed.status).toBe(200);
    const list = users('token', 'list', segou.email);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(`${token.slice(0, 16)}\tsms bridge`);
    expect(list.stdout).not.toContain(token.slice(17));
    const revoked = users('token', 'revoke', token.slice(0, 16));
    expect(revoked).toMatchObject({ status: 0, stdout: `revoked ${token.slice(0, 16)} of ${segou.email}\n` });
    expect((await gw.http.get('/api/alerts').set('Authorization', `Bearer ${token}`)).status).toBe(401);
    expect(users('token', 'list', segou.email).stdout).toMatch(/\trevoked /);
    expect(users('token', 'revoke', 'sab_ffffffffffff').status).toBe(1);
  }, 120_000);
});
