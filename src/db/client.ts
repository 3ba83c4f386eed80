// Opens the database: PostgreSQL through adapter-pg over a pg pool, the one engine and driver of every
// mode (DATABASE_URL's server, or the embedded default's, which src/embedded starts).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from '../generated/prisma/client.ts';
import { migrate, type SqlRunner } from './migrator.ts';
import { statementNamer } from './statement-names.ts';

export type Prisma = PrismaClient;

/**
 * Statements run straight on the driver, past Prisma's query engine: the workers' hot paths, where
 * the engine's work per query cost more than the query. Same SQL templates (Prisma.sql), same rows.
 */
export interface SqlClient {
  query<T>(statement: Statement): Promise<T[]>;
  /** The number of rows the statement wrote. */
  execute(statement: Statement): Promise<number>;
}

/** A Prisma.sql template, or SQL text with $1… placeholders and its values. */
export type Statement = Pick<Prisma.Sql, 'text' | 'values'>;

export interface Database {
  readonly prisma: PrismaClient;
  readonly sql: SqlClient;
  readonly kind: 'postgres';
  /** Where the data lives, without credentials. */
  readonly where: string;
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string;
  /** How to name the database in start-up lines, instead of the URL without its password. */
  where?: string | undefined;
  /** Most connections this process opens to PostgreSQL (Prisma and the hot paths share them). */
  poolSize?: number;
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.password = u.password ? '***' : '';
    return u.toString();
  } catch {
    return 'postgresql://(unparseable url)';
  }
}

/** Errors without the query's arguments (an SMS text, a sealed number), since errors are logged. */
const ERROR_FORMAT = 'minimal' as const;

/**
 * A driver error as Prisma's minimal format would give it: its code and message, never the detail
 * (which can quote a value) nor the query's arguments; the code is what callers test (23505: duplicate).
 */
function driverError(err: unknown): Error {
  const e = err as { code?: unknown; message?: unknown };
  const out = new Error(`database error${typeof e.code === 'string' ? ` ${e.code}` : ''}: ${String(e.message ?? err).replace(/: ".*$/s, '')}`);
  if (typeof e.code === 'string') Object.assign(out, { code: e.code });
  return out;
}

/** A driver's query function as a SqlClient: rows, rows written, and errors as driverError gives them. */
function sqlClient<R extends { rows: unknown[] }>(run: (s: Statement) => Promise<R>, written: (r: R) => number): SqlClient {
  const guarded = async (s: Statement) => {
    try {
      return await run(s);
    } catch (err) {
      throw driverError(err);
    }
  };
  return {
    query: async <T,>(s: Statement) => (await guarded(s)).rows as T[],
    execute: async (s) => written(await guarded(s)),
  };
}

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const url = opts.databaseUrl;
  const poolSize = opts.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 3000, max: poolSize });
  // A connection dropped while idle (PostgreSQL restarted) is replaced on next use; without a listener it would end the process.
  pool.on('error', () => undefined);
  // The same for one dropped while checked out (an open transaction): the query in flight fails with the error, the process lives.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const name = statementNamer();
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: name }), errorFormat: ERROR_FORMAT });
  return {
    prisma,
    sql: sqlClient((s) => pool.query({ name: name({ sql: s.text }), text: s.text, values: s.values as unknown[] }), (r) => r.rowCount ?? 0),
    kind: 'postgres',
    where: opts.where ?? redactUrl(url),
    async migrate() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      await client.connect();
      const runner: SqlRunner = {
        query: async (sql, params) => (await client.query(sql, params)).rows,
        exec: async (sql) => void (await client.query(sql)),
      };
      try {
        return await migrate(runner);
      } finally {
        await client.end();
      }
    },
    async ping() {
      await prisma.$queryRawUnsafe('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
