// Prompts of the spoken menu recorded per language (not personal data: kept in clear).
import type { PrismaClient } from '../generated/prisma/client.ts';

export interface NewPrompt {
  lang: string;
  key: string;
  bytes: Buffer;
  contentType: string;
  durationMs: number | null;
  synthetic: boolean;
  uploadedBy: string;
}

export function voicePromptsRepository(prisma: PrismaClient) {
  return {
    /** A new recording of a prompt replaces the one before. */
    async put(p: NewPrompt): Promise<void> {
      const data = { ...p, bytes: new Uint8Array(p.bytes), size: p.bytes.length, uploadedAt: new Date() };
      await prisma.voicePrompt.upsert({ where: { lang_key: { lang: p.lang, key: p.key } }, create: data, update: data });
    },

    audio: (lang: string, key: string) =>
      prisma.voicePrompt.findUnique({
        where: { lang_key: { lang, key } },
        select: { bytes: true, contentType: true, uploadedAt: true },
      }),

    /** What is recorded, without the audio. */
    list: () =>
      prisma.voicePrompt.findMany({
        select: { lang: true, key: true, size: true, durationMs: true, synthetic: true, uploadedAt: true },
        orderBy: [{ lang: 'asc' }, { key: 'asc' }],
      }),
  };
}
export type VoicePromptsRepository = ReturnType<typeof voicePromptsRepository>;
