// The project's migrator: applies prisma/migrations once, keeps Prisma's bookkeeping, refuses after a
// recorded failure, and leaves a schema the Prisma client can use for every model.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, MIGRATIONS_DIR } from '../src/db/migrator.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('migrator', () => {
  it('has applied every migration once, with Prisma-compatible checksums', async () => {
    const rows = await t.db.prisma.$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: Date | null }[]>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    const files = listMigrations();
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const row of rows) {
      const sql = readFileSync(join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'), 'utf8');
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).not.toBeNull();
    }
  });

  it('applies nothing the second time', async () => {
    expect(await t.db.migrate()).toEqual([]);
  });

  it('refuses to run after a recorded failure, naming the migration', async () => {
    await t.db.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at) VALUES ('00000000-0000-0000-0000-00000000dead', 'x', '29991231000000_broken', now())`,
    );
    await expect(t.db.migrate()).rejects.toThrow(/29991231000000_broken failed earlier/);
    await t.db.prisma.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`);
  });

  it('leaves a schema that every model of the Prisma client can write and read', async () => {
    const p = t.db.prisma;
    const reporter = await p.reporter.create({
      data: { phoneHash: 'h1', phoneEnc: 'e1', pseudonym: 'P-TEST01', language: 'bm' },
    });
    const inbound = await p.inboundMessage.create({
      data: {
        channel: 'test',
        providerId: 'p1',
        reporterId: reporter.id,
        fromHash: 'h1',
        fromEnc: 'e1',
        fromIsNumber: true,
        to: '38021',
        text: 'x',
        providerDate: new Date(),
        linkId: 'l',
        networkCode: '61002',
        flags: ['a'],
      },
    });
    const report = await p.report.create({
      data: {
        reference: 'RTEST1',
        inboundId: inbound.id,
        reporterId: reporter.id,
        category: 'FONCIER',
        severity: 2,
        language: 'fr',
        confidence: 0.5,
        locationPcode: 'ML050303',
        locationLevel: 'commune',
        matched: ['champ'],
        classifier: 't',
        routedAt: new Date(),
      },
    });
    const committee = await p.committee.create({ data: { name: 'c', type: 'COFO', pcode: 'MLTEST', level: 'commune' } });
    const fp = await p.focalPoint.create({
      data: { committeeId: committee.id, name: 'f', phoneHash: 'h2', phoneEnc: 'e2', rank: 1, language: 'fr' },
    });
    const alert = await p.alert.create({
      data: {
        reference: 'ATEST1',
        reportId: report.id,
        committeeId: committee.id,
        category: 'FONCIER',
        severity: 2,
        locationPcode: 'ML050303',
      },
    });
    const out = await p.outboundMessage.create({
      data: {
        dedupeKey: 'k1',
        purpose: 'alert',
        channel: 'test',
        toHash: 'h2',
        toEnc: 'e2',
        text: 't',
        language: 'fr',
        encoding: 'GSM-7',
        segments: 1,
        priority: 1,
        providerMessageId: 'm1',
        alertId: alert.id,
        reportId: report.id,
        focalPointId: fp.id,
        sentAt: new Date(),
      },
    });
    await p.sendAttempt.create({
      data: { outboundId: out.id, attempt: 1, outcome: 'sent', errorCode: null, providerStatus: 'Success' },
    });
    await p.messageStatusEvent.create({
      data: { outboundId: out.id, rawStatus: 'Success', state: 'delivered', failureReason: null, applied: true },
    });
    const back = await p.outboundMessage.findUniqueOrThrow({
      where: { id: out.id },
      include: {
        sendAttempts: true,
        statusEvents: true,
        alert: {
          include: {
            report: { include: { inbound: { include: { reporter: true } } } },
            committee: { include: { focalPoints: true } },
          },
        },
      },
    });
    expect(back.alert?.report.inbound.reporter?.pseudonym).toBe('P-TEST01');
    expect(back.alert?.committee.focalPoints[0]?.rank).toBe(1);
    expect(back.sendAttempts).toHaveLength(1);
    expect(back.statusEvents[0]?.state).toBe('delivered');
    expect(back.state).toBe('queued');
    await expect(p.inboundMessage.create({ data: { ...inbound, id: undefined } as never })).rejects.toMatchObject({
      code: 'P2002',
    });
  });
});
