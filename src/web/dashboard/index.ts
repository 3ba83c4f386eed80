// The coordinators' dashboard and the phone simulator, server-rendered, mounted at the site root
// beside /api, /webhooks and /healthz (which it never shadows: unknown paths fall through to the 404).
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import type { AlertsService } from '../../alerts/alerts.service.ts';
import type { BroadcastsService } from '../../broadcasts/broadcasts.service.ts';
import type { ContactsService } from '../../broadcasts/contacts.service.ts';
import type { CommitteesService } from '../../committees/committees.service.ts';
import type { Repositories } from '../../db/index.ts';
import type { Logger } from '../../log.ts';
import type { PhoneVault } from '../../security/phone-vault.ts';
import type { TriageService } from '../../triage/triage.service.ts';
import type { SessionStore } from '../../users/sessions.ts';
import type { UsersService } from '../../users/users.service.ts';
import type { ApiTokensService } from '../../users/api-tokens.service.ts';
import { alertDetailRouter } from './alert-detail.ts';
import { alertsListRouter } from './alerts-list.ts';
import { authRouter, guards } from './auth.ts';
import { broadcastDetailRouter } from './broadcast-detail.ts';
import { broadcastsRouter } from './broadcasts.ts';
import { contactsRouter } from './contacts.ts';
import { messagePage } from './layout.ts';
import { simulatorRouter } from './simulator.ts';
import { triageRouter } from './triage.ts';
import { recordingsRouter } from './recordings.ts';
import { promptsRouter } from './prompts.ts';
import type { RecordingsService } from '../../voice/recordings.service.ts';
import type { PromptsService } from '../../voice/prompts.service.ts';
import { mapRouter } from './map.ts';
import { trendsRouter } from './trends.ts';
import { committeesRouter } from './committees.ts';
import { committeeEditorRouter } from './committee-editor.ts';
import { placesRouter } from './places.ts';
import { exportRouter } from './export.ts';
import type { CheckinsService } from '../../checkins/checkins.service.ts';
import type { WebhooksService } from '../../webhooks/webhooks.service.ts';
import { usersRouter } from './users.ts';
import { languagesRouter } from './languages.ts';
import type { LanguagesService } from '../../languages/languages.service.ts';
import { tokensRouter } from './tokens.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, makeCtx } from './view.ts';
import type { ErrorPage } from '../errors.ts';

const PUBLIC_DIR = fileURLToPath(new URL('../../../public', import.meta.url));

export interface DashboardDeps {
  repos: Repositories;
  /** Outbound webhooks: the export page lists the deliveries given up on. */
  subscriptions: WebhooksService;
  vault: PhoneVault;
  alerts: AlertsService;
  users: UsersService;
  /** Personal API tokens: each user's own page. */
  apiTokens: ApiTokensService;
  sessions: SessionStore;
  triage: TriageService;
  /** Callers' recordings: played (audited) and transcribed on the alert and triage pages. */
  recordings: RecordingsService;
  /** Voice prompts recorded per language. */
  prompts: PromptsService;
  /** Prevention messages and their contacts. */
  broadcasts: BroadcastsService;
  contacts: ContactsService;
  committees: CommitteesService;
  /** Native review of local-language texts and lexicon. */
  languages: LanguagesService;
  /** Check-ins: each committee's cadence, and the silent ones. */
  checkins: CheckinsService;
  dashboardOptions: { secureCookie: boolean; simulatorEnabled: boolean };
  webhookKey: string;
  log: Logger;
}

export function dashboardRouter(deps: DashboardDeps): Router {
  const router = Router();
  // An error from here on is a dashboard page's: dashboardErrorPage answers it in HTML.
  router.use((_req, res, next) => {
    res.locals.dashboardPage = true;
    next();
  });
  const g = guards(deps);
  const simulator = deps.dashboardOptions.simulatorEnabled;
  router.use('/static', express.static(PUBLIC_DIR, { maxAge: '1h', index: false, redirect: false }));
  router.use(authRouter(deps));
  router.use(alertsListRouter({ repos: deps.repos, guard: g.page, simulator }));
  router.use(
    alertDetailRouter({ repos: deps.repos, alerts: deps.alerts, vault: deps.vault, page: g.page, action: g.action, simulator }),
  );
  router.use(triageRouter({ triage: deps.triage, page: g.page, action: g.action, simulator }));
  router.use(promptsRouter({ prompts: deps.prompts, page: g.page, upload: g.upload, simulator }));
  router.use(recordingsRouter({ recordings: deps.recordings, triage: deps.triage, page: g.page, action: g.action, simulator }));
  router.use(mapRouter({ repos: deps.repos, page: g.page, simulator }));
  router.use(trendsRouter({ repos: deps.repos, page: g.page, simulator }));
  router.use(
    committeesRouter({
      repos: deps.repos,
      committees: deps.committees,
      checkins: deps.checkins,
      page: g.page,
      admin: g.admin,
      upload: g.upload,
      simulator,
    }),
  );
  router.use(committeeEditorRouter({ committees: deps.committees, page: g.page, editor: g.editor, action: g.action, simulator }));
  router.use(placesRouter({ page: g.page }));
  router.use(broadcastsRouter({ broadcasts: deps.broadcasts, page: g.page, action: g.action, simulator }));
  router.use(broadcastDetailRouter({ broadcasts: deps.broadcasts, page: g.page, action: g.action, simulator }));
  router.use(contactsRouter({ contacts: deps.contacts, page: g.page, action: g.action, upload: g.upload, simulator }));
  router.use(exportRouter({ repos: deps.repos, webhooks: deps.subscriptions, page: g.page, simulator }));
  router.use(languagesRouter({ languages: deps.languages, page: g.page, action: g.action, simulator }));
  router.use(usersRouter({ users: deps.users, page: g.page, admin: g.admin, simulator }));
  router.use(tokensRouter({ apiTokens: deps.apiTokens, page: g.page, form: g.form, simulator }));
  if (simulator)
    router.use(
      simulatorRouter({
        repos: deps.repos,
        vault: deps.vault,
        webhookKey: deps.webhookKey,
        page: g.page,
        admin: g.admin,
        adminPage: g.adminPage,
      }),
    );

  return router;
}

/**
 * The dashboard's answer to a page's error, given to the app's one error middleware (which has logged
 * it): too large (a huge CSV paste, too many fields), the session store unavailable, or an internal error
 * as a page; other refusals
 * keep the JSON answer.
 */
export const dashboardErrorPage: ErrorPage = (req, res, e) => {
  if (!res.locals.dashboardPage || (e.status !== 413 && e.status < 500)) return false;
  const ctx = res.locals.ctx ? ctxOf(res) : makeCtx(req, res, 'fr');
  // Sessions live in Redis: down or full, nobody can log in until it takes writes again. Say so, not 'an error occurred'.
  if (e.code === 'session_store_unavailable') {
    res.setHeader('Retry-After', '30');
    sendHtml(req, res, messagePage(ctx, ctx.t('errors.unavailableTitle'), ctx.t('errors.unavailable')), 503);
    return true;
  }
  const [title, text] =
    e.status === 413 ? ['errors.tooLargeTitle', 'errors.tooLarge'] : ['errors.internalTitle', 'errors.internal'];
  sendHtml(req, res, messagePage(ctx, ctx.t(title), ctx.t(text)), e.status === 413 ? 413 : 500);
  return true;
};
