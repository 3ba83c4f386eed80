// `npx tsx bench/ussd.bench.ts` (or `npm run bench`): USSD hops per second and latency of the real gateway
// (its own process, ROLE=web, state in Redis, the final confirm into PostgreSQL) beside the same
// six screens on ussd-menu-builder with Redis sessions, under the same autocannon load, in the same run.
// Sabali is measured twice: every dial from a new number (its first hop reads PostgreSQL for the
// reporter's language and last place), and from numbers that have dialled before (profile in Redis).
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startEmbeddedRedis } from '../src/embedded/redis-server.ts';
import {
  autocannon,
  discoverPath,
  returningReporters,
  sessionLoad,
  smoothLoad,
  startServer,
  summarise,
  type RunFigures,
  type SmoothFigures,
} from './ussd/load.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const SMOOTH = { rate: 500, sessions: 200, seconds: SECONDS };
const RUNS = {
  rate500: { connections: 200, overallRate: 500, duration: SECONDS },
  saturated: { connections: 200, duration: SECONDS },
} as const;

async function scratchDatabase(base: string, sql: (name: string) => string, name: string) {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(sql(name));
  await admin.end();
}

const loadBefore = loadavg()[0]!;
const embedded = process.env.REDIS_URL ? undefined : await startEmbeddedRedis();
const redisUrl = process.env.REDIS_URL ?? embedded!.url;
const base = process.env.DATABASE_URL;
const scratch = `sabali_ussd_bench_${randomBytes(5).toString('hex')}`;
let databaseUrl: string | undefined;
if (base) {
  await scratchDatabase(base, (n) => `CREATE DATABASE ${n}`, scratch);
  const u = new URL(base);
  u.pathname = `/${scratch}`;
  databaseUrl = u.toString();
}

const dir = import.meta.dirname;
const sabali = await startServer(join(dir, 'ussd', 'serve-sabali.ts'), {
  REDIS_URL: redisUrl,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const peer = await startServer(join(dir, 'ussd', 'peer.ts'), { REDIS_URL: redisUrl });

try {
  // One dial each, by label, finds the inputs of a full report; the load replays them with fresh sessions.
  const place = [/^Choisir la region$/, /^Mopti$/, /^Djenne$/, /^Djenne$/, '2', '1', '1', '1'];
  const newPath = await discoverPath(sabali.url, [null, /^Francais$/, /^Vol de betail$/, ...place]);
  // Returning numbers are used once each (after a report, the next dial offers the last place first).
  const sizes = { warm: 1500, smooth500: 500 + 60 * SECONDS, rate500: 1500 + 50 * SECONDS, saturated: 700 * SECONDS };
  const phones = await returningReporters(sabali.url, sizes.warm + sizes.smooth500 + sizes.rate500 + sizes.saturated + 1);
  const returningPath = await discoverPath(sabali.url, [null, /^Vol de betail$/, ...place], phones.pop());
  let used = 0;
  const take = (n: number) => phones.slice(used, (used += n));
  const pools = {
    warm: take(sizes.warm),
    smooth500: take(sizes.smooth500),
    rate500: take(sizes.rate500),
    saturated: take(sizes.saturated),
  };
  const peerPath = await discoverPath(peer.url, [null, /^Francais$/, /^Vol de betail$/, /^Mopti$/, /^Djenne$/, /^Djenne$/]);
  const targets = [
    { name: 'sabali (new numbers)', url: sabali.url, path: newPath, returning: false },
    { name: 'sabali (returning)', url: sabali.url, path: returningPath, returning: true },
    { name: 'ussd-menu-builder', url: peer.url, path: peerPath, returning: false },
  ];
  for (const t of targets)
    await autocannon({
      url: t.url,
      connections: 50,
      duration: 3,
      requests: sessionLoad(t.url, t.path, t.returning ? pools.warm : undefined).requests,
    });

  const figures: Record<string, Record<string, (RunFigures & { serverCpuMsPerHop?: number }) | SmoothFigures>> = {};
  for (const t of targets) {
    const f = await smoothLoad(t.url, t.path, { ...SMOOTH, ...(t.returning ? { phones: pools.smooth500 } : {}) });
    (figures[t.name] ??= {}).smooth500 = f;
    process.stdout.write(
      `${t.name.padEnd(21)} smooth500 ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${f.latencyMs.p50} ms  p99 ${f.latencyMs.p99} ms (first ${f.p99ByHopMs.first}, menu ${f.p99ByHopMs.menu}, confirm ${f.p99ByHopMs.confirm})  max ${f.latencyMs.max} ms  sessions ${f.sessionsCompleted}  errors ${f.unexpected}\n`,
    );
  }
  for (const [label, opts] of Object.entries(RUNS)) {
    for (const t of targets) {
      const load = sessionLoad(t.url, t.path, t.returning ? pools[label as keyof typeof RUNS] : undefined);
      const server = t.url === peer.url ? peer : sabali;
      const cpuBefore = server.cpuMs();
      const run = summarise(
        await autocannon({ url: t.url, timeout: 10, ...opts, requests: load.requests }),
        load.stats,
        t.path.length + 1,
      );
      // The server's own CPU per hop: what the load generator and Redis on the same cores cannot blur.
      const f = { ...run, serverCpuMsPerHop: Number(((server.cpuMs() - cpuBefore) / run.requests).toFixed(3)) };
      (figures[t.name] ??= {})[label] = f;
      process.stdout.write(
        `${t.name.padEnd(21)} ${label.padEnd(9)} ${f.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${f.latencyMs.p50} ms  p99 ${f.latencyMs.p99} ms  max ${f.latencyMs.max} ms  server CPU ${f.serverCpuMsPerHop} ms/hop  sessions ${f.sessionsCompleted}  errors ${f.errors + f.non2xx + f.unexpected}\n`,
      );
    }
  }
  const stored = await sabali.stop();
  await peer.stop();

  const p = figures['ussd-menu-builder']!;
  const verdict = (name: string) => {
    const s = figures[name]!;
    const ratio = s.saturated!.requestsPerSecond / p.saturated!.requestsPerSecond;
    return {
      p99AtSmooth500Ms: { value: s.smooth500!.latencyMs.p99, target: 15, met: s.smooth500!.latencyMs.p99 <= 15 },
      p99AtAutocannonRate500Ms: {
        value: s.rate500!.latencyMs.p99,
        peer: p.rate500!.latencyMs.p99,
        note: 'autocannon sends each connection its per-second quota back to back: a 500-request burst every second',
      },
      saturatedVsPeer: { value: Number(ratio.toFixed(2)), target: 1, met: ratio >= 1 },
      serverCpuPerHopVsPeer: {
        value: Number(
          (
            (p.saturated as RunFigures & { serverCpuMsPerHop: number }).serverCpuMsPerHop /
            (s.saturated as RunFigures & { serverCpuMsPerHop: number }).serverCpuMsPerHop
          ).toFixed(2),
        ),
        note: 'hops per CPU-second of the server process, Sabali over the peer, at saturation: the throughput ratio once the load generator and Redis no longer share the cores',
      },
    };
  };
  const out = {
    ranAt: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage1m: { before: loadBefore, after: loadavg()[0] },
    },
    setup: {
      redis: process.env.REDIS_URL ? 'REDIS_URL' : 'embedded redis-server',
      database: sabali.info.database,
      sabaliRole: 'web (the HTTP edge; intake workers run apart in production)',
      hopsPerSession: Object.fromEntries(targets.map((t) => [t.name, t.path.length + 1])),
      smooth: SMOOTH,
      runs: RUNS,
      reportsStoredBySabali: stored.reportsStored ?? null,
    },
    results: figures,
    targets: { 'sabali (new numbers)': verdict('sabali (new numbers)'), 'sabali (returning)': verdict('sabali (returning)') },
  };
  mkdirSync(join(dir, 'results'), { recursive: true });
  writeFileSync(join(dir, 'results', 'ussd.json'), `${JSON.stringify(out, null, 2)}\n`);
  for (const [name, v] of Object.entries(out.targets)) {
    process.stdout.write(
      `${name}: p99 at a smooth 500 req/s ${v.p99AtSmooth500Ms.value} ms (target ≤ 15; autocannon bursts ${v.p99AtAutocannonRate500Ms.value} ms, peer ${v.p99AtAutocannonRate500Ms.peer} ms); saturated ${v.saturatedVsPeer.value}× the peer (target ≥ 1× (issue 16); per server CPU-second ${v.serverCpuPerHopVsPeer.value}×)\n`,
    );
  }
  process.stdout.write(
    `load average ${loadBefore.toFixed(1)} → ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs; wrote bench/results/ussd.json\n`,
  );
} finally {
  await sabali.stop().catch(() => undefined);
  await peer.stop().catch(() => undefined);
  await embedded?.stop();
  if (base) await scratchDatabase(base, (n) => `DROP DATABASE IF EXISTS ${n} WITH (FORCE)`, scratch);
}
