// The incident rule, once: whether a report opens an incident, joins an open one or raises its
// severity, which committees get an alert, and when each alert escalates. Pure: the routing service
// reads the state, asks these functions, and writes what they decide in one transaction.
import { UNANSWERED, isAlertState, type AlertState } from './state-machine.ts';

/** An alert of an incident, as the rule needs it. */
export interface IncidentAlert {
  id: string;
  committeeId: string;
  state: string;
  severity: number;
  nextEscalationAt: Date | null;
}

/** An incident of the report's category and place, with its alerts. */
export interface IncidentState {
  id: string;
  severity: number;
  /** When its first report came in: the window is measured from here, so it never slides. */
  firstReportAt: Date;
  reportCount: number;
  reporterCount: number;
  corroborated: boolean;
  alerts: IncidentAlert[];
}

export interface ReportFacts {
  severity: number;
  /** When the report came in. */
  at: Date;
  reporterId: string | null;
  reporterTrust: number;
}

export interface IncidentRules {
  /** How long after an incident's first report another report of its category and place joins it. */
  windowMs: number;
  /** Trust a new reporter needs for their report to corroborate (raise severity by one level). */
  corroborationTrust: number;
  /** Wait before an unanswered alert of this severity escalates. */
  escalationDelayMs: (severity: number) => number;
}

/** Terminal for an alert: nobody will act on it any more. */
const CLOSED_STATES: readonly AlertState[] = ['resolved', 'refuted', 'expired'];

/**
 * An incident is over once a committee resolved it (FIN), or once every alert of it is closed
 * (refuted or expired): a new report of the same kind and place is then a new incident, with new alerts.
 */
export function isClosed(incident: Pick<IncidentState, 'alerts'>): boolean {
  if (incident.alerts.some((a) => a.state === 'resolved')) return true;
  return incident.alerts.length > 0 && incident.alerts.every((a) => isAlertState(a.state) && CLOSED_STATES.includes(a.state));
}

/**
 * Open and within the window from its first report. A report that came in before that first one but
 * is routed after it (a backlog after an outage) joins too, when as close.
 */
export function canJoin(incident: IncidentState, report: ReportFacts, windowMs: number): boolean {
  const age = report.at.getTime() - incident.firstReportAt.getTime();
  return !isClosed(incident) && Math.abs(age) <= windowMs;
}

/** An unanswered alert whose severity rose is re-timed: it escalates after the new severity's delay, if that is sooner. */
export interface Retiming {
  alertId: string;
  severity: number;
  nextEscalationAt: Date | null;
  /** The escalation check now due earlier than the one already scheduled. */
  sooner: boolean;
}

export type IncidentDecision =
  | { kind: 'open'; severity: number }
  | {
      kind: 'join';
      incidentId: string;
      /** The incident's severity after this report. */
      severity: number;
      raised: boolean;
      newReporter: boolean;
      corroborates: boolean;
      /** The incident's alerts whose severity this report raised. */
      retimed: Retiming[];
    };

/**
 * Joins the most recent open incident within the window, else opens one. An independent reporter
 * (a number not yet in the incident, trusted enough) corroborates it once: its severity rises by one
 * level (at most 3); a more severe report lifts it to its own severity; more reports from one number do neither.
 * `knownReporters` are the reporters already in each candidate incident.
 */
export function decideIncident(
  report: ReportFacts,
  candidates: readonly IncidentState[],
  knownReporters: (incidentId: string) => readonly string[],
  rules: IncidentRules,
  now: Date,
): IncidentDecision {
  const open = candidates
    .filter((i) => canJoin(i, report, rules.windowMs))
    .sort((a, b) => b.firstReportAt.getTime() - a.firstReportAt.getTime())[0];
  if (!open) return { kind: 'open', severity: report.severity };
  const newReporter = report.reporterId !== null && !knownReporters(open.id).includes(report.reporterId);
  const corroborates = newReporter && report.reporterTrust >= rules.corroborationTrust && !open.corroborated;
  const severity = Math.min(3, Math.max(open.severity, report.severity) + (corroborates ? 1 : 0));
  return {
    kind: 'join',
    incidentId: open.id,
    severity,
    raised: severity > open.severity,
    newReporter,
    corroborates,
    retimed: retime(open.alerts, severity, rules.escalationDelayMs, now),
  };
}

/**
 * Alerts below `severity` take it; those still unanswered escalate after the new severity's delay
 * when that comes before the check already due (an alert raised from 2 to 3 waits 15 min, not 4 h).
 */
export function retime(
  alerts: readonly IncidentAlert[],
  severity: number,
  delayMs: (s: number) => number,
  now: Date,
): Retiming[] {
  return alerts
    .filter((a) => a.severity < severity)
    .map((a) => {
      const waiting = isAlertState(a.state) && UNANSWERED.includes(a.state);
      if (!waiting) return { alertId: a.id, severity, nextEscalationAt: a.nextEscalationAt, sooner: false };
      const due = new Date(now.getTime() + delayMs(severity));
      const sooner = a.nextEscalationAt === null || due < a.nextEscalationAt;
      return { alertId: a.id, severity, nextEscalationAt: sooner ? due : a.nextEscalationAt, sooner };
    });
}

/**
 * Committees that get a new alert for this incident: those chosen for the report that do not
 * already hold one (a report re-routed after its place was answered adds the committees of the place).
 */
export function committeesToAlert<C extends { id: string }>(chosen: readonly C[], held: readonly IncidentAlert[]): C[] {
  const holding = new Set(held.map((a) => a.committeeId));
  return chosen.filter((c) => !holding.has(c.id));
}
