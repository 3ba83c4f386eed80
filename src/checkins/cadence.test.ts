import { describe, expect, it } from 'vitest';
import { checkinStatus, reminderKey } from './cadence.ts';

const at = (iso: string) => new Date(iso);
const created = at('2026-11-01T08:00:00Z');

describe('checkinStatus', () => {
  it.each([
    // [what, checkinDays, lastCheckin, lastAnswer, now, missed, daysLate, lastSign]
    ['new committee, within its first week', 7, null, null, '2026-11-07T08:00:00Z', false, 0, '2026-11-01T08:00:00Z'],
    ['new committee, a week without a word', 7, null, null, '2026-11-08T08:00:00Z', true, 0, '2026-11-01T08:00:00Z'],
    ['checked in 3 days ago', 7, '2026-11-20T10:00:00Z', null, '2026-11-23T10:00:00Z', false, 0, '2026-11-20T10:00:00Z'],
    [
      'answered an alert after its last RAS',
      7,
      '2026-11-10T10:00:00Z',
      '2026-11-16T09:00:00Z',
      '2026-11-22T10:00:00Z',
      false,
      0,
      '2026-11-16T09:00:00Z',
    ],
    [
      '10 days late on a weekly cadence',
      7,
      '2026-11-10T10:00:00Z',
      null,
      '2026-11-27T11:00:00Z',
      true,
      10,
      '2026-11-10T10:00:00Z',
    ],
    ['a daily cadence, 25 hours on', 1, '2026-11-10T10:00:00Z', null, '2026-11-11T11:00:00Z', true, 0, '2026-11-10T10:00:00Z'],
    ['a monthly cadence, 3 weeks on', 30, '2026-11-10T10:00:00Z', null, '2026-12-01T10:00:00Z', false, 0, '2026-11-10T10:00:00Z'],
  ] as const)('%s', (_what, checkinDays, lastCheckin, lastAnswer, now, missed, daysLate, lastSign) => {
    const s = checkinStatus(
      {
        checkinDays,
        createdAt: created,
        lastCheckin: lastCheckin ? at(lastCheckin) : null,
        lastAnswer: lastAnswer ? at(lastAnswer) : null,
      },
      at(now),
    );
    expect({ missed: s.missed, daysLate: s.daysLate, lastSign: s.lastSign.toISOString() }).toEqual({
      missed,
      daysLate,
      lastSign: at(lastSign).toISOString(),
    });
    expect(s.dueAt.getTime() - s.lastSign.getTime()).toBe(checkinDays * 86_400_000);
  });

  it('keys one reminder per focal point and silence', () => {
    const sign = at('2026-11-10T10:00:00Z');
    expect(reminderKey('c1', 'f1', sign)).toBe(reminderKey('c1', 'f1', new Date(sign)));
    expect(reminderKey('c1', 'f1', sign)).not.toBe(reminderKey('c1', 'f1', at('2026-11-17T10:00:00Z')));
    expect(reminderKey('c1', 'f1', sign)).not.toBe(reminderKey('c1', 'f2', sign));
  });
});
