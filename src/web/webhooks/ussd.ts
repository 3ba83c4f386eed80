// Africa's Talking USSD callbacks: a hop (POST /ussd, answered text/plain CON/END) and the
// end-of-session notification (POST /ussd-events). Thin: parsing in src/ussd/at-callbacks.ts, logic in the service.
// Lean routes (lean.ts): a hop is a machine callback on the reporter's time, answered before Express.
import type { Logger } from '../../log.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { parseUssdEnd, parseUssdHop } from '../../ussd/at-callbacks.ts';
import type { UssdService } from '../../ussd/ussd.service.ts';
import { answer, leanRoute, readForm, type LeanRoute } from './lean.ts';
import { invalidCallback, receivedAnswer, stored } from './outcomes.ts';

export interface UssdWebhookDeps {
  webhookKey: string;
  ussd: UssdService;
  log: Logger;
  metrics?: Metrics | undefined;
}

const FORM_LIMITS = { bytes: 8 * 1024, fields: 50 };

/** POST /webhooks/africastalking/ussd and …/ussd-events, as lean routes. */
export function ussdWebhooks(deps: UssdWebhookDeps): LeanRoute[] {
  // Hops skip the access log (one debug line each): a session is a dozen of them.
  const hop = leanRoute(deps, '/webhooks/africastalking/ussd', { accessLog: false }, async (req, res) => {
    const parsed = parseUssdHop(await readForm(req, FORM_LIMITS));
    if (!parsed.ok) throw invalidCallback(parsed);
    const reply = await deps.ussd.hop(parsed.value, parsed.flags);
    // AT gives this label back in the end-of-session notification's hopsMetadata.
    answer(res, 200, reply.text, { 'at-ussd-hop-metadata': reply.screen });
    deps.log.debug({ screen: reply.screen, end: reply.end }, 'ussd hop');
  });

  const events = leanRoute(deps, '/webhooks/africastalking/ussd-events', { accessLog: true }, async (req, res) => {
    const parsed = parseUssdEnd(await readForm(req, FORM_LIMITS));
    if (!parsed.ok) throw invalidCallback(parsed);
    const result = await stored('the notification', deps.ussd.end(parsed.value, parsed.flags), deps.log);
    answer(res, 200, receivedAnswer(result));
    return { status: parsed.value.status, duplicate: result.duplicate };
  });

  return [hop, events];
}
