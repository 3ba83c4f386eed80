// Dashboard accounts: creation with validated role and regions, login with lockout after repeated
// failures, and the few changes an admin makes.
import type { Repositories } from '../db/index.ts';
import { getUnit } from '../geo/admin.ts';
import type { Logger } from '../log.ts';
import type { LoginGuard } from './login-guard.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './password.ts';
import { isRole, ROLES, type Principal } from './roles.ts';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;
export const MIN_PASSWORD_LENGTH = 10;

export class UserError extends Error {
  constructor(
    readonly code: 'invalid_email' | 'invalid_role' | 'invalid_region' | 'weak_password' | 'user_exists' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

/** One answer for every refusal (unknown email, wrong password, disabled or locked): none tells an account exists. */
export type LoginResult = { ok: true; user: Principal } | { ok: false };

type UserRow = NonNullable<Awaited<ReturnType<Repositories['users']['byId']>>>;

export function toPrincipal(u: UserRow): Principal {
  return { id: u.id, email: u.email, role: isRole(u.role) ? u.role : 'viewer', regions: u.regions };
}

function validRegions(regions: readonly string[]): string[] {
  for (const r of regions) {
    if (getUnit(r)?.level !== 'region') throw new UserError('invalid_region', `${r}: not a region P-code (ML01 to ML10)`);
  }
  return [...new Set(regions)];
}

function validPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new UserError('weak_password', `password: at least ${MIN_PASSWORD_LENGTH} characters`);
  return password;
}

export interface NewAccount {
  email: string;
  password: string;
  role: string;
  regions?: readonly string[];
  name?: string | null;
}

/** The guard is needed for login only: the users command manages accounts without Redis. */
export function createUsersService({ repos, log, guard }: { repos: Repositories; log: Logger; guard?: LoginGuard }) {
  const normEmail = (email: string) => email.trim().toLowerCase();

  return {
    async create(a: NewAccount): Promise<Principal> {
      const email = normEmail(a.email);
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new UserError('invalid_email', `email: ${a.email} is not an email address`);
      if (!isRole(a.role)) throw new UserError('invalid_role', `role: one of ${ROLES.join(', ')}`);
      const row = await repos.users
        .create({
          email,
          name: a.name ?? null,
          role: a.role,
          regions: validRegions(a.regions ?? []),
          passwordHash: await hashPassword(validPassword(a.password)),
        })
        .catch((err: unknown) => {
          if ((err as { code?: string }).code === 'user_exists') throw new UserError('user_exists', (err as Error).message);
          throw err;
        });
      log.info({ userId: row.id, role: row.role }, 'user created');
      return toPrincipal(row);
    },

    /**
     * Checks a password. Five failures on one account from one source lock that account for that source
     * for 15 minutes, even against the right password; every refusal looks alike, and the hash runs
     * every time (unknown email, locked or not) so timing does not tell them apart either.
     */
    async login(emailRaw: string, password: string, source: string): Promise<LoginResult> {
      if (!guard) throw new Error('login needs the login guard');
      const user = await repos.users.byEmail(normEmail(emailRaw));
      if (!user || user.disabledAt) {
        await burnPasswordCheck(password);
        return { ok: false };
      }
      const locked = (await guard.failures(user.id, source)) >= MAX_FAILED_LOGINS;
      const correct = await verifyPassword(password, user.passwordHash);
      if (correct && !locked) {
        await guard.clear(user.id, source);
        await repos.users.recordSuccess(user.id);
        log.info({ userId: user.id }, 'login');
        return { ok: true, user: toPrincipal(user) };
      }
      const failures = await guard.recordFailure(user.id, source);
      if (failures === MAX_FAILED_LOGINS)
        log.warn({ userId: user.id }, 'account locked for one source after repeated failed logins');
      else log.info({ userId: user.id, failures }, 'failed login');
      return { ok: false };
    },

    /** The principal behind a session, or null when the account is gone or disabled. */
    async principal(id: string): Promise<Principal | null> {
      const user = await repos.users.byId(id);
      return user && !user.disabledAt ? toPrincipal(user) : null;
    },

    /** Every account; lockedUntil: when its last lock ends, from whichever address it is locked for. */
    async list() {
      const rows = await repos.users.list();
      const locks = await Promise.all(rows.map((u) => guard?.lockedUntil(u.id, MAX_FAILED_LOGINS) ?? null));
      return rows.map((u, i) => ({
        ...toPrincipal(u),
        name: u.name,
        lockedUntil: locks[i] ?? null,
        disabledAt: u.disabledAt,
        lastLoginAt: u.lastLoginAt,
      }));
    },

    count: () => repos.users.count(),

    async update(
      emailRaw: string,
      change: { role?: string; regions?: readonly string[]; password?: string; unlock?: boolean; disabled?: boolean },
    ): Promise<Principal> {
      const user = await repos.users.byEmail(normEmail(emailRaw));
      if (!user) throw new UserError('not_found', `no user ${emailRaw}`);
      if (change.role !== undefined && !isRole(change.role))
        throw new UserError('invalid_role', `role: one of ${ROLES.join(', ')}`);
      const row = await repos.users.update(user.id, {
        ...(change.role !== undefined ? { role: change.role } : {}),
        ...(change.regions !== undefined ? { regions: validRegions(change.regions) } : {}),
        ...(change.password !== undefined ? { passwordHash: await hashPassword(validPassword(change.password)) } : {}),
        ...(change.disabled !== undefined ? { disabledAt: change.disabled ? new Date() : null } : {}),
      });
      if (change.unlock) await guard?.clearAll(user.id);
      log.info({ userId: row.id, changed: Object.keys(change) }, 'user updated');
      return toPrincipal(row);
    },
  };
}
export type UsersService = ReturnType<typeof createUsersService>;
