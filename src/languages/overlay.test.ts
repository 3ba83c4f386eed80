// Accepted corrections laid over the shipped texts and lexicon: what the next SMS says, how the next message reads.
import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../classify/index.ts';
import { applyLexiconCorrections } from '../classify/lexicon.ts';
import { applyTextCorrections, resourcesOf, translator } from '../i18n/i18n.ts';

afterEach(() => {
  applyTextCorrections([]);
  applyLexiconCorrections([]);
});

describe('text corrections', () => {
  it('the corrected Bambara receipt is rendered, other languages untouched, and the shipped text returns without it', () => {
    const shipped = translator('bm')('receipt', { ref: 'R7K3Q' });
    const fulfulde = translator('ff')('receipt', { ref: 'R7K3Q' });
    applyTextCorrections([{ language: 'bm', key: 'sms:receipt', value: 'Sabali: an ye i ka cikan soro, nimoro {{ref}}.' }]);
    expect(translator('bm')('receipt', { ref: 'R7K3Q' })).toBe('Sabali: an ye i ka cikan soro, nimoro R7K3Q.');
    expect(translator('ff')('receipt', { ref: 'R7K3Q' })).toBe(fulfulde);
    applyTextCorrections([]);
    expect(translator('bm')('receipt', { ref: 'R7K3Q' })).toBe(shipped);
  });

  it('reaches nested USSD keys and word lists; unknown keys are ignored', () => {
    applyTextCorrections([
      { language: 'son', key: 'ussd:cat.ATTAQUE', value: 'Kar, boro wi' },
      { language: 'bm', key: 'broadcasts:keywords.stop', value: 'a dabila | a jo' },
      { language: 'bm', key: 'sms:noSuchText', value: 'x' },
    ]);
    expect(translator('son', 'ussd')('cat.ATTAQUE')).toBe('Kar, boro wi');
    expect((resourcesOf('broadcasts').bm as { keywords: { stop: string[] } }).keywords.stop).toEqual(['a dabila', 'a jo']);
    expect(translator('bm')('noSuchText')).toBe('noSuchText');
  });
});

describe('lexicon corrections', () => {
  // Fulfulde: "thieves took our cattle at Koro". The shipped form "wujjo" misses the plural a reporter writes.
  const text = 'wujjoobe ngaddii na i amen Koro';

  it('a corrected word changes how a message using it is classified, and only while the correction stands', () => {
    expect(classify(text).category).toBe('ATTAQUE');
    applyLexiconCorrections([{ language: 'ff', key: 'theft:wujjo', value: 'wujjoobe' }]);
    expect(classify(text)).toMatchObject({ category: 'VOL_BETAIL', language: 'ff' });
    applyLexiconCorrections([]);
    expect(classify(text).category).toBe('ATTAQUE');
  });
});
