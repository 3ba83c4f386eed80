// A transcript adds to the keypad's answers, never takes from them.
import { describe, expect, it } from 'vitest';
import type { Classification } from '../classify/types.ts';
import { transcriptCorrection, type KeypadAnswers } from './transcript.ts';

const keypad: KeypadAnswers = { category: 'VOL_BETAIL', severity: 2, pcode: 'ML0503' };
type C = Pick<Classification, 'category' | 'severity' | 'triage' | 'location'>;
const read = (category: C['category'], severity: C['severity'], triage = false, pcode?: string): C => ({
  category,
  severity,
  triage,
  location: pcode ? { pcode, name: pcode, level: 'commune' } : null,
});

describe('transcriptCorrection', () => {
  it.each([
    ['a sure, more serious reading', read('ATTAQUE', 3), { category: 'ATTAQUE', severity: 3, pcode: 'ML0503' }],
    [
      'a sure but milder reading keeps the keypad severity',
      read('FONCIER', 1),
      { category: 'FONCIER', severity: 2, pcode: 'ML0503' },
    ],
    ['an unsure reading changes nothing', read('ATTAQUE', 3, true), null],
    ['the same reading changes nothing', read('VOL_BETAIL', 2), null],
    ['a commune inside the chosen cercle', read('VOL_BETAIL', 2, true, 'ML050303'), { ...keypad, pcode: 'ML050303' }],
    ['a place elsewhere does not move it', read('VOL_BETAIL', 2, false, 'ML010101'), null],
    ['nothing to say (NON_ALERTE) changes nothing', read('NON_ALERTE', 0), null],
  ] as const)('%s', (_label, c, expected) => {
    expect(transcriptCorrection(keypad, c as C)).toEqual(expected);
  });
});
