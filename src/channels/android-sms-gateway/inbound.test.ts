import { describe, expect, it } from 'vitest';
import { derivedInboundId, parseGatewayEvent, type GatewayEvent } from './inbound.ts';
import { fixtureBody, fixtureIds, fixtureRaw } from './test-fixtures.ts';

const DEVICE = 'ffffffffceb0b1db0000018e937c815b';

describe('parseGatewayEvent over the app’s payloads', () => {
  it.each<[string, Partial<GatewayEvent>, string[]]>([
    [
      'asg-sms-received',
      {
        kind: 'received',
        eventId: 'Ey6ECgOkVVFjz3CL48B8C',
        deviceId: DEVICE,
        from: '6505551212',
        fromIsNumber: false,
        to: '+1234567890',
        simNumber: 1,
        text: 'Android is always a sweet treat!',
        receivedAt: new Date('2024-06-22T08:46:11Z'),
      },
      ['sender_number_invalid'],
    ], // a US number without '+': not a Malian number, kept as sent
    [
      'asg-derived-received-malian-legacy',
      {
        kind: 'received',
        deviceId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
        from: '+22366123456',
        fromIsNumber: true,
        to: '',
        simNumber: null,
        text: 'Kɛlɛ bɛ Djenné fɛ, sɔnɛw ni baganmaraw',
        receivedAt: new Date('2026-11-29T09:58:41Z'),
      },
      ['to_missing'],
    ],
    [
      'asg-sms-delivered',
      {
        kind: 'status',
        providerMessageId: 'msg-789',
        rawEvent: 'sms:delivered',
        state: 'delivered',
        final: true,
        reason: null,
        at: new Date('2026-02-17T19:10:00Z'),
      },
      [],
    ],
    [
      'asg-sms-failed',
      {
        kind: 'status',
        providerMessageId: 'msg-000',
        rawEvent: 'sms:failed',
        state: 'failed',
        final: true,
        reason: 'Network error',
        at: new Date('2026-02-17T19:15:00Z'),
      },
      [],
    ],
    [
      'asg-derived-sent-malian',
      {
        kind: 'status',
        eventId: 'Qq0vN6bX9cD2eF5gH8jK1',
        deviceId: DEVICE,
        providerMessageId: 'zXDYfTmTVf3iMd16zzdBj',
        rawEvent: 'sms:sent',
        state: 'sent',
        final: false,
        reason: null,
        at: new Date('2026-11-29T10:00:03Z'),
      },
      [],
    ],
    ['asg-derived-ping', { kind: 'ping', eventId: 'mN3pQ8rT2vW5xY7zA1bC4', deviceId: DEVICE }, []],
  ])('%s', (id, expected, flags) => {
    expect(parseGatewayEvent(fixtureBody(id))).toMatchObject({ ok: true, value: expected, flags });
  });

  it.each(fixtureIds())('parses %s from the raw bytes as from parsed JSON', (id) => {
    expect(parseGatewayEvent(fixtureRaw(id))).toEqual(parseGatewayEvent(fixtureBody(id)));
  });

  it('covers every SIM gateway fixture', () => {
    expect(fixtureIds()).toHaveLength(6);
  });
});

describe('dedup key of a received SMS', () => {
  const body = fixtureBody('asg-sms-received') as { payload: Record<string, unknown> };
  const idOf = (payload: Record<string, unknown>, envelope: Record<string, unknown> = {}) => {
    const result = parseGatewayEvent({ ...body, ...envelope, payload: { ...body.payload, ...payload } });
    return result.ok && result.value.kind === 'received' ? result.value.providerId : null;
  };
  const base = idOf({});

  it('is a hash: no phone number or text in clear', () => {
    expect(base).toMatch(/^asg-[0-9a-f]{64}$/);
    expect(base).toBe(derivedInboundId('6505551212', '2024-06-22T08:46:11.000Z', 'Android is always a sweet treat!'));
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a retry (new event id, same SMS)', {}, { id: 'retry-event-id', webhookId: 'other-hook' }],
    ['another messageId (the app derives it from content: not a key)', { messageId: 'other' }, {}],
    ['the same instant written with another offset', { receivedAt: '2024-06-22T08:46:11.000Z' }, {}],
    ['phoneNumber (deprecated) instead of sender', { sender: undefined, phoneNumber: '6505551212' }, {}],
  ])('stays the same for %s', (_name, payload, envelope) => {
    expect(idOf(payload, envelope)).toBe(base);
  });

  it.each<[string, Record<string, unknown>]>([
    ['another text', { message: 'Android is always a sweet treat?' }],
    ['another sender', { sender: '6505551213' }],
    ['another second', { receivedAt: '2024-06-22T15:46:12.000+07:00' }],
  ])('changes for %s', (_name, payload) => {
    expect(idOf(payload)).not.toBe(base);
  });
});

describe('parseGatewayEvent edge cases', () => {
  const received = fixtureBody('asg-sms-received') as Record<string, unknown> & { payload: Record<string, unknown> };
  const delivered = fixtureBody('asg-sms-delivered') as Record<string, unknown> & { payload: Record<string, unknown> };

  it.each<[string, unknown, string]>([
    ['not JSON', '{"event":', 'body'],
    ['a JSON array', [], 'body'],
    ['no event', { ...received, event: undefined }, 'event'],
    ['no deviceId', { ...received, deviceId: '' }, 'deviceId'],
    ['an event we do not handle', { ...received, event: 'mms:received' }, 'event'],
    ['batch delivery mode', { ...received, event: 'sms:batch:received' }, 'event'],
    ['a received SMS without sender', { ...received, payload: { ...received.payload, sender: undefined } }, 'payload.sender'],
    [
      'a status without messageId',
      { ...delivered, payload: { ...delivered.payload, messageId: undefined } },
      'payload.messageId',
    ],
    ['a status with a blank messageId', { ...delivered, payload: { ...delivered.payload, messageId: ' ' } }, 'payload.messageId'],
    ['a payload that is not an object', { ...received, payload: 'x' }, 'payload'],
    [
      'a simNumber that is not a number',
      { ...received, payload: { ...received.payload, simNumber: 'SIM1' } },
      'payload.simNumber',
    ],
  ])('refuses %s (field %s)', (_name, body, field) => {
    expect(parseGatewayEvent(body)).toMatchObject({ ok: false, field });
  });

  it.each<[string, Record<string, unknown>, Partial<GatewayEvent>, string[]]>([
    ['no text', { message: undefined }, { text: '' }, ['sender_number_invalid', 'text_missing']],
    ['empty text', { message: '' }, { text: '' }, ['sender_number_invalid', 'text_empty']],
    ['text kept untrimmed', { message: '  Alerte\nMopti ' }, { text: '  Alerte\nMopti ' }, ['sender_number_invalid']],
    ['a Malian sender in national form', { sender: '76123421' }, { from: '+22376123421', fromIsNumber: true }, []],
    [
      'an operator name as sender',
      { sender: 'OrangeMali' },
      { from: 'OrangeMali', fromIsNumber: false },
      ['sender_not_a_number'],
    ],
    [
      'no recipient but a SIM slot',
      { recipient: undefined, simNumber: 2 },
      { to: 'sim2', simNumber: 2 },
      ['sender_number_invalid'],
    ],
    [
      'a null SIM slot',
      { recipient: null, simNumber: null },
      { to: '', simNumber: null },
      ['sender_number_invalid', 'to_missing'],
    ],
    ['an unreadable date', { receivedAt: '22/06/2024 15:46' }, { receivedAt: null }, ['sender_number_invalid', 'date_invalid']],
    [
      'a UTC date',
      { receivedAt: '2024-06-22T08:46:11Z' },
      { receivedAt: new Date('2024-06-22T08:46:11Z') },
      ['sender_number_invalid'],
    ],
  ])('accepts %s', (_name, payload, expected, flags) => {
    expect(parseGatewayEvent({ ...received, payload: { ...received.payload, ...payload } })).toMatchObject({
      ok: true,
      value: expected,
      flags,
    });
  });

  it('reads the failure reason from `error` when `reason` is absent (client-ts naming)', () => {
    const failed = fixtureBody('asg-sms-failed') as { payload: Record<string, unknown> };
    const body = { ...failed, payload: { ...failed.payload, reason: undefined, error: 'RESULT_ERROR_NO_SERVICE' } };
    expect(parseGatewayEvent(body)).toMatchObject({ ok: true, value: { reason: 'RESULT_ERROR_NO_SERVICE' } });
  });

  it('accepts a ping with no payload at all', () => {
    expect(parseGatewayEvent({ event: 'system:ping', deviceId: 'phone-1' })).toEqual({
      ok: true,
      flags: [],
      value: { kind: 'ping', eventId: null, deviceId: 'phone-1' },
    });
  });
});
