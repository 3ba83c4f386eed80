// android-sms-gateway webhooks (a phone with a local SIM): HMAC-signed JSON, replays refused; received
// SMS enter the same intake as Africa's Talking ones, status events update the same message states.
import express, { Router } from 'express';
import { parseGatewayEvent } from '../../channels/android-sms-gateway/inbound.ts';
import type { SimGatewayChannel } from '../../channels/android-sms-gateway/send.ts';
import { verifyGatewaySignature, type ReplayGuard } from '../../channels/android-sms-gateway/signature.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { Logger } from '../../log.ts';
import { AppError } from '../errors.ts';
import { deliveryAnswer, invalidCallback, receivedAnswer, stored } from './outcomes.ts';

export const SIM_CHANNEL = 'simgateway';

export interface SimGatewayWebhookDeps {
  keys: readonly string[];
  replay: ReplayGuard;
  channel: SimGatewayChannel | undefined;
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  log: Logger;
}

export function simGatewayWebhooks(deps: SimGatewayWebhookDeps): Router {
  const router = Router();
  // The signature covers the raw bytes: keep them, parse JSON ourselves.
  router.post('/', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let verdict;
    try {
      verdict = await verifyGatewaySignature({ rawBody, signature: req.get('x-signature'), timestamp: req.get('x-timestamp') }, { keys: deps.keys, replay: deps.replay });
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'replay guard unavailable');
      throw new AppError(503, 'unavailable', 'cannot check for replays now; retry later');
    }
    if (!verdict.ok) throw new AppError(401, 'unauthorized', `webhook refused: ${verdict.reason.replace(/_/g, ' ')}`, { reason: verdict.reason });
    const parsed = parseGatewayEvent(rawBody);
    if (!parsed.ok) throw invalidCallback(parsed);
    const event = parsed.value;
    deps.channel?.markContact(event.deviceId);
    if (event.kind === 'ping') {
      res.status(200).type('text/plain').send('OK');
      return;
    }
    if (event.kind === 'received') {
      const sms = { providerId: event.providerId, from: event.from, fromIsNumber: event.fromIsNumber, to: event.to || null, text: event.text, receivedAt: event.receivedAt, linkId: null, networkCode: null };
      const result = await stored('the message', deps.intake.accept(SIM_CHANNEL, sms, parsed.flags), deps.log);
      res.status(200).type('text/plain').send(receivedAnswer(result));
      return;
    }
    const report = { providerMessageId: event.providerMessageId, rawStatus: event.rawEvent, state: event.state, final: event.final, failureReason: event.reason };
    const text = await deliveryAnswer(deps.applyDelivery(SIM_CHANNEL, report), 'payload.messageId', deps.log);
    res.status(200).type('text/plain').send(text);
  });
  return router;
}
