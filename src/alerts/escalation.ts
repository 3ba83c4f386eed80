// Who hears about an alert nobody answered, step by step: the committee's backup, the committee one
// level up (commune → cercle → region), then the coordination. Each person hears of an incident once:
// a level whose committee already holds an alert of the incident, or whose people were already
// reached by any of its alerts, is skipped. A retired committee's own backup is skipped too. Pure.
import { covers } from '../domain/coverage.ts';
export interface FocalPointRef {
  id: string;
  rank: number;
  phoneEnc: string;
}
export interface CommitteeWithFps {
  id: string;
  type: string;
  pcode: string;
  /** The places it covers (its seat alone when not given). */
  coverage?: readonly string[];
  name: string;
  focalPoints: FocalPointRef[];
}

export type EscalationStep =
  | { level: number; kind: 'backup' | 'committee' | 'coordination'; committee: CommitteeWithFps; recipients: FocalPointRef[] }
  | { level: number; kind: 'expire' };

export const LAST_LEVEL = 4;

/** The P-codes above a committee's own, nearest first (commune ML050303 → ML0503, ML05, ML). */
export function upperPcodes(pcode: string): string[] {
  const out: string[] = [];
  if (pcode.length > 6) out.push(pcode.slice(0, 6));
  if (pcode.length > 4) out.push(pcode.slice(0, 4));
  if (pcode !== 'ML') out.push('ML');
  return out;
}

function committeeAbove(
  origin: CommitteeWithFps,
  above: string[],
  skip: number,
  all: CommitteeWithFps[],
): CommitteeWithFps | undefined {
  // Level 2 looks one administrative level up, level 3 two levels up; same type first, else the CCS.
  const candidates = above.filter((p) => p !== 'ML').slice(skip);
  for (const pcode of candidates) {
    const hit =
      all.find((c) => covers(c, pcode) && c.type === origin.type) ?? all.find((c) => covers(c, pcode) && c.type === 'CCS');
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The step for `level` (1 = first escalation); steps with nobody new to reach are skipped to the next,
 * and after the coordination the alert expires. `alreadyReached`: focal points any alert of the
 * incident was sent to; `holding`: committees with an alert of their own for the incident.
 */
export function escalationStep(
  level: number,
  origin: CommitteeWithFps,
  all: CommitteeWithFps[],
  alreadyReached: ReadonlySet<string>,
  holding: ReadonlySet<string> = new Set(),
  originRetired = false,
): EscalationStep {
  const above = upperPcodes(origin.pcode);
  // A retired committee receives nothing new: its alert escalates past it, to the level above.
  for (let l = originRetired ? Math.max(level, 2) : level; l <= LAST_LEVEL; l++) {
    let step: EscalationStep | undefined;
    if (l === 1) {
      step = { level: l, kind: 'backup', committee: origin, recipients: origin.focalPoints.filter((f) => f.rank > 1) };
    } else if (l === 2 || l === 3) {
      const c = committeeAbove(origin, above, l - 2, all);
      if (c && c.id !== origin.id)
        step = { level: l, kind: 'committee', committee: c, recipients: c.focalPoints.filter((f) => f.rank === 1) };
    } else {
      const c = [...above].map((p) => all.find((x) => covers(x, p) && x.type === 'COORDINATION')).find(Boolean);
      if (c) step = { level: l, kind: 'coordination', committee: c, recipients: c.focalPoints.filter((f) => f.rank === 1) };
    }
    if (step && step.kind !== 'expire' && (step.kind === 'backup' || !holding.has(step.committee.id))) {
      const fresh = step.recipients.filter((f) => !alreadyReached.has(f.id));
      if (fresh.length > 0) return { ...step, recipients: fresh };
    }
  }
  return { level: LAST_LEVEL + 1, kind: 'expire' };
}

/**
 * VOICE_ESCALATION: whether this escalation check first calls the primary focal point (a severity-3 alert
 * at its first escalation, nobody called yet), and how long the ladder then waits for the call.
 */
export function voiceCallFirst(o: { level: number; severity: number; escalationLevel: number; calledAlready: boolean }): boolean {
  return o.level === 1 && o.severity >= 3 && o.escalationLevel === 0 && !o.calledAlready;
}
/** After the call, the ladder moves on after this share of the severity's delay (5 min of 15 by default). */
export const VOICE_CALL_WAIT_SHARE = 1 / 3;
