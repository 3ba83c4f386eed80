// The HTTP app, built without listening: webhooks, read API, health. main.ts and the tests listen.
import type { RequestListener } from 'node:http';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { rateLimit } from 'express-rate-limit';
import type { Repositories } from '../db/index.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import type { Logger } from '../log.ts';
import type { DeliveryHandler } from '../alerts/delivery.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { apiRouter } from './api.ts';
import { alertsApiRouter } from './alerts-api.ts';
import { triageApiRouter } from './triage-api.ts';
import { broadcastsApiRouter } from './broadcasts-api.ts';
import { optOutWebhooks } from './webhooks/optout.ts';
import type { OptOutService } from '../broadcasts/optout.service.ts';
import type { BroadcastsService } from '../broadcasts/broadcasts.service.ts';
import type { ContactsService } from '../broadcasts/contacts.service.ts';
import { requireBearer } from './auth.ts';
import { AppError, errorMiddleware } from './errors.ts';
import { africasTalkingSms, africasTalkingWebhooks } from './webhooks/africastalking.ts';
import { ussdWebhooks } from './webhooks/ussd.ts';
import { leanDispatch, leanRouter, type LeanRoute } from './webhooks/lean.ts';
import { simGatewayWebhooks } from './webhooks/simgateway.ts';
import { orangeWebhooks } from './webhooks/orange.ts';
import type { ReplayGuard } from '../channels/android-sms-gateway/signature.ts';
import type { Channels } from '../channels/registry.ts';
import type { PrivacyService } from '../safety/privacy.service.ts';
import type { UssdService } from '../ussd/ussd.service.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { adminRouter, healthBody, probesRouter, requestObserver, type Health, type OpsState } from './ops.ts';
import { dashboardRouter, type DashboardDeps } from './dashboard/index.ts';

export interface HealthCheck {
  (): Promise<Health>;
}

export interface AppDeps extends Omit<DashboardDeps, 'repos' | 'vault' | 'alerts' | 'webhookKey' | 'log'> {
  webhookKey: string;
  adminToken: string;
  shortCodes: readonly string[];
  repos: Repositories;
  vault: PhoneVault;
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  alerts: AlertsService;
  health: HealthCheck;
  ussd: UssdService;
  channels: Channels;
  privacy: PrivacyService;
  /** Prevention messages: STOP/opt-out, broadcasts, their contacts. */
  optout: OptOutService;
  broadcasts: BroadcastsService;
  contacts: ContactsService;
  /** Requests per minute and IP address on /api. */
  apiRatePerMinute?: number;
  /** Dashboard login attempts per 15 minutes and IP address. */
  loginAttemptsPer15Min?: number;
  /** Signing keys of the SIM gateway phones' webhooks; the route exists only when set. */
  simGatewayKeys?: readonly string[] | undefined;
  /** URL key of Orange's notifications; the route exists only when Orange is configured. */
  orangeWebhookKey?: string | undefined;
  replay: ReplayGuard;
  log: Logger;
  metrics?: Metrics;
  /** Readiness (/readyz) and the queues for the dashboard; with serveAdmin, /metrics and /admin/queues too. */
  ops?: OpsState;
  /** False when a separate metrics port (METRICS_PORT) serves /metrics and the dashboard instead. */
  serveAdmin?: boolean;
}

/**
 * The HTTP server's listener: incoming SMS and USSD hops (machine callbacks, hundreds a second in a crisis,
 * answered in text/plain) go straight to their lean handlers (webhooks/lean.ts), everything else to Express.
 */
export function createHttpHandler(deps: AppDeps): { app: Express; handler: RequestListener } {
  const lean = [...africasTalkingSms(deps), ...ussdWebhooks(deps)];
  const app = createApp(deps, lean);
  return { app, handler: leanDispatch(lean, app) };
}

export function createApp(deps: AppDeps, lean: readonly LeanRoute[] = [...africasTalkingSms(deps), ...ussdWebhooks(deps)]): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The lean routes again, for the paths the listener's exact match leaves to Express; they do their own
  // request id, access log and metrics and skip the browser security headers.
  app.use(leanRouter(lean));
  app.use(requestObserver({ log: deps.log, metrics: deps.metrics }));
  // Security headers (CSP 'self' only, no sniffing, no framing, HSTS); no CORS headers are ever sent,
  // so browsers refuse cross-origin calls to the API.
  app.use(helmet());

  app.get('/healthz', async (_req, res) => {
    const h = healthBody(await deps.health());
    res.status(h.ok ? 200 : 503).json(h.body);
  });

  if (deps.ops) app.use(probesRouter(deps.ops));
  if (deps.ops && deps.metrics && deps.serveAdmin !== false) app.use(adminRouter({ adminToken: deps.adminToken, metrics: deps.metrics, state: deps.ops }));

  // The opt-out route first: its own key check and (smaller) body limits, not the delivery router's.
  app.use('/webhooks/africastalking', optOutWebhooks(deps));
  app.use('/webhooks/africastalking', africasTalkingWebhooks(deps));
  if (deps.simGatewayKeys?.length) {
    app.use('/webhooks/simgateway', simGatewayWebhooks({ ...deps, keys: deps.simGatewayKeys, channel: deps.channels.simGateway }));
  }
  if (deps.orangeWebhookKey) app.use('/webhooks/orange', orangeWebhooks({ ...deps, webhookKey: deps.orangeWebhookKey }));
  // Per-IP limit before the token check, so guessing the token is slow too (memory store: per process).
  const apiLimit = rateLimit({
    windowMs: 60_000,
    limit: deps.apiRatePerMinute ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError(429, 'too_many_requests', 'too many API requests from this address; wait a minute');
    },
  });
  app.use('/api', apiLimit, requireBearer(deps.adminToken), apiRouter(deps), alertsApiRouter(deps), broadcastsApiRouter(deps), triageApiRouter(deps));
  // The coordinators' dashboard and the phone simulator (HTML pages, sessions, CSRF).
  app.use(dashboardRouter(deps));

  app.use((req) => {
    throw new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(deps.log));
  return app;
}
