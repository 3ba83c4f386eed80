// Dashboard accounts: roles, region limits, password hashes and the failed-login counter.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface NewUser {
  email: string;
  name: string | null;
  role: string;
  regions: string[];
  passwordHash: string;
}

export class DuplicateUserError extends Error {
  readonly code = 'user_exists';
}

export function usersRepository(prisma: PrismaClient) {
  return {
    async create(u: NewUser) {
      try {
        return await prisma.user.create({ data: u });
      } catch (err) {
        if (isUniqueViolation(err)) throw new DuplicateUserError(`a user with email ${u.email} already exists`);
        throw err;
      }
    },
    byEmail(email: string) {
      return prisma.user.findUnique({ where: { email } });
    },
    byId(id: string) {
      return prisma.user.findUnique({ where: { id } });
    },
    list() {
      return prisma.user.findMany({ orderBy: { email: 'asc' } });
    },
    count() {
      return prisma.user.count();
    },
    /** One more failed attempt, counted in the database so parallel tries all count. */
    async recordFailure(id: string): Promise<number> {
      const row = await prisma.user.update({
        where: { id },
        data: { failedAttempts: { increment: 1 } },
        select: { failedAttempts: true },
      });
      return row.failedAttempts;
    },
    lock(id: string, until: Date) {
      return prisma.user.update({ where: { id }, data: { lockedUntil: until, failedAttempts: 0 } });
    },
    recordSuccess(id: string) {
      return prisma.user.update({ where: { id }, data: { failedAttempts: 0, lockedUntil: null, lastLoginAt: new Date() } });
    },
    update(
      id: string,
      data: {
        role?: string;
        regions?: string[];
        name?: string | null;
        passwordHash?: string;
        disabledAt?: Date | null;
        lockedUntil?: Date | null;
        failedAttempts?: number;
      },
    ) {
      return prisma.user.update({ where: { id }, data });
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;
