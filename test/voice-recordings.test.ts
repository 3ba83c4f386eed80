// A caller's recording is evidence and personal data: fetched by a worker from the provider's media host
// only (retried when it fails, refused when it is not audio or too large), sealed at rest, played to a
// coordinator through an audited, never-cached route, transcribed and classified like an SMS, never
// logged, and purged with the reporter's retention.
import { randomBytes } from 'node:crypto';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser } from './helpers/dashboard.ts';
import { eventually, startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Call, walkToDjenne } from './helpers/voice.ts';

const MEDIA = 'https://media.africastalking.com';
let gw: TestGateway;
beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  gw = await startGateway({
    env: { VOICE_CALL_BACK: 'false', VOICE_RECORDING_BACKOFF_MS: '50', VOICE_RECORDING_MAX_BYTES: '4096' },
  });
});
afterAll(async () => {
  await gw?.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

const api = (path: string) => gw.http.get(path).set('Authorization', `Bearer ${gw.adminToken}`);
type CallRow = {
  report: string;
  phone: string | null;
  lastError: string | null;
  recording: { id: string; size: number; contentType: string } | null;
};
const callOf = async (reference: string) =>
  ((await api('/api/calls?limit=200')).body.items as CallRow[]).find((c) => c.report === reference);
const reportOf = async (reference: string) =>
  (
    (await api('/api/reports?limit=200')).body.items as { id: string; reference: string; category: string; severity: number }[]
  ).find((r) => r.reference === reference);
const alertOf = async (reference: string) =>
  ((await api('/api/alerts?limit=200')).body.items as { id: string; report: string }[]).find((a) => a.report === reference);

/** An mp3 the provider serves once (after `failures` 503s). */
function served(path: string, bytes: Buffer, failures = 0, type = 'audio/mpeg') {
  if (failures > 0) nock(MEDIA).get(path).times(failures).reply(503, 'busy');
  return nock(MEDIA)
    .get(path)
    .reply(200, bytes, { 'Content-Type': type, 'Content-Length': String(bytes.length) });
}

describe("a caller's recording", () => {
  it('is fetched from the media host (after a failure), sealed, played to a coordinator with no-store, each play audited', async () => {
    const audio = Buffer.concat([Buffer.from('ID3'), randomBytes(3000)]);
    const path = `/rec/${randomBytes(6).toString('hex')}.mp3`;
    const scope = served(path, audio, 1);
    const call = new Call(gw, uniquePhone());
    const reference = await walkToDjenne(call, `${MEDIA}${path}`);

    const row = await eventually(async () => (await callOf(reference))?.recording, 10_000);
    expect(row).toMatchObject({ size: audio.length, contentType: 'audio/mpeg' });
    expect(scope.isDone()).toBe(true);
    // At rest the audio is not there in clear.
    const stored = await gw.rt.db.prisma.recording.findUniqueOrThrow({ where: { id: row.id } });
    expect(Buffer.from(stored.bytes).includes(audio.subarray(100, 164))).toBe(false);

    const alert = await eventually(() => alertOf(reference));
    const coordinator = await makeUser(gw, 'coordinator');
    const browser = await login(gw, coordinator.email, coordinator.password);
    const page = await browser.get(`/alerts/${alert.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`src="/recordings/${row.id}/audio"`);
    const played = await browser
      .get(`/recordings/${row.id}/audio`)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(played.status).toBe(200);
    expect(played.headers['cache-control']).toBe('no-store');
    expect(played.headers['content-type']).toMatch(/^audio\/mpeg/);
    expect((played.body as Buffer).equals(audio)).toBe(true);
    await gw.rt.container.repos.alerts.sealAudit();
    const audit = await gw.rt.container.repos.alerts.timeline('recording', row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'recording_played', channel: 'dashboard', actor: expect.stringMatching(/^user:/) });
    expect(audit[0]!.hash).toBeTruthy();

    // Not without a session, not for a viewer, not for a coordinator of another region.
    expect((await gw.http.get(`/recordings/${row.id}/audio`)).status).not.toBe(200);
    const viewer = await makeUser(gw, 'viewer');
    expect((await (await login(gw, viewer.email, viewer.password)).get(`/recordings/${row.id}/audio`)).status).toBe(404);
    const elsewhere = await makeUser(gw, 'coordinator', ['ML01']);
    expect((await (await login(gw, elsewhere.email, elsewhere.password)).get(`/recordings/${row.id}/audio`)).status).toBe(404);

    // Neither the URL nor the bytes reach a log.
    const logs = gw.logs.join('');
    expect(logs).not.toContain(path);
    expect(logs).not.toContain(audio.subarray(3, 40).toString('base64'));
  });

  it.each([
    ['from a host not allowed', 'https://files.example.org/rec/x.mp3', 'recording: host_not_allowed'],
    ['that is not audio', `${MEDIA}/rec/page.mp3`, 'recording: not_audio'],
    ['larger than the limit', `${MEDIA}/rec/big.mp3`, 'recording: too_large'],
  ])('is refused %s, and the call says why', async (_label, url, why) => {
    if (url.endsWith('page.mp3')) nock(MEDIA).get('/rec/page.mp3').reply(200, '<html></html>', { 'Content-Type': 'text/html' });
    if (url.endsWith('big.mp3')) served('/rec/big.mp3', randomBytes(5000));
    const elsewhere = nock('https://files.example.org').get(/.*/).reply(200, 'x', { 'Content-Type': 'audio/mpeg' });
    const reference = await walkToDjenne(new Call(gw, uniquePhone()), url);
    const row = await eventually(async () => {
      const c = await callOf(reference);
      return c?.lastError ? c : undefined;
    }, 10_000);
    expect(row.lastError).toBe(why);
    expect(row.recording).toBeNull();
    expect(elsewhere.isDone()).toBe(false);
  });

  it("is transcribed by a coordinator; what was said is classified like an SMS and corrects the keypad's answers", async () => {
    const path = `/rec/${randomBytes(6).toString('hex')}.mp3`;
    served(path, Buffer.concat([Buffer.from('ID3'), randomBytes(500)]));
    const reference = await walkToDjenne(new Call(gw, uniquePhone()), `${MEDIA}${path}`);
    const row = await eventually(async () => (await callOf(reference))?.recording, 10_000);
    const coordinator = await makeUser(gw, 'coordinator');
    const browser = await login(gw, coordinator.email, coordinator.password);

    const empty = await browser.post(`/recordings/${row.id}/transcript`, { transcript: '  ', back: '/triage' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('transcript');

    const said = 'des hommes armes ont attaque le village et tue deux personnes';
    const done = await browser.post(`/recordings/${row.id}/transcript`, { transcript: said, back: 'https://elsewhere.example/' });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(`/triage?transcribed=${reference}&corrected=1`);
    expect((await browser.get(done.headers.location!)).text).toContain(reference);
    const report = await reportOf(reference);
    expect(report).toMatchObject({ category: 'ATTAQUE', severity: 3 });
    const audit = await gw.rt.container.repos.alerts.timeline('report', report!.id);
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['transcribed', 'corrected']));
    expect(audit.find((e) => e.action === 'corrected')!.reason).toBe('transcript');
    // Kept beside the recording, shown again in the form.
    expect((await gw.rt.db.prisma.recording.findUniqueOrThrow({ where: { id: row.id } })).transcript).toBe(said);
  });

  it("is deleted with the reporter's retention, and the call forgets the number", async () => {
    const path = `/rec/${randomBytes(6).toString('hex')}.mp3`;
    served(path, Buffer.concat([Buffer.from('ID3'), randomBytes(500)]));
    const reference = await walkToDjenne(new Call(gw, uniquePhone()), `${MEDIA}${path}`);
    const row = await eventually(async () => (await callOf(reference))?.recording, 10_000);
    const report = await eventually(() => reportOf(reference));
    const prisma = gw.rt.db.prisma;
    const { reporterId, incidentId } = await prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    await prisma.alert.updateMany({ where: { incidentId: incidentId! }, data: { state: 'resolved' } });
    const longAgo = new Date(Date.now() - 400 * 86_400_000);
    await prisma.reporter.update({ where: { id: reporterId! }, data: { createdAt: longAgo } });
    await prisma.report.update({ where: { id: report.id }, data: { createdAt: longAgo } });

    expect(await gw.rt.container.privacy.purge()).toBeGreaterThanOrEqual(1);
    const after = (await callOf(reference))!;
    expect(after.recording).toBeNull();
    expect(after.phone).toBeNull();
    const admin = await makeUser(gw, 'admin');
    expect((await (await login(gw, admin.email, admin.password)).get(`/recordings/${row.id}/audio`)).status).toBe(404);
  });
});
