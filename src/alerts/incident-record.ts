// What Sabali hands on about an incident (the HXL export, outbound webhooks): pseudonymous by
// construction. No phone number, no message text, no village: the place is the commune at most, with
// its cercle and region. Pure.
import { ancestors } from '../geo/admin.ts';
import type { AlertState } from './state-machine.ts';

export const INCIDENT_EVENTS = ['incident.opened', 'incident.confirmed', 'incident.refuted', 'incident.resolved'] as const;
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

/** The event an alert's move raises for its incident, or null (an acknowledgement, an escalation). */
export function eventOfMove(to: AlertState): IncidentEvent | null {
  if (to === 'confirmed') return 'incident.confirmed';
  if (to === 'refuted') return 'incident.refuted';
  if (to === 'resolved') return 'incident.resolved';
  return null;
}

export const INCIDENT_STATUSES = ['open', 'acknowledged', 'confirmed', 'refuted', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** An incident's status from its alerts' states: the furthest any committee took it (resolved, then confirmed, …). */
export function incidentStatus(alertStates: readonly string[]): IncidentStatus {
  for (const s of ['resolved', 'confirmed', 'refuted', 'acknowledged'] as const) if (alertStates.includes(s)) return s;
  return 'open';
}

export interface PlaceCode {
  code: string;
  name: string;
}

export interface IncidentRecord {
  id: string;
  reportedAt: string;
  category: string;
  severity: number;
  status: IncidentStatus;
  reportCount: number;
  reporterCount: number;
  /** Region (adm1), cercle (adm2), commune (adm3); null where the place is not known that finely. */
  place: { adm1: PlaceCode | null; adm2: PlaceCode | null; adm3: PlaceCode | null };
}

export interface IncidentFacts {
  id: string;
  openedAt: Date;
  category: string;
  severity: number;
  locationPcode: string | null;
  reportCount: number;
  reporterCount: number;
}

/** The place coarsened to its commune: only administrative units, whatever finer detail a report gave. */
export function coarsePlace(pcode: string | null): IncidentRecord['place'] {
  const chain = pcode ? ancestors(pcode) : [];
  const at = (level: 'region' | 'cercle' | 'commune') => {
    const u = chain.find((x) => x.level === level);
    return u ? { code: u.pcode, name: u.name } : null;
  };
  return { adm1: at('region'), adm2: at('cercle'), adm3: at('commune') };
}

export function incidentRecord(i: IncidentFacts, status: IncidentStatus): IncidentRecord {
  return {
    id: i.id,
    reportedAt: i.openedAt.toISOString(),
    category: i.category,
    severity: i.severity,
    status,
    reportCount: i.reportCount,
    reporterCount: i.reporterCount,
    place: coarsePlace(i.locationPcode),
  };
}

/** The status an event leaves its incident in. */
const STATUS_OF: Record<IncidentEvent, IncidentStatus> = {
  'incident.opened': 'open',
  'incident.confirmed': 'confirmed',
  'incident.refuted': 'refuted',
  'incident.resolved': 'resolved',
};

/** An outbound webhook event as it goes into the outbox, its body what every subscriber receives. */
export interface IncidentEventRow {
  id: string;
  /** One event of a type per incident: a second committee confirming it raises nothing new. */
  key: string;
  type: IncidentEvent;
  pcode: string | null;
  payload: {
    id: string;
    type: IncidentEvent;
    occurredAt: string;
    incident: IncidentRecord;
    /** The alert whose answer raised it (its reference, new state and committee); null for incident.opened. */
    alert: { reference: string; state: string; committee: { name: string; type: string } } | null;
  };
}

export function incidentEvent(
  id: string,
  type: IncidentEvent,
  incident: IncidentFacts,
  alert: IncidentEventRow['payload']['alert'],
  at: Date,
): IncidentEventRow {
  return {
    id,
    key: `${type}:${incident.id}`,
    type,
    pcode: incident.locationPcode,
    payload: { id, type, occurredAt: at.toISOString(), incident: incidentRecord(incident, STATUS_OF[type]), alert },
  };
}
