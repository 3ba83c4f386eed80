import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSimGatewayChannel } from './android-sms-gateway/send.ts';
import { createFailoverChannel, type SwitchEvent } from './failover.ts';
import { createOrangeChannel } from './orange/send.ts';
import { SendError, type OutboundSms, type SendErrorKind, type SmsChannel } from './types.ts';

const T = 60_000; // failoverAfterMs
let clock = 0;
const now = () => new Date(clock);
const sms: OutboundSms = { to: '+22376123421', text: 'Alerte A7K2Q', key: 'outbound-1' };

/** A channel that answers from a script: 'ok' or an error kind, one entry per call. */
function scripted(name: string, script: Array<'ok' | SendErrorKind>): SmsChannel & { calls: number } {
  const channel = {
    name,
    calls: 0,
    async send() {
      const step = script[channel.calls++] ?? 'ok';
      if (step === 'ok') return { providerMessageId: `${name}-${channel.calls}`, providerStatus: 'Accepted' };
      throw new SendError(`${name}_${step}`, step);
    },
  };
  return channel;
}

let switches: SwitchEvent[] = [];
const failover = (channels: SmsChannel[], memoryLimit?: number) =>
  createFailoverChannel(channels, {
    failoverAfterMs: T,
    now,
    onSwitch: (e) => switches.push(e),
    ...(memoryLimit ? { memoryLimit } : {}),
  });

beforeEach(() => {
  clock = Date.parse('2026-11-29T10:00:00Z');
  switches = [];
});

describe('createFailoverChannel', () => {
  it.each([
    [[true, true], true],
    [[true, false], false],
    [[true, undefined], false],
  ])('deduplicates only when every channel does (%j): a dead attempt may have gone to any of them', (flags, expected) => {
    const channels = flags.map((d, i) => ({ ...scripted(`c${i}`, []), ...(d === undefined ? {} : { deduplicates: d }) }));
    expect(failover(channels).deduplicates).toBe(expected);
  });

  it('sends through the first channel and says so', async () => {
    const [a, b] = [scripted('simgateway', ['ok']), scripted('orange', [])];
    await expect(failover([a, b]).send(sms)).resolves.toEqual({
      providerMessageId: 'simgateway-1',
      providerStatus: 'Accepted',
      channel: 'simgateway',
    });
    expect(b.calls).toBe(0);
    expect(switches).toEqual([]);
  });

  it('retries on the first channel until it has failed the message for failoverAfterMs, then switches, once', async () => {
    const a = scripted('simgateway', ['retryable', 'retryable', 'retryable']);
    const b = scripted('orange', ['ok']);
    const channel = failover([a, b]);
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'simgateway_retryable' }); // t=0: first failure remembered
    clock += T - 1;
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'simgateway_retryable' }); // not yet
    clock += 1;
    await expect(channel.send(sms)).resolves.toMatchObject({ providerMessageId: 'orange-1', channel: 'orange' });
    expect([a.calls, b.calls]).toEqual([3, 1]);
    expect(switches).toEqual([
      {
        key: 'outbound-1',
        from: 'simgateway',
        to: 'orange',
        failingForMs: T,
        cause: expect.objectContaining({ code: 'simgateway_retryable' }),
      },
    ]);
  });

  it('switches at the first failure when the caller says the message has been failing long enough (any worker process)', async () => {
    const [a, b] = [scripted('simgateway', ['retryable']), scripted('orange', ['ok'])];
    const stateless = { to: sms.to, text: sms.text, firstFailedAt: new Date(clock - T - 5_000) };
    await expect(failover([a, b]).send(stateless)).resolves.toMatchObject({ channel: 'orange' });
    expect(switches).toEqual([
      {
        key: null,
        from: 'simgateway',
        to: 'orange',
        failingForMs: T + 5_000,
        cause: expect.objectContaining({ code: 'simgateway_retryable' }),
      },
    ]);
  });

  it('still prefers the first channel once it has recovered', async () => {
    const [a, b] = [scripted('simgateway', ['ok']), scripted('orange', [])];
    await expect(failover([a, b]).send({ ...sms, firstFailedAt: new Date(clock - 10 * T) })).resolves.toMatchObject({
      channel: 'simgateway',
    });
    expect(b.calls).toBe(0);
  });

  it.each<[string, Array<'ok' | SendErrorKind>, Array<'ok' | SendErrorKind>, string, number]>([
    // first channel, second channel, expected code (or channel), calls to the second channel
    ['throttled counts as failing', ['throttled', 'throttled'], ['ok'], 'orange', 1],
    [
      'a permanent error never switches (a bad number is bad everywhere)',
      ['retryable', 'permanent'],
      ['ok'],
      'simgateway_permanent',
      0,
    ],
    [
      'a retryable error from the next channel is thrown for the job to retry',
      ['retryable', 'retryable'],
      ['retryable'],
      'orange_retryable',
      1,
    ],
    ['a permanent error from the next channel is final', ['retryable', 'retryable'], ['permanent'], 'orange_permanent', 1],
  ])('%s', async (_name, first, second, expected, secondCalls) => {
    const [a, b] = [scripted('simgateway', first), scripted('orange', second)];
    const channel = failover([a, b]);
    await channel.send(sms).catch(() => undefined);
    clock += T;
    const result = await channel.send(sms).then(
      (o) => o.channel,
      (e: SendError) => e.code,
    );
    expect(result).toBe(expected);
    expect(b.calls).toBe(secondCalls);
  });

  it('tries the remaining channels in order within one attempt after the deadline', async () => {
    const [a, b, c] = [
      scripted('simgateway', ['retryable', 'retryable']),
      scripted('orange', ['throttled']),
      scripted('africastalking', ['ok']),
    ];
    const channel = failover([a, b, c]);
    await channel.send(sms).catch(() => undefined);
    clock += T;
    await expect(channel.send(sms)).resolves.toMatchObject({ channel: 'africastalking' });
    expect(switches.map((s) => s.to)).toEqual(['orange', 'africastalking']);
  });

  it.each<[string, Array<'ok' | SendErrorKind>, string[]]>([
    ['a channel error on the first channel', ['channel'], ['orange']],
    ['a channel error on the second too, then the third', ['channel'], ['orange', 'africastalking']],
  ])('%s fails over at once, without waiting for failoverAfterMs', async (_label, first, expected) => {
    const a = scripted('simgateway', first);
    const b = scripted('orange', expected.length > 1 ? ['channel'] : ['ok']);
    const c = scripted('africastalking', ['ok']);
    await expect(failover([a, b, c]).send(sms)).resolves.toMatchObject({ channel: expected.at(-1) });
    expect(switches.map((s) => [s.to, s.failingForMs])).toEqual(expected.map((to) => [to, 0]));
  });

  it('stops at a permanent error (a bad number is bad on every channel), even after a channel error', async () => {
    const [a, b, c] = [
      scripted('simgateway', ['channel']),
      scripted('orange', ['permanent']),
      scripted('africastalking', ['ok']),
    ];
    await expect(failover([a, b, c]).send(sms)).rejects.toMatchObject({ code: 'orange_permanent', kind: 'permanent' });
    expect(c.calls).toBe(0);
  });

  it('when every channel has a channel error, gives the last one back (the sender retries it later)', async () => {
    const [a, b] = [scripted('simgateway', ['channel']), scripted('orange', ['channel'])];
    await expect(failover([a, b]).send(sms)).rejects.toMatchObject({ code: 'orange_channel', kind: 'channel' });
  });

  it('forgets a message once it is sent, so a later failure starts a new countdown', async () => {
    const [a, b] = [scripted('simgateway', ['retryable', 'ok', 'retryable']), scripted('orange', [])];
    const channel = failover([a, b]);
    await channel.send(sms).catch(() => undefined);
    clock += T / 2;
    await channel.send(sms);
    clock += T;
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'simgateway_retryable' });
    expect(b.calls).toBe(0);
  });

  it('cannot switch a message it cannot recognise (no key, no firstFailedAt)', async () => {
    const [a, b] = [scripted('simgateway', ['retryable', 'retryable']), scripted('orange', [])];
    const channel = failover([a, b]);
    const anonymous = { to: sms.to, text: sms.text };
    await channel.send(anonymous).catch(() => undefined);
    clock += 10 * T;
    await expect(channel.send(anonymous)).rejects.toMatchObject({ code: 'simgateway_retryable' });
    expect(b.calls).toBe(0);
  });

  it('remembers at most memoryLimit messages, oldest forgotten first', async () => {
    const a = scripted('simgateway', ['retryable', 'retryable', 'retryable', 'retryable']);
    const b = scripted('orange', ['ok']);
    const channel = failover([a, b], 1);
    await channel.send({ ...sms, key: 'm1' }).catch(() => undefined);
    await channel.send({ ...sms, key: 'm2' }).catch(() => undefined); // m1 forgotten
    clock += T;
    await expect(channel.send({ ...sms, key: 'm2' })).resolves.toMatchObject({ channel: 'orange' });
    await expect(channel.send({ ...sms, key: 'm1' })).rejects.toMatchObject({ code: 'simgateway_retryable' }); // a new countdown
  });

  it('with a single channel, is that channel', async () => {
    const a = scripted('orange', ['retryable']);
    const channel = failover([a]);
    expect(channel.name).toBe('orange');
    await expect(channel.send({ ...sms, firstFailedAt: new Date(0) })).rejects.toMatchObject({ code: 'orange_retryable' });
    expect(switches).toEqual([]);
  });

  it('refuses an empty list or a negative delay', () => {
    expect(() => createFailoverChannel([], { failoverAfterMs: T })).toThrow(/at least one channel/);
    expect(() => createFailoverChannel([scripted('a', [])], { failoverAfterMs: -1 })).toThrow(/failoverAfterMs/);
  });
});

describe('failover between the real channels, against HTTP fakes', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('sends an alert through Orange once the SIM gateway phone has been down for failoverAfterMs', async () => {
    const phone = nock('http://192.168.1.10:8080').post('/messages').times(2).reply(503, { message: 'device offline' });
    nock('https://api.orange.com').post('/oauth/v3/token').reply(200, { access_token: 'tok', expires_in: '3600' });
    nock('https://api.orange.com')
      .post('/smsmessaging/v1/outbound/tel%3A%2B22370000000/requests')
      .reply(201, {
        outboundSMSMessageRequest: {
          resourceURL: 'https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B22370000000/requests/req-42',
        },
      });
    const channel = failover([
      createSimGatewayChannel({
        devices: [
          { id: 'phone-orange', baseUrl: 'http://192.168.1.10:8080', username: 'sms', password: 'pw', operators: ['orange'] },
        ],
      }),
      createOrangeChannel({ clientId: 'id', clientSecret: 'secret', senderAddress: 'tel:+22370000000' }),
    ]);
    await expect(channel.send(sms)).rejects.toMatchObject({ code: 'http_503', kind: 'retryable' });
    clock += T;
    await expect(channel.send(sms)).resolves.toEqual({
      providerMessageId: 'req-42',
      providerStatus: 'Created',
      channel: 'orange',
    });
    expect(phone.isDone()).toBe(true);
    expect(switches.map((s) => [s.from, s.to, s.cause?.code])).toEqual([['simgateway', 'orange', 'http_503']]);
  });
});
