// Who may do what on the dashboard. Pure: a user, an action, a place.
export const ROLES = ['admin', 'coordinator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
/** What a new account starts as unless someone chooses more: read only. */
export const LEAST_ROLE: Role = 'viewer';

export interface Principal {
  id: string;
  email: string;
  role: Role;
  /** Region P-codes (ML05); empty: all of Mali. */
  regions: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Admins and coordinators act (transitions, triage); viewers only read. */
export function canAct(user: Principal): boolean {
  return user.role === 'admin' || user.role === 'coordinator';
}

export function isAdmin(user: Principal): boolean {
  return user.role === 'admin';
}

/** Whether a place is within the user's regions; a place-less item belongs to the national level. */
export function inScope(user: Principal, pcode: string | null): boolean {
  if (user.regions.length === 0) return true;
  return pcode !== null && user.regions.some((r) => pcode.startsWith(r));
}

export function canActOn(user: Principal, pcode: string | null): boolean {
  return canAct(user) && inScope(user, pcode);
}

/** Whether an item covering these places belongs in the user's lists: one place inside their regions is enough. */
export function touchesScope(user: Principal, pcodes: readonly string[]): boolean {
  return user.regions.length === 0 || pcodes.some((p) => inScope(user, p));
}

/** A write to a place outside the user's regions (a contact, a prevention message, a committee). */
export class OutsideRegionsError extends Error {
  readonly code = 'outside_regions';
  constructor(
    readonly pcode: string,
    readonly regions: readonly string[],
  ) {
    super(`${pcode} is outside your regions (${regions.join(', ')})`);
  }
}

/** Refuses a write unless every place is within the user's regions; names the first one outside. */
export function requireInScope(user: Principal, pcodes: readonly string[]): void {
  const outside = pcodes.find((p) => !inScope(user, p));
  if (outside !== undefined) throw new OutsideRegionsError(outside, user.regions);
}

/** Who may see a phone number in full (after an audited reveal, or in the simulator): admins only. */
export function canRevealNumbers(user: Principal): boolean {
  return isAdmin(user);
}

/** The shared ADMIN_TOKEN and the operator's command line: an admin of all of Mali, no person behind it. */
export const MACHINE: Principal = Object.freeze({
  id: 'api-admin',
  email: 'api',
  role: 'admin',
  regions: Object.freeze([]) as readonly string[],
});

export function isMachine(user: Principal): boolean {
  return user.id === MACHINE.id;
}

/** Who an action is audited as: the person (by id), or the shared machine token, which is no one in particular. */
export function auditActor(user: Principal): string {
  return isMachine(user) ? 'machine:admin-token' : `user:${user.id}`;
}
