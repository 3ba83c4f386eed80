// Orange SMS API notifications (GSMA OneAPI JSON): inbound SMS and delivery receipts on one URL,
// authenticated by a long key in the URL (Orange documents no signature).
import express, { Router } from 'express';
import type { WebhookContext } from '../contract.ts';
import type { DeliveryReport, InboundSms } from '../types.ts';
import { parseOrangeNotification, type OrangeDeliveryReport, type OrangeInboundSms } from './notifications.ts';

/** A received SMS in the common type. */
export const toInbound = (n: OrangeInboundSms): InboundSms => ({
  providerId: n.providerId,
  from: n.from,
  fromIsNumber: n.fromIsNumber,
  to: n.to || null,
  text: n.text,
  receivedAt: n.receivedAt,
  linkId: null,
  networkCode: null,
});
/** A delivery receipt in the common type. */
export const toDelivery = (n: OrangeDeliveryReport): DeliveryReport => ({
  providerMessageId: n.providerMessageId,
  rawStatus: n.rawStatus,
  state: n.state,
  final: n.final,
  failureReason: null,
});

export function orangeWebhooks({
  webhookKey,
  services,
  http,
}: WebhookContext<unknown, unknown> & { webhookKey: string }): Router {
  const router = Router();
  router.use(http.requireKey(webhookKey));
  router.post('/', express.json({ limit: '32kb', type: () => true }), async (req, res) => {
    const parsed = parseOrangeNotification(req.body);
    if (!parsed.ok) throw http.invalid(parsed);
    const n = parsed.value;
    const answer =
      n.kind === 'received'
        ? (await services.receive(toInbound(n), parsed.flags)).answer
        : await services.deliver(toDelivery(n), 'callbackData');
    res.status(200).type('text/plain').send(answer);
  });
  return router;
}
