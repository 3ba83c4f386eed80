import { describe, expect, it } from 'vitest';
import { parseCheckin } from './checkin-words.ts';

describe('parseCheckin', () => {
  it.each([
    ['RAS', 'fr'],
    ['ras', 'fr'],
    ['R.A.S', 'fr'],
    ['  Ras merci ', 'fr'],
    ['rien a signaler', 'fr'],
    ['Rien à signaler', 'fr'],
    ['foyi', 'bm'],
    ['Foyi tɛ', 'bm'],
    ['foyi ma ke', 'bm'],
    ['Walaa habre', 'ff'],
    ['kala baani', 'son'],
    ['alaa hay fus', 'ff'],
    ['hay kulu si', 'son'],
  ])('%j is a check-in (%s)', (text, language) => {
    expect(parseCheckin(text)).toEqual({ language });
  });

  it.each(['RAS a Djenne mais vol de betail a Koro', 'ras le bol des voleurs de betail', 'OK A7K2Q', 'FIN', '', 'merci'])(
    '%j is not a check-in',
    (text) => {
      expect(parseCheckin(text)).toBeNull();
    },
  );
});
