// The hash-chained audit log. A change's transaction appends its entries (one INSERT, no lock); the
// sealer links committed entries into the chain afterwards, one sealer at a time, so no transaction
// waits on the chain.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { Prisma } from '../generated/prisma/client.ts';
import { auditHash, type AuditContent } from './audit-chain.ts';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type AuditEntryInput = Omit<AuditContent, 'at'>;

/** Serialises the sealers: each takes it before reading the chain's end. */
export const AUDIT_LOCK = 72707370;

/** Appends entries in the caller's transaction: committed with the change they record, sealed soon after. */
export async function appendAudit(tx: Tx, entries: AuditEntryInput | readonly AuditEntryInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntryInput];
  if (list.length === 0) return;
  const at = new Date();
  // One multi-row INSERT: PostgreSQL numbers the rows (seq) in the order given, which the sealer keeps.
  await tx.auditEntry.createMany({
    data: list.map((entry) => ({ ...entry, at, details: (entry.details ?? undefined) as never })),
  });
}

/**
 * Links the committed entries not yet in the chain, in the order they were numbered, after the chain's
 * last entry: each gets its place, the previous entry's hash and its own. Returns how many it sealed.
 * Entries of a transaction still open are sealed by a later call.
 */
export async function sealAudit(prisma: PrismaClient, batch = 1000): Promise<number> {
  let sealed = 0;
  for (;;) {
    const n = await prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', AUDIT_LOCK);
      // Statements after the lock: their snapshot holds everything the previous sealer wrote.
      const last = await tx.auditEntry.findFirst({
        where: { chainPos: { not: null } },
        orderBy: { chainPos: 'desc' },
        select: { chainPos: true, hash: true },
      });
      const pending = await tx.auditEntry.findMany({ where: { chainPos: null }, orderBy: { seq: 'asc' }, take: batch });
      if (pending.length === 0) return 0;
      let prevHash = last?.hash ?? null;
      let pos = last?.chainPos ?? 0n;
      const seqs: bigint[] = [];
      const positions: bigint[] = [];
      const prevs: (string | null)[] = [];
      const hashes: string[] = [];
      for (const row of pending) {
        const hash = auditHash(prevHash, row);
        seqs.push(row.seq);
        positions.push(++pos);
        prevs.push(prevHash);
        hashes.push(hash);
        prevHash = hash;
      }
      await tx.$executeRaw(Prisma.sql`
        UPDATE audit_log AS a SET chain_pos = v.pos, prev_hash = v.prev, hash = v.hash
          FROM unnest(${seqs}::bigint[], ${positions}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(seq, pos, prev, hash)
         WHERE a.seq = v.seq`);
      return pending.length;
    });
    sealed += n;
    if (n < batch) return sealed;
  }
}
