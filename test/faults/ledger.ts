// The books a fault test checks after the dust settles: every accepted callback became exactly one
// report, routed; every alert got exactly one SMS per focal point it was meant for, handed to the
// channel exactly once; every reporter exactly one receipt. A send whose outcome nobody knows (an attempt
// died mid-call on a provider that cannot deduplicate) is listed apart, never counted as sent.
import { createSimulatorChannel } from '../../src/channels/simulator/simulator.ts';
import type { SmsChannel } from '../../src/channels/types.ts';
import type { Prisma } from '../../src/db/client.ts';
import { eventually } from '../helpers/gateway.ts';

export interface Books {
  /** Provider id → inbound rows with that id (must be 1). */
  inboundPerId: Map<string, number>;
  reports: number;
  unrouted: number;
  alerts: number;
  /** Alerts whose SMS are not exactly one per intended focal point. */
  alertsWithWrongRecipients: string[];
  alertSms: number;
  /** Alert SMS not in a final state yet (queued). */
  pendingSms: number;
  /** SMS handed to the channel more than once, or never though marked sent. */
  smsNotSentExactlyOnce: string[];
  /** Alert SMS in the state 'unknown': an attempt died mid-call and it was not sent again. */
  uncertainSms: string[];
  failedSms: number;
  /** Updates to focal points when a report joined an incident and raised its severity. */
  updateSms: number;
  receipts: number;
  /** Receipts still queued. */
  pendingReceipts: number;
}

export async function readBooks(prisma: Prisma, providerIds: readonly string[]): Promise<Books> {
  const inbound = await prisma.inboundMessage.findMany({
    where: { providerId: { in: [...providerIds] } },
    select: { providerId: true, report: { select: { id: true, routedAt: true } } },
  });
  const inboundPerId = new Map<string, number>(providerIds.map((id) => [id, 0]));
  for (const row of inbound) inboundPerId.set(row.providerId, (inboundPerId.get(row.providerId) ?? 0) + 1);
  const reports = inbound.flatMap((r) => (r.report ? [r.report] : []));
  const reportIds = reports.map((r) => r.id);
  const alerts = await prisma.alert.findMany({
    where: { reportId: { in: reportIds } },
    select: {
      id: true,
      committee: {
        select: { focalPoints: { where: { active: true }, select: { id: true, rank: true }, orderBy: { rank: 'asc' } } },
      },
    },
  });
  const sms = await prisma.outboundMessage.findMany({
    where: { alertId: { in: alerts.map((a) => a.id) }, purpose: 'alert' },
    select: { id: true, alertId: true, focalPointId: true, state: true, sendAttempts: { select: { outcome: true } } },
  });
  const byAlert = new Map<string, string[]>();
  for (const m of sms) byAlert.set(m.alertId!, [...(byAlert.get(m.alertId!) ?? []), m.focalPointId ?? '?']);
  const alertsWithWrongRecipients = alerts
    .filter((a) => {
      const primaries = a.committee.focalPoints.filter((f) => f.rank === 1);
      const meant = (primaries.length > 0 ? primaries : a.committee.focalPoints.slice(0, 1)).map((f) => f.id).sort();
      const got = (byAlert.get(a.id) ?? []).sort();
      return JSON.stringify(meant) !== JSON.stringify(got);
    })
    .map((a) => a.id);
  const smsNotSentExactlyOnce = sms
    .filter((m) => {
      const sent = m.sendAttempts.filter((s) => s.outcome === 'sent').length;
      if (m.state === 'unknown') return sent !== 0;
      return m.state === 'queued' ? false : m.state === 'failed' ? sent !== 0 : sent !== 1;
    })
    .map((m) => m.id);
  const updates = await prisma.outboundMessage.findMany({
    where: { alertId: { in: alerts.map((a) => a.id) }, purpose: 'update' },
    select: { state: true },
  });
  const receipts = await prisma.outboundMessage.findMany({
    where: { reportId: { in: reportIds }, purpose: { in: ['receipt', 'help'] } },
    select: { state: true },
  });
  return {
    inboundPerId,
    reports: reports.length,
    unrouted: reports.filter((r) => !r.routedAt).length,
    alerts: alerts.length,
    alertsWithWrongRecipients,
    alertSms: sms.length,
    pendingSms: sms.filter((m) => m.state === 'queued').length + updates.filter((m) => m.state === 'queued').length,
    updateSms: updates.length,
    smsNotSentExactlyOnce,
    uncertainSms: sms.filter((m) => m.state === 'unknown').map((m) => m.id),
    failedSms: sms.filter((m) => m.state === 'failed').length,
    receipts: receipts.length,
    pendingReceipts: receipts.filter((r) => r.state === 'queued').length,
  };
}

/** Waits until every accepted callback is a routed report and every alert SMS left the queue. */
export async function settledBooks(prisma: Prisma, providerIds: readonly string[], ms = 60_000): Promise<Books> {
  let last: Books | undefined;
  try {
    return await eventually(
      async () => {
        last = await readBooks(prisma, providerIds);
        const done =
          last.reports === providerIds.length &&
          last.unrouted === 0 &&
          last.pendingSms === 0 &&
          last.receipts === providerIds.length &&
          last.pendingReceipts === 0;
        return done ? last : undefined;
      },
      ms,
      250,
    );
  } catch (err) {
    if (!last) throw err;
    return last; // the assertions then say what is missing
  }
}

/** What a fault test expects of the books: one of each, nothing twice, nothing lost. */
export function summary(b: Books) {
  return {
    callbacksNotExactlyOnce: [...b.inboundPerId].filter(([, n]) => n !== 1).map(([id]) => id),
    reports: b.reports,
    unrouted: b.unrouted,
    alertsWithWrongRecipients: b.alertsWithWrongRecipients,
    pendingSms: b.pendingSms,
    smsNotSentExactlyOnce: b.smsNotSentExactlyOnce,
    uncertainSms: b.uncertainSms,
    receipts: b.receipts,
  };
}

/** Every SMS the books expect the channel to have accepted. */
export const expectedHandoffs = (b: Books) => b.alertSms - b.failedSms - b.uncertainSms.length + b.updateSms + b.receipts;

/** A simulator channel that counts what it accepted, per recipient and text (an alert's text carries its reference). */
export function countingChannel(): { channel: SmsChannel; accepted(): number; acceptedTwice(): number } {
  const sim = createSimulatorChannel();
  const handed = new Map<string, number>();
  return {
    channel: {
      name: sim.name,
      async send(sms) {
        const outcome = await sim.send(sms);
        const key = `${sms.to}|${sms.text}`;
        handed.set(key, (handed.get(key) ?? 0) + 1);
        return outcome;
      },
    },
    accepted: () => [...handed.values()].reduce((a, b) => a + b, 0),
    acceptedTwice: () => [...handed.values()].filter((n) => n > 1).length,
  };
}
