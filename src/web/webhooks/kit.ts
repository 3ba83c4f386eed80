// What a provider's webhook routes (src/channels/<provider>/webhooks.ts) get from the web layer: the one form
// parser, key check and error type, and intake and delivery bound to the provider's name, answering as every webhook does.
import type { WebhookHttp, WebhookServices } from '../../channels/contract.ts';
import type { ReplayGuard } from '../../channels/contract.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { Logger } from '../../log.ts';
import type { VoiceService } from '../../voice/voice.service.ts';
import { requireWebhookKey } from '../auth.ts';
import { AppError } from '../errors.ts';
import { formFields, formParser } from '../form.ts';
import { deliveryAnswer, invalidCallback, receivedAnswer, stored, unavailable } from './outcomes.ts';

export const webhookHttp: WebhookHttp = {
  form: formParser,
  fields: formFields,
  requireKey: requireWebhookKey,
  invalid: invalidCallback,
  refuse: (status, code, message, details) => new AppError(status, code, message, details),
};

export interface WebhookServiceDeps {
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  voice: VoiceService;
  replay: ReplayGuard;
  log: Logger;
}

/** Intake and delivery reports for the provider `channel`: stored before the 200, 503 when the database cannot. */
export function webhookServices(channel: string, deps: WebhookServiceDeps): WebhookServices {
  return {
    async receive(sms, flags) {
      const result = await stored('the message', deps.intake.accept(channel, sms, flags), deps.log);
      return { ...result, answer: receivedAnswer(result) };
    },
    deliver: (report, idField) => deliveryAnswer(deps.applyDelivery(channel, report), idField, deps.log),
    async voice(callback, flags) {
      try {
        return await deps.voice.answer(callback, flags);
      } catch (err) {
        throw unavailable('the call', err, deps.log);
      }
    },
    replay: deps.replay,
    log: deps.log,
  };
}
