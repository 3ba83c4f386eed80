// Check-ins: a focal point's RAS is stored for each committee they serve and answered with a short
// confirmation; the worker's sweep reminds, once per silence, the primary focal points of a committee
// that missed its check-in; lists for the API and the dashboard (a silent committee shows as such).
import type { CommitteeSigns, Page, Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import { maskPhone } from '../phone/phone.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { touchesScope, type Principal } from '../users/roles.ts';
import { checkinStatus, reminderKey, type CheckinStatus } from './cadence.ts';
import { parseCheckin } from './checkin-words.ts';

export interface InboundCheckin {
  id: string;
  channel: string;
  fromHash: string;
  from: string;
  fromIsNumber: boolean;
  text: string;
}

/** After every alert (1–4) and receipt (5), before prevention messages (10, 11). */
const REMINDER_PRIORITY = 6;

export type CommitteeCheckin = Omit<CommitteeSigns, 'primaries'> & CheckinStatus;

export function createCheckinsService(deps: { repos: Repositories; vault: PhoneVault; outbound: OutboundService; log: Logger }) {
  const { repos, vault, outbound, log } = deps;

  async function statuses(now: Date): Promise<(CommitteeSigns & CheckinStatus)[]> {
    return (await repos.checkins.signs()).map((c) => ({ ...c, ...checkinStatus(c, now) }));
  }

  return {
    /** True when the message was a focal point's check-in (stored and answered here). */
    async handle(msg: InboundCheckin): Promise<boolean> {
      if (!msg.fromIsNumber) return false;
      const word = parseCheckin(msg.text);
      if (!word) return false;
      const served = await repos.checkins.focalCommittees(msg.fromHash);
      if (served.length === 0) return false; // a villager's "RAS" is a report like any other
      const stored = await repos.checkins.record(
        served.map((f) => ({ committeeId: f.committeeId, focalPointId: f.id, inboundId: msg.id })),
      );
      const first = served[0]!;
      const language = first.language || word.language;
      await outbound.queue({
        dedupeKey: `reply:${msg.id}`,
        purpose: 'reply',
        to: msg.from,
        text: translator(language)('checkin.thanks', {
          committee: served.map((f) => f.committee.name).join(', '),
          days: Math.min(...served.map((f) => f.committee.checkinDays)),
        }),
        language,
        priority: 1,
        focalPointId: first.id,
      });
      log.info({ inboundId: msg.id, committees: served.length, stored }, 'check-in recorded');
      return true;
    },

    /** Newest first, focal points masked; a region-limited principal sees committees seated in their regions. */
    async list(user: Principal, page: Page) {
      const rows = await repos.checkins.list(page, user.regions);
      return rows.map((k) => ({
        id: k.id,
        at: k.at,
        committee: { id: k.committee.id, name: k.committee.name, type: k.committee.type, pcode: k.committee.pcode },
        focalPoint: { name: k.focalPoint.name, masked: maskPhone(vault.decrypt(k.focalPoint.phoneEnc)) },
      }));
    },

    /** Every active committee the user sees, with when its check-in is due and whether it missed it. */
    async committees(user: Principal, now = new Date()): Promise<CommitteeCheckin[]> {
      return (await statuses(now))
        .filter((c) => c.coverage.includes('ML') || touchesScope(user, c.coverage))
        .map(({ primaries: _primaries, ...c }) => c);
    },

    /** The sweep's part: one reminder SMS per primary focal point of each committee that missed its check-in. */
    async remind(now = new Date()): Promise<number> {
      const due = (await statuses(now))
        .filter((c) => c.missed)
        .flatMap((c) => c.primaries.map((f) => ({ c, f, key: reminderKey(c.id, f.id, c.lastSign) })));
      const done = await repos.checkins.queuedKeys(due.map((d) => d.key));
      const todo = due.filter((d) => !done.has(d.key));
      for (const { c, f, key } of todo) {
        await outbound.queue({
          dedupeKey: key,
          purpose: 'reminder',
          to: vault.decrypt(f.phoneEnc),
          text: translator(f.language)('checkin.reminder', { committee: c.name, days: c.checkinDays }),
          language: f.language,
          priority: REMINDER_PRIORITY,
          focalPointId: f.id,
        });
      }
      if (todo.length > 0) log.info({ reminders: todo.length }, 'check-in reminders queued');
      return todo.length;
    },
  };
}
export type CheckinsService = ReturnType<typeof createCheckinsService>;
