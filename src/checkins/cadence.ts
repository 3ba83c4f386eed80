// When a committee's check-in is due, and whether it missed it: its last sign of life (a check-in, a
// focal point's answer to an alert, or its creation) plus its cadence in days. The reminder is keyed on
// that last sign, so a committee gets one reminder per silence, however often the sweep runs. Pure.

const DAY_MS = 86_400_000;

export interface CadenceInput {
  checkinDays: number;
  createdAt: Date;
  lastCheckin: Date | null;
  lastAnswer: Date | null;
}

export interface CheckinStatus {
  /** The latest of its creation, its last check-in and its last answer to an alert. */
  lastSign: Date;
  dueAt: Date;
  /** Past due with no check-in and no answer since: remind once, then show as silent. */
  missed: boolean;
  /** Whole days past due (0 while not missed). */
  daysLate: number;
}

export function checkinStatus(c: CadenceInput, now: Date): CheckinStatus {
  const signs = [c.createdAt, c.lastCheckin, c.lastAnswer].filter((d): d is Date => d !== null);
  const lastSign = new Date(Math.max(...signs.map((d) => d.getTime())));
  const dueAt = new Date(lastSign.getTime() + c.checkinDays * DAY_MS);
  const missed = now.getTime() >= dueAt.getTime();
  return { lastSign, dueAt, missed, daysLate: missed ? Math.floor((now.getTime() - dueAt.getTime()) / DAY_MS) : 0 };
}

/** One reminder per focal point and silence: the outbound message's dedupe key. */
export function reminderKey(committeeId: string, focalPointId: string, lastSign: Date): string {
  return `checkin-reminder:${committeeId}:${focalPointId}:${lastSign.toISOString()}`;
}
