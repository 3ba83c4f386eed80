// Starts what a fresh machine lacks, once for the whole run: an embedded PostgreSQL (in a temp dir)
// when DATABASE_URL is unset, a redis-server when REDIS_URL is unset. Each test file then makes a
// database of its own on that one server (test/helpers/database.ts) and unique queue prefixes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/embedded/postgres.ts';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/embedded/redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    databaseUrl: string;
  }
}

let redis: EmbeddedRedis | undefined;
let postgres: EmbeddedPostgres | undefined;
let postgresDir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  const [redisUrl, databaseUrl] = await Promise.all([
    process.env.REDIS_URL || startEmbeddedRedis().then((r) => (redis = r).url),
    process.env.DATABASE_URL ||
      startEmbeddedPostgres({
        dataDir: (postgresDir = mkdtempSync(join(tmpdir(), 'sabali-test-pg-'))),
        mode: 'server',
        ephemeral: true,
        maxConnections: 300,
      }).then((p) => (postgres = p).adminUrl),
  ]);
  project.provide('redisUrl', redisUrl);
  project.provide('databaseUrl', databaseUrl);
  console.log(
    `tests use ${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL' : `an embedded PostgreSQL at 127.0.0.1:${postgres!.port}`} (one database per test file) and ${process.env.REDIS_URL ? 'Redis from REDIS_URL' : `an embedded redis-server at ${redisUrl}`}`,
  );
}

export async function teardown(): Promise<void> {
  await Promise.all([redis?.stop(), postgres?.stop()]);
  if (postgresDir) rmSync(postgresDir, { recursive: true, force: true });
}
