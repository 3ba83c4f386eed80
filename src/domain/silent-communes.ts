// Silent communes: a commune that usually reports and fell quiet is often the first sign that something
// is wrong there (the network cut, people afraid, the reporters gone). The rule compares each commune with
// its own history: over the last 14 days, how likely would so few reports be if it kept the rate of the 90
// days before? A one-sided Poisson test: with expected = usual daily rate x 14, flag when
// P(X <= observed) < 0.01 and at least 3 reports were expected (below that, silence proves nothing). Pure.

const DAY_MS = 86_400_000;

export const SILENCE_RULE = { recentDays: 14, baselineDays: 90, alpha: 0.01, minExpected: 3 } as const;
export type SilenceRule = { [K in keyof typeof SILENCE_RULE]: number };

/** The two windows, ending at `now`: the recent one, and the baseline just before it. */
export function silenceWindows(now: Date, rule: SilenceRule = SILENCE_RULE) {
  const recentFrom = new Date(now.getTime() - rule.recentDays * DAY_MS);
  const baselineFrom = new Date(recentFrom.getTime() - rule.baselineDays * DAY_MS);
  return { baselineFrom, recentFrom, to: now };
}

/** P(X <= k) for X ~ Poisson(lambda), summed in log space so a large lambda does not underflow. */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  let logTerm = -lambda; // log P(X = 0)
  let max = logTerm;
  const logs = [logTerm];
  for (let i = 1; i <= Math.floor(k); i++) {
    logTerm += Math.log(lambda / i);
    logs.push(logTerm);
    if (logTerm > max) max = logTerm;
  }
  const sum = logs.reduce((s, l) => s + Math.exp(l - max), 0);
  return Math.min(1, Math.exp(max) * sum);
}

export interface CommuneCounts {
  pcode: string;
  /** Reports in the recent window. */
  recent: number;
  /** Reports in the baseline window before it. */
  baseline: number;
}

export interface SilentCommune {
  pcode: string;
  /** What the commune usually sends in a week (baseline rate x 7). */
  weeklyRate: number;
  /** Reports expected in the recent window at that rate. */
  expected: number;
  observed: number;
  /** P(X <= observed) at the expected count: how often chance alone would give so few. */
  pValue: number;
}

/** Communes whose reports dropped well below their own usual rate, the least likely silence first. */
export function silentCommunes(counts: readonly CommuneCounts[], rule: SilenceRule = SILENCE_RULE): SilentCommune[] {
  const out: SilentCommune[] = [];
  for (const c of counts) {
    const daily = c.baseline / rule.baselineDays;
    const expected = daily * rule.recentDays;
    if (expected < rule.minExpected || c.recent >= expected) continue;
    const pValue = poissonCdf(c.recent, expected);
    if (pValue < rule.alpha) out.push({ pcode: c.pcode, weeklyRate: daily * 7, expected, observed: c.recent, pValue });
  }
  return out.sort((a, b) => a.pValue - b.pValue || b.expected - a.expected);
}
