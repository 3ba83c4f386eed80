import { describe, expect, it } from 'vitest';
import { parseDeliveryReport, type DeliveryReport } from './delivery.ts';
import { canonicalFailureReason, lookupSendStatusByName, SEND_STATUS_CODES } from './statuses.ts';
import { fixtureForm, fixtureIds } from './test-fixtures.ts';

describe('parseDeliveryReport over real AT payloads', () => {
  it.each<[string, DeliveryReport]>([
    [
      'at-dlr-captured-failed-deliveryfailure',
      {
        providerMessageId: 'ATXid_8c7541e938f63538f971f946dd25b54e',
        rawStatus: 'Failed',
        state: 'failed',
        final: true,
        failureReason: 'DeliveryFailure',
        networkCode: '63902',
      },
    ],
    [
      'at-dlr-courier-success-minimal',
      {
        providerMessageId: 'ATXid_dda018a640edfcc5d2ce455de3e4a6e7',
        rawStatus: 'Success',
        state: 'delivered',
        final: true,
        failureReason: null,
        networkCode: null,
      },
    ],
    [
      'at-dlr-courier-expired',
      {
        providerMessageId: 'ATXid_dda018a640edfcc5d2ce455de3e4a6e7',
        rawStatus: 'Expired',
        state: 'failed',
        final: true,
        failureReason: null,
        networkCode: null,
      },
    ],
    [
      'at-dlr-laravel-rejected-no-reason',
      {
        providerMessageId: 'ATXid_520e732ea1191c1f03a7d9bea3a91006',
        rawStatus: 'Rejected',
        state: 'failed',
        final: true,
        failureReason: null,
        networkCode: null,
      },
    ],
    [
      'at-dlr-blacklist-casing',
      {
        providerMessageId: 'ATXid_a2',
        rawStatus: 'Failed',
        state: 'failed',
        final: true,
        failureReason: 'UserInBlackList',
        networkCode: '63902',
      },
    ],
    [
      'at-dlr-cht-buffered',
      {
        providerMessageId: '123',
        rawStatus: 'Buffered',
        state: 'sent',
        final: false,
        failureReason: null,
        networkCode: null,
      },
    ],
  ])('%s', (id, expected) => {
    expect(parseDeliveryReport(fixtureForm(id))).toEqual({ ok: true, value: expected, flags: [] });
  });

  it.each([
    ['at-dlr-courier-unknown-status', 'status', /unknown status 'Borked'; expected one of Sent, Submitted, Buffered, Success/],
    ['at-dlr-courier-missing-status', 'status', /status is required/],
  ])('%s is refused on %s', (id, field, message) => {
    const result = parseDeliveryReport(fixtureForm(id));
    expect(result).toMatchObject({ ok: false, field });
    expect(result.ok === false && result.message).toMatch(message);
  });

  it('covers every AT dlr fixture', () => {
    expect(fixtureIds('dlr')).toHaveLength(8);
  });
});

describe('parseDeliveryReport statuses', () => {
  it.each([
    ['Sent', 'sent', false],
    ['Submitted', 'sent', false],
    ['Buffered', 'sent', false],
    ['Success', 'delivered', true],
    ['Rejected', 'failed', true],
    ['Failed', 'failed', true],
    ['Expired', 'failed', true],
    ['AbsentSubscriber', 'failed', false],
    ['success', 'delivered', true], // casing is not meaningful
  ])('%s → %s (final %s)', (status, state, final) => {
    expect(parseDeliveryReport({ id: 'ATXid_1', status })).toMatchObject({
      ok: true,
      value: { rawStatus: status, state, final },
    });
  });

  it.each([
    ['missing id', { status: 'Success' }, 'id'],
    ['empty id', { id: '', status: 'Success' }, 'id'],
    ['empty status', { id: 'ATXid_1', status: '' }, 'status'],
    ['unknown status', { id: 'ATXid_1', status: 'Delivered' }, 'status'],
    ['empty form', {}, 'id'],
  ])('refuses %s (field %s)', (_name, form, field) => {
    expect(parseDeliveryReport(form)).toMatchObject({ ok: false, field });
  });
});

describe('failure reasons', () => {
  it.each([
    ['UserInBlacklist', 'UserInBlackList'], // send-API casing
    ['USERINBLACKLIST', 'UserInBlackList'],
    ['deliveryfailure', 'DeliveryFailure'],
    ['NotNetworkSubcriber', 'NotNetworkSubcriber'],
    ['none', null],
    ['None', null],
    ['', null],
    [undefined, null],
    ['SomethingNew', 'SomethingNew'], // unknown: kept as sent
  ])('%j → %j', (raw, expected) => {
    expect(canonicalFailureReason(raw)).toBe(expected);
  });
});

describe('send status codes', () => {
  it.each([
    [101, 'Sent', true, undefined],
    [403, 'InvalidPhoneNumber', false, 'permanent'],
    [401, 'RiskHold', false, 'channel'], //            the account, not the number: fail over
    [402, 'InvalidSenderId', false, 'channel'],
    [405, 'InsufficientBalance', false, 'channel'],
    [407, 'CouldNotRoute', false, 'channel'],
    [406, 'UserInBlacklist', false, 'permanent'],
    [409, 'DoNotDisturbRejection', false, 'retryable'],
    [502, 'RejectedByGateway', false, 'retryable'],
  ])('%i is %s', (code, name, accepted, kind) => {
    expect(SEND_STATUS_CODES[code]).toEqual(kind ? { name, accepted, kind } : { name, accepted });
    expect(lookupSendStatusByName(name.toUpperCase())).toBe(SEND_STATUS_CODES[code]);
  });
});
