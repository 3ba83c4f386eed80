// Dashboard accounts: roles, region limits, password hashes (failed logins are counted in Redis).
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
    recordSuccess(id: string) {
      return prisma.user.update({ where: { id }, data: { lastLoginAt: new Date() } });
    },
    update(
      id: string,
      data: {
        role?: string;
        regions?: string[];
        name?: string | null;
        passwordHash?: string;
        disabledAt?: Date | null;
      },
    ) {
      return prisma.user.update({ where: { id }, data });
    },
  };
}
export type UsersRepository = ReturnType<typeof usersRepository>;
