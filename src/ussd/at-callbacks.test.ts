// Real Africa's Talking USSD callbacks (src/ussd/fixtures.json) through the parsers: what is kept, what is refused.
import { describe, expect, it } from 'vitest';
import data from './fixtures.json' with { type: 'json' };
import { parseUssdEnd, parseUssdHop } from './at-callbacks.ts';

function formOf(id: string): Record<string, string> {
  const f = data.fixtures.find((x) => x.id === id);
  if (!f) throw new Error(`no fixture ${id}`);
  if (typeof f.body === 'string') return Object.fromEntries(new URLSearchParams(f.body));
  return Object.fromEntries(Object.entries(f.body).map(([k, v]) => [k, String(v)]));
}

describe('a hop', () => {
  it.each([
    [
      'at-ussd-sdk-test-unencoded-plus',
      { sessionId: '123', text: 'hello', serviceCode: '*123#', phoneIsNumber: false, phone: '1234567890' },
    ],
    ['at-ussd-sdk-test-first-hop', { sessionId: '123', text: '' }],
    [
      'at-ussd-devrel-first-hop',
      { sessionId: 'ATUid_123', phone: '+254711000111', phoneIsNumber: true, networkCode: null, text: '' },
    ],
    ['at-ussd-encoded-star-hash', { serviceCode: '*384*123#', text: '1*0123456789', networkCode: '63902' }],
    ['at-ussd-paging-long-path-tz', { phone: '+255700000000', text: '1*98*0*98*1*2*3*1*1' }],
    ['at-ussd-derived-double-zero-home', { text: '1*2*00' }],
    ['at-ussd-exussd-doc-network-name', { phone: '254722000000', phoneIsNumber: false, networkCode: 'Safaricom' }],
  ])('%s is kept', (id, expected) => {
    const parsed = parseUssdHop(formOf(id));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.value).toMatchObject(expected);
  });

  it('a Malian number whose + arrived unencoded is repaired, never stored with the space', () => {
    const parsed = parseUssdHop({ sessionId: 'ATUid_1', phoneNumber: ' 22376123421', serviceCode: '*384*123#', text: '' });
    expect(parsed).toMatchObject({
      ok: true,
      flags: ['sender_plus_repaired'],
      value: { phone: '+22376123421', phoneIsNumber: true },
    });
  });

  it.each([
    ['at-ussd-sdk-test-empty-body', 'sessionId'],
    ['at-ussd-pastebin-get-local-msisdn', null],
  ])('%s → refused naming %s', (id, field) => {
    const parsed = parseUssdHop(formOf(id));
    if (field === null) expect(parsed.ok).toBe(true);
    else expect(parsed).toMatchObject({ ok: false, field });
  });

  it.each([
    [{ phoneNumber: '+22376123421', text: '' }, 'sessionId'],
    [{ sessionId: '  ', phoneNumber: '+22376123421' }, 'sessionId'],
    [{ sessionId: 'ATUid_2', text: '1' }, 'phoneNumber'],
    [{ sessionId: 'ATUid_2', phoneNumber: '' }, 'phoneNumber'],
  ])('%j → 400 naming %s', (form, field) => {
    const parsed = parseUssdHop(form);
    expect(parsed).toMatchObject({ ok: false, field });
    if (!parsed.ok) expect(parsed.message).toContain(field);
  });
});

describe('the end-of-session notification', () => {
  it.each([
    [
      'at-ussd-end-devrel-success',
      {
        status: 'Success',
        cost: 'KES 0.10',
        durationMs: 12345,
        hopsCount: 3,
        lastAppResponse: 'END Your account number is ACC1001',
        errorMessage: null,
      },
    ],
    ['at-ussd-end-laravel-incomplete', { status: 'Incomplete', cost: '3', durationMs: 5230, hopsCount: 4, errorMessage: null }],
    ['at-ussd-end-laravel-empty-input', { status: 'Incomplete', hopsCount: 1 }],
    ['at-ussd-end-laravel-no-input', { status: 'Incomplete' }],
    [
      'at-ussd-end-derived-failed',
      { status: 'Failed', hopsMetadata: 'menu|view', errorMessage: 'Response should start with a CON or an END' },
    ],
  ])('%s is kept', (id, expected) => {
    const parsed = parseUssdEnd(formOf(id));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value).toMatchObject(expected);
      expect(parsed.value.date).toBeInstanceOf(Date);
    }
  });

  it.each([
    [{ status: 'Success' }, 'sessionId', 'sessionId'],
    [{ sessionId: 'ATUid_3' }, 'status', 'status'],
    [{ sessionId: 'ATUid_3', status: 'Done' }, 'status', 'Success, Incomplete, Failed'],
  ])('%j → refused naming %s', (form, field, message) => {
    const parsed = parseUssdEnd(form);
    expect(parsed).toMatchObject({ ok: false, field });
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });

  it('odd numbers are flagged, not refused', () => {
    const parsed = parseUssdEnd({
      sessionId: 'ATUid_4',
      status: 'success',
      durationInMillis: 'abc',
      hopsCount: '-1',
      date: 'yesterday',
    });
    expect(parsed).toMatchObject({
      ok: true,
      value: { status: 'Success', durationMs: null, hopsCount: null },
      flags: expect.arrayContaining(['durationInMillis_invalid', 'hopsCount_invalid', 'date_invalid', 'phone_missing']),
    });
  });
});
