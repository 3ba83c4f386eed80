// Africa's Talking USSD callbacks: a hop (POST /ussd, answered text/plain CON/END) and the
// end-of-session notification (POST /ussd-events). Thin: parsing in src/ussd/at-callbacks.ts, logic in
// the service. Mounted behind the webhook key (app.ts).
import { Router } from 'express';
import type { Logger } from '../../log.ts';
import { parseUssdEnd, parseUssdHop } from '../../ussd/at-callbacks.ts';
import type { UssdService } from '../../ussd/ussd.service.ts';
import { formFields, formParser } from '../form.ts';
import { invalidCallback, receivedAnswer, stored } from './outcomes.ts';

export interface UssdWebhookDeps {
  ussd: UssdService;
  log: Logger;
}

const USSD_FORM = formParser({ bytes: 8 * 1024, fields: 50 });

export function ussdWebhooks(deps: UssdWebhookDeps): Router {
  const router = Router();

  router.post('/ussd', USSD_FORM, async (req, res) => {
    const parsed = parseUssdHop(formFields(req));
    if (!parsed.ok) throw invalidCallback(parsed);
    const reply = await deps.ussd.hop(parsed.value, parsed.flags);
    // A session is a dozen hops: its access-log line is at debug level, with the screen shown.
    res.locals.logLevel = 'debug';
    res.locals.logged = { screen: reply.screen, end: reply.end };
    // AT gives this label back in the end-of-session notification's hopsMetadata.
    res.status(200).set('at-ussd-hop-metadata', reply.screen).type('text/plain').send(reply.text);
  });

  router.post('/ussd-events', USSD_FORM, async (req, res) => {
    const parsed = parseUssdEnd(formFields(req));
    if (!parsed.ok) throw invalidCallback(parsed);
    const result = await stored('the notification', deps.ussd.end(parsed.value, parsed.flags), deps.log);
    res.locals.logged = { status: parsed.value.status, duplicate: result.duplicate };
    res.status(200).type('text/plain').send(receivedAnswer(result));
  });

  return router;
}
