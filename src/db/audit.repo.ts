// The hash-chained audit log: appends (always inside the transaction of the change they record) and reads.
import type { PrismaClient } from '../generated/prisma/client.ts';
import { auditHash, type AuditContent } from './audit-chain.ts';

export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type AuditEntryInput = Omit<AuditContent, 'at'>;

/** Serialises appends to the audit chain: every writer takes it before reading the chain's end. */
export const AUDIT_LOCK = 72707370;

/**
 * Appends entries to the chain in the caller's transaction. Call it last in the transaction: the
 * chain's lock is then held for three round trips (lock, read the end, insert) and the commit.
 */
export async function appendAudit(tx: Tx, entries: AuditEntryInput | readonly AuditEntryInput[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries as AuditEntryInput];
  if (list.length === 0) return;
  await tx.$executeRawUnsafe('SELECT pg_advisory_xact_lock($1)', AUDIT_LOCK);
  // A statement after the lock: its snapshot sees every entry committed by the lock's previous holder.
  const last = await tx.auditEntry.findFirst({ orderBy: { seq: 'desc' }, select: { hash: true } });
  const at = new Date();
  let prevHash = last?.hash ?? null;
  const rows = list.map((entry) => {
    const content: AuditContent = { ...entry, at, details: entry.details ?? null };
    const hash = auditHash(prevHash, content);
    const row = { ...content, details: (content.details ?? undefined) as never, prevHash, hash };
    prevHash = hash;
    return row;
  });
  // One multi-row INSERT: PostgreSQL numbers the rows (seq) in the order given, which is the chain's.
  await tx.auditEntry.createMany({ data: rows });
}
