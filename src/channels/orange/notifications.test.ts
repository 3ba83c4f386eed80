import { describe, expect, it } from 'vitest';
import data from './fixtures.json' with { type: 'json' };
import { parseOrangeNotification, type OrangeNotification } from './notifications.ts';
import { DELIVERY_STATUSES } from './statuses.ts';

const fixture = (id: string): Record<string, unknown> => {
  const entry = data.fixtures.find((f) => f.id === id);
  if (!entry) throw new Error(`no fixture ${id}`);
  return structuredClone(entry.body) as Record<string, unknown>;
};
const dlr = (deliveryStatus: string, extra: Record<string, unknown> = {}) => ({
  deliveryInfoNotification: { deliveryInfo: { address: 'tel:+22376123421', deliveryStatus }, callbackData: '00JZM143', ...extra },
});
const inbound = (message: Record<string, unknown>) => ({
  inboundSMSMessageNotification: {
    inboundSMSMessage: {
      senderAddress: 'tel:+22366123456',
      destinationAddress: 'tel:+22370000000',
      message: 'Kɛlɛ bɛ',
      dateTime: '2026-11-29T10:00:00Z',
      ...message,
    },
  },
});

describe('parseOrangeNotification over OneAPI payloads', () => {
  it.each<[string, OrangeNotification, string[]]>([
    [
      'orange-oneapi-dlr',
      {
        kind: 'status',
        providerMessageId: '1',
        rawStatus: 'DeliveredToTerminal',
        state: 'delivered',
        final: true,
        address: '+22507099573',
      },
      [],
    ],
    [
      'orange-oneapi-inbound',
      {
        kind: 'received',
        providerId: expect.stringMatching(/^orange-[0-9a-f]{64}$/) as unknown as string,
        from: '+22507099573',
        fromIsNumber: false,
        to: '+2257839',
        text: 'Burrito test',
        receivedAt: new Date('2012-10-10T09:17:27Z'),
      },
      ['sender_number_invalid'],
    ], // a 2012 Ivorian number: 8 digits, before Côte d'Ivoire moved to 10; stored as sent
  ])('%s', (id, expected, flags) => {
    expect(parseOrangeNotification(fixture(id))).toEqual({ ok: true, value: expected, flags });
  });

  it('parses the raw body as it parses the JSON', () => {
    const body = fixture('orange-oneapi-inbound');
    expect(parseOrangeNotification(Buffer.from(JSON.stringify(body)))).toEqual(parseOrangeNotification(body));
  });

  it('covers every Orange fixture', () => {
    expect(data.fixtures).toHaveLength(2);
  });
});

describe('delivery receipts', () => {
  it.each<[string, string, boolean]>([
    ['DeliveredToTerminal', 'delivered', true],
    ['DeliveryImpossible', 'failed', true],
    ['DeliveredToNetwork', 'sent', false],
    ['MessageWaiting', 'sent', false],
    ['DeliveryUncertain', 'sent', false],
    ['DeliveryNotificationNotSupported', 'sent', false],
    ['deliveredtoterminal', 'delivered', true], // casing is not meaningful
  ])('%s → %s (final %s)', (status, state, final) => {
    expect(parseOrangeNotification(dlr(status))).toMatchObject({
      ok: true,
      value: { kind: 'status', rawStatus: status, state, final, providerMessageId: '00JZM143' },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    // A public OneAPI receiver for Orange Botswana logs receipts as { "deliveryInfo": {...}, "callbackData": "" }.
    [
      'an empty callbackData and the resourceURL of the request',
      {
        callbackData: '',
        resourceURL: 'https://api.orange.com/smsmessaging/v1/outbound/tel%3A%2B22370000000/requests/req-42',
      },
      'req-42',
    ],
    ['no callbackData and a messageId', { callbackData: undefined, messageId: ' req-43 ' }, 'req-43'],
    ['a null callbackData and the resourceURL inside deliveryInfo', { callbackData: null }, 'req-44'],
  ])('matches a receipt with %s by the request id', (_name, extra, id) => {
    const body = dlr('DeliveredToTerminal', extra);
    if (id === 'req-44')
      Object.assign(body.deliveryInfoNotification.deliveryInfo, { resourceURL: '/smsmessaging/v1/outbound/x/requests/req-44' });
    expect(parseOrangeNotification(body)).toEqual({
      ok: true,
      flags: ['callback_data_missing'],
      value: {
        kind: 'status',
        providerMessageId: id,
        rawStatus: 'DeliveredToTerminal',
        state: 'delivered',
        final: true,
        address: '+22376123421',
      },
    });
  });

  it('has a row for every OneAPI delivery status', () => {
    expect(Object.keys(DELIVERY_STATUSES).sort()).toEqual([
      'DeliveredToNetwork',
      'DeliveredToTerminal',
      'DeliveryImpossible',
      'DeliveryNotificationNotSupported',
      'DeliveryUncertain',
      'MessageWaiting',
    ]);
  });

  it.each<[string, unknown, string, RegExp]>([
    [
      'an unknown status',
      dlr('Delivered'),
      'deliveryInfoNotification.deliveryInfo.deliveryStatus',
      /unknown deliveryStatus 'Delivered'; expected one of DeliveredToNetwork/,
    ],
    ['no status', dlr(''), 'deliveryInfoNotification.deliveryInfo.deliveryStatus', /deliveryStatus is empty/],
    [
      'no callbackData nor any request id',
      { deliveryInfoNotification: { deliveryInfo: { deliveryStatus: 'DeliveredToTerminal' } } },
      'deliveryInfoNotification.callbackData',
      /callbackData is empty and no resourceURL or messageId/,
    ],
    [
      'a blank callbackData, a blank messageId',
      dlr('DeliveredToTerminal', { callbackData: '  ', messageId: ' ' }),
      'deliveryInfoNotification.callbackData',
      /callbackData is empty/,
    ],
    [
      'no deliveryInfo',
      { deliveryInfoNotification: { callbackData: '1' } },
      'deliveryInfoNotification.deliveryInfo',
      /deliveryInfo is required/,
    ],
    ['neither kind of notification', { somethingElse: {} }, 'deliveryInfoNotification', /deliveryInfoNotification is required/],
    ['not JSON', '<xml/>', 'body', /not JSON/],
    ['null', null, 'body', /.+/],
  ])('refuses %s, naming %s', (_name, body, field, message) => {
    const result = parseOrangeNotification(body);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok === false && result.message).toMatch(message);
  });
});

describe('inbound SMS', () => {
  it.each<[string, Record<string, unknown>, Partial<OrangeNotification>, string[]]>([
    [
      'a Malian sender with tel: prefixes',
      {},
      { from: '+22366123456', fromIsNumber: true, to: '+22370000000', text: 'Kɛlɛ bɛ' },
      [],
    ],
    ['Orange’s own message id', { messageId: 'mo-123' }, { providerId: 'mo-123' }, []],
    ['a short code as destination without tel:', { destinationAddress: '36123' }, { to: '36123' }, []],
    ['no destination', { destinationAddress: undefined }, { to: '' }, ['to_missing']],
    ['no text', { message: undefined }, { text: '' }, ['text_missing']],
    ['empty text', { message: '' }, { text: '' }, ['text_empty']],
    ['text kept untrimmed', { message: ' ok A7K2Q ' }, { text: ' ok A7K2Q ' }, []],
    ['an offset date', { dateTime: '2026-11-29T11:00:00+01:00' }, { receivedAt: new Date('2026-11-29T10:00:00Z') }, []],
    ['no date', { dateTime: undefined }, { receivedAt: null }, ['date_invalid']],
    [
      'an operator name as sender',
      { senderAddress: 'tel:Orange' },
      { from: 'Orange', fromIsNumber: false },
      ['sender_not_a_number'],
    ],
  ])('accepts %s', (_name, message, expected, flags) => {
    expect(parseOrangeNotification(inbound(message))).toMatchObject({
      ok: true,
      value: { kind: 'received', ...expected },
      flags,
    });
  });

  it('derives the same id for a repeated callback and another for another text', () => {
    const idOf = (message: Record<string, unknown>) => {
      const result = parseOrangeNotification(inbound(message));
      return result.ok && result.value.kind === 'received' ? result.value.providerId : null;
    };
    expect(idOf({})).toBe(idOf({}));
    expect(idOf({ dateTime: '2026-11-29T11:00:00+01:00' })).toBe(idOf({})); // same instant
    expect(idOf({ message: 'Kɛlɛ bɛ!' })).not.toBe(idOf({}));
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['no sender', { senderAddress: undefined }, 'inboundSMSMessageNotification.inboundSMSMessage.senderAddress'],
    ['a blank sender', { senderAddress: ' ' }, 'inboundSMSMessageNotification.inboundSMSMessage.senderAddress'],
  ])('refuses %s', (_name, message, field) => {
    expect(parseOrangeNotification(inbound(message))).toMatchObject({ ok: false, field });
  });
});
