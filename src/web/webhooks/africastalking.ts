// Africa's Talking SMS callbacks (an incoming SMS, a delivery report): validate, store, answer. Thin: all
// logic is in the services. Mounted behind the webhook key (app.ts).
import { Router } from 'express';
import { parseDeliveryReport } from '../../channels/africastalking/delivery.ts';
import { parseInboundSms } from '../../channels/africastalking/inbound.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { Logger } from '../../log.ts';
import { formFields, formParser } from '../form.ts';
import { deliveryAnswer, invalidCallback, receivedAnswer, stored } from './outcomes.ts';

const SMS_FORM = formParser({ bytes: 32 * 1024, fields: 50 });

export const AT_CHANNEL = 'africastalking';

export interface AtWebhookDeps {
  shortCodes: readonly string[];
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  log: Logger;
}

export function africasTalkingWebhooks(deps: AtWebhookDeps): Router {
  const router = Router();

  // Stored (group commit with the callbacks arriving with it) and enqueued before the 200.
  router.post('/sms', SMS_FORM, async (req, res) => {
    const bodyFlags: string[] = [];
    const parsed = parseInboundSms(formFields(req, bodyFlags));
    if (!parsed.ok) throw invalidCallback(parsed);
    const flags = [...parsed.flags, ...bodyFlags];
    if (deps.shortCodes.length > 0 && parsed.value.to && !deps.shortCodes.includes(parsed.value.to)) flags.push('to_not_our_number');
    const result = await stored('the message', deps.intake.accept(AT_CHANNEL, { ...parsed.value, to: parsed.value.to || null }, flags), deps.log);
    res.locals.logged = { inboundId: result.id, duplicate: result.duplicate, queued: result.queued, flags };
    res.status(200).type('text/plain').send(receivedAnswer(result));
  });

  router.post('/delivery', SMS_FORM, async (req, res) => {
    const parsed = parseDeliveryReport(formFields(req));
    if (!parsed.ok) throw invalidCallback(parsed);
    const text = await deliveryAnswer(deps.applyDelivery(AT_CHANNEL, parsed.value), 'id', deps.log);
    res.status(200).type('text/plain').send(text);
  });

  return router;
}
