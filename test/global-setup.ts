// Starts one redis-server for the whole run when REDIS_URL is unset (a fresh machine); test files
// share it with unique queue prefixes. PostgreSQL comes from DATABASE_URL, else each file uses PGlite.
import type { TestProject } from 'vitest/node';
import { startEmbeddedRedis, type EmbeddedRedis } from '../src/embedded/redis-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    databaseUrl: string;
  }
}

let redis: EmbeddedRedis | undefined;

export async function setup(project: TestProject): Promise<void> {
  const redisUrl = process.env.REDIS_URL || (redis = await startEmbeddedRedis()).url;
  project.provide('redisUrl', redisUrl);
  project.provide('databaseUrl', process.env.DATABASE_URL ?? '');
  console.log(
    `tests use ${process.env.DATABASE_URL ? 'PostgreSQL from DATABASE_URL (one database per test file)' : 'PGlite in memory (one per test file)'} and ${process.env.REDIS_URL ? 'Redis from REDIS_URL' : `an embedded redis-server at ${redisUrl}`}`,
  );
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
