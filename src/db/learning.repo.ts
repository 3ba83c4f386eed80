// Labelled examples from coordinators' corrections, for retraining the classifier.
import type { PrismaClient } from '../generated/prisma/client.ts';

export function learningRepository(prisma: PrismaClient) {
  return {
    labelledExamples() {
      return prisma.labelledExample.findMany({
        orderBy: { at: 'asc' },
        select: { text: true, category: true, severity: true, language: true, pcode: true },
      });
    },
    /** Changes whenever a correction is added: cheap to poll. */
    async version(): Promise<string> {
      const [count, last] = await Promise.all([
        prisma.labelledExample.count(),
        prisma.labelledExample.findFirst({ orderBy: { at: 'desc' }, select: { at: true } }),
      ]);
      return `${count}:${last?.at.toISOString() ?? ''}`;
    },
  };
}
export type LearningRepository = ReturnType<typeof learningRepository>;
