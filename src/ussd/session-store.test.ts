import { describe, expect, it } from 'vitest';
import { nextHop } from './session-store.ts';

describe('nextHop: may a hop follow on from the copy of the dial this process saved last?', () => {
  it.each([
    ['', '', true, 'the first hop again'],
    ['', '1', true, 'the first input'],
    ['', '1*4', false, 'two inputs: another process answered one'],
    ['1*4', '1*4', true, 'the same hop again'],
    ['1*4', '1*4*2', true, 'one input more'],
    ['1*4', '1*4*', true, 'an empty input'],
    ['1*4', '1*4*2*1', false, 'two inputs more'],
    ['1*4', '1*4*12 boeufs*emportes', false, 'a note with a star: cannot tell, so Redis decides'],
    ['1*4', '1*5', false, 'not a continuation'],
    ['1*4', '1*44', false, 'a longer input is not a new one'],
    ['1*4*2', '1*4', false, 'an older hop'],
  ])('%j then %j → %s (%s)', (last, text, expected) => {
    expect(nextHop(last, text)).toBe(expected);
  });
});
