// Africa's Talking USSD callbacks: a hop (POST /ussd, answered text/plain CON/END) and the
// end-of-session notification (POST /ussd-events). Thin: parsing in src/ussd/at-callbacks.ts, logic in the service.
// Mounted before the access log and the security headers (app.ts): a hop is a machine callback on the
// reporter's time, so it reads its small form body itself and records its own metrics.
import { Router, type Request, type Response } from 'express';
import type { Logger } from '../../log.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { parseUssdEnd, parseUssdHop } from '../../ussd/at-callbacks.ts';
import type { UssdService } from '../../ussd/ussd.service.ts';
import { requireWebhookKey } from '../auth.ts';
import { AppError } from '../errors.ts';

export interface UssdWebhookDeps {
  webhookKey: string;
  ussd: UssdService;
  log: Logger;
  metrics?: Metrics | undefined;
}

const BODY_LIMIT = 8 * 1024;

/** The form-encoded body as AT posts it ('+' is a space, as in any form); 415 for another type, 413 when too large. */
async function readForm(req: Request): Promise<Record<string, string>> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new AppError(415, 'unsupported_media_type', "expected application/x-www-form-urlencoded, as Africa's Talking sends");
  }
  const body = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.once('end', () => (size > BODY_LIMIT ? reject(new AppError(413, 'body_too_large', 'request body is too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.once('error', () => reject(new AppError(400, 'bad_request', 'request could not be read')));
  });
  const form: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(body)) if (!(k in form)) form[k] = v;
  return form;
}

function invalid(parsed: { field: string; message: string }): AppError {
  return new AppError(400, 'invalid_callback', `${parsed.field}: ${parsed.message}`, { field: parsed.field });
}

function answer(res: Response, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** Mounted under /webhooks/africastalking; its middleware applies to its own routes only. */
export function ussdWebhooks(deps: UssdWebhookDeps): Router {
  const router = Router();
  const key = requireWebhookKey(deps.webhookKey);
  /** The access log and request metrics skip these routes (app.ts): count them here, errors included. */
  const observe = (route: string, res: Response) => {
    const metrics = deps.metrics;
    if (!metrics) return;
    const labels = { method: 'POST', route: `/webhooks/africastalking${route}` };
    const end = metrics.httpDuration.startTimer(labels);
    res.once('finish', () => {
      end();
      metrics.httpRequests.inc({ ...labels, status: String(res.statusCode) });
    });
  };

  router.post('/ussd', key, async (req, res) => {
    observe('/ussd', res);
    const parsed = parseUssdHop(await readForm(req));
    if (!parsed.ok) throw invalid(parsed);
    const reply = await deps.ussd.hop(parsed.value, parsed.flags);
    // AT gives this label back in the end-of-session notification's hopsMetadata.
    answer(res, 200, reply.text, { 'at-ussd-hop-metadata': reply.screen });
    deps.log.debug({ screen: reply.screen, end: reply.end }, 'ussd hop');
  });

  router.post('/ussd-events', key, async (req, res) => {
    observe('/ussd-events', res);
    const parsed = parseUssdEnd(await readForm(req));
    if (!parsed.ok) throw invalid(parsed);
    let result;
    try {
      result = await deps.ussd.end(parsed.value, parsed.flags);
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'ussd event: database unavailable');
      throw new AppError(503, 'database_unavailable', 'the notification could not be stored now; retry later');
    }
    answer(res, 200, result.duplicate ? 'OK (already received)' : 'OK');
    deps.log.info({ status: parsed.value.status, duplicate: result.duplicate }, 'ussd session ended');
  });

  return router;
}
