// Opens the database: PostgreSQL through adapter-pg when DATABASE_URL is set, else PGlite under DATA_DIR.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.ts';
import { migrate, type SqlRunner } from './migrator.ts';

export type Prisma = PrismaClient;

export interface Database {
  readonly prisma: PrismaClient;
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

async function openPostgres(url: string): Promise<Database> {
  const prisma = new PrismaClient({
    adapter: new PrismaPg({ connectionString: url, connectionTimeoutMillis: 3000, max: 10 }),
    errorFormat: ERROR_FORMAT,
  });
  return {
    prisma,
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
  if (opts.databaseUrl) return openPostgres(opts.databaseUrl);
  return openPglite(opts.pgliteDir ?? 'memory://');
}

export function pgliteDirFor(dataDir: string): string {
  return join(dataDir, 'pglite');
}
