// The audit chain is sealed after the fact: changes append their entries without waiting on each other,
// and the sealer links every committed entry, in order, into one verifiable chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type AuditRow } from '../src/db/audit-chain.ts';
import { appendAudit } from '../src/db/audit.repo.ts';
import { createRepositories } from '../src/db/index.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

const entry = (i: number) => ({
  entity: 'alert',
  entityId: `a${i}`,
  action: 'create',
  fromState: null,
  toState: 'sent',
  actor: 'system',
  channel: 'test',
  reason: `entry ${i}`,
  details: { i },
});

async function chain(repos: ReturnType<typeof createRepositories>): Promise<AuditRow[]> {
  const rows: AuditRow[] = [];
  for await (const r of repos.alerts.auditChain(7)) rows.push(r);
  return rows;
}

describe('the audit chain, sealed after the fact', () => {
  it('links entries of concurrent transactions, and of one held open meanwhile, into one chain', async () => {
    const { prisma } = database.db;
    const repos = createRepositories(database.db);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let appended!: () => void;
    const inside = new Promise<void>((r) => (appended = r));
    // A transaction that appends, then stays open while others commit and the sealer runs.
    const slow = prisma.$transaction(async (tx) => {
      await appendAudit(tx, [entry(1000), entry(1001)]);
      appended();
      await held;
    });
    await inside;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => prisma.$transaction((tx) => appendAudit(tx, [entry(2 * i), entry(2 * i + 1)]))),
    );
    expect(await repos.alerts.sealAudit()).toBe(40);
    expect(await repos.alerts.unsealedAudit()).toBe(0); // the open transaction's entries are not visible yet
    release();
    await slow;
    expect(await repos.alerts.unsealedAudit()).toBe(2);
    expect(await repos.alerts.sealAudit()).toBe(2);
    const rows = await chain(repos);
    expect(rows).toHaveLength(42);
    expect(verifyChain(rows)).toEqual({ ok: true, entries: 42 });
    expect(rows.slice(-2).map((r) => r.reason)).toEqual(['entry 1000', 'entry 1001']); // sealed last, chained last
    // Entries of one transaction keep the order they were given (others' may fall between them).
    const at = (i: number) => rows.findIndex((r) => r.reason === `entry ${i}`);
    for (let i = 0; i < 20; i++) expect(at(2 * i + 1)).toBeGreaterThan(at(2 * i));
  });

  it('still refuses every other change: a sealed entry, or an unsealed one whose content would change', async () => {
    const { prisma } = database.db;
    await prisma.$transaction((tx) => appendAudit(tx, entry(9000)));
    const pending = await prisma.auditEntry.findFirstOrThrow({ where: { chainPos: null } });
    await expect(
      prisma.$executeRawUnsafe(
        `UPDATE audit_log SET reason = 'rewritten', chain_pos = 99999, hash = 'x' WHERE seq = ${pending.seq}`,
      ),
    ).rejects.toThrow(/append-only/);
    const sealed = await prisma.auditEntry.findFirstOrThrow({ where: { chainPos: { not: null } } });
    await expect(prisma.$executeRawUnsafe(`UPDATE audit_log SET reason = 'rewritten' WHERE seq = ${sealed.seq}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(prisma.$executeRawUnsafe(`DELETE FROM audit_log WHERE seq = ${sealed.seq}`)).rejects.toThrow(/append-only/);
  });
});
