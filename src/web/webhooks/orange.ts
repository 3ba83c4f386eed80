// Orange SMS API notifications (GSMA OneAPI JSON): inbound SMS and delivery receipts on one URL,
// authenticated by a long key in the URL (Orange documents no signature).
import express, { Router } from 'express';
import { parseOrangeNotification } from '../../channels/orange/notifications.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { Logger } from '../../log.ts';
import { UnknownMessageError } from '../../outbound/outbound.service.ts';
import { requireWebhookKey } from '../auth.ts';
import { AppError } from '../errors.ts';

export const ORANGE_CHANNEL = 'orange';

export function orangeWebhooks(deps: { webhookKey: string; intake: IntakeService; applyDelivery: DeliveryHandler; log: Logger }): Router {
  const router = Router();
  router.use(requireWebhookKey(deps.webhookKey));
  router.post('/', express.json({ limit: '32kb', type: () => true }), async (req, res) => {
    const parsed = parseOrangeNotification(req.body);
    if (!parsed.ok) throw new AppError(400, 'invalid_callback', `${parsed.field}: ${parsed.message}`, { field: parsed.field });
    const n = parsed.value;
    try {
      if (n.kind === 'received') {
        const result = await deps.intake.accept(ORANGE_CHANNEL, { providerId: n.providerId, from: n.from, fromIsNumber: n.fromIsNumber, to: n.to || null, text: n.text, receivedAt: n.receivedAt, linkId: null, networkCode: null }, parsed.flags);
        res.status(200).type('text/plain').send(result.duplicate ? 'OK (already received)' : 'OK');
        return;
      }
      const result = await deps.applyDelivery(ORANGE_CHANNEL, { providerMessageId: n.providerMessageId, rawStatus: n.rawStatus, state: n.state, failureReason: null });
      res.status(200).type('text/plain').send(result.changed ? `OK ${result.state}` : `OK (no change: ${result.state})`);
    } catch (err) {
      if (err instanceof UnknownMessageError) throw new AppError(404, err.code, err.message, { field: 'callbackData' });
      deps.log.error({ err: (err as Error).message }, 'orange webhook: database unavailable');
      throw new AppError(503, 'database_unavailable', 'could not store it now; retry later');
    }
  });
  return router;
}
