// What every benchmark needs: PostgreSQL and Redis (this machine's from DATABASE_URL and REDIS_URL,
// else a private cluster and a private redis-server it starts), a fresh database per run, the load
// generator, percentiles, and bench/results/<name>.json.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedRedis } from '../../src/embedded/redis-server.ts';
import { startPrivatePostgres } from './postgres.ts';
import { deploymentPrefixes } from './processes.ts';
import { dropKeysAt } from './redis-keys.ts';

interface RawRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number; max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
  '2xx': number;
}
/** The part of autocannon (which ships no types) the load helper uses. */
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  overallRate?: number;
  timeout: number;
  method: string;
  headers: Record<string, string>;
  requests: Array<{ setupRequest: (req: RawRequest) => RawRequest }>;
}) => Promise<AutocannonResult>;

export interface Services {
  redisUrl: string;
  /** Server-level URL; databases are created on it per run. */
  newDatabase(): Promise<string>;
  where: string;
  close(): Promise<void>;
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export async function services(): Promise<Services> {
  const closers: Array<() => Promise<void> | void> = [];
  let base = process.env.DATABASE_URL;
  let where = 'PostgreSQL from DATABASE_URL';
  if (!base) {
    const cluster = await startPrivatePostgres({ durable: true });
    if (!cluster)
      throw new Error(
        'bench needs PostgreSQL: set DATABASE_URL, or install PostgreSQL so that a private cluster can be started (initdb, pg_ctl)',
      );
    closers.push(() => cluster.close());
    base = cluster.url();
    where = `a private PostgreSQL cluster on port ${cluster.port}`;
  }
  let redisUrl = process.env.REDIS_URL;
  if (redisUrl) where += ', Redis from REDIS_URL';
  else {
    const redis = await startEmbeddedRedis();
    closers.push(() => redis.stop());
    redisUrl = redis.url;
    where += `, a private redis-server at ${redis.url}`;
  }
  const created: string[] = [];
  return {
    redisUrl,
    where,
    async newDatabase() {
      const name = `sabali_bench_${randomBytes(5).toString('hex')}`;
      await admin(base, `CREATE DATABASE ${name}`);
      created.push(name);
      const u = new URL(base);
      u.pathname = `/${name}`;
      return u.toString();
    },
    async close() {
      // What the deployments of this run left in Redis (finished jobs, sessions) goes with them.
      await dropKeysAt(redisUrl, deploymentPrefixes);
      for (const name of created) await admin(base, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      for (const c of closers.reverse()) await c();
    },
  };
}

export async function query<T extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql, params)).rows;
  } finally {
    await c.end();
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function stats(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), max: s.at(-1) ?? Number.NaN };
}

export interface Load {
  url: string;
  connections: number;
  durationSeconds?: number;
  amount?: number;
  overallRate?: number;
  /** The body of the n-th request. */
  body: (n: number) => string;
}

/** Form POSTs with a new body each time, against 127.0.0.1 only. */
export async function load(l: Load) {
  if (!/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(l.url)) throw new Error(`bench targets 127.0.0.1 only, not ${l.url}`);
  let n = 0;
  const r = await autocannon({
    url: l.url,
    connections: l.connections,
    ...(l.amount ? { amount: l.amount } : { duration: l.durationSeconds ?? 10 }),
    ...(l.overallRate ? { overallRate: l.overallRate } : {}),
    timeout: 10,
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    requests: [{ setupRequest: (req) => ({ ...req, body: l.body(n++) }) }],
  });
  return {
    sent: n,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    requestsPerSecond: Math.round(r.requests.average),
    latencyMs: { p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max },
    seconds: r.duration,
  };
}

export function machine() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtEnd: loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export function writeResult(name: string, result: Record<string, unknown>): void {
  const dir = join(import.meta.dirname, '..', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${name}.json`),
    `${JSON.stringify({ ranAt: new Date().toISOString(), machine: machine(), ...result }, null, 2)}\n`,
  );
}

export const verdict = (ok: boolean) => (ok ? 'meets target' : 'MISSES target');

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, ms: number, step = 500): Promise<T | null> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, step));
  }
  return null;
}
