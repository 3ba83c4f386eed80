// Africa's Talking's bulk SMS opt-out callback (form-encoded senderId, phoneNumber): authenticate,
// validate, record the opt-out once, answer 200. Thin: the logic is in the opt-out service.
import express, { Router } from 'express';
import { OptOutError, type OptOutService } from '../../broadcasts/optout.service.ts';
import type { Logger } from '../../log.ts';
import { requireWebhookKey } from '../auth.ts';
import { AppError } from '../errors.ts';
import { formBody } from './africastalking.ts';
import { unavailable } from './outcomes.ts';

export function optOutWebhooks(deps: { webhookKey: string; optout: OptOutService; log: Logger }): Router {
  const router = Router();
  router.post(
    '/opt-out',
    requireWebhookKey(deps.webhookKey),
    express.urlencoded({ extended: false, limit: '8kb', parameterLimit: 20 }),
    async (req, res) => {
      const form = formBody(req);
      let result;
      try {
        result = await deps.optout.handleCallback({ senderId: form.senderId, phoneNumber: form.phoneNumber });
      } catch (err) {
        if (err instanceof OptOutError) throw new AppError(400, err.code, err.message, { field: err.field });
        throw unavailable('the opt-out', err, deps.log);
      }
      res.status(200).type('text/plain').send(result.created ? 'OK' : 'OK (already opted out)');
    },
  );
  return router;
}
