// Orange SMS API notifications (GSMA OneAPI JSON): inbound SMS and delivery receipts on one URL,
// authenticated by a long key in the URL (Orange documents no signature).
import express, { Router } from 'express';
import { parseOrangeNotification } from '../../channels/orange/notifications.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { Logger } from '../../log.ts';
import { requireWebhookKey } from '../auth.ts';
import { deliveryAnswer, invalidCallback, receivedAnswer, stored } from './outcomes.ts';

export const ORANGE_CHANNEL = 'orange';

export function orangeWebhooks(deps: { webhookKey: string; intake: IntakeService; applyDelivery: DeliveryHandler; log: Logger }): Router {
  const router = Router();
  router.use(requireWebhookKey(deps.webhookKey));
  router.post('/', express.json({ limit: '32kb', type: () => true }), async (req, res) => {
    const parsed = parseOrangeNotification(req.body);
    if (!parsed.ok) throw invalidCallback(parsed);
    const n = parsed.value;
    if (n.kind === 'received') {
      const sms = { providerId: n.providerId, from: n.from, fromIsNumber: n.fromIsNumber, to: n.to || null, text: n.text, receivedAt: n.receivedAt, linkId: null, networkCode: null };
      const result = await stored('the message', deps.intake.accept(ORANGE_CHANNEL, sms, parsed.flags), deps.log);
      res.status(200).type('text/plain').send(receivedAnswer(result));
      return;
    }
    const report = { providerMessageId: n.providerMessageId, rawStatus: n.rawStatus, state: n.state, final: n.final, failureReason: null };
    const text = await deliveryAnswer(deps.applyDelivery(ORANGE_CHANNEL, report), 'callbackData', deps.log);
    res.status(200).type('text/plain').send(text);
  });
  return router;
}
