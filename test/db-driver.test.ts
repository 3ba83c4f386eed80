// The driver path (Database.sql) the hot paths use: the same rows as through Prisma, and errors that
// keep their code but never quote a value.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '../src/generated/prisma/client.ts';
import { isUniqueViolation } from '../src/db/errors.ts';
import { createTestDatabase, type TestDatabase } from './helpers/database.ts';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

const insert = (id: string, providerId: string, at: Date) => Prisma.sql`
  INSERT INTO inbound_messages (id, channel, provider_id, from_hash, from_enc, from_is_number, text, provider_date, flags, preset)
  VALUES (${id}::uuid, 'test', ${providerId}, 'h', 'e', true, 'texte', ${at}::timestamptz, ${['a', 'b']}::text[], ${JSON.stringify({ category: 'FONCIER' })}::jsonb)
  RETURNING id::text AS id`;

describe('the driver path', () => {
  it('writes and reads dates, arrays, JSON and nulls as Prisma does', async () => {
    const id = randomUUID();
    const at = new Date('2026-11-29T10:11:12.345Z');
    expect(await t.db.sql.query<{ id: string }>(insert(id, `p-${id}`, at))).toEqual([{ id }]);
    const [row] = await t.db.sql.query<{ providerDate: Date; flags: string[]; preset: unknown; to: string | null; fromIsNumber: boolean }>(Prisma.sql`
      SELECT provider_date AS "providerDate", flags, preset, "to", from_is_number AS "fromIsNumber" FROM inbound_messages WHERE id = ${id}::uuid`);
    const viaPrisma = await t.db.prisma.inboundMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toEqual({ providerDate: at, flags: ['a', 'b'], preset: { category: 'FONCIER' }, to: null, fromIsNumber: true });
    expect(row!.providerDate.getTime()).toBe(viaPrisma.providerDate!.getTime());
    expect(row!.flags).toEqual(viaPrisma.flags);
    expect(row!.preset).toEqual(viaPrisma.preset);
  });

  it('counts the rows a statement wrote', async () => {
    const id = randomUUID();
    await t.db.sql.query(insert(id, `p-${id}`, new Date()));
    expect(await t.db.sql.execute(Prisma.sql`UPDATE inbound_messages SET text = 'autre' WHERE id = ${id}::uuid`)).toBe(1);
    expect(await t.db.sql.execute(Prisma.sql`UPDATE inbound_messages SET text = 'autre' WHERE id = ${randomUUID()}::uuid`)).toBe(0);
  });

  it('reports a duplicate by its code, without quoting the duplicated value', async () => {
    const id = randomUUID();
    const providerId = `secret-${randomUUID()}`;
    await t.db.sql.query(insert(id, providerId, new Date()));
    const err = await t.db.sql.query(insert(randomUUID(), providerId, new Date())).catch((e: unknown) => e);
    expect(isUniqueViolation(err)).toBe(true);
    expect(String((err as Error).message)).not.toContain(providerId);
    expect(JSON.stringify(err)).not.toContain(providerId);
  });

  it('never quotes a value it could not read', async () => {
    const err = await t.db.sql.query(Prisma.sql`SELECT ${'+22370000000'}::uuid`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('22P02');
    expect(String((err as Error).message)).not.toContain('70000000');
  });
});
