// Login, logout and the guards of every dashboard route: a session from Redis, a user behind it,
// a CSRF token on every POST, and the role (and regions) needed to act.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Session, SessionStore } from '../../users/sessions.ts';
import type { UsersService } from '../../users/users.service.ts';
import { canAct, isAdmin } from '../../users/roles.ts';
import { safeEqual } from '../auth.ts';
import { formParser } from '../form.ts';
import { html } from './html.ts';
import { layout, messagePage } from './layout.ts';
import { cookies, sendHtml, setCookie } from './respond.ts';
import { ctxOf, makeCtx, pickLang, type Ctx } from './view.ts';

export const SESSION_COOKIE = 'sabali_sid';
const LOGIN_CSRF_COOKIE = 'sabali_login';

export interface AuthDeps {
  /** Failed login attempts per 15 minutes and client address (successful ones are not counted). */
  loginAttemptsPer15Min?: number;
  users: UsersService;
  sessions: SessionStore;
  dashboardOptions: { secureCookie: boolean; simulatorEnabled: boolean };
}

export const formBody = formParser({ bytes: 16 * 1024, fields: 50 });
/** A committee's form: up to 20 focal points of six fields each. */
const editorFormBody = formParser({ bytes: 64 * 1024, fields: 200 });
/** A contacts CSV pasted into a form: a bigger body, so it is read only once the session is known. */
const csvFormBody = formParser({ bytes: 4 * 1024 * 1024, fields: 10 });

/** Language and, when the cookie names a live session, the user. */
export function context(deps: AuthDeps): RequestHandler {
  return async (req, res, next) => {
    const ctx = makeCtx(req, res, pickLang(req, res, deps.dashboardOptions.secureCookie));
    res.locals.ctx = ctx;
    const sid = cookies(req)[SESSION_COOKIE];
    const session: Session | null = sid ? await deps.sessions.get(sid) : null;
    const user = session ? await deps.users.principal(session.userId) : null;
    if (session && user) Object.assign(ctx, { session, user, email: user.email });
    next();
  };
}

function refuse(req: Request, res: Response, status: number, key: string): void {
  const ctx = ctxOf(res);
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(status).json({ error: { code: key, message: ctx.t(`errors.${key}`) } });
    return;
  }
  sendHtml(req, res, messagePage(ctx, ctx.t(`errors.${key}Title`), ctx.t(`errors.${key}`)), status);
}

/** Logged out: a page request goes to the login page (and comes back after); a script's request or a POST gets a 401. */
export const requireUser: RequestHandler = (req, res, next) => {
  const ctx = ctxOf(res);
  if (ctx.user) return next();
  if (req.method === 'GET' && !req.get('x-requested-with') && req.accepts(['html', 'json']) === 'html') {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  refuse(req, res, 401, 'unauthenticated');
};

/** Every POST carries the session's token, in the form or in the X-CSRF-Token header. */
export const requireCsrf: RequestHandler = (req, res, next) => {
  const expected = ctxOf(res).session?.csrf;
  const given = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.get('x-csrf-token');
  if (expected && typeof given === 'string' && safeEqual(given, expected)) return next();
  refuse(req, res, 403, 'csrf');
};

export const requireActor: RequestHandler = (req, res, next) =>
  canAct(ctxOf(res).user!) ? next() : refuse(req, res, 403, 'forbidden');
export const requireAdmin: RequestHandler = (req, res, next) =>
  isAdmin(ctxOf(res).user!) ? next() : refuse(req, res, 403, 'forbidden');

/** The client's address: the socket's, or the proxy's report of it when TRUST_PROXY trusts that proxy. */
function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** Only a path on this site: never an open redirect. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') && !v.startsWith('/\\') ? v : '/';
}

function loginPage(ctx: Ctx, token: string, next: string, error?: string) {
  const { t } = ctx;
  return layout(ctx, {
    title: t('login.title'),
    active: 'none',
    body: html`<form method="post" action="/login" class="card narrow">
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <input type="hidden" name="_csrf" value="${token}"><input type="hidden" name="next" value="${next}">
  <label for="email">${t('login.email')}</label><input id="email" name="email" type="email" autocomplete="username" required autofocus>
  <label for="password">${t('login.password')}</label><input id="password" name="password" type="password" autocomplete="current-password" required>
  <button type="submit">${t('login.submit')}</button>
</form>`,
  });
}

export function authRouter(deps: AuthDeps): Router {
  const router = Router();
  const secure = deps.dashboardOptions.secureCookie;
  const freshToken = (res: Response) => {
    const token = randomBytes(24).toString('base64url');
    setCookie(res, LOGIN_CSRF_COOKIE, token, { secure, maxAgeMs: 3_600_000 });
    return token;
  };

  router.get('/login', context(deps), (req, res) => {
    const ctx = ctxOf(res);
    if (ctx.user) return res.redirect(303, safeNext(req.query.next));
    sendHtml(req, res, loginPage(ctx, freshToken(res), safeNext(req.query.next)));
  });

  // Per address as well as per account and address (users.service): guessing many accounts' passwords
  // from one place is slowed too. Only failures count, so an office behind one address can log in all day.
  // The address is the socket's, or X-Forwarded-For's when TRUST_PROXY says the proxy in front is ours.
  const loginLimit = rateLimit({
    windowMs: 15 * 60_000,
    limit: deps.loginAttemptsPer15Min ?? 30,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const ctx = ctxOf(res);
      sendHtml(
        req,
        res,
        loginPage(ctx, freshToken(res), safeNext((req.body as Record<string, string> | undefined)?.next), ctx.t('login.tooMany')),
        429,
      );
    },
  });

  router.post('/login', formBody, context(deps), loginLimit, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const expected = cookies(req)[LOGIN_CSRF_COOKIE];
    const next = safeNext(body.next);
    if (!expected || !body._csrf || !safeEqual(body._csrf, expected)) {
      return sendHtml(req, res, loginPage(ctx, freshToken(res), next, ctx.t('errors.csrf')), 403);
    }
    const result = await deps.users.login(String(body.email ?? ''), String(body.password ?? ''), clientAddress(req));
    // Unknown email, wrong password, locked account: one answer, so none of them tells an account exists.
    if (!result.ok) return sendHtml(req, res, loginPage(ctx, freshToken(res), next, ctx.t('login.invalid')), 401);
    if (ctx.session) await deps.sessions.destroy(ctx.session.id);
    const session = await deps.sessions.create(result.user.id);
    setCookie(res, SESSION_COOKIE, session.id, { secure });
    res.clearCookie(LOGIN_CSRF_COOKIE, { path: '/' });
    res.redirect(303, next);
  });

  router.post('/logout', formBody, context(deps), requireUser, requireCsrf, async (_req, res) => {
    await deps.sessions.destroy(ctxOf(res).session!.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login');
  });

  return router;
}

/** The guards of a page (GET) and of an action (POST). */
export function guards(deps: AuthDeps) {
  const ctx = context(deps);
  return {
    page: [ctx, requireUser] as RequestHandler[],
    /** A page for admins only (one simulated phone's conversation). */
    adminPage: [ctx, requireUser, requireAdmin] as RequestHandler[],
    action: [formBody, ctx, requireUser, requireCsrf, requireActor] as RequestHandler[],
    admin: [formBody, ctx, requireUser, requireCsrf, requireAdmin] as RequestHandler[],
    /** A form any logged-in user may post about their own things (their API tokens), viewers included. */
    form: [formBody, ctx, requireUser, requireCsrf] as RequestHandler[],
    /** An action whose form has many fields (a committee and its focal points). */
    editor: [ctx, requireUser, editorFormBody, requireCsrf, requireActor] as RequestHandler[],
    /** An action whose form carries a whole CSV file (contacts import). */
    upload: [ctx, requireUser, csvFormBody, requireCsrf, requireActor] as RequestHandler[],
  };
}
