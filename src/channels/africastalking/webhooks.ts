// Africa's Talking SMS callbacks (an incoming SMS, a delivery report): validate, store, answer. Thin: all
// logic is in the services the composition root passes in. Behind the webhook key.
import { Router } from 'express';
import type { WebhookContext } from '../contract.ts';
import { parseDeliveryReport } from './delivery.ts';
import { parseInboundSms } from './inbound.ts';
import { parseVoiceCallback } from './voice-callback.ts';
import { voiceXml } from './voice-xml.ts';

export function africasTalkingWebhooks({ shared, services, http }: WebhookContext<unknown, unknown>): Router {
  const router = Router();
  const form = http.form({ bytes: 32 * 1024, fields: 50 });
  router.use(http.requireKey(shared.webhookKey));

  // Stored (group commit with the callbacks arriving with it) and enqueued before the 200.
  router.post('/sms', form, async (req, res) => {
    const bodyFlags: string[] = [];
    const parsed = parseInboundSms(http.fields(req, bodyFlags));
    if (!parsed.ok) throw http.invalid(parsed);
    const flags = [...parsed.flags, ...bodyFlags];
    const { to } = parsed.value;
    if (shared.shortCodes.length > 0 && to && !shared.shortCodes.includes(to)) flags.push('to_not_our_number');
    const result = await services.receive({ ...parsed.value, to: to || null }, flags);
    res.locals.logged = { inboundId: result.id, duplicate: result.duplicate, queued: result.queued, flags };
    res.status(200).type('text/plain').send(result.answer);
  });

  router.post('/delivery', form, async (req, res) => {
    const parsed = parseDeliveryReport(http.fields(req));
    if (!parsed.ok) throw http.invalid(parsed);
    const answer = await services.deliver(parsed.value, 'id'); // before the 200's headers: a refusal is JSON
    res.status(200).type('text/plain').send(answer);
  });

  // Voice: every step of a call, answered with voice XML; the final callback (isActive=0) is stored first.
  router.post('/voice', form, async (req, res) => {
    const parsed = parseVoiceCallback(http.fields(req));
    if (!parsed.ok) throw http.invalid(parsed);
    const answer = await services.voice(parsed.value, parsed.flags);
    // A call is a dozen callbacks, as a USSD dial is hops: debug level, with what was answered.
    res.locals.logLevel = 'debug';
    res.locals.logged = { answer: answer.kind, active: parsed.value.active };
    const origin = `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    res
      .status(200)
      .type('application/xml')
      .send(voiceXml(answer, `${origin}${req.originalUrl}`, origin));
  });

  return router;
}
