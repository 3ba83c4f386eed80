// Africa's Talking USSD callbacks: a hop (POST /ussd, answered text/plain CON/END) and the
// end-of-session notification (POST /ussd-events). Thin: parsing in src/ussd/at-callbacks.ts, logic in the service.
// Lean routes (lean.ts): a hop is a machine callback on the reporter's time, answered before Express.
import type { Logger } from '../../log.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { parseUssdEnd, parseUssdHop } from '../../ussd/at-callbacks.ts';
import type { UssdService } from '../../ussd/ussd.service.ts';
import { AppError } from '../errors.ts';
import { answer, leanRoute, readForm, type LeanRoute } from './lean.ts';

export interface UssdWebhookDeps {
  webhookKey: string;
  ussd: UssdService;
  log: Logger;
  metrics?: Metrics | undefined;
}

const FORM_LIMITS = { bytes: 8 * 1024, fields: 50 };

function invalid(parsed: { field: string; message: string }): AppError {
  return new AppError(400, 'invalid_callback', `${parsed.field}: ${parsed.message}`, { field: parsed.field });
}

/** POST /webhooks/africastalking/ussd and …/ussd-events, as lean routes. */
export function ussdWebhooks(deps: UssdWebhookDeps): LeanRoute[] {
  // Hops skip the access log (one debug line each): a session is a dozen of them.
  const hop = leanRoute(deps, '/webhooks/africastalking/ussd', { accessLog: false }, async (req, res) => {
    const parsed = parseUssdHop(await readForm(req, FORM_LIMITS));
    if (!parsed.ok) throw invalid(parsed);
    const reply = await deps.ussd.hop(parsed.value, parsed.flags);
    // AT gives this label back in the end-of-session notification's hopsMetadata.
    answer(res, 200, reply.text, { 'at-ussd-hop-metadata': reply.screen });
    deps.log.debug({ screen: reply.screen, end: reply.end }, 'ussd hop');
  });

  const events = leanRoute(deps, '/webhooks/africastalking/ussd-events', { accessLog: true }, async (req, res) => {
    const parsed = parseUssdEnd(await readForm(req, FORM_LIMITS));
    if (!parsed.ok) throw invalid(parsed);
    let result;
    try {
      result = await deps.ussd.end(parsed.value, parsed.flags);
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'ussd event: database unavailable');
      throw new AppError(503, 'database_unavailable', 'the notification could not be stored now; retry later');
    }
    answer(res, 200, result.duplicate ? 'OK (already received)' : 'OK');
    return { status: parsed.value.status, duplicate: result.duplicate };
  });

  return [hop, events];
}
