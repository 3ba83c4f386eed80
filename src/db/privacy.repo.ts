// Personal data at rest: re-encryption after a key rotation, retention purge, erasure of one number,
// and reading one reporter's number for an audited reveal.
import type { PrismaClient } from '../generated/prisma/client.ts';

/** Every column that holds a sealed phone number, with its table's key. */
const SEALED_COLUMNS = [
  { table: 'reporters', column: 'phone_enc' },
  { table: 'inbound_messages', column: 'from_enc' },
  { table: 'focal_points', column: 'phone_enc' },
  { table: 'outbound_messages', column: 'to_enc' },
  { table: 'ussd_events', column: 'phone_enc' },
  { table: 'contacts', column: 'phone_enc' },
  { table: 'calls', column: 'phone_enc' },
  { table: 'calls', column: 'recording_url_enc' },
] as const;

const OPEN_ALERT_STATES = ['sent', 'delivered', 'acknowledged', 'confirmed', 'refuted', 'escalated'];

export function privacyRepository(prisma: PrismaClient) {
  async function tableExists(table: string): Promise<boolean> {
    const rows = await prisma.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1`,
      table,
    );
    return (rows[0]?.n ?? 0) > 0;
  }

  return {
    /** Re-seals up to `batch` ciphertexts per column that do not start with `currentPrefix`; returns how many. */
    async reseal(currentPrefix: string, reseal: (sealed: string) => string, batch = 200): Promise<number> {
      let done = 0;
      for (const { table, column } of SEALED_COLUMNS) {
        if (!(await tableExists(table))) continue;
        const rows = await prisma.$queryRawUnsafe<{ id: string; sealed: string }[]>(
          `SELECT id::text AS id, "${column}" AS sealed FROM "${table}" WHERE "${column}" IS NOT NULL AND "${column}" <> '' AND "${column}" NOT LIKE $1 LIMIT $2`,
          `${currentPrefix}%`,
          batch,
        );
        for (const r of rows) {
          // Conditional on the old value, so a concurrent change is never overwritten.
          done += await prisma.$executeRawUnsafe(
            `UPDATE "${table}" SET "${column}" = $1 WHERE id = $2::uuid AND "${column}" = $3`,
            reseal(r.sealed),
            r.id,
            r.sealed,
          );
        }
      }
      return done;
    },

    /**
     * Forgets the numbers of reporters last heard from before `cutoff` who have no open incident:
     * the reporter, their messages and the SMS sent to them keep everything but the number. Their calls
     * lose the number and the recording's URL, and their recordings (their voice) are deleted.
     */
    async purgeBefore(cutoff: Date): Promise<number> {
      const reporters = await prisma.reporter.findMany({
        where: {
          phoneEnc: { not: null },
          createdAt: { lt: cutoff },
          reports: {
            none: {
              OR: [{ createdAt: { gte: cutoff } }, { incident: { alerts: { some: { state: { in: OPEN_ALERT_STATES } } } } }],
            },
          },
        },
        select: { id: true, phoneHash: true },
        take: 1000,
      });
      for (const r of reporters) {
        await prisma.$transaction([
          prisma.inboundMessage.updateMany({
            where: { fromHash: r.phoneHash },
            data: { fromEnc: '', fromHash: `purged:${r.id}` },
          }),
          prisma.outboundMessage.updateMany({ where: { toHash: r.phoneHash }, data: { toEnc: '', toHash: `purged:${r.id}` } }),
          prisma.recording.deleteMany({
            where: { OR: [{ call: { phoneHash: r.phoneHash } }, { report: { reporterId: r.id } }] },
          }),
          prisma.call.updateMany({
            where: { phoneHash: r.phoneHash },
            data: { phoneEnc: null, recordingUrlEnc: null, phoneHash: `purged:${r.id}` },
          }),
          prisma.reporter.update({ where: { id: r.id }, data: { phoneEnc: null, phoneHash: `purged:${r.id}` } }),
        ]);
      }
      // A call's own copy of a number (a missed call never made a report, a focal point called) is not
      // needed once the call is that old: the number and the recording's URL go, the call's facts stay.
      await prisma.call.updateMany({
        where: { createdAt: { lt: cutoff }, OR: [{ phoneEnc: { not: null } }, { recordingUrlEnc: { not: null } }] },
        data: { phoneEnc: null, recordingUrlEnc: null },
      });
      return reporters.length;
    },

    /** Erases everything about one number (by its hash): texts blanked, numbers gone, reporter deleted. */
    async erase(phoneHash: string): Promise<{ messages: number; sent: number; reporter: boolean }> {
      const tag = `erased:${Date.now().toString(36)}`;
      const [inbound, outbound] = await prisma.$transaction([
        prisma.inboundMessage.updateMany({
          where: { fromHash: phoneHash },
          data: { fromEnc: '', fromHash: tag, text: '', flags: { push: 'erased' } },
        }),
        prisma.outboundMessage.updateMany({ where: { toHash: phoneHash }, data: { toEnc: '', toHash: tag, text: '' } }),
      ]);
      // Their voice goes with their number: recordings deleted, calls kept without number or recording URL.
      await prisma.$transaction([
        prisma.recording.deleteMany({ where: { call: { phoneHash } } }),
        prisma.call.updateMany({ where: { phoneHash }, data: { phoneEnc: null, recordingUrlEnc: null, phoneHash: tag } }),
      ]);
      // A radio host or subscriber asking to be forgotten leaves the contact list too.
      await prisma.contact.deleteMany({ where: { phoneHash } });
      if (await tableExists('ussd_events')) {
        await prisma.$executeRawUnsafe(
          `UPDATE "ussd_events" SET phone_enc = NULL, phone_hash = $2 WHERE phone_hash = $1`,
          phoneHash,
          tag,
        );
      }
      const reporter = await prisma.reporter.findUnique({ where: { phoneHash }, select: { id: true } });
      if (reporter) {
        await prisma.$transaction([
          prisma.recording.deleteMany({ where: { report: { reporterId: reporter.id } } }),
          prisma.report.updateMany({ where: { reporterId: reporter.id }, data: { reporterId: null } }),
          prisma.inboundMessage.updateMany({ where: { reporterId: reporter.id }, data: { reporterId: null } }),
          prisma.reporter.delete({ where: { id: reporter.id } }),
        ]);
      }
      return { messages: inbound.count, sent: outbound.count, reporter: Boolean(reporter) };
    },

    reporterByPseudonym(pseudonym: string) {
      return prisma.reporter.findUnique({ where: { pseudonym }, select: { id: true, pseudonym: true, phoneEnc: true } });
    },
  };
}
export type PrivacyRepository = ReturnType<typeof privacyRepository>;
