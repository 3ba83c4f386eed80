// Africa's Talking callbacks: authenticate, validate, store, answer. Thin: all logic is in the services.
import express, { Router, type Request } from 'express';
import { parseDeliveryReport } from '../../channels/africastalking/delivery.ts';
import { parseInboundSms } from '../../channels/africastalking/inbound.ts';
import type { IntakeService } from '../../intake/intake.service.ts';
import type { DeliveryHandler } from '../../alerts/delivery.ts';
import type { Logger } from '../../log.ts';
import { requireWebhookKey } from '../auth.ts';
import { AppError } from '../errors.ts';
import { answer, leanRoute, readForm, withoutNul, type LeanDeps, type LeanRoute } from './lean.ts';
import { deliveryAnswer, invalidCallback, receivedAnswer, stored } from './outcomes.ts';

const SMS_FORM = { bytes: 32 * 1024, fields: 50 };

export const AT_CHANNEL = 'africastalking';

export interface AtWebhookDeps {
  webhookKey: string;
  shortCodes: readonly string[];
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  log: Logger;
}

/** The form's fields as strings, NUL characters replaced (and, when `flags` is given, flagged). */
export function formBody(req: Request, flags: string[] = []): Record<string, string | undefined> {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new AppError(415, 'unsupported_media_type', 'expected application/x-www-form-urlencoded, as Africa\'s Talking sends');
  }
  const body = (req.body ?? {}) as Record<string, unknown>;
  const form: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(body)) form[k] = typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
  return withoutNul(form, flags);
}

/**
 * The incoming-SMS callback, on the lean path (lean.ts, mounted before the generic pipeline): in a surge
 * it is most of the traffic. Stored (group commit with the callbacks arriving with it) and enqueued before the 200.
 */
export function africasTalkingSms(deps: AtWebhookDeps & LeanDeps): LeanRoute[] {
  return [leanRoute(deps, '/webhooks/africastalking/sms', { accessLog: true }, async (req, res) => {
    const bodyFlags: string[] = [];
    const parsed = parseInboundSms(withoutNul(await readForm(req, SMS_FORM), bodyFlags));
    if (!parsed.ok) throw invalidCallback(parsed);
    const flags = [...parsed.flags, ...bodyFlags];
    if (deps.shortCodes.length > 0 && parsed.value.to && !deps.shortCodes.includes(parsed.value.to)) flags.push('to_not_our_number');
    const result = await stored('the message', deps.intake.accept(AT_CHANNEL, { ...parsed.value, to: parsed.value.to || null }, flags), deps.log);
    answer(res, 200, receivedAnswer(result));
    return { inboundId: result.id, duplicate: result.duplicate, queued: result.queued, flags };
  })];
}

/** Delivery reports (the incoming SMS is on the lean path: africasTalkingSms). */
export function africasTalkingWebhooks(deps: AtWebhookDeps): Router {
  const router = Router();
  router.use(requireWebhookKey(deps.webhookKey));
  router.use(express.urlencoded({ extended: false, limit: '32kb', parameterLimit: 50 }));

  router.post('/delivery', async (req, res) => {
    const parsed = parseDeliveryReport(formBody(req));
    if (!parsed.ok) throw invalidCallback(parsed);
    const text = await deliveryAnswer(deps.applyDelivery(AT_CHANNEL, parsed.value), 'id', deps.log);
    res.status(200).type('text/plain').send(text);
  });

  return router;
}
