import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SendError } from '../types.ts';
import { createSimGatewayChannel, type GatewayDevice } from './send.ts';

// A fake of the app's local server (and of the cloud API): one HTTP server, one path prefix per phone.
type Reply = { status: number; body?: unknown } | 'hang';
interface Seen {
  phone: string;
  path: string;
  auth: string | undefined;
  body: Record<string, unknown>;
}
let server: Server;
let base = '';
let replies: Record<string, Reply[]> = {};
let seen: Seen[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const [, phone = '', ...rest] = (req.url ?? '').split('/');
      seen.push({ phone, path: `/${rest.join('/')}`, auth: req.headers.authorization, body: JSON.parse(raw || '{}') });
      const reply = replies[phone]?.shift() ?? { status: 500, body: { message: 'no reply scripted' } };
      if (reply === 'hang') return; // never answers: the client must time out
      res
        .writeHead(reply.status, { 'content-type': 'application/json' })
        .end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  replies = {};
  seen = [];
});

const accepted = (id: string) => ({
  status: 202,
  body: { id, state: 'Pending', recipients: [{ phoneNumber: '+22376123421', state: 'Pending' }], isEncrypted: false },
});
const device = (id: string, operators: GatewayDevice['operators'], extra: Partial<GatewayDevice> = {}): GatewayDevice => ({
  id,
  baseUrl: `${base}/${id}`,
  username: 'sms',
  password: `pw-${id}`,
  operators,
  ...extra,
});
const channelOf = (devices: GatewayDevice[]) => createSimGatewayChannel({ devices, timeoutMs: 300 });
const ORANGE_NUMBER = '+22376123421';
const MOOV_NUMBER = '+22366123456';

describe('createSimGatewayChannel().send', () => {
  it('posts the current API body with Basic auth to {baseUrl}/messages and returns the message id', async () => {
    replies = { orange1: [accepted('zXDYfTmTVf3iMd16zzdBj')] };
    const channel = channelOf([device('orange1', ['orange'])]);
    await expect(channel.send({ to: ORANGE_NUMBER, text: 'I ka kɛnɛ wa?' })).resolves.toEqual({
      providerMessageId: 'zXDYfTmTVf3iMd16zzdBj',
      providerStatus: 'Pending',
    });
    expect(seen).toEqual([
      {
        phone: 'orange1',
        path: '/messages',
        auth: `Basic ${Buffer.from('sms:pw-orange1').toString('base64')}`,
        body: { textMessage: { text: 'I ka kɛnɛ wa?' }, phoneNumbers: [ORANGE_NUMBER], withDeliveryReport: true },
      },
    ]);
  });

  it('sends our outbound id as the message id; a retry the phone already has (409) is taken as sent, not sent again', async () => {
    const key = '6f1c2a9e-3b7d-4e21-9a5c-0d8e7f6a1b2c';
    replies = { p: [accepted(key), { status: 409, body: { message: 'message with the same ID already exists' } }] };
    const channel = channelOf([device('p', ['orange']), device('q', ['moov'])]);
    await expect(channel.send({ to: ORANGE_NUMBER, text: 'Alerte', key })).resolves.toEqual({
      providerMessageId: key,
      providerStatus: 'Pending',
    });
    await expect(channel.send({ to: ORANGE_NUMBER, text: 'Alerte', key })).resolves.toEqual({
      providerMessageId: key,
      providerStatus: 'AlreadyAccepted',
    });
    expect(seen.map((s) => [s.phone, (s.body as { id?: string }).id])).toEqual([
      ['p', key],
      ['p', key],
    ]);
  });

  it.each<[string, Partial<GatewayDevice>, string, Record<string, unknown>]>([
    [
      'an old app version (legacy body)',
      { legacyBody: true },
      ORANGE_NUMBER,
      { message: 'Alerte', phoneNumbers: [ORANGE_NUMBER], withDeliveryReport: true },
    ],
    [
      'a dual-SIM phone (SIM slot of the network)',
      { operators: ['orange', 'moov'], simNumbers: { orange: 1, moov: 2 } },
      MOOV_NUMBER,
      { textMessage: { text: 'Alerte' }, phoneNumbers: [MOOV_NUMBER], withDeliveryReport: true, simNumber: 2 },
    ],
    [
      'a cloud account with several phones',
      { cloudDeviceId: 'yVULogr4Y1ksRfnos1Dsw' },
      ORANGE_NUMBER,
      {
        textMessage: { text: 'Alerte' },
        phoneNumbers: [ORANGE_NUMBER],
        withDeliveryReport: true,
        deviceId: 'yVULogr4Y1ksRfnos1Dsw',
      },
    ],
  ])('shapes the body for %s', async (_name, extra, to, body) => {
    replies = { p: [accepted('m1')] };
    await channelOf([device('p', ['orange'], extra)]).send({ to, text: 'Alerte' });
    expect(seen.map((s) => s.body)).toEqual([body]);
  });

  it.each<[string, string, string[]]>([
    ['an Orange number', ORANGE_NUMBER, ['orange1']],
    ['a Moov number', MOOV_NUMBER, ['moov1']],
    ['a number of no known network (first phone)', '+22385123456', ['orange1']],
    ['a foreign number (first phone)', '+254791541111', ['orange1']],
  ])('sends %s from the phone on the same network', async (_name, to, phones) => {
    replies = { orange1: [accepted('o')], moov1: [accepted('m')] };
    await channelOf([device('orange1', ['orange']), device('moov1', ['moov'])]).send({ to, text: 'x' });
    expect(seen.map((s) => s.phone)).toEqual(phones);
  });

  it.each<[string, Reply, string]>([
    ['is unreachable (5xx)', { status: 503, body: { message: 'Queue limits exceeded; ensure device is online' } }, 'http_503'],
    ['does not answer in time', 'hang', 'timeout'],
    ['asks to slow down', { status: 429 }, 'http_429'],
    ['has wrong credentials', { status: 401, body: { message: 'Unauthorized' } }, 'http_401'],
  ])('falls back to the other phone when the Moov phone %s', async (_name, reply, code) => {
    replies = { moov1: [reply], orange1: [accepted('via-orange')] };
    const channel = channelOf([device('orange1', ['orange']), device('moov1', ['moov'])]);
    await expect(channel.send({ to: MOOV_NUMBER, text: 'x' })).resolves.toMatchObject({ providerMessageId: 'via-orange' });
    expect(seen.map((s) => s.phone)).toEqual(['moov1', 'orange1']);
    const moov = channel.devices().find((d) => d.id === 'moov1');
    expect(moov?.online).toBe(code === 'http_401'); // a wrong password says nothing about the phone being up
  });

  it('falls back when a phone cannot be reached at all (connection refused)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    replies = { orange1: [accepted('ok')] };
    const channel = channelOf([device('moov1', ['moov'], { baseUrl: deadUrl }), device('orange1', ['orange'])]);
    await expect(channel.send({ to: MOOV_NUMBER, text: 'x' })).resolves.toMatchObject({ providerMessageId: 'ok' });
    expect(channel.devices().map((d) => [d.id, d.online, d.lastError])).toEqual([
      ['moov1', false, 'network'],
      ['orange1', true, null],
    ]);
  });

  it('tries an offline phone last, and trusts it again after it is heard from', async () => {
    const channel = channelOf([device('orange1', ['orange']), device('orange2', ['orange'])]);
    replies = { orange1: ['hang'], orange2: [accepted('a'), accepted('b')] };
    await channel.send({ to: ORANGE_NUMBER, text: 'x' });
    await channel.send({ to: ORANGE_NUMBER, text: 'y' });
    expect(seen.map((s) => s.phone)).toEqual(['orange1', 'orange2', 'orange2']);
    expect(channel.markContact('orange1', new Date(Date.now() + 1000))).toBe(true);
    expect(channel.markContact('unknown-phone')).toBe(false);
    replies = { orange1: [accepted('c')] };
    seen = [];
    await channel.send({ to: ORANGE_NUMBER, text: 'z' });
    expect(seen.map((s) => s.phone)).toEqual(['orange1']);
    expect(channel.devices()[0]).toMatchObject({ id: 'orange1', online: true, lastError: 'timeout' });
  });

  it.each<[string, Reply, string, string]>([
    ['a refused number (400)', { status: 400, body: { message: 'invalid phone number' } }, 'http_400', 'permanent'],
    ['a message in state Failed', { status: 202, body: { id: 'f1', state: 'Failed' } }, 'Failed', 'permanent'],
  ])('stops at once on %s: no other phone can help', async (_name, reply, code, kind) => {
    replies = { orange1: [reply], moov1: [accepted('never')] };
    const channel = channelOf([device('orange1', ['orange']), device('moov1', ['moov'])]);
    await expect(channel.send({ to: ORANGE_NUMBER, text: 'x' })).rejects.toMatchObject({ code, kind });
    expect(seen.map((s) => s.phone)).toEqual(['orange1']);
  });

  it.each<[string, Reply[], string, string]>([
    ['retryable when any phone may recover', [{ status: 401 }, { status: 503 }], 'http_503', 'retryable'],
    ['throttled when a phone asked to slow down', [{ status: 401 }, { status: 429 }], 'http_429', 'throttled'],
    [
      'channel (failover moves on) when every phone refused our credentials',
      [{ status: 401 }, { status: 403 }],
      'http_401',
      'channel',
    ],
    [
      'channel when the server knows neither phone',
      [
        { status: 400, body: { message: 'failed to select device: not found' } },
        { status: 400, body: { message: 'failed to select device: not found' } },
      ],
      'http_400',
      'channel',
    ],
  ])('when every phone fails, the error is %s', async (_name, [first, second], code, kind) => {
    replies = { a: [first as Reply], b: [second as Reply] };
    const error = await channelOf([device('a', ['orange']), device('b', ['moov'])])
      .send({ to: ORANGE_NUMBER, text: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({ code, kind });
    expect((error as SendError).message).toMatch(/every SIM gateway phone failed/);
  });

  it('accepts a 2xx without an id (no delivery report can match it, but it must not be resent)', async () => {
    replies = { p: [{ status: 202 }] };
    await expect(channelOf([device('p', ['orange'])]).send({ to: ORANGE_NUMBER, text: 'x' })).resolves.toEqual({
      providerMessageId: null,
      providerStatus: 'Accepted',
    });
  });

  it('refuses a configuration with no phone or the same phone twice', () => {
    expect(() => createSimGatewayChannel({ devices: [] })).toThrow(/at least one device/);
    expect(() => channelOf([device('p', ['orange']), device('p', ['moov'])])).toThrow(/listed twice/);
  });
});
