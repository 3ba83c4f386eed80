import { describe, expect, it } from 'vitest';
import { abuseFlags, textFingerprint } from './abuse.ts';

describe('abuse flags', () => {
  it.each([
    [{ lastMinute: 1, lastHour: 1, sameTextNewNumbers: 1 }, []],
    [{ lastMinute: 5, lastHour: 5, sameTextNewNumbers: 1 }, []],
    [{ lastMinute: 6, lastHour: 6, sameTextNewNumbers: 1 }, ['rate_limited']],
    [{ lastMinute: 1, lastHour: 31, sameTextNewNumbers: 1 }, ['rate_limited']],
    [{ lastMinute: 1, lastHour: 1, sameTextNewNumbers: 5 }, ['coordinated_flood']],
    [{ lastMinute: 9, lastHour: 9, sameTextNewNumbers: 9 }, ['rate_limited', 'coordinated_flood']],
  ])('%o → %o', (counts, flags) => {
    expect(abuseFlags(counts)).toEqual(flags);
  });
});

describe('text fingerprint', () => {
  it('is the same for the same message typed differently', () => {
    const a = textFingerprint('Les PEULS ont attaqué le village de Koro, 12 morts !!!');
    expect(a).not.toBeNull();
    expect(textFingerprint('les peuls ont attaque le village de koro 3 morts')).toBe(a);
  });
  it('differs for different messages', () => {
    expect(textFingerprint('vol de betail a Niono cette nuit, 20 boeufs')).not.toBe(
      textFingerprint('vol de betail a Macina cette nuit, 20 boeufs'),
    );
  });
  it.each(['ok', 'Bonjour', 'RAS a Koro', ''])('gives none for a short text: %s', (t) => {
    expect(textFingerprint(t)).toBeNull();
  });
});
