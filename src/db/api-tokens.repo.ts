// Personal API tokens: their hashes, who owns them, when last used, when revoked.
import type { PrismaClient } from '../generated/prisma/client.ts';

const OWNER = { select: { id: true, email: true, role: true, regions: true, disabledAt: true } } as const;

export function apiTokensRepository(prisma: PrismaClient) {
  return {
    create(t: { userId: string; prefix: string; secretHash: string; label: string | null }) {
      return prisma.apiToken.create({ data: t });
    },
    /** The token with this prefix and its owner, revoked or not. */
    byPrefix(prefix: string) {
      return prisma.apiToken.findUnique({ where: { prefix }, include: { user: OWNER } });
    },
    byId(id: string) {
      return prisma.apiToken.findUnique({ where: { id }, include: { user: OWNER } });
    },
    /** A user's tokens, newest first; never the hash. */
    ofUser(userId: string) {
      return prisma.apiToken.findMany({
        where: { userId },
        orderBy: { createdAt: 'desc' },
        omit: { secretHash: true },
      });
    },
    /** Every live token with its owner's email, for an admin; never the hash. */
    live() {
      return prisma.apiToken.findMany({
        where: { revokedAt: null },
        orderBy: { createdAt: 'desc' },
        omit: { secretHash: true },
        include: { user: { select: { email: true } } },
      });
    },
    /** Revokes once: false when it already was. */
    async revoke(id: string): Promise<boolean> {
      const { count } = await prisma.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      return count === 1;
    },
    /** At most once a minute per token: a busy script does not write on every request. */
    async touch(id: string, now = new Date()) {
      await prisma.apiToken.updateMany({
        where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - 60_000) } }] },
        data: { lastUsedAt: now },
      });
    },
  };
}
export type ApiTokensRepository = ReturnType<typeof apiTokensRepository>;
