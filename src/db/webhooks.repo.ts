// Outbound webhooks' rows: subscriptions, the events outbox (written inside the transaction of the state
// move that raised each event, see `writeEvents`), and one delivery per event and subscriber.
import type { PrismaClient } from '../generated/prisma/client.ts';
import type { Tx } from './audit.repo.ts';

export interface NewWebhookEvent {
  id: string;
  /** One event per key: a second committee confirming the same incident raises nothing new. */
  key: string;
  type: string;
  pcode: string | null;
  payload: object;
}

/** Inside the caller's transaction: the event commits with the state move, or neither does. */
export async function writeEvents(tx: Tx, events: readonly NewWebhookEvent[]): Promise<void> {
  if (events.length > 0) await tx.webhookEvent.createMany({ data: events.map((e) => ({ ...e })), skipDuplicates: true });
}

const PUBLIC = { id: true, url: true, secretHint: true, events: true, regions: true, createdBy: true, createdAt: true } as const;

export function webhooksRepository(prisma: PrismaClient) {
  return {
    createSubscription(s: {
      url: string;
      secretEnc: string;
      secretHint: string;
      events: string[];
      regions: string[];
      createdBy: string;
    }) {
      return prisma.webhookSubscription.create({ data: s, select: PUBLIC });
    },
    /** Every subscription, never its secret. */
    subscriptions() {
      return prisma.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' }, select: PUBLIC });
    },
    subscription(id: string) {
      return prisma.webhookSubscription.findUnique({ where: { id }, select: PUBLIC });
    },
    async removeSubscription(id: string): Promise<boolean> {
      return (await prisma.webhookSubscription.deleteMany({ where: { id } })).count > 0;
    },

    event(id: string) {
      return prisma.webhookEvent.findUnique({ where: { id } });
    },
    /** Creates the deliveries of an event (once each) and marks it fanned out; returns the pending deliveries. */
    async fanOut(eventId: string, subscriptionIds: readonly string[]): Promise<string[]> {
      return prisma.$transaction(async (tx) => {
        if (subscriptionIds.length > 0)
          await tx.webhookDelivery.createMany({
            data: subscriptionIds.map((subscriptionId) => ({ eventId, subscriptionId })),
            skipDuplicates: true,
          });
        await tx.webhookEvent.updateMany({ where: { id: eventId, fannedOutAt: null }, data: { fannedOutAt: new Date() } });
        const rows = await tx.webhookDelivery.findMany({ where: { eventId, state: 'pending' }, select: { id: true } });
        return rows.map((r) => r.id);
      });
    },
    /** Events whose fan-out never ran (the process stopped between the commit and the fan-out). */
    async eventsNotFannedOut(before: Date, limit: number): Promise<string[]> {
      const rows = await prisma.webhookEvent.findMany({
        where: { fannedOutAt: null, createdAt: { lt: before } },
        orderBy: { createdAt: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },

    /** A delivery with what sending it needs: its event's body and its subscription's address and sealed secret. */
    delivery(id: string) {
      return prisma.webhookDelivery.findUnique({
        where: { id },
        include: { event: true, subscription: { select: { url: true, secretEnc: true } } },
      });
    },
    /** One attempt's outcome; only a pending delivery moves (a repeated job changes nothing). */
    async recordAttempt(
      id: string,
      attempt: { state: 'pending' | 'delivered' | 'dead'; status: number | null; error: string | null },
    ): Promise<void> {
      await prisma.webhookDelivery.updateMany({
        where: { id, state: 'pending' },
        data: { state: attempt.state, attempts: { increment: 1 }, lastStatus: attempt.status, lastError: attempt.error },
      });
    },
    /** Pending deliveries untouched since `before`: their job may be lost (Redis down when enqueued). */
    async stalePending(before: Date, limit: number): Promise<string[]> {
      const rows = await prisma.webhookDelivery.findMany({
        where: { state: 'pending', updatedAt: { lt: before } },
        orderBy: { updatedAt: 'asc' },
        take: limit,
        select: { id: true },
      });
      return rows.map((r) => r.id);
    },
    deliveriesOf(subscriptionId: string, limit: number) {
      return prisma.webhookDelivery.findMany({
        where: { subscriptionId },
        orderBy: { createdAt: 'desc' },
        take: limit,
        include: { event: { select: { type: true, key: true, createdAt: true } } },
      });
    },
    /** Deliveries given up on (the dead letters), newest first, with where they were going. */
    deadLetters(limit: number) {
      return prisma.webhookDelivery.findMany({
        where: { state: 'dead' },
        orderBy: { updatedAt: 'desc' },
        take: limit,
        include: { event: { select: { type: true, createdAt: true, pcode: true } }, subscription: { select: { url: true } } },
      });
    },
  };
}
export type WebhooksRepository = ReturnType<typeof webhooksRepository>;
