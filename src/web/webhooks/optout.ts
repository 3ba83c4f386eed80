// Africa's Talking's bulk SMS opt-out callback (form-encoded senderId, phoneNumber): validate, record the
// opt-out once, answer 200. Thin: the logic is in the opt-out service. Mounted behind the webhook key (app.ts).
import { Router } from 'express';
import { OptOutError, type OptOutService } from '../../broadcasts/optout.service.ts';
import type { Logger } from '../../log.ts';
import { AppError } from '../errors.ts';
import { formFields, formParser } from '../form.ts';
import { unavailable } from './outcomes.ts';

export function optOutWebhooks(deps: { optout: OptOutService; log: Logger }): Router {
  const router = Router();
  router.post('/opt-out', formParser({ bytes: 8 * 1024, fields: 20 }), async (req, res) => {
    const form = formFields(req);
    let result;
    try {
      result = await deps.optout.handleCallback({ senderId: form.senderId, phoneNumber: form.phoneNumber });
    } catch (err) {
      if (err instanceof OptOutError) throw new AppError(400, err.code, err.message, { field: err.field });
      throw unavailable('the opt-out', err, deps.log);
    }
    res
      .status(200)
      .type('text/plain')
      .send(result.created ? 'OK' : 'OK (already opted out)');
  });
  return router;
}
