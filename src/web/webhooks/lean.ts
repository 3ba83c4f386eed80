// The hot webhooks (an SMS report, a USSD hop) are machine callbacks arriving hundreds a second in a
// crisis. The HTTP server hands them straight to their handler (leanDispatch), before Express; Express
// mounts the same handlers too (leanRouter), for the paths it would also match (a trailing slash, another
// case). Each does the generic pipeline's work itself, at a fraction of the cost: the webhook key, a request
// id, one access-log line, the request metrics, a form body read with limits, a plain-text answer, and
// errors in the same JSON shape as every other route (errors.ts).
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Router } from 'express';
import type { Logger } from '../../log.ts';
import type { Metrics } from '../../metrics/metrics.ts';
import { secretCheck } from '../auth.ts';
import { requestId } from '../ops.ts';
import { AppError, errorAnswer } from '../errors.ts';

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
export async function readForm(req: IncomingMessage, limits: FormLimits): Promise<Record<string, string>> {
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
  const first = new Map<string, string>();
  let fields = 0;
  for (const [k, v] of new URLSearchParams(body)) {
    if (++fields > limits.fields) throw new AppError(413, 'body_too_large', `request body has more than ${limits.fields} fields`);
    if (!first.has(k)) first.set(k, v);
  }
  return Object.fromEntries(first); // own properties only: a field named __proto__ or toString is just a field
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

export function answer(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(Buffer.byteLength(text)), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

export interface LeanRoute {
  /** The full path, e.g. /webhooks/africastalking/sms (POST only). */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}

/** The `key` query parameter, exactly once, or ''. */
function keyOf(url: string | undefined): string {
  const q = url?.indexOf('?') ?? -1;
  if (q < 0) return '';
  const keys = new URLSearchParams(url!.slice(q + 1)).getAll('key');
  return keys.length === 1 ? keys[0]! : '';
}

/**
 * A lean route: the webhook key (constant-time), a request id, metrics labelled by its path, and (with
 * `accessLog`) the same access-log line as every other request (id, method, path, status, time; never the
 * query string, which holds the key). Errors are answered here, in the app's JSON shape.
 */
export function leanRoute(
  deps: LeanDeps & { webhookKey: string },
  path: string,
  opts: { accessLog: boolean },
  /** Answers; what it returns is added to the access-log line (ids and outcomes, never personal data). */
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<Record<string, unknown> | void>,
): LeanRoute {
  const labels = { method: 'POST', route: path };
  const keyMatches = secretCheck(deps.webhookKey);
  return {
    path,
    async handle(req, res) {
      const started = performance.now();
      const id = requestId(req, res);
      const metrics = deps.metrics;
      let outcome: Record<string, unknown> | void;
      res.once('finish', () => {
        const ms = performance.now() - started;
        metrics?.httpDuration.observe(labels, ms / 1000);
        metrics?.httpRequests.inc({ ...labels, status: String(res.statusCode) });
        if (opts.accessLog) {
          const level = res.statusCode >= 500 ? 'error' : 'info';
          deps.log[level]({ reqId: id, req: { id, method: 'POST', path }, res: { statusCode: res.statusCode }, responseTime: Math.round(ms), ...outcome }, 'request completed');
        }
      });
      try {
        const key = keyOf(req.url);
        if (!key || !keyMatches(key)) throw new AppError(401, 'unauthorized', 'missing or wrong webhook key');
        outcome = await handler(req, res);
      } catch (err) {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        req.resume(); // an unread body must not hold the connection
        const { status, body } = errorAnswer(deps.log, err, { path, method: 'POST' });
        const json = JSON.stringify(body);
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(json)), 'cache-control': 'no-store' });
        res.end(json);
      }
    },
  };
}

/** The same routes inside Express, for what the server's exact match leaves to it (trailing slash, case). */
export function leanRouter(routes: readonly LeanRoute[]): Router {
  const router = Router();
  for (const r of routes) router.post(r.path, (req, res) => r.handle(req, res));
  return router;
}

/** The HTTP server's listener: a POST to a lean route's exact path goes straight to it, the rest to `app`. */
export function leanDispatch(routes: readonly LeanRoute[], app: RequestListener): RequestListener {
  const byPath = new Map(routes.map((r) => [r.path, r]));
  return (req, res) => {
    if (req.method === 'POST') {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const route = byPath.get(q < 0 ? url : url.slice(0, q));
      if (route) {
        route.handle(req, res).catch(() => res.destroy());
        return;
      }
    }
    app(req, res);
  };
}
