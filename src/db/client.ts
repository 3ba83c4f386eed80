// Opens the database: PostgreSQL through adapter-pg when DATABASE_URL is set, else PGlite under DATA_DIR.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
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
  readonly kind: 'postgres' | 'pglite';
  /** Where the data lives, without credentials. */
  readonly where: string;
  migrate(): Promise<string[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for an in-memory database (tests). */
  pgliteDir?: string;
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

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 3000, max: poolSize });
  // A connection dropped while idle (PostgreSQL restarted) is replaced on next use; without a listener it would end the process.
  pool.on('error', () => undefined);
  const name = statementNamer();
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { statementNameGenerator: name }), errorFormat: ERROR_FORMAT });
  return {
    prisma,
    sql: sqlClient((s) => pool.query({ name: name({ sql: s.text }), text: s.text, values: s.values as unknown[] }), (r) => r.rowCount ?? 0),
    kind: 'postgres',
    where: redactUrl(url),
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

async function openPglite(dir: string): Promise<Database> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  const lite = await PGlite.create(dir);
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(lite), errorFormat: ERROR_FORMAT });
  const runner: SqlRunner = {
    query: async <T,>(sql: string, params?: unknown[]) => (await lite.query<T>(sql, params)).rows,
    exec: async (sql) => void (await lite.exec(sql)),
  };
  return {
    prisma,
    sql: sqlClient((s) => lite.query(s.text, s.values as unknown[]), (r) => r.affectedRows ?? 0),
    kind: 'pglite',
    where: dir.startsWith('memory://') ? 'PGlite in memory' : `PGlite in ${dir}`,
    migrate: () => migrate(runner),
    async ping() {
      await lite.query('SELECT 1');
    },
    async close() {
      await prisma.$disconnect();
      await lite.close();
    },
  };
}

export function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl, opts.poolSize ?? 10);
  return openPglite(opts.pgliteDir ?? 'memory://');
}

export function pgliteDirFor(dataDir: string): string {
  return join(dataDir, 'pglite');
}
