// android-sms-gateway webhooks (a phone with a local SIM): HMAC-signed JSON, replays refused; received
// SMS enter the same intake as Africa's Talking ones, status events update the same message states.
import express, { Router } from 'express';
import type { WebhookContext } from '../contract.ts';
import type { DeliveryReport, InboundSms } from '../types.ts';
import { parseGatewayEvent, type GatewayEvent } from './inbound.ts';
import type { SimGatewayChannel } from './send.ts';
import { verifyGatewaySignature } from './signature.ts';

type Received = Extract<GatewayEvent, { kind: 'received' }>;
type Status = Extract<GatewayEvent, { kind: 'status' }>;

/** A received SMS in the common type. */
export const toInbound = (e: Received): InboundSms => ({
  providerId: e.providerId,
  from: e.from,
  fromIsNumber: e.fromIsNumber,
  to: e.to || null,
  text: e.text,
  receivedAt: e.receivedAt,
  linkId: null,
  networkCode: null,
});
/** A status event as a delivery report. */
export const toDelivery = (e: Status): DeliveryReport => ({
  providerMessageId: e.providerMessageId,
  rawStatus: e.rawEvent,
  state: e.state,
  final: e.final,
  failureReason: e.reason,
});

export function simGatewayWebhooks({
  keys,
  sender,
  services,
  http,
}: WebhookContext<unknown, SimGatewayChannel> & { keys: readonly string[] }): Router {
  const router = Router();
  // The signature covers the raw bytes: keep them, parse JSON ourselves.
  router.post('/', express.raw({ type: () => true, limit: '64kb' }), async (req, res) => {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let verdict;
    try {
      verdict = await verifyGatewaySignature(
        { rawBody, signature: req.get('x-signature'), timestamp: req.get('x-timestamp') },
        { keys, replay: services.replay },
      );
    } catch (err) {
      services.log.error({ err: (err as Error).message }, 'replay guard unavailable');
      throw http.refuse(503, 'unavailable', 'cannot check for replays now; retry later');
    }
    if (!verdict.ok)
      throw http.refuse(401, 'unauthorized', `webhook refused: ${verdict.reason.replace(/_/g, ' ')}`, { reason: verdict.reason });
    const parsed = parseGatewayEvent(rawBody);
    if (!parsed.ok) throw http.invalid(parsed);
    const event = parsed.value;
    sender?.markContact(event.deviceId);
    if (event.kind === 'ping') {
      res.status(200).type('text/plain').send('OK');
      return;
    }
    // Answered only once stored: a refusal sets its own (JSON) headers.
    const answer =
      event.kind === 'received'
        ? (await services.receive(toInbound(event), parsed.flags)).answer
        : await services.deliver(toDelivery(event), 'payload.messageId');
    res.status(200).type('text/plain').send(answer);
  });
  return router;
}
