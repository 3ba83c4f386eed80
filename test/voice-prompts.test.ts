// Prompts recorded by people: the dashboard lists what is still to record per language and takes an MP3
// or WAV per prompt (checked); the provider fetches it at a public URL, and the spoken menu plays it
// instead of French text to speech for callers in that language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login, makeUser } from './helpers/dashboard.ts';
import { startGateway, uniquePhone, type TestGateway } from './helpers/gateway.ts';
import { Call, spoken, type XmlNode } from './helpers/voice.ts';
import { silentWav } from '../src/voice/audio-check.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startGateway({ env: { VOICE_CALL_BACK: 'false' } });
});
afterAll(async () => {
  await gw?.stop();
});

const dataUrl = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
const plays = (n: XmlNode): string[] => (n.name === 'Play' ? [n.attrs.url!] : n.children.flatMap(plays));
const todo = (page: string, lang: string) =>
  new RegExp(`data-lang="${lang}"[\\s\\S]*?</section>`)
    .exec(page)![0]
    .match(/data-key="([^"]+)"/g)!
    .map((m) => m.slice(10, -1));

describe('voice prompts', () => {
  it('lists what is left to record, takes a checked upload, serves it publicly and plays it to a caller in that language', async () => {
    const coordinator = await makeUser(gw, 'coordinator');
    const browser = await login(gw, coordinator.email, coordinator.password);
    const before = await browser.get('/voice/prompts');
    expect(before.status).toBe(200);
    expect(todo(before.text, 'bm')).toEqual(expect.arrayContaining(['welcome', 'category.title', 'cat.VOL_BETAIL', 'press.1']));

    // Refused, naming the problem: not what it says it is, too short.
    const fake = await browser.post('/voice/prompts/bm', {
      key: 'category.title',
      audio: dataUrl('audio/mpeg', Buffer.from('hello')),
    });
    expect(fake.status).toBe(400);
    expect(fake.text).toContain('the file is not an MP3');
    const short = await browser.post('/voice/prompts/bm', { key: 'category.title', audio: dataUrl('audio/wav', silentWav(50)) });
    expect(short.status).toBe(400);
    expect(short.text).toContain('0.05 s');
    const unknown = await browser.post('/voice/prompts/bm', { key: 'nope', audio: dataUrl('audio/wav', silentWav(900)) });
    expect(unknown.status).toBe(400);
    expect(unknown.text).toContain('not in the catalog');
    expect((await gw.http.get('/voice/prompts/bm/category.title')).status).toBe(404);

    const wav = silentWav(1200);
    const ok = await browser.post('/voice/prompts/bm', { key: 'category.title', audio: dataUrl('audio/wav', wav) });
    expect(ok.status).toBe(303);
    const after = await browser.get('/voice/prompts');
    expect(todo(after.text, 'bm')).not.toContain('category.title');
    expect(todo(after.text, 'ff')).toContain('category.title');

    // Public, for the provider: no session needed; only uploaded prompts.
    const served = await gw.http
      .get('/voice/prompts/bm/category.title')
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(served.status).toBe(200);
    expect(served.headers['content-type']).toMatch(/^audio\/wav/);
    expect(Buffer.from(served.body as Buffer).equals(wav)).toBe(true);
    expect((await gw.http.get('/voice/prompts/bm/welcome')).status).toBe(404);
    expect((await gw.http.get('/voice/prompts/xx/category.title')).status).toBe(404);

    // A caller who chooses Bambara hears the recorded question; what nobody recorded stays spoken in French.
    const call = new Call(gw, uniquePhone());
    await call.post();
    expect(plays(call.answer)).toEqual([]);
    await call.keys('2');
    expect(plays(call.answer)).toEqual([expect.stringMatching(/^http:\/\/[^/]+\/voice\/prompts\/bm\/category\.title$/)]);
    expect(spoken(call.answer).some((l) => l.startsWith('Tapez 1: '))).toBe(true);
    // A French caller still hears text to speech.
    const french = new Call(gw, uniquePhone());
    await french.post();
    await french.keys('1');
    expect(plays(french.answer)).toEqual([]);
  });

  it('refuses an upload from a viewer', async () => {
    const viewer = await makeUser(gw, 'viewer');
    const browser = await login(gw, viewer.email, viewer.password);
    const res = await browser.post('/voice/prompts/fr', { key: 'welcome', audio: dataUrl('audio/wav', silentWav(900)) });
    expect(res.status).toBe(403);
  });
});
