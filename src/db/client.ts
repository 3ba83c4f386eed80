// Opens the database: PostgreSQL through adapter-pg over a pg pool, the one engine and driver of every
// mode (DATABASE_URL's server, or the embedded default's, which src/embedded starts).
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { migrate, type SqlRunner } from './migrator.ts';
import { statementNamer } from './statement-names.ts';

export type Prisma = PrismaClient;

export interface Database {
  readonly prisma: PrismaClient;
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
  /** Most connections this process opens to PostgreSQL. */
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

export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  const url = opts.databaseUrl;
  const poolSize = opts.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: 3000, max: poolSize });
  // A connection dropped while idle (PostgreSQL restarted) is replaced on next use; without a listener it would end the process.
  pool.on('error', () => undefined);
  // The same for one dropped while checked out (an open transaction): the query in flight fails with the error, the process lives.
  pool.on('connect', (client) => client.on('error', () => undefined));
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool, { statementNameGenerator: statementNamer() }),
    errorFormat: ERROR_FORMAT,
  });
  return {
    prisma,
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
