// Inbound messages: the durable record of every accepted callback.
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../generated/prisma/client.ts';
import { rethrowWithoutValues, sqlState } from './errors.ts';
import { microBatch } from '../lib/micro-batch.ts';

export interface NewInbound {
  channel: string;
  providerId: string;
  fromHash: string;
  fromEnc: string;
  fromIsNumber: boolean;
  to: string | null;
  text: string;
  providerDate: Date | null;
  linkId: string | null;
  networkCode: string | null;
  flags: string[];
  preset?: Preset | null;
  textFingerprint?: string | null;
}

/** What a structured channel already fixed about a report; the classifier fills the rest. */
export interface Preset {
  category?: string;
  severity?: number;
  pcode?: string;
  /** The village chosen in the menu (its name), when the reporter picked one inside the commune. */
  village?: string;
  language?: string;
}

/** Rows per statement: 14 parameters each, well under PostgreSQL's 65,535. */
const MAX_ROWS = 200;

function rowValues(d: NewInbound, id: string): Prisma.Sql {
  return Prisma.sql`(${id}::uuid, ${d.channel}, ${d.providerId}, ${d.fromHash}, ${d.fromEnc}, ${d.fromIsNumber}::boolean, ${d.to}::text, ${d.text},
    ${d.providerDate}::timestamptz, ${d.linkId}::text, ${d.networkCode}::text, ${d.flags}::text[], ${d.preset ? JSON.stringify(d.preset) : null}::jsonb, ${d.textFingerprint ?? null}::text)`;
}

/**
 * One statement for many callbacks (group commit): INSERT … ON CONFLICT DO NOTHING, then the ids of the
 * rows that were there already. Within one batch the first of two equal (channel, provider id) wins.
 */
async function insertMany(prisma: PrismaClient, rows: NewInbound[]): Promise<Array<{ id: string; duplicate: boolean }>> {
  const ids = rows.map(() => randomUUID());
  const inserted = await prisma.$queryRaw<Array<{ id: string }>>`
    INSERT INTO inbound_messages (id, channel, provider_id, from_hash, from_enc, from_is_number, "to", text, provider_date, link_id, network_code, flags, preset, text_fingerprint)
    VALUES ${Prisma.join(rows.map((row, i) => rowValues(row, ids[i]!)))}
    ON CONFLICT (channel, provider_id) DO NOTHING RETURNING id::text AS id`.catch(rethrowWithoutValues);
  const fresh = new Set(inserted.map((r) => r.id));
  const key = (channel: string, providerId: string) => `${channel}\u0000${providerId}`;
  const missing = rows.filter((_, i) => !fresh.has(ids[i]!));
  const existing = new Map<string, string>();
  if (missing.length > 0) {
    const found = await prisma.inboundMessage.findMany({
      where: { OR: missing.map((m) => ({ channel: m.channel, providerId: m.providerId })) },
      select: { id: true, channel: true, providerId: true },
    });
    for (const f of found) existing.set(key(f.channel, f.providerId), f.id);
  }
  return rows.map((row, i) => {
    if (fresh.has(ids[i]!)) return { id: ids[i]!, duplicate: false };
    const id = existing.get(key(row.channel, row.providerId));
    if (!id) throw new Error('inbound message neither inserted nor found');
    return { id, duplicate: true };
  });
}

/** Errors of one row (bad data: SQLSTATE classes 22, 23, 42) rather than of the connection: the batch is retried row by row. */
function rowLevel(err: unknown): boolean {
  return /^(22|23|42)/.test(sqlState(err) ?? '');
}

export function inboundRepository(prisma: PrismaClient) {
  const batch = microBatch<NewInbound, { id: string; duplicate: boolean }>({
    run: (rows) => insertMany(prisma, rows),
    maxItems: MAX_ROWS,
    isolateFailures: rowLevel,
  });
  return {
    /**
     * Stores a callback once per (channel, provider id); a repeat returns the first one. Resolves once
     * committed; callbacks arriving together share one statement.
     */
    insert(data: NewInbound): Promise<{ id: string; duplicate: boolean }> {
      return batch.push(data);
    },
    get(id: string) {
      return prisma.inboundMessage.findUnique({ where: { id }, include: { report: { select: { id: true, severity: true } } } });
    },
    markProcessed(id: string, reporterId: string | null) {
      return prisma.inboundMessage.update({ where: { id }, data: { state: 'processed', processedAt: new Date(), reporterId } });
    },
    async stale(olderThan: Date, limit: number): Promise<string[]> {
      const rows = await prisma.inboundMessage.findMany({
        where: { state: 'received', receivedAt: { lt: olderThan } },
        select: { id: true },
        orderBy: { receivedAt: 'asc' },
        take: limit,
      });
      return rows.map((r) => r.id);
    },
    /** When the oldest message still waiting for intake came in (null when none waits): the metrics' backlog age. */
    async oldestUnprocessed(): Promise<Date | null> {
      const row = await prisma.inboundMessage.findFirst({
        where: { state: 'received' },
        orderBy: { receivedAt: 'asc' },
        select: { receivedAt: true },
      });
      return row?.receivedAt ?? null;
    },
    /** Texts sent by many distinct numbers recently: candidate coordinated floods, for coordinators. */
    async floods(since: Date, minNumbers: number) {
      const rows = await prisma.inboundMessage.groupBy({
        by: ['textFingerprint'],
        where: { textFingerprint: { not: null }, receivedAt: { gte: since } },
        _count: { _all: true },
        _min: { receivedAt: true },
        _max: { receivedAt: true },
      });
      const out = [];
      for (const r of rows) {
        if (r._count._all < minNumbers) continue;
        const senders = await prisma.inboundMessage.findMany({
          where: { textFingerprint: r.textFingerprint, receivedAt: { gte: since } },
          select: { fromHash: true },
          distinct: ['fromHash'],
        });
        if (senders.length < minNumbers) continue;
        const sample = await prisma.inboundMessage.findFirst({
          where: { textFingerprint: r.textFingerprint },
          select: { text: true, report: { select: { reference: true, category: true, locationPcode: true } } },
        });
        out.push({
          fingerprint: r.textFingerprint!,
          messages: r._count._all,
          numbers: senders.length,
          firstAt: r._min.receivedAt,
          lastAt: r._max.receivedAt,
          text: sample?.text ?? '',
          report: sample?.report ?? null,
        });
      }
      return out.sort((a, b) => b.numbers - a.numbers);
    },
    count(where: { channel?: string; providerId?: string } = {}) {
      return prisma.inboundMessage.count({ where });
    },
  };
}
export type InboundRepository = ReturnType<typeof inboundRepository>;
