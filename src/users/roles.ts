// Who may do what on the dashboard. Pure: a user, an action, a place.
export const ROLES = ['admin', 'coordinator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
