// The repositories' raw statements (Prisma's $queryRaw): the same rows as Prisma's model calls, a
// duplicate or a bad row recognised by its SQLSTATE, and errors that never quote a value. The error
// shapes in the table are the ones PostgreSQL and Prisma really raise, caught here from the test database.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { createRepositories, openDatabase, type Repositories } from '../src/db/index.ts';
import { isUniqueViolation, rethrowWithoutValues, sqlState } from '../src/db/errors.ts';
import type { NewInbound } from '../src/db/inbound.repo.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let t: TestDatabase;
let repos: Repositories;
beforeAll(async () => {
  t = await createTestDatabase();
  repos = createRepositories(t.db);
});
afterAll(async () => {
  await t?.drop();
});

const SECRET = '+22370000000';

const inbound = (over: Partial<NewInbound> = {}): NewInbound => ({
  channel: 'test',
  providerId: `p-${randomUUID()}`,
  fromHash: `h-${randomUUID()}`,
  fromEnc: 'e',
  fromIsNumber: true,
  to: null,
  text: 'texte',
  providerDate: null,
  linkId: null,
  networkCode: null,
  flags: [],
  ...over,
});

const rawInsert = (providerId: string) => Prisma.sql`
  INSERT INTO inbound_messages (id, channel, provider_id, from_hash, from_enc, from_is_number, text)
  VALUES (${randomUUID()}::uuid, 'test', ${providerId}, 'h', 'e', true, 'texte')`;

/** The error a call raised (the test fails if it raised none). */
async function caught(run: () => Promise<unknown>): Promise<unknown> {
  const err = await run().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  return err;
}

describe('raw statements through the repositories', () => {
  it('write and read dates, arrays, JSON and nulls as Prisma does', async () => {
    const at = new Date('2026-11-29T10:11:12.345Z');
    const { id, duplicate } = await repos.inbound.insert(
      inbound({ providerDate: at, flags: ['a', 'b'], preset: { category: 'FONCIER' } }),
    );
    expect(duplicate).toBe(false);
    const viaPrisma = await t.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } });
    expect(viaPrisma).toMatchObject({
      providerDate: at,
      flags: ['a', 'b'],
      preset: { category: 'FONCIER' },
      to: null,
      linkId: null,
      fromIsNumber: true,
    });
    const context = await repos.intake.context(id, 60_000, { flag: 'awaiting_place', since: new Date(0) });
    expect(context).toMatchObject({
      id,
      preset: { category: 'FONCIER' },
      receivedAt: viaPrisma.receivedAt,
      state: 'received',
      report: null,
      reporter: null,
    });
    expect(context!.receivedAt.getTime()).toBe(viaPrisma.receivedAt.getTime());
  });

  it('store a repeated callback once, the first of a batch winning', async () => {
    const first = inbound();
    const [a, b, c] = await Promise.all([
      repos.inbound.insert(first),
      repos.inbound.insert({ ...first, text: 'répété' }),
      repos.inbound.insert(inbound()),
    ]);
    expect(a.duplicate).toBe(false);
    expect(b).toEqual({ id: a.id, duplicate: true });
    expect(c.duplicate).toBe(false);
    expect(await t.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id: a.id }, select: { text: true } })).toEqual({
      text: 'texte',
    });
  });

  it('retry a batch row by row when one row is bad: the others are stored', async () => {
    const good = inbound();
    const [bad, stored] = await Promise.allSettled([
      repos.inbound.insert(inbound({ text: `nul \u0000 ${SECRET}` })),
      repos.inbound.insert(good),
    ]);
    expect(bad.status).toBe('rejected');
    expect(sqlState((bad as PromiseRejectedResult).reason)).toBe('22021');
    expect(String((bad as PromiseRejectedResult).reason)).not.toContain(SECRET);
    expect(stored).toMatchObject({ status: 'fulfilled', value: { duplicate: false } });
    expect(await repos.inbound.count({ providerId: good.providerId })).toBe(1);
  });

  it('draw a new reference when the one drawn is taken', async () => {
    const taken = `R${randomUUID().slice(0, 6)}`;
    const report = (inboundId: string) => ({
      inboundId,
      reporterId: null,
      category: 'FONCIER',
      severity: 1,
      language: 'fr',
      confidence: 1,
      locationPcode: null,
      locationLevel: null,
      matched: [],
      classifier: 'test',
    });
    const one = await repos.inbound.insert(inbound());
    await repos.intake.createReport(report(one.id), () => taken);
    const two = await repos.inbound.insert(inbound());
    const refs = [taken, `${taken}B`];
    const made = await repos.intake.createReport(report(two.id), () => refs.shift()!);
    expect(made).toMatchObject({ created: true });
    expect(await t.db.prisma.report.findUniqueOrThrow({ where: { id: made!.id }, select: { reference: true } })).toEqual({
      reference: `${taken}B`,
    });
  });

  it('never quote a value they could not read', async () => {
    const err = await caught(() => repos.intake.context(SECRET, 60_000, { flag: 'awaiting_place', since: new Date(0) }));
    expect(sqlState(err)).toBe('22P02');
    expect(String(err)).not.toContain('70000000');
    expect((err as Error).stack).not.toContain('70000000');
    expect(JSON.stringify(err)).not.toContain('70000000');
    expect(String(err)).toContain('invalid input syntax for type uuid');
  });
});

describe('database errors, as raised', () => {
  const providerId = `secret-${randomUUID()}`;
  const elsewhere = async () => {
    const db = await openDatabase({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/none' });
    try {
      await db.prisma.$queryRaw`SELECT 1`;
    } finally {
      await db.close();
    }
  };
  // what raises it, PostgreSQL's SQLSTATE, a duplicate?, the value that must not show once rethrown without values
  it.each([
    [
      'a model call, duplicate key (P2002)',
      () =>
        t.db.prisma.inboundMessage.create({
          data: { channel: 'test', providerId, fromHash: 'h', fromEnc: 'e', fromIsNumber: true, text: 't' },
        }),
      '23505',
      true,
      providerId,
    ],
    ['$queryRaw, duplicate key (P2010)', () => t.db.prisma.$queryRaw(rawInsert(providerId)), '23505', true, providerId],
    [
      '$executeRaw in a transaction, duplicate key (P2010)',
      () => t.db.prisma.$transaction((tx) => tx.$executeRaw(rawInsert(providerId))),
      '23505',
      true,
      providerId,
    ],
    ['$queryRaw, text that is not a uuid', () => t.db.prisma.$queryRaw`SELECT ${SECRET}::uuid`, '22P02', false, '70000000'],
    [
      '$queryRaw, text that is not an enum value',
      () => t.db.prisma.$queryRaw`SELECT ${SECRET}::"OutboundState"`,
      '22P02',
      false,
      '70000000',
    ],
    [
      '$queryRaw, text that is not a date',
      () => t.db.prisma.$queryRaw`SELECT ${`le ${SECRET}`}::timestamptz`,
      '22007',
      false,
      '70000000',
    ],
    ['$queryRaw, a number out of range', () => t.db.prisma.$queryRaw`SELECT ${'22370000000'}::int`, '22003', false, '70000000'],
    ['$queryRaw, a NUL character', () => t.db.prisma.$queryRaw`SELECT ${`${SECRET}\u0000`}::text`, '22021', false, '70000000'],
    ['no server to reach', elsewhere, null, false, null],
  ] as const)('%s', async (_, run, state, duplicate, secret) => {
    if (state === '23505') await t.db.prisma.$executeRaw(rawInsert(providerId)).catch(() => undefined); // the first one
    const err = await caught(run);
    expect(sqlState(err)).toBe(state);
    expect(isUniqueViolation(err)).toBe(duplicate);
    const rethrown = await caught(async () => rethrowWithoutValues(err));
    expect(rethrown).toBe(err);
    expect(sqlState(rethrown)).toBe(state);
    expect(isUniqueViolation(rethrown)).toBe(duplicate);
    if (secret && (err as { code?: string }).code === 'P2010') {
      expect(String(rethrown)).not.toContain(secret);
      expect((rethrown as Error).stack).not.toContain(secret);
      expect(JSON.stringify(rethrown)).not.toContain(secret);
    }
  });
});
