import { describe, expect, it } from 'vitest';
import { parseInboundSms, type InboundSms } from './inbound.ts';
import { fixtureForm, fixtureIds } from './test-fixtures.ts';

const courierId = 'ec9adc86-51d5-4bc8-8eb0-d8ab0bb53dc3';
const courierDate = new Date('2017-05-03T06:04:45Z');
const courier: InboundSms = {
  providerId: courierId,
  from: '+254791541111',
  fromIsNumber: true,
  to: '21512',
  text: 'Msg',
  receivedAt: courierDate,
  linkId: '03090445075804249226',
  networkCode: null,
};

describe('parseInboundSms over real AT payloads', () => {
  it.each<[string, Partial<InboundSms>, string[]]>([
    ['at-sms-courier-valid-iso-date', courier, []],
    ['at-sms-courier-valid-space-date', courier, []],
    ['at-sms-courier-missing-text', { ...courier, text: '' }, ['text_missing']],
    ['at-sms-courier-alphanumeric-from', { ...courier, from: 'MTN', fromIsNumber: false }, ['sender_not_a_number']],
    ['at-sms-courier-truncated-date', { ...courier, receivedAt: null }, ['date_invalid']],
    [
      'at-sms-readme-premium-ondemand-join',
      {
        providerId: '2f46432d-1c91-4d76-b64e-082d26fb4b8e',
        from: '+25471xxxxxxx',
        fromIsNumber: false,
        to: '8220',
        text: 'JOIN',
        receivedAt: new Date('2020-07-24T15:39:15Z'),
        linkId: '2783f200-cdc0-4dbb-a2ea-0d59d16edd24',
      },
      ['sender_not_a_number'],
    ],
    [
      'at-sms-fetch-api-example',
      {
        providerId: '15071',
        from: '+254711XXXYYY',
        fromIsNumber: false,
        to: '28901',
        text: 'Hello',
        receivedAt: new Date('2018-03-19T08:34:18.445Z'),
        linkId: 'SampleLinkId123',
      },
      ['sender_not_a_number'],
    ],
    [
      'at-sms-laravel-empty-linkid',
      {
        providerId: 'ATUid_5d3b4c2bc589f4811820a7184eed4df5',
        from: '+254720123123',
        to: '40404',
        text: 'Habari yako',
        receivedAt: new Date('2024-03-01T10:15:00Z'),
        linkId: null,
        networkCode: '99999',
      },
      [],
    ],
    ['at-sms-laravel-no-linkid', { linkId: null, networkCode: '99999', text: 'Habari yako' }, []],
    [
      'at-sms-devrel-course-example',
      {
        providerId: 'ATSMSid_12345',
        from: '+254711000111',
        text: 'Hello, I need help',
        receivedAt: new Date('2026-03-04T10:30:00Z'),
      },
      [],
    ],
    [
      'at-sms-cht-minimal',
      { providerId: '123', from: '+456', fromIsNumber: false, to: '', text: 'gidday', receivedAt: null, linkId: null },
      ['sender_number_invalid', 'to_missing', 'date_invalid'],
    ],
    [
      'at-sms-derived-bambara-unicode-amp-plus',
      { from: '+22370000000', fromIsNumber: true, text: 'I ka kɛnɛ wa? Ɲɔgɔn ye & +223 ça va (ɓ ɗ ƴ ŋ)' },
      [],
    ],
    ['at-sms-derived-empty-text', { ...courier, text: '', linkId: null }, ['text_empty']],
  ])('%s', (id, expected, flags) => {
    const result = parseInboundSms(fixtureForm(id));
    expect(result).toMatchObject({ ok: true, value: expected, flags });
  });

  it.each([['at-sms-courier-garbage-body', 'id']])('%s is refused on %s', (id, field) => {
    expect(parseInboundSms(fixtureForm(id))).toMatchObject({ ok: false, field });
  });

  it('covers every AT sms fixture', () => {
    expect(fixtureIds('sms')).toHaveLength(14);
  });
});

describe('parseInboundSms edge cases', () => {
  const base = {
    id: 'ATXid_1',
    from: '+22376123421',
    to: '36123',
    text: 'Ko',
    date: '2025-03-14 09:12:05',
    networkCode: '61002',
  };

  it.each<[string, Record<string, string | undefined>, string]>([
    ['missing id', { ...base, id: undefined }, 'id'],
    ['empty id', { ...base, id: '' }, 'id'],
    ['blank id', { ...base, id: '  ' }, 'id'],
    ['missing from', { ...base, from: undefined }, 'from'],
    ['empty from', { ...base, from: '' }, 'from'],
    ['empty form', {}, 'id'],
  ])('refuses %s (field %s)', (_name, form, field) => {
    const result = parseInboundSms(form);
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok === false && result.message).toMatch(field);
  });

  it.each<[string, Record<string, string | undefined>, Partial<InboundSms>, string[]]>([
    [
      'a Malian sender',
      base,
      {
        providerId: 'ATXid_1',
        from: '+22376123421',
        fromIsNumber: true,
        to: '36123',
        text: 'Ko',
        receivedAt: new Date('2025-03-14T09:12:05Z'),
        linkId: null,
        networkCode: '61002',
      },
      [],
    ],
    [
      'an unencoded + decoded as a space',
      { ...base, from: ' 22376123421' },
      { from: '+22376123421', fromIsNumber: true },
      ['sender_plus_repaired'],
    ],
    [
      'an operator name as sender',
      { ...base, from: ' Orange ' },
      { from: 'Orange', fromIsNumber: false },
      ['sender_not_a_number'],
    ],
    [
      'text with surrounding spaces and newlines (not trimmed)',
      { ...base, text: '  Alerte\nMopti  ' },
      { text: '  Alerte\nMopti  ' },
      [],
    ],
    ['text that is only spaces', { ...base, text: '   ' }, { text: '   ' }, []],
    ['missing to', { ...base, to: undefined }, { to: '' }, ['to_missing']],
    ['missing date', { ...base, date: undefined }, { receivedAt: null }, ['date_invalid']],
    ['impossible date', { ...base, date: '2025-02-30 10:00:00' }, { receivedAt: null }, ['date_invalid']],
    ['date with a numeric offset', { ...base, date: '2025-03-14T09:12:05+01:00' }, { receivedAt: null }, ['date_invalid']],
    [
      'ISO date with milliseconds',
      { ...base, date: '2025-03-14T09:12:05.123Z' },
      { receivedAt: new Date('2025-03-14T09:12:05.123Z') },
      [],
    ],
    ['unknown extra fields', { ...base, cost: 'KES 0.0000', retryCount: '0' }, { text: 'Ko' }, []],
    [
      'everything odd at once',
      { id: 'x', from: 'MTN', text: '' },
      { from: 'MTN', to: '', text: '', receivedAt: null },
      ['sender_not_a_number', 'to_missing', 'text_empty', 'date_invalid'],
    ],
  ])('accepts %s', (_name, form, expected, flags) => {
    expect(parseInboundSms(form)).toMatchObject({ ok: true, value: expected, flags });
  });

  it('drops unknown fields from the value', () => {
    const result = parseInboundSms({ ...base, cost: 'KES 0.0000' });
    expect(result.ok && Object.keys(result.value).sort()).toEqual([
      'from',
      'fromIsNumber',
      'linkId',
      'networkCode',
      'providerId',
      'receivedAt',
      'text',
      'to',
    ]);
  });
});
