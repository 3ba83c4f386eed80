import { describe, expect, it } from 'vitest';
import { malianOperatorOf } from './operators.ts';

describe('malianOperatorOf', () => {
  it.each([
    ['+22370000111', 'orange'], // demo CCS de Djenné focal point
    ['+22376123421', 'orange'],
    ['+22379999999', 'orange'],
    ['+22382123456', 'orange'],
    ['+22384123456', 'orange'],
    ['+22390123456', 'orange'],
    ['+22394123456', 'orange'],
    ['+22320012345', 'orange'], // 2001 fixed-wireless
    ['+22366123456', 'moov'],
    ['+22360123456', 'moov'],
    ['+22389123456', 'moov'],
    ['+22395123456', 'moov'],
    ['+22399123456', 'moov'],
    ['+22320791234', 'moov'], // 2079 fixed-wireless
    ['+22321712345', 'moov'],
    ['+22350123456', 'telecel'],
    ['+22385123456', null], // mobile range, carrier unknown
    ['+22344123456', null], // Bamako fixed line
    ['+22320212345', null], // fixed line
    ['+2237612342', null], // one digit short
    ['+254791541111', null], // not Malian
    ['MTN', null],
    ['', null],
  ])('%j → %s', (e164, operator) => {
    expect(malianOperatorOf(e164)).toBe(operator);
  });
});
