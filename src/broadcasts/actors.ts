// Who acts on a prevention message: a dashboard account (by session or personal API token), a
// coordinator or an admin, within their regions; or the shared machine token. The errors every broadcast action shares.
import type { Repositories } from '../db/index.ts';
import { auditActor, canAct, inScope, isMachine, isRole, MACHINE, type Principal } from '../users/roles.ts';

export type BroadcastErrorCode =
  | 'invalid_broadcast'
  | 'unknown_actor'
  | 'forbidden'
  | 'not_found'
  | 'not_verified'
  | 'drafter_cannot_approve'
  | 'needs_person'
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
    /**
     * The person acting, as the database knows them now (a session or token may outlive a change of role);
     * the shared machine token acts as itself.
     */
    async resolve(who: Principal): Promise<Principal> {
      if (isMachine(who)) return MACHINE;
      const user = await repos.users.byId(who.id);
      if (!user) throw new BroadcastError('unknown_actor', 'your account no longer exists');
      if (user.disabledAt) throw new BroadcastError('forbidden', `the account ${user.email} is disabled`);
      const principal: Principal = {
        id: user.id,
        email: user.email,
        role: isRole(user.role) ? user.role : 'viewer',
        regions: user.regions,
      };
      if (!canAct(principal))
        throw new BroadcastError(
          'forbidden',
          `${user.email} is a ${principal.role}; only coordinators and admins draft, approve and send prevention messages`,
        );
      return principal;
    },
    /** A coordinator limited to some regions acts only on messages for places inside them. */
    requireScope(user: Principal, zones: readonly string[]): void {
      const outside = zones.find((z) => !inScope(user, z));
      if (outside)
        throw new BroadcastError(
          'forbidden',
          `${user.email} may not act on ${outside} (outside their regions ${user.regions.join(', ')})`,
          { field: 'zones' },
        );
    },
    /** The audit's actor: the person by email (as the dashboard shows it), or the machine token. */
    label: (user: Principal) => (isMachine(user) ? auditActor(user) : `user:${user.email}`),
  };
}
