// Outbound webhooks: subscriptions (the secret sealed, only a hint shown), the fan-out of each event in the
// outbox to the subscriptions that want it, and each delivery: signed, retried with backoff by its queue,
// given up on (dead) after the last attempt.
import type { Config } from '../config.ts';
import type { Repositories } from '../db/index.ts';
import type { Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { inScope, MACHINE, type Principal } from '../users/roles.ts';
import { checkHost } from './address.ts';
import { postSigned } from './send.ts';

export class SubscriptionError extends Error {
  constructor(
    readonly code: 'url_refused' | 'url_unresolvable' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

export interface WebhooksDeps {
  repos: Repositories;
  producer: Producer;
  vault: PhoneVault;
  config: Config['outboundWebhooks'];
  log: Logger;
}

/** What a list shows of a secret: enough to tell two apart, never enough to sign. */
const hintOf = (secret: string) => `…${secret.slice(-4)}`;

/** A regional user sees and removes the subscriptions made within their regions; a national one sees all. */
const visibleTo = (user: Principal, s: { regions: string[] }) =>
  user.regions.length === 0 || (s.regions.length > 0 && s.regions.every((r) => user.regions.some((u) => r.startsWith(u))));

export function createWebhooksService({ repos, producer, vault, config, log }: WebhooksDeps) {
  async function enqueue(deliveryIds: readonly string[]) {
    for (const id of deliveryIds) {
      try {
        await producer.webhook(id);
      } catch (err) {
        log.warn({ deliveryId: id, err: (err as Error).message }, 'webhook delivery not enqueued; the sweeper will');
      }
    }
  }

  return {
    async subscribe(user: Principal, input: { url: string; secret: string; events: string[] }) {
      try {
        await checkHost(new URL(input.url).hostname, config.allowLocal);
      } catch (err) {
        const e = err as SubscriptionError;
        throw new SubscriptionError(e.code, e.message);
      }
      const saved = await repos.webhooks.createSubscription({
        url: input.url,
        secretEnc: vault.encrypt(input.secret),
        secretHint: hintOf(input.secret),
        events: [...new Set(input.events)],
        regions: [...user.regions],
        createdBy: user.email,
      });
      log.info({ subscriptionId: saved.id, events: saved.events }, 'webhook subscription created');
      return saved;
    },

    async list(user: Principal) {
      return (await repos.webhooks.subscriptions()).filter((s) => visibleTo(user, s));
    },

    async remove(user: Principal, id: string): Promise<void> {
      const s = await repos.webhooks.subscription(id).catch(() => null);
      if (!s || !visibleTo(user, s) || !(await repos.webhooks.removeSubscription(id)))
        throw new SubscriptionError('not_found', `no subscription ${id}`);
      log.info({ subscriptionId: id }, 'webhook subscription removed');
    },

    async deliveries(user: Principal, id: string, limit: number) {
      const s = await repos.webhooks.subscription(id).catch(() => null);
      if (!s || !visibleTo(user, s)) throw new SubscriptionError('not_found', `no subscription ${id}`);
      return repos.webhooks.deliveriesOf(id, limit);
    },

    /** Deliveries given up on, for the dashboard: only those of subscriptions the user sees. */
    async deadLetters(user: Principal, limit = 50) {
      const visible = new Set((await repos.webhooks.subscriptions()).filter((s) => visibleTo(user, s)).map((s) => s.id));
      return (await repos.webhooks.deadLetters(limit)).filter((d) => visible.has(d.subscriptionId));
    },

    /**
     * After the commit of the state moves that wrote these events: one delivery per subscription that wants
     * the event and covers its place, then one job each. Run again by the sweeper if it never ran; idempotent.
     */
    async dispatch(eventIds: readonly string[]): Promise<void> {
      for (const eventId of eventIds) {
        try {
          const event = await repos.webhooks.event(eventId);
          if (!event) continue; // a duplicate of an event already written (its key), so never stored
          const wanting = (await repos.webhooks.subscriptions()).filter(
            (s) => s.events.includes(event.type) && inScope({ ...MACHINE, regions: s.regions }, event.pcode),
          );
          await enqueue(
            await repos.webhooks.fanOut(
              eventId,
              wanting.map((s) => s.id),
            ),
          );
        } catch (err) {
          log.warn({ eventId, err: (err as Error).message }, 'webhook event not fanned out; the sweeper will');
        }
      }
    },

    /** Re-enqueues deliveries (the sweeper), their jobs lost or never added. */
    enqueue,

    /** One attempt (the queue's job): delivered on a 2xx, dead at the last attempt, else thrown for a retry. */
    async deliver(deliveryId: string): Promise<'delivered' | 'dead' | 'skipped'> {
      const d = await repos.webhooks.delivery(deliveryId);
      if (!d || d.state !== 'pending') return 'skipped';
      const attempt = d.attempts + 1;
      const outcome = await postSigned(
        {
          url: d.subscription.url,
          secret: vault.decrypt(d.subscription.secretEnc),
          eventId: d.event.id,
          eventType: d.event.type,
          body: JSON.stringify(d.event.payload),
        },
        config,
      );
      if (outcome.error === null) {
        await repos.webhooks.recordAttempt(deliveryId, { state: 'delivered', status: outcome.status, error: null });
        return 'delivered';
      }
      const dead = attempt >= config.maxAttempts;
      await repos.webhooks.recordAttempt(deliveryId, {
        state: dead ? 'dead' : 'pending',
        status: outcome.status,
        error: outcome.error.slice(0, 300),
      });
      const where = { deliveryId, subscriptionId: d.subscriptionId, attempt, status: outcome.status };
      if (dead) {
        log.warn(where, 'webhook delivery given up (dead letter)');
        return 'dead';
      }
      throw new Error(`webhook delivery attempt ${attempt} failed: ${outcome.error}`);
    },
  };
}
export type WebhooksService = ReturnType<typeof createWebhooksService>;
