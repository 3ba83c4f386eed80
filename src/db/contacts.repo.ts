// Contacts who receive prevention messages, and opt-outs per phone hash (mirrored on contacts and
// reporters so every sender of non-essential messages sees them).
import type { PrismaClient } from '../generated/prisma/client.ts';
import { isUniqueViolation } from './errors.ts';

export interface ContactData {
  phoneHash: string;
  phoneEnc: string;
  name: string | null;
  role: string;
  station: string | null;
  languages: string[];
  zones: string[];
  language: string;
}

export function contactsRepository(prisma: PrismaClient) {
  return {
    /** Creates or updates the contact of a number; a number that opted out stays opted out. */
    async upsert(data: ContactData): Promise<{ id: string; created: boolean }> {
      const optedOut = await prisma.optOut.findUnique({ where: { phoneHash: data.phoneHash }, select: { optedOutAt: true } });
      const existing = await prisma.contact.findUnique({ where: { phoneHash: data.phoneHash }, select: { id: true } });
      const { phoneHash, ...fields } = data;
      if (existing) {
        await prisma.contact.update({
          where: { id: existing.id },
          data: { ...fields, optedOutAt: optedOut?.optedOutAt ?? null },
        });
        return { id: existing.id, created: false };
      }
      try {
        const row = await prisma.contact.create({
          data: { ...data, optedOutAt: optedOut?.optedOutAt ?? null },
          select: { id: true },
        });
        return { id: row.id, created: true };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await prisma.contact.update({ where: { phoneHash }, data: fields, select: { id: true } });
        return { id: row.id, created: false };
      }
    },
    byHash(phoneHash: string) {
      return prisma.contact.findUnique({ where: { phoneHash } });
    },
    byId(id: string) {
      return prisma.contact.findUnique({ where: { id } });
    },
    /** The language this number is written to in: as a contact, else as a reporter; null when unknown. */
    async languageOf(phoneHash: string): Promise<string | null> {
      const contact = await prisma.contact.findUnique({ where: { phoneHash }, select: { language: true } });
      if (contact) return contact.language;
      return (await prisma.reporter.findUnique({ where: { phoneHash }, select: { language: true } }))?.language ?? null;
    },
    /** Newest first, only those with a zone in one of `regions` (region P-codes; empty: all); finer zones are matched by the caller. */
    async list(role: string | undefined, limit: number, regions: readonly string[] = []) {
      const order = [{ createdAt: 'desc' as const }, { id: 'desc' as const }];
      if (regions.length === 0) return prisma.contact.findMany({ where: role ? { role } : {}, orderBy: order, take: limit });
      const ids = await prisma.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id FROM contacts WHERE ($1 = '' OR role = $1) AND EXISTS (SELECT 1 FROM unnest(zones) z WHERE substr(z, 1, 4) = ANY(string_to_array($2, ',')))
          ORDER BY created_at DESC, id DESC LIMIT $3`,
        role ?? '',
        regions.join(','),
        limit,
      );
      return prisma.contact.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: order });
    },
    /** Contacts of these roles who have not opted out (zones are matched by the caller). */
    reachable(roles: string[]) {
      return prisma.contact.findMany({ where: { role: { in: roles }, optedOutAt: null }, orderBy: { createdAt: 'asc' } });
    },
    /** Radio hosts are trusted reporters: their reporter record starts (or is raised) at `trust`. */
    async trustAsReporter(
      phoneHash: string,
      phoneEnc: string,
      pseudonym: () => string,
      language: string,
      trust: number,
    ): Promise<void> {
      const raised = await prisma.reporter.updateMany({ where: { phoneHash, trust: { lt: trust } }, data: { trust } });
      if (raised.count > 0 || (await prisma.reporter.count({ where: { phoneHash } })) > 0) return;
      try {
        await prisma.reporter.create({ data: { phoneHash, phoneEnc, pseudonym: pseudonym(), language, trust } });
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
      }
    },
  };
}

export function optOutsRepository(prisma: PrismaClient) {
  return {
    async isOptedOut(phoneHash: string): Promise<boolean> {
      return (await prisma.optOut.count({ where: { phoneHash } })) > 0;
    },
    /** Those of these hashes that opted out. */
    async optedOutAmong(phoneHashes: string[]): Promise<Set<string>> {
      if (phoneHashes.length === 0) return new Set();
      const rows = await prisma.optOut.findMany({ where: { phoneHash: { in: phoneHashes } }, select: { phoneHash: true } });
      return new Set(rows.map((r) => r.phoneHash));
    },
    /** Idempotent: the first opt-out of a number wins; `created` is false when it had already opted out. */
    async optOut(phoneHash: string, source: string, senderId: string | null): Promise<{ created: boolean; optedOutAt: Date }> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `optout:${phoneHash}`);
        const existing = await tx.optOut.findUnique({ where: { phoneHash } });
        if (existing) return { created: false, optedOutAt: existing.optedOutAt };
        const row = await tx.optOut.create({ data: { phoneHash, source, senderId } });
        await tx.contact.updateMany({ where: { phoneHash }, data: { optedOutAt: row.optedOutAt } });
        await tx.reporter.updateMany({ where: { phoneHash }, data: { optedOutAt: row.optedOutAt } });
        return { created: true, optedOutAt: row.optedOutAt };
      });
    },
    /** START: removes the opt-out; true when there was one. */
    async optIn(phoneHash: string): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock(hashtext($1))', `optout:${phoneHash}`);
        const removed = await tx.optOut.deleteMany({ where: { phoneHash } });
        await tx.contact.updateMany({ where: { phoneHash }, data: { optedOutAt: null } });
        await tx.reporter.updateMany({ where: { phoneHash }, data: { optedOutAt: null } });
        return removed.count > 0;
      });
    },
    /** A queued message to a number that opted out meanwhile: failed, never sent. */
    async suppressQueued(outboundId: string, reason: string): Promise<boolean> {
      const moved = await prisma.outboundMessage.updateMany({
        where: { id: outboundId, state: 'queued' },
        data: { state: 'failed', lastError: reason },
      });
      return moved.count > 0;
    },
  };
}
export type ContactsRepository = ReturnType<typeof contactsRepository>;
export type OptOutsRepository = ReturnType<typeof optOutsRepository>;
