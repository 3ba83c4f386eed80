// Shared-secret checks in constant time: the webhook key in the URL and the API bearer token.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { MACHINE, type Principal } from '../users/roles.ts';
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

export function requireBearer(expected: string): RequestHandler {
  const matches = secretCheck(expected);
  return (req, _res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match || !matches(match[1]!.trim())) {
      throw new AppError(401, 'unauthorized', 'missing or wrong bearer token');
    }
    next();
  };
}

/**
 * Who an /api request acts as: the user a bearer check put in res.locals.principal (with their role and
 * regions), else the shared admin token, which is an admin of all of Mali.
 */
export function apiPrincipal(res: Response): Principal {
  return (res.locals.principal as Principal | undefined) ?? MACHINE;
}
