// The channel contract: a provider defined here, added to the list given to config, is configured from its
// own env vars, sends what SMS_ROUTES gives it and receives on /webhooks/<name>, with no other file touched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineProvider, type ChannelProvider } from '../src/channels/contract.ts';
import { PROVIDERS } from '../src/channels/index.ts';
import { ChannelConfigError } from '../src/channels/registry.ts';
import { optionalString } from '../src/channels/schema.ts';
import type { OutboundSms, SmsChannel } from '../src/channels/types.ts';
import { loadConfig, providerConfig } from '../src/config.ts';
import { form } from './helpers/africastalking.ts';
import { eventually, startGateway, uniqueId, uniquePhone, type TestGateway } from './helpers/gateway.ts';

/** Everything the fake provider was asked to send, oldest first. */
const sent: OutboundSms[] = [];

const fakesms = defineProvider({
  name: 'fakesms',
  env: z.object({
    FAKESMS_TOKEN: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
    FAKESMS_SENDER: optionalString,
  }),
  configure(e) {
    if (e.FAKESMS_SENDER && !e.FAKESMS_TOKEN) throw new ChannelConfigError('FAKESMS_TOKEN must be set with FAKESMS_SENDER');
    return e.FAKESMS_TOKEN ? Object.freeze({ token: e.FAKESMS_TOKEN, sender: e.FAKESMS_SENDER ?? 'SABALI' }) : undefined;
  },
  createSender: (): SmsChannel => ({
    name: 'fakesms',
    async send(sms) {
      sent.push(sms);
      return { providerMessageId: `fake-${randomBytes(6).toString('hex')}`, providerStatus: 'Queued' };
    },
  }),
  webhooks({ config, services, http }) {
    if (!config) return undefined;
    const router = Router();
    const body = http.form({ bytes: 4096, fields: 10 });
    router.use(http.requireKey(config.token));
    router.post('/in', body, async (req, res) => {
      const f = http.fields(req);
      if (!f.id || !f.from) throw http.invalid({ field: f.id ? 'from' : 'id', message: 'is required' });
      const sms = {
        providerId: f.id,
        from: f.from,
        fromIsNumber: true,
        to: null,
        text: f.text ?? '',
        receivedAt: null,
        linkId: null,
        networkCode: null,
      };
      const result = await services.receive(sms, []);
      res.type('text/plain').send(result.answer);
    });
    router.post('/status', body, async (req, res) => {
      const f = http.fields(req);
      const report = {
        providerMessageId: f.id ?? '',
        rawStatus: f.status ?? '',
        state: 'delivered' as const,
        final: true,
        failureReason: null,
      };
      const answer = await services.deliver(report, 'id');
      res.type('text/plain').send(answer);
    });
    return router;
  },
});
const WITH_FAKE = [...PROVIDERS, fakesms];
const TOKEN = 'fake-provider-token-0123';

describe('config from a provider added to the list', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sabali-contract-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const load = (env: Record<string, string>, providers: readonly ChannelProvider[] = WITH_FAKE) =>
    loadConfig({ DATA_DIR: dir, ...env }, providers);

  it('reads its env vars into its frozen config, and SMS_CHANNEL may name it', () => {
    const c = load({ FAKESMS_TOKEN: ` ${TOKEN} `, SMS_CHANNEL: 'fakesms' });
    expect(c.channel).toBe('fakesms');
    expect(providerConfig(c, fakesms)).toEqual({ token: TOKEN, sender: 'SABALI' });
    expect(Object.isFrozen(providerConfig(c, fakesms))).toBe(true);
    expect(providerConfig(load({}), fakesms)).toBeUndefined();
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ FAKESMS_SENDER: 'SABALI' }, /^invalid configuration: FAKESMS_TOKEN must be set with FAKESMS_SENDER$/],
    [{ FAKESMS_TOKEN: 'short' }, /invalid configuration: FAKESMS_TOKEN: must be at least 16 characters/],
  ])('refuses a half-configured provider: %j', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });

  it('is unknown to SMS_CHANNEL when it is not in the list', () => {
    expect(() => load({ SMS_CHANNEL: 'fakesms' }, PROVIDERS)).toThrow(/invalid configuration: SMS_CHANNEL/);
  });
});

describe('a gateway with a provider added to the list', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startGateway({
      env: { FAKESMS_TOKEN: TOKEN, SMS_ROUTES: 'receipt=fakesms;default=simulator' },
      providers: WITH_FAKE,
    });
  });
  afterAll(async () => {
    await gw?.stop();
  });
  const post = (path: string, body: Record<string, string>, key = TOKEN) =>
    gw.http
      .post(`/webhooks/fakesms${path}?key=${encodeURIComponent(key)}`)
      .type('form')
      .send(form(body));

  it("stores an SMS from its webhook as a report, sends the reporter's receipt through it, and applies its delivery report", async () => {
    const reporter = uniquePhone();
    const providerId = uniqueId('fake_');
    const res = await post('/in', {
      id: providerId,
      from: reporter,
      text: 'ya palabre entre peuls et cultivateurs a Djenne, les animaux ont detruit les champs',
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('OK');
    const inbound = await gw.rt.db.prisma.inboundMessage.findFirstOrThrow({ where: { providerId } });
    expect(inbound.channel).toBe('fakesms');

    // Handed to the fake provider: the event waited for is the receipt leaving as sent.
    const receipt = await eventually(
      () =>
        gw.rt.db.prisma.outboundMessage.findFirst({
          where: { purpose: 'receipt', state: 'sent', report: { inboundId: inbound.id } },
        }),
      10_000,
    );
    expect(receipt.channel).toBe('fakesms');
    expect(sent.find((s) => s.to === reporter)?.text).toBe(receipt.text);

    const dlr = await post('/status', { id: receipt.providerMessageId!, status: 'DELIVRD' });
    expect(dlr.status).toBe(200);
    expect(dlr.text).toBe('OK delivered');
    expect(await gw.rt.db.prisma.outboundMessage.findUniqueOrThrow({ where: { id: receipt.id } })).toMatchObject({
      state: 'delivered',
    });
  });

  it('answers on its routes as every webhook does: a wrong key is a 401, an unusable callback a 400 naming the field, an unknown message a 404', async () => {
    expect((await post('/in', { id: uniqueId('fake_'), from: uniquePhone() }, 'not-the-token-at-all')).status).toBe(401);
    const bad = await post('/in', { id: uniqueId('fake_') });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_callback', field: 'from' });
    const unknown = await post('/status', { id: 'fake-never-sent', status: 'DELIVRD' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'unknown_message', field: 'id' });
  });
});

describe('a gateway where the provider is listed but not configured', () => {
  it('has no route for it', async () => {
    const gw = await startGateway({ providers: WITH_FAKE });
    try {
      expect((await gw.http.post(`/webhooks/fakesms/in?key=${TOKEN}`).type('form').send('id=x&from=y')).status).toBe(404);
    } finally {
      await gw.stop();
    }
  });
});
