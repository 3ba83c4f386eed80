// The HTTP app, built without listening: webhooks, read API, health. main.ts and the tests listen.
import express, { type Express } from 'express';
import type { Repositories } from '../db/index.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import type { Logger } from '../log.ts';
import type { DeliveryHandler } from '../alerts/delivery.ts';
import type { AlertsService } from '../alerts/alerts.service.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { apiRouter } from './api.ts';
import { alertsApiRouter } from './alerts-api.ts';
import { requireBearer } from './auth.ts';
import { AppError, errorMiddleware } from './errors.ts';
import { africasTalkingWebhooks } from './webhooks/africastalking.ts';

export interface HealthCheck {
  (): Promise<{ database: boolean; redis: boolean }>;
}

export interface AppDeps {
  webhookKey: string;
  adminToken: string;
  shortCodes: readonly string[];
  repos: Repositories;
  vault: PhoneVault;
  intake: IntakeService;
  applyDelivery: DeliveryHandler;
  alerts: AlertsService;
  health: HealthCheck;
  log: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.get('/healthz', async (_req, res) => {
    const h = await deps.health();
    const ok = h.database && h.redis;
    res.status(ok ? 200 : 503).json({ status: ok ? 'ok' : 'degraded', database: h.database ? 'ok' : 'down', redis: h.redis ? 'ok' : 'down' });
  });

  app.use('/webhooks/africastalking', africasTalkingWebhooks(deps));
  app.use('/api', requireBearer(deps.adminToken), apiRouter(deps), alertsApiRouter(deps));

  app.use((req) => {
    throw new AppError(404, 'not_found', `no route for ${req.method} ${req.path}`);
  });
  app.use(errorMiddleware(deps.log));
  return app;
}
