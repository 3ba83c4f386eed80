import { describe, expect, it } from 'vitest';
import {
  canJoin,
  committeesToAlert,
  decideIncident,
  isClosed,
  retime,
  type IncidentAlert,
  type IncidentState,
} from './incidents.ts';

const H = 3_600_000;
const T0 = new Date('2026-12-01T08:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * H);
const DELAY: Record<number, number> = { 1: 48 * H, 2: 4 * H, 3: 0.25 * H };
const rules = { windowMs: 6 * H, corroborationTrust: 0.3, escalationDelayMs: (s: number) => DELAY[s]! };
const alert = (over: Partial<IncidentAlert> = {}): IncidentAlert => ({
  id: 'a1',
  committeeId: 'cofo',
  state: 'sent',
  severity: 2,
  nextEscalationAt: at(4),
  ...over,
});
const incident = (over: Partial<IncidentState> = {}): IncidentState => ({
  id: 'i1',
  severity: 2,
  firstReportAt: T0,
  reportCount: 1,
  reporterCount: 1,
  corroborated: false,
  alerts: [alert()],
  ...over,
});
const report = (over: Partial<{ severity: number; at: Date; reporterId: string | null; reporterTrust: number }> = {}) => ({
  severity: 2,
  at: at(1),
  reporterId: 'r2',
  reporterTrust: 0.5,
  ...over,
});
const known = (ids: string[]) => () => ids;

describe('is an incident still open?', () => {
  it.each([
    [['sent'], false],
    [['acknowledged', 'sent'], false],
    [['confirmed'], false],
    [['resolved'], true], // FIN from one committee ends it
    [['resolved', 'sent'], true],
    [['refuted'], true],
    [['expired', 'refuted'], true], // nobody will act on any of its alerts
    [['expired', 'escalated'], false],
  ])('alerts in %j: closed %s', (states, closed) => {
    expect(isClosed({ alerts: (states as string[]).map((state, n) => alert({ id: `a${n}`, state })) })).toBe(closed);
  });

  it.each([
    ['an hour after its first report', at(1), true],
    ['at the end of the window', at(6), true],
    ['after the window, measured from the first report', at(6.01), false],
    ['that came in before the first one and is routed after it (a backlog)', at(-0.5), true],
    ['that came in long before the first one', at(-6.01), false],
  ])('a report %s joins: %s', (_what, when, joins) => {
    expect(canJoin(incident({ reportCount: 5 }), report({ at: when }), rules.windowMs)).toBe(joins);
  });
});

describe('open, join or raise', () => {
  it.each([
    ['no incident of its kind and place', [], report(), { kind: 'open', severity: 2 }],
    ['the incident was resolved (FIN)', [incident({ alerts: [alert({ state: 'resolved' })] })], report(), { kind: 'open' }],
    ['the incident is older than the window', [incident()], report({ at: at(7) }), { kind: 'open' }],
    [
      'the same number again',
      [incident()],
      report({ reporterId: 'r1' }),
      { kind: 'join', severity: 2, raised: false, newReporter: false, corroborates: false },
    ],
    [
      'an independent, trusted number',
      [incident()],
      report(),
      { kind: 'join', severity: 3, raised: true, newReporter: true, corroborates: true },
    ],
    [
      'an independent number of low trust',
      [incident()],
      report({ reporterTrust: 0.1 }),
      { kind: 'join', severity: 2, raised: false, newReporter: true, corroborates: false },
    ],
    [
      'a third number after corroboration',
      [incident({ corroborated: true, severity: 3 })],
      report({ reporterId: 'r3' }),
      { kind: 'join', severity: 3, raised: false, corroborates: false },
    ],
    [
      'an anonymous report (no number)',
      [incident()],
      report({ reporterId: null }),
      { kind: 'join', severity: 2, newReporter: false },
    ],
    [
      'a more severe report by the same number',
      [incident()],
      report({ reporterId: 'r1', severity: 3 }),
      { kind: 'join', severity: 3, raised: true, corroborates: false },
    ],
    [
      'corroboration never passes 3',
      [incident({ severity: 3 })],
      report(),
      { kind: 'join', severity: 3, raised: false, corroborates: true },
    ],
  ])('%s', (_what, candidates, r, expected) => {
    expect(decideIncident(r, candidates as IncidentState[], known(['r1']), rules, at(1))).toMatchObject(expected);
  });

  it('joins the most recent open incident when several are in the window', () => {
    const older = incident({ id: 'old', firstReportAt: at(-4) });
    const newer = incident({ id: 'new', firstReportAt: at(-1) });
    expect(decideIncident(report(), [older, newer], known([]), rules, at(1))).toMatchObject({ kind: 'join', incidentId: 'new' });
  });
});

describe('escalation re-timed when severity rises', () => {
  it('an unanswered alert raised from 2 to 3 escalates 15 min after the raise, not 4 h after it was sent', () => {
    const d = decideIncident(report(), [incident()], known(['r1']), rules, at(1));
    expect(d.kind === 'join' && d.retimed).toEqual([{ alertId: 'a1', severity: 3, nextEscalationAt: at(1.25), sooner: true }]);
  });

  it.each([
    [
      'an acknowledged alert takes the severity but has no escalation',
      alert({ state: 'acknowledged', nextEscalationAt: null }),
      { severity: 3, nextEscalationAt: null, sooner: false },
    ],
    [
      'an escalated alert due sooner anyway keeps its time',
      alert({ state: 'escalated', nextEscalationAt: at(1.1) }),
      { severity: 3, nextEscalationAt: at(1.1), sooner: false },
    ],
    [
      'an escalated alert due later is brought forward',
      alert({ state: 'escalated', nextEscalationAt: at(5) }),
      { severity: 3, nextEscalationAt: at(1.25), sooner: true },
    ],
  ])('%s', (_what, a, expected) => {
    expect(retime([a], 3, rules.escalationDelayMs, at(1))).toEqual([{ alertId: 'a1', ...expected }]);
  });

  it('leaves alerts already at the severity alone', () => {
    expect(retime([alert({ severity: 3 })], 3, rules.escalationDelayMs, at(1))).toEqual([]);
  });
});

describe('who gets a new alert', () => {
  it('only committees that hold no alert of the incident (a place answered later adds its commune)', () => {
    const chosen = [{ id: 'cofo' }, { id: 'ccs' }];
    expect(committeesToAlert(chosen, [alert({ committeeId: 'cofo' })])).toEqual([{ id: 'ccs' }]);
    expect(committeesToAlert(chosen, [])).toEqual(chosen);
  });
});
