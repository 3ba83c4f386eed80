// The hot webhooks (an SMS report, a USSD hop) are machine callbacks arriving hundreds a second in a
// crisis. They are mounted before the generic request pipeline (app.ts) and do its work themselves, at a
// fraction of the cost: a request id, one access-log line, the request metrics, a form body read with
// limits, and a plain-text answer. Errors still go to the app's error middleware (one JSON error shape).
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from '../../log.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { requestId } from '../ops.ts';
import { AppError } from '../errors.ts';

export interface LeanDeps {
  log: Logger;
  metrics?: Metrics | undefined;
}

export interface FormLimits {
  /** Bytes of body. */
  bytes: number;
  /** Fields; more is refused like an oversized body. */
  fields: number;
}

const FORM = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]+)/i;

/**
 * The form-encoded body as Africa's Talking posts it ('+' is a space, as in any form; a repeated field
 * keeps its first value). 415 for another type, charset or encoding; 413 when too large.
 */
export async function readForm(req: Request, limits: FormLimits): Promise<Record<string, string>> {
  const type = req.headers['content-type'] ?? '';
  if (!FORM.test(type)) {
    throw new AppError(415, 'unsupported_media_type', "expected application/x-www-form-urlencoded, as Africa's Talking sends");
  }
  const charset = CHARSET.exec(type)?.[1]?.toLowerCase();
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  if ((charset && charset !== 'utf-8' && charset !== 'utf8') || encoding !== 'identity') {
    throw new AppError(415, 'unsupported_encoding', 'request body encoding is not supported');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.bytes) {
    req.resume();
    throw new AppError(413, 'body_too_large', 'request body is too large');
  }
  const body = await new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limits.bytes) chunks.push(chunk);
    });
    req.once('end', () => (size > limits.bytes ? reject(new AppError(413, 'body_too_large', 'request body is too large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.once('error', () => reject(new AppError(400, 'bad_request', 'request could not be read')));
  });
  const form: Record<string, string> = {};
  let fields = 0;
  for (const [k, v] of new URLSearchParams(body)) {
    if (++fields > limits.fields) throw new AppError(413, 'body_too_large', `request body has more than ${limits.fields} fields`);
    if (!(k in form)) form[k] = v;
  }
  return form;
}

/** PostgreSQL cannot store or even compare a NUL character: replaced (U+FFFD) and, with `flags`, flagged. */
export function withoutNul(form: Record<string, string | undefined>, flags?: string[]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(form)) {
    if (v?.includes('\u0000')) {
      if (flags && !flags.includes('nul_replaced')) flags.push('nul_replaced');
      out[k] = v.replace(/\u0000/g, '\ufffd');
    } else out[k] = v;
  }
  return out;
}

export function answer(res: Response, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/**
 * A lean route: request id, metrics labelled by `route`, and (with `accessLog`) the same access-log line
 * as every other request (id, method, path, status, time; never the query string, which holds the key).
 */
export function leanRoute(
  deps: LeanDeps,
  route: string,
  opts: { accessLog: boolean; /** Runs first (the webhook key): a refusal is logged and counted too. */ guard?: RequestHandler },
  handler: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  const labels = { method: 'POST', route };
  return async (req, res) => {
    const started = performance.now();
    const id = requestId(req, res);
    const metrics = deps.metrics;
    res.once('finish', () => {
      const ms = performance.now() - started;
      metrics?.httpDuration.observe(labels, ms / 1000);
      metrics?.httpRequests.inc({ ...labels, status: String(res.statusCode) });
      if (opts.accessLog) {
        const level = res.statusCode >= 500 ? 'error' : 'info';
        deps.log[level]({ reqId: id, req: { id, method: 'POST', path: route }, res: { statusCode: res.statusCode }, responseTime: Math.round(ms) }, 'request completed');
      }
    });
    if (opts.guard) await opts.guard(req, res, () => undefined);
    await handler(req, res);
  };
}
