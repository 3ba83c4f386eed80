// The HTTP app, built without listening: webhooks, read API, health. main.ts and the tests listen.
import express, { type Express, type Router } from 'express';
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
import type { CommitteesService } from '../committees/committees.service.ts';
import type { CheckinsService } from '../checkins/checkins.service.ts';
import { committeesApiRouter } from './committees-api.ts';
import { checkinsApiRouter } from './checkins-api.ts';
import { subscriptionsApiRouter } from './subscriptions-api.ts';
import { openapiRouter } from './openapi.ts';
import { requireApiToken, requireWebhookKey } from './auth.ts';
import { AppError, errorMiddleware } from './errors.ts';
import { ussdWebhooks } from './webhooks/ussd.ts';
import type { Channels } from '../channels/registry.ts';
import type { PrivacyService } from '../safety/privacy.service.ts';
import type { UssdService } from '../ussd/ussd.service.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { adminRouter, healthBody, probesRouter, requestObserver, type Health, type OpsState } from './ops.ts';
import { dashboardErrorPage, dashboardRouter, type DashboardDeps } from './dashboard/index.ts';
import { voicePromptsRouter } from './voice-prompts.ts';

export interface HealthCheck {
  (): Promise<Health>;
}

/** A provider's webhook routes (src/app/webhooks.ts), mounted under /webhooks/<name>. */
export interface ProviderWebhooks {
  name: string;
  router: Router;
}

export interface AppDeps extends Omit<DashboardDeps, 'repos' | 'vault' | 'alerts' | 'webhookKey' | 'log'> {
  webhookKey: string;
  adminToken: string;
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
  /** The operator's directory of committees and focal points. */
  committees: CommitteesService;
  /** Focal points' check-ins and committees' silence. */
  checkins: CheckinsService;
  /** Requests per minute and IP address on /api. */
  apiRatePerMinute?: number;
  /** Failed dashboard logins per 15 minutes and client address. */
  loginAttemptsPer15Min?: number;
  /** Express's 'trust proxy' (TRUST_PROXY): off unless a reverse proxy we run reports the client's address. */
  trustProxy?: boolean | number | string;
  /** Every provider's webhook routes, in the providers' order. */
  webhooks: readonly ProviderWebhooks[];
  log: Logger;
  metrics?: Metrics;
  /** Readiness (/readyz) and the queues for the dashboard; with serveAdmin, /metrics and /admin/queues too. */
  ops?: OpsState;
  /** False when a separate metrics port (METRICS_PORT) serves /metrics and the dashboard instead. */
  serveAdmin?: boolean;
}

/** The HTTP app: every route, webhooks included, behind one request-id/log/metrics middleware and one error middleware. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // req.ip (rate limits, login lockout) is X-Forwarded-For's client only when TRUST_PROXY trusts the proxy:
  // otherwise anyone could claim any address in that header.
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestObserver({ log: deps.log, metrics: deps.metrics }));
  // Provider callbacks (an SMS report, a USSD hop: most of the traffic in a surge) before the browser
  // security headers, which a provider ignores. Each route reads its form with its own limits (form.ts).
  for (const w of deps.webhooks) app.use(`/webhooks/${w.name}`, w.router);
  // Africa's Talking's USSD and bulk opt-out callbacks: not SMS channels, same key and path as its SMS ones.
  app.use('/webhooks/africastalking', requireWebhookKey(deps.webhookKey), ussdWebhooks(deps), optOutWebhooks(deps));
  // Security headers (CSP 'self' only, no sniffing, no framing, HSTS); no CORS headers are ever sent,
  // so browsers refuse cross-origin calls to the API.
  app.use(helmet());

  app.get('/healthz', async (_req, res) => {
    const h = healthBody(await deps.health());
    res.status(h.ok ? 200 : 503).json(h.body);
  });

  if (deps.ops) app.use(probesRouter(deps.ops));
  if (deps.ops && deps.metrics && deps.serveAdmin !== false)
    app.use(adminRouter({ adminToken: deps.adminToken, metrics: deps.metrics, state: deps.ops }));

  // Per-IP limit before the token check (the shared ADMIN_TOKEN or a user's personal one), so guessing is slow too (memory store: per process).
  const apiLimit = rateLimit({
    windowMs: 60_000,
    limit: deps.apiRatePerMinute ?? 300,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: () => {
      throw new AppError(429, 'too_many_requests', 'too many API requests from this address; wait a minute');
    },
  });
  app.use(
    '/api',
    apiLimit,
    requireApiToken(deps.adminToken, deps.apiTokens.authenticate),
    openapiRouter(),
    apiRouter(deps),
    alertsApiRouter(deps),
    broadcastsApiRouter(deps),
    committeesApiRouter(deps),
    checkinsApiRouter(deps),
    triageApiRouter(deps),
    subscriptionsApiRouter(deps),
  );
  // Recorded voice prompts, fetched by the provider during a call (public, only what was uploaded).
  app.use(voicePromptsRouter(deps));
  // The coordinators' dashboard and the phone simulator (HTML pages, sessions, CSRF).
  app.use(dashboardRouter(deps));

  app.use((req) => {
    throw new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(deps.log, dashboardErrorPage));
  return app;
}
