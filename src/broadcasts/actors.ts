// Who acts on a prevention message: a dashboard account (users table) named by its email, a
// coordinator or an admin, within their regions. The errors every broadcast action shares.
import type { Repositories } from '../db/index.ts';
import { canAct, inScope, isRole, type Principal } from '../users/roles.ts';

export type BroadcastErrorCode =
  | 'invalid_broadcast'
  | 'unknown_actor'
  | 'forbidden'
  | 'not_found'
  | 'not_verified'
  | 'drafter_cannot_approve'
  | 'wrong_state'
  | 'over_budget';

export class BroadcastError extends Error {
  constructor(
    readonly code: BroadcastErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function createActors(repos: Repositories) {
  return {
    async resolve(email: string): Promise<Principal> {
      const wanted = email.trim().toLowerCase();
      const user = /^[^\s@\p{Cc}]+@[^\s@\p{Cc}]+$/u.test(wanted) ? await repos.users.byEmail(wanted) : null;
      if (!user)
        throw new BroadcastError(
          'unknown_actor',
          `actor: no user with email ${wanted.slice(0, 100)}; prevention messages are drafted and approved by dashboard users`,
          { field: 'actor' },
        );
      if (user.disabledAt)
        throw new BroadcastError('forbidden', `actor: the account ${user.email} is disabled`, { field: 'actor' });
      const principal: Principal = {
        id: user.id,
        email: user.email,
        role: isRole(user.role) ? user.role : 'viewer',
        regions: user.regions,
      };
      if (!canAct(principal))
        throw new BroadcastError(
          'forbidden',
          `actor: ${user.email} is a ${principal.role}; only coordinators and admins draft, approve and send prevention messages`,
          { field: 'actor' },
        );
      return principal;
    },
    /** A coordinator limited to some regions acts only on messages for places inside them. */
    requireScope(user: Principal, zones: readonly string[]): void {
      const outside = zones.find((z) => !inScope(user, z));
      if (outside)
        throw new BroadcastError(
          'forbidden',
          `actor: ${user.email} may not act on ${outside} (outside their regions ${user.regions.join(', ')})`,
          { field: 'zones' },
        );
    },
    label: (user: Principal) => `user:${user.email}`,
  };
}
