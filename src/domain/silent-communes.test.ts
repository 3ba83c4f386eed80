import { describe, expect, it } from 'vitest';
import { poissonCdf, silenceWindows, silentCommunes } from './silent-communes.ts';

describe('poissonCdf', () => {
  it.each([
    // k, lambda, P(X <= k) (from the closed forms and R's ppois)
    [0, 1, Math.exp(-1)],
    [0, 3, Math.exp(-3)],
    [1, 2, 3 * Math.exp(-2)],
    [2, 6.3, 0.049_846],
    [0, 6.3, 0.001_836],
    [5, 5, 0.615_961],
    [900, 1000, 0.000_698],
    [-1, 4, 0],
    [3, 0, 1],
  ])('P(X <= %d | λ=%d)', (k, lambda, p) => {
    expect(poissonCdf(k, lambda)).toBeCloseTo(p, 5);
  });
});

describe('silenceWindows (the clock injected)', () => {
  it('ends the recent 14 days at now, and the 90-day baseline just before', () => {
    const w = silenceWindows(new Date('2026-12-05T12:00:00Z'));
    expect(w.recentFrom.toISOString()).toBe('2026-11-21T12:00:00.000Z');
    expect(w.baselineFrom.toISOString()).toBe('2026-08-23T12:00:00.000Z');
    expect(w.to.toISOString()).toBe('2026-12-05T12:00:00.000Z');
  });
});

describe('silentCommunes', () => {
  it.each([
    // what, recent, baseline, flagged
    ['45 reports in 90 days (3.5 a week, 7 expected), none since: silent', 0, 45, true],
    ['the same commune with 1 report: still silent (p ≈ 0.007)', 1, 45, true],
    ['the same commune with 2 reports: a dip chance explains (p ≈ 0.03)', 2, 45, false],
    ['a commune keeping its rate', 7, 45, false],
    ['a commune reporting more than usual', 12, 45, false],
    ['18 in 90 days (2.8 expected): too few to conclude anything', 0, 18, false],
    ['20 in 90 days (3.1 expected), none since: p ≈ 0.045, not flagged', 0, 20, false],
    ['180 in 90 days (28 expected), 12 since', 12, 180, true],
    ['a commune with no history', 0, 0, false],
  ] as const)('%s', (_what, recent, baseline, flagged) => {
    const found = silentCommunes([{ pcode: 'ML050303', recent, baseline }]);
    expect(found.length > 0).toBe(flagged);
  });

  it('gives the figures behind the flag, least likely silence first', () => {
    const found = silentCommunes([
      { pcode: 'ML050201', recent: 1, baseline: 45 },
      { pcode: 'ML050303', recent: 0, baseline: 90 },
    ]);
    expect(found.map((f) => f.pcode)).toEqual(['ML050303', 'ML050201']);
    const [djenne] = found;
    expect(djenne!.weeklyRate).toBeCloseTo(7, 5);
    expect(djenne!.expected).toBeCloseTo(14, 5);
    expect(djenne!.observed).toBe(0);
    expect(djenne!.pValue).toBeCloseTo(Math.exp(-14), 9);
  });
});
