// Shared-secret checks in constant time (the webhook key in the URL, the shared API token), and who an
// /api request acts as: a personal token's user, or the shared ADMIN_TOKEN as the machine it is.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { isPersonalToken } from '../users/api-tokens.service.ts';
import { canAct, MACHINE, type Principal } from '../users/roles.ts';
import { AppError } from './errors.ts';

export function safeEqual(given: string, expected: string): boolean {
  return secretCheck(expected)(given);
}

/** safeEqual against one secret, its digest computed once: a webhook key is checked on every callback. */
export function secretCheck(expected: string): (given: string) => boolean {
  const b = createHash('sha256').update(expected).digest();
  return (given) => timingSafeEqual(createHash('sha256').update(given).digest(), b);
}

export function requireWebhookKey(expected: string): RequestHandler {
  const matches = secretCheck(expected);
  return (req, _res, next) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    if (!key || !matches(key)) {
      throw new AppError(401, 'unauthorized', 'missing or wrong webhook key');
    }
    next();
  };
}

const bearerOf = (req: Request) => /^Bearer\s+(.+)$/i.exec(req.get('authorization') ?? '')?.[1]!.trim() ?? '';
const unauthorized = () => new AppError(401, 'unauthorized', 'missing or wrong bearer token');

export function requireBearer(expected: string): RequestHandler {
  const matches = secretCheck(expected);
  return (req, _res, next) => {
    const token = bearerOf(req);
    if (!token || !matches(token)) throw unauthorized();
    next();
  };
}

/**
 * The /api check: a personal token (sab_…) puts its user in res.locals.principal; the shared ADMIN_TOKEN
 * leaves it unset (apiPrincipal: the machine). Unknown, revoked, or of a disabled account: the same 401.
 */
export function requireApiToken(adminToken: string, personal: (token: string) => Promise<Principal | null>): RequestHandler {
  const matches = secretCheck(adminToken);
  return async (req, res, next) => {
    const token = bearerOf(req);
    if (token && isPersonalToken(token)) {
      const user = await personal(token);
      if (!user) throw unauthorized();
      res.locals.principal = user;
    } else if (!token || !matches(token)) throw unauthorized();
    // A viewer's token reads; every change needs a coordinator or an admin.
    if (req.method !== 'GET' && req.method !== 'HEAD' && !canAct(apiPrincipal(res)))
      throw new AppError(403, 'forbidden', `${apiPrincipal(res).email} is a viewer: read only`);
    next();
  };
}

/** Fields that once named who acts: the token does now, so a request naming someone is refused, not half-obeyed. */
const NAMING_FIELDS = ['actor', 'as', 'by', 'user', 'drafter', 'approver', 'onBehalfOf'] as const;

export function refuseNamedActor(body: unknown): void {
  if (typeof body !== 'object' || body === null) return;
  const named = NAMING_FIELDS.find((f) => Object.hasOwn(body, f));
  if (named)
    throw new AppError(
      400,
      'invalid_body',
      `${named}: not accepted; the bearer token says who acts (a personal API token, or the shared ADMIN_TOKEN as the machine)`,
      { field: named },
    );
}

/** Operators' views across all of Mali (devices, floods, outbound messages, the audit log): no region limit. */
export function requireNational(res: Response): void {
  const user = apiPrincipal(res);
  if (user.regions.length > 0)
    throw new AppError(403, 'forbidden', `this view covers all of Mali; ${user.email} is limited to ${user.regions.join(', ')}`);
}

/**
 * Who an /api request acts as: the user a bearer check put in res.locals.principal (with their role and
 * regions), else the shared admin token, which is an admin of all of Mali.
 */
export function apiPrincipal(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? MACHINE;
}
