// What a coordinator sees of a prevention message: who drafted and approved it, what it will cost,
// how many SMS went out and arrived, and which stations aired it.
import type { Repositories } from '../db/index.ts';
import type { BroadcastCounts } from '../db/broadcasts.repo.ts';
import type { CostPreview } from './cost.ts';
import { allowedActions } from './rules.ts';

type BroadcastRow = NonNullable<Awaited<ReturnType<Repositories['broadcasts']['get']>>>;
type AiringRow = Awaited<ReturnType<Repositories['broadcasts']['airings']>>[number];

export interface BroadcastExtras {
  preview: CostPreview | null;
  delivery: BroadcastCounts;
  airings: AiringRow[];
}

const person = (u: { email: string; name: string | null } | null) => (u ? { email: u.email, name: u.name } : null);

export function describeBroadcast(b: BroadcastRow, extras: BroadcastExtras | null) {
  const summary = {
    id: b.id,
    reference: b.reference,
    state: b.state,
    audience: b.audience,
    zones: b.zones,
    budget: b.budget,
    folded: b.folded,
    languages: Object.keys(b.texts as object),
    incident: b.incident && { id: b.incident.id, category: b.incident.category, pcode: b.incident.locationPcode },
    alert: b.alert && { id: b.alert.id, reference: b.alert.reference, state: b.alert.state },
    draftedBy: person(b.draftedBy),
    approvedBy: person(b.approvedBy),
    createdAt: b.createdAt,
    approvedAt: b.approvedAt,
    sendStartedAt: b.sendStartedAt,
    sentAt: b.sentAt,
    cancelledAt: b.cancelledAt,
    allowedActions: allowedActions(b.state),
  };
  if (!extras) return summary;
  const stations = new Map<string, { station: string | null; times: number; firstAt: Date; lastAt: Date }>();
  for (const a of extras.airings) {
    const key = a.station ?? a.contact.station ?? a.contactId;
    const s = stations.get(key);
    if (s) {
      s.times += a.times;
      s.lastAt = a.at;
    } else stations.set(key, { station: a.station ?? a.contact.station, times: a.times, firstAt: a.at, lastAt: a.at });
  }
  return {
    ...summary,
    texts: b.texts as Record<string, string>,
    preview: extras.preview,
    delivery: extras.delivery,
    airings: extras.airings.map((a) => ({
      station: a.station ?? a.contact.station,
      host: a.contact.name,
      times: a.times,
      at: a.at,
    })),
    stations: [...stations.values()],
  };
}
