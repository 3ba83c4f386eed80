import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    // raw, default country, expected E.164, expected flags
    ['+22376123421', 'ML', '+22376123421', []],
    ['0022376123421', 'ML', '+22376123421', []],
    ['76 12 34 21', 'ML', '+22376123421', []],
    ['76123421', 'ML', '+22376123421', []],
    ['+223 66 12 34 56', 'ML', '+22366123456', []],
    ['+22350123456', 'ML', '+22350123456', []],
    ['+22382123456', 'ML', '+22382123456', []],
    ['+22390123456', 'ML', '+22390123456', []],
    ['+22344123456', 'ML', '+22344123456', []], // fixed line, Bamako
    ['+254791541111', 'ML', '+254791541111', []], // AT's own test sender (Kenya)
    [' 22376123421', 'ML', '+22376123421', ['sender_plus_repaired']],
    [' 254733555010', 'ML', '+254733555010', ['sender_plus_repaired']],
    ['  76 12 34 21 ', 'ML', '+22376123421', []], // padding, not a lost '+'
    ['0712345678', 'KE', '+254712345678', []],
    ['+22320123456', 'ML', '+22320123456', ['sender_number_unrecognised_range']],
    ['MTN', 'ML', null, ['sender_not_a_number']],
    ['Orange', 'ML', null, ['sender_not_a_number']],
    ['+25471xxxxxxx', 'ML', null, ['sender_not_a_number']], // redacted capture
    ['', 'ML', null, ['sender_not_a_number']],
    ['   ', 'ML', null, ['sender_not_a_number']],
    ['+456', 'ML', null, ['sender_number_invalid']], // CHT's test sender
    ['1234', 'ML', null, ['sender_number_invalid']],
  ])('%j (default %s) → %s %j', (raw, country, e164, flags) => {
    expect(normalisePhone(raw, country)).toEqual({ e164, flags });
  });

  it('defaults to Mali', () => {
    expect(normalisePhone('70 00 00 01').e164).toBe('+22370000001');
  });
});

describe('maskPhone', () => {
  it.each([
    ['+22376123421', '+223 7• •• •4 21'],
    ['+22366123456', '+223 6• •• •4 56'],
    ['+254791541111', '+254 7•• •••111'],
    ['+33612345678', '+33 6 •• •• •6 78'],
    ['+999123456789', '+•••••••••789'], // no such country code: only the last three digits stay
    ['garbage', 'garbage'],
  ])('%s → %s', (e164, masked) => {
    expect(maskPhone(e164)).toBe(masked);
  });
});
