// Operations over HTTP: request ids and request logs, request metrics, liveness and readiness probes,
// Prometheus metrics and the queue dashboard (Bull Board) for admins, and the optional metrics port.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import express, { Router, type Express, type Request, type RequestHandler } from 'express';
import type { Logger } from '../log.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { PROVIDERS } from '../channels/index.ts';
import { secretCheck } from './auth.ts';
import { AppError } from './errors.ts';

export type Phase = 'starting' | 'migrating' | 'ready' | 'stopping';

/**
 * `redis`: reachable and taking writes. `redisFull`: it answers but refuses writes (at its maxmemory,
 * noeviction): nothing can be enqueued, so it counts as down for readiness and metrics.
 */
export interface Health {
  database: boolean;
  redis: boolean;
  redisFull?: boolean;
}

const DOWN: Health = { database: false, redis: false };
const redisWord = (h: Health) => (h.redis ? 'ok' : h.redisFull ? 'full' : 'down');

/** /healthz: 200 only when both dependencies work. */
export function healthBody(h: Health) {
  const ok = h.database && h.redis;
  return { ok, body: { status: ok ? 'ok' : 'degraded', database: h.database ? 'ok' : 'down', redis: redisWord(h) } };
}

/** What the probes and the dashboard read; the runtime fills it in as it starts and stops. */
export interface OpsState {
  phase: Phase;
  health?: () => Promise<Health>;
  queues?: Readonly<Record<string, Queue>>;
}

export const BOARD_PATH = '/admin/queues';
const PROBES = new Set(['/healthz', '/livez', '/readyz', '/metrics']);

const pathOf = (url: string | undefined) => (url ?? '/').split('?')[0] ?? '/';

/** Mounts whose requests may be refused before a route matches (a wrong key): labelled by mount. */
const MOUNTS = [...PROVIDERS.map((p) => `/webhooks/${p.name}`), '/api', BOARD_PATH];

/** A path pattern for metrics labels: ids become ":id", unknown paths one label, so the set stays small. */
export function routeLabel(req: Request): string {
  const path = pathOf(req.originalUrl);
  if (path.startsWith(`${BOARD_PATH}/`)) return `${BOARD_PATH}/*`;
  if (!req.route) {
    const mount = MOUNTS.find((m) => path === m || path.startsWith(`${m}/`));
    return mount ? `${mount}/*` : 'unmatched';
  }
  const parts = path
    .split('/')
    .slice(0, 6)
    .map((seg) => (/\d/.test(seg) || seg.length > 32 ? ':id' : seg));
  return parts.join('/') || '/';
}

const localsOf = (res: ServerResponse): Record<string, unknown> =>
  (res as ServerResponse & { locals?: Record<string, unknown> }).locals ?? {};

/** The caller's X-Request-Id when sane, else a new one; set on the answer. */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Request ids (the caller's X-Request-Id when sane, else a new one), one log line per request, request
 * metrics. The line has the request id, method and path (never the query string: the webhook key is in
 * it), the status and the time taken; never headers, bodies or addresses. A route may lower its line to
 * debug (a USSD hop) and add ids and outcomes, never personal data (res.locals.logLevel, res.locals.logged).
 * Written here rather than with pino-http: the line is only built when its level is logged (measured: pino-http's
 * per-request child logger and listeners were about a tenth of a USSD hop's CPU).
 */
export function requestObserver(deps: { log: Logger; metrics?: Metrics | undefined }): RequestHandler[] {
  const { log, metrics } = deps;
  return [
    (req, res, next) => {
      const started = performance.now();
      const reqId = requestId(req, res);
      const end = metrics?.httpDuration.startTimer();
      res.once('finish', () => {
        if (metrics && end) {
          const route = routeLabel(req);
          end({ method: req.method, route });
          metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
        }
        const path = pathOf(req.originalUrl ?? req.url);
        if (PROBES.has(path)) return;
        const locals = localsOf(res);
        const level = res.statusCode >= 500 ? 'error' : res.statusCode < 400 && locals.logLevel === 'debug' ? 'debug' : 'info';
        if (!log.isLevelEnabled(level)) return;
        log[level](
          {
            reqId,
            req: { id: reqId, method: req.method, path },
            res: { statusCode: res.statusCode },
            responseTime: Math.round(performance.now() - started),
            ...(locals.logged as object | undefined),
          },
          'request completed',
        );
      });
      next();
    },
  ];
}

/** The admin token as a bearer token (API clients, Prometheus) or as the password of HTTP Basic (browsers, for the dashboard). */
export function requireAdmin(token: string): RequestHandler {
  const matches = secretCheck(token);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const bearer = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
    const basic = /^Basic\s+(.+)$/i.exec(header)?.[1];
    const password = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    const given = bearer ?? password;
    if (given === undefined || !matches(given)) {
      res.setHeader('WWW-Authenticate', 'Basic realm="sabali admin", charset="UTF-8"');
      throw new AppError(401, 'unauthorized', 'missing or wrong admin token');
    }
    next();
  };
}

async function readiness(state: OpsState) {
  const h = state.phase === 'ready' && state.health ? await state.health() : DOWN;
  const ready = state.phase === 'ready' && h.database && h.redis;
  return {
    ready,
    body: {
      status: ready ? 'ready' : state.phase === 'ready' ? 'not_ready' : state.phase,
      migrations: state.phase === 'starting' || state.phase === 'migrating' ? 'running' : 'done',
      database: h.database ? 'ok' : 'down',
      redis: redisWord(h),
    },
  };
}

/** /livez: the process answers (no dependency checked, so an outage never restarts it). /readyz: send it traffic. */
export function probesRouter(state: OpsState): Router {
  const router = Router();
  router.get('/livez', (_req, res) => {
    res.status(200).json({ status: 'alive', phase: state.phase });
  });
  router.get('/readyz', async (_req, res) => {
    const r = await readiness(state);
    res.status(r.ready ? 200 : 503).json(r.body);
  });
  return router;
}

function board(queues: Readonly<Record<string, Queue>>): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(BOARD_PATH);
  createBullBoard({
    queues: Object.values(queues).map((q) => new BullMQAdapter(q)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Sabali queues' } },
  });
  return serverAdapter.getRouter() as RequestHandler;
}

/** GET /metrics (Prometheus text format) and the queue dashboard, both for the admin token only. */
export function adminRouter(deps: { adminToken: string; metrics: Metrics; state: OpsState }): Router {
  const router = Router();
  router.get('/metrics', requireAdmin(deps.adminToken), async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  let dashboard: RequestHandler | undefined;
  router.use(BOARD_PATH, requireAdmin(deps.adminToken), (req, res, next) => {
    if (!deps.state.queues) throw new AppError(503, 'starting', 'the queues are not connected yet');
    dashboard ??= board(deps.state.queues);
    return dashboard(req, res, next);
  });
  return router;
}

/** The separate metrics port (METRICS_PORT): probes, /metrics and the dashboard, in every role, from the start. */
export function createOpsApp(deps: {
  adminToken: string;
  metrics: Metrics;
  state: OpsState;
  log: Logger;
  errors: express.ErrorRequestHandler;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', async (_req, res) => {
    const h = healthBody(deps.state.health ? await deps.state.health() : DOWN);
    res.status(h.ok ? 200 : 503).json(h.body);
  });
  app.use(probesRouter(deps.state), adminRouter(deps));
  app.use((req) => {
    throw new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(deps.errors);
  return app;
}

export function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once('error', reject);
  });
}
