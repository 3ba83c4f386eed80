// Native reviews of local-language texts and lexicon entries, each written with its audit entry.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { appendAudit, type AuditEntryInput } from './audit.repo.ts';

export interface NewLanguageReview {
  kind: 'lexicon' | 'text';
  language: string;
  key: string;
  proposed: string | null;
  status: 'reviewed' | 'proposed';
  by: string;
}

export function languagesRepository(prisma: PrismaClient) {
  return {
    /** Every review, oldest first: a few thousand rows at most (one per item and speaker's act). */
    all() {
      return prisma.languageReview.findMany({ orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    },

    async add(review: NewLanguageReview, audit: (id: string) => AuditEntryInput) {
      return prisma.$transaction(async (tx) => {
        const saved = await tx.languageReview.create({ data: review });
        await appendAudit(tx, audit(saved.id));
        return saved;
      });
    },

    /** Accepts or rejects a proposed correction; null when there is none pending with this id. */
    async decide(id: string, status: 'accepted' | 'rejected', by: string, audit: AuditEntryInput) {
      return prisma.$transaction(async (tx) => {
        const { count } = await tx.languageReview.updateMany({
          where: { id, status: 'proposed' },
          data: { status, decidedBy: by, decidedAt: new Date() },
        });
        if (count === 0) return null;
        await appendAudit(tx, audit);
        return tx.languageReview.findUnique({ where: { id } });
      });
    },

    byId(id: string) {
      return prisma.languageReview.findUnique({ where: { id } });
    },

    /** Changes whenever a review is added or decided: cheap to poll. */
    async version(): Promise<string> {
      const [count, last, decided] = await Promise.all([
        prisma.languageReview.count(),
        prisma.languageReview.findFirst({ orderBy: { at: 'desc' }, select: { at: true } }),
        prisma.languageReview.findFirst({
          where: { decidedAt: { not: null } },
          orderBy: { decidedAt: 'desc' },
          select: { decidedAt: true },
        }),
      ]);
      return `${count}:${last?.at.toISOString() ?? ''}:${decided?.decidedAt?.toISOString() ?? ''}`;
    },
  };
}
export type LanguagesRepository = ReturnType<typeof languagesRepository>;
