// Voice recordings: the sealed audio of a call, the report it belongs to, and a coordinator's transcript.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface NewRecording {
  callId: string;
  reportId: string | null;
  /** Already sealed (src/security/phone-vault.ts sealBytes). */
  bytes: Buffer;
  contentType: string;
  size: number;
}

const META = {
  id: true,
  callId: true,
  reportId: true,
  contentType: true,
  size: true,
  fetchedAt: true,
  transcript: true,
  transcribedAt: true,
} as const;

export function recordingsRepository(prisma: PrismaClient) {
  return {
    /** Stores a call's recording once; a second fetch of the same call keeps the first. */
    async add(r: NewRecording): Promise<{ id: string; duplicate: boolean }> {
      try {
        const row = await prisma.recording.create({ data: { ...r, bytes: new Uint8Array(r.bytes) }, select: { id: true } });
        return { id: row.id, duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.recording.findUniqueOrThrow({ where: { callId: r.callId }, select: { id: true } });
        return { id: row.id, duplicate: true };
      }
    },

    byCall: (callId: string) => prisma.recording.findUnique({ where: { callId }, select: META }),

    /** The sealed audio and what the page needs to check the reader may hear it. */
    audio: (id: string) =>
      prisma.recording.findUnique({
        where: { id },
        select: {
          id: true,
          bytes: true,
          contentType: true,
          report: { select: { id: true, locationPcode: true } },
          call: { select: { reportReference: true } },
        },
      }),

    /** Recordings of these reports, by report id (a recording stored before its report existed is linked by reference). */
    async forReports(reports: readonly { id: string; reference: string }[]) {
      if (reports.length === 0) return new Map<string, { id: string; size: number; transcript: string | null }>();
      const rows = await prisma.recording.findMany({
        where: {
          OR: [
            { reportId: { in: reports.map((r) => r.id) } },
            { reportId: null, call: { reportReference: { in: reports.map((r) => r.reference) } } },
          ],
        },
        select: { ...META, call: { select: { reportReference: true } } },
      });
      const byRef = new Map(reports.map((r) => [r.reference, r.id]));
      const out = new Map<string, { id: string; size: number; transcript: string | null }>();
      for (const row of rows) {
        const reportId = row.reportId ?? byRef.get(row.call.reportReference ?? '');
        if (reportId) out.set(reportId, { id: row.id, size: row.size, transcript: row.transcript });
      }
      return out;
    },

    reportByReference: (reference: string) =>
      prisma.report.findUnique({ where: { reference }, select: { id: true, locationPcode: true } }),

    withReport: (id: string) =>
      prisma.recording.findUnique({
        where: { id },
        select: { id: true, report: { select: { id: true, locationPcode: true } }, call: { select: { reportReference: true } } },
      }),

    linkReport: (id: string, reportId: string) => prisma.recording.update({ where: { id }, data: { reportId } }),

    saveTranscript: (id: string, transcript: string, by: string) =>
      prisma.recording.update({ where: { id }, data: { transcript, transcribedBy: by, transcribedAt: new Date() } }),
  };
}
export type RecordingsRepository = ReturnType<typeof recordingsRepository>;
