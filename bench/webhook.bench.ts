// SMS webhook: requests per second and p50/p99 latency of durable acceptance (stored in PostgreSQL and
// enqueued in Redis before the 200) at 50 concurrent connections, beside a bare Express handler that
// parses the same body on the same machine. Targets (issue 16): ≥ 1,000 durable callbacks/s, p99 ≤ 50 ms.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { load, query, services, verdict, writeResult } from './lib/bench.ts';
import { cpuMsOf, deploymentEnv, peakRssMiB, spawnGateway } from './lib/processes.ts';
import { callback } from './lib/traffic.ts';

const CONNECTIONS = 50;
const SECONDS = 15;
const WARMUP_SECONDS = 3;

async function startBare(): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'lib', 'bare-server.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare server exited (${code})`)));
    child.stdout!.on('data', (d: Buffer) => {
      const m = /bare (http:\/\/\S+)/.exec(d.toString());
      if (m) resolve(m[1]!);
    });
  });
  child.removeAllListeners('exit');
  return { url, pid: child.pid!, stop: () => child.kill('SIGTERM') };
}

const svc = await services();
const run = Math.random().toString(36).slice(2, 8);
try {
  const bare = await startBare();
  const bareUrl = `${bare.url}/webhooks/africastalking/sms`;
  await load({
    url: bareUrl,
    connections: CONNECTIONS,
    durationSeconds: WARMUP_SECONDS,
    body: (n) => callback(n, undefined, `w${run}`).body,
  });
  const bareCpu0 = cpuMsOf(bare.pid);
  const baseline = await load({
    url: bareUrl,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    body: (n) => callback(n, undefined, `b${run}`).body,
  });
  const bareCpuPerRequest = (cpuMsOf(bare.pid) - bareCpu0) / baseline.sent;
  const bareRss = peakRssMiB(bare.pid);
  bare.stop();

  const databaseUrl = await svc.newDatabase();
  const env = deploymentEnv({
    ROLE: 'web',
    DATABASE_URL: databaseUrl,
    REDIS_URL: svc.redisUrl,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'info',
    DATA_DIR: join(tmpdir(), 'sabali-bench'),
  });
  const web = await spawnGateway(env);
  const url = `${web.url!.replace('localhost', '127.0.0.1')}/webhooks/africastalking/sms?key=${encodeURIComponent(env.AT_WEBHOOK_KEY!)}`;
  await load({
    url,
    connections: CONNECTIONS,
    durationSeconds: WARMUP_SECONDS,
    body: (n) => callback(n, undefined, `x${run}`).body,
  });
  const measuredRun = `g${run}`;
  const webCpu0 = web.cpuMs();
  const gateway = await load({
    url,
    connections: CONNECTIONS,
    durationSeconds: SECONDS,
    body: (n) => callback(n, undefined, measuredRun).body,
  });
  const webCpuPerRequest = (web.cpuMs() - webCpu0) / gateway.sent;
  const webRss = web.peakRssMiB();
  await web.stop();

  // Durable: every 200 is a stored row and an intake job waiting in Redis (no worker ran).
  const [counts] = await query<{ stored: string; total: string }>(
    databaseUrl,
    `SELECT count(*) FILTER (WHERE provider_id LIKE $1) AS stored, count(*) AS total FROM inbound_messages`,
    [`ATXid_${measuredRun}_%`],
  );
  const stored = Number(counts!.stored);
  const totalRows = Number(counts!.total);
  const connection = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
  const intake = new Queue('intake', { connection, prefix: env.QUEUE_PREFIX! });
  const queued = await intake.getJobCountByTypes('wait', 'prioritized');
  await intake.obliterate({ force: true });
  await intake.close();
  connection.disconnect();

  const ratio = gateway.requestsPerSecond / baseline.requestsPerSecond;
  const result = {
    where: svc.where,
    connections: CONNECTIONS,
    seconds: SECONDS,
    bare: { ...baseline, peakRssMiB: bareRss, cpuMsPerRequest: Number(bareCpuPerRequest.toFixed(3)) },
    webhook: { ...gateway, stored, peakRssMiB: webRss, cpuMsPerRequest: Number(webCpuPerRequest.toFixed(3)) },
    throughputRatio: Number(ratio.toFixed(2)),
    // Requests still in flight when the clock stopped are stored without their 200 being counted; a few of
    // them may miss their job when the process stops under them: the sweeper enqueues those.
    durable: stored >= gateway.ok,
    intakeJobs: queued,
    rowsWithWarmup: totalRows,
    targets: { atLeast1000PerSecond: gateway.requestsPerSecond >= 1000, p99Under50ms: gateway.latencyMs.p99 <= 50 },
  };
  const lines = [
    `SMS webhook, ${CONNECTIONS} connections, ${SECONDS} s each (${svc.where})`,
    `  bare Express handler:     ${baseline.requestsPerSecond} req/s, p50 ${baseline.latencyMs.p50} ms, p99 ${baseline.latencyMs.p99} ms`,
    `  durable acceptance:       ${gateway.requestsPerSecond} req/s, p50 ${gateway.latencyMs.p50} ms, p99 ${gateway.latencyMs.p99} ms (${gateway.ok} accepted, ${gateway.non2xx} non-2xx, ${gateway.errors} errors)`,
    `  stored and enqueued:      ${stored} rows for ${gateway.ok} answers of 200 (the rest were in flight at the end); ${queued} intake jobs for ${totalRows} rows with warm-up (any missing: stored as the process stopped, left to the sweeper)`,
    `  throughput:               ${gateway.requestsPerSecond} durable callbacks/s, ${(ratio * 100).toFixed(0)} % of bare (target ≥ 1,000/s: ${verdict(gateway.requestsPerSecond >= 1000)})`,
    `  p99 latency:              ${gateway.latencyMs.p99} ms (target ≤ 50 ms: ${verdict(gateway.latencyMs.p99 <= 50)})`,
    `  server CPU per request:   web ${webCpuPerRequest.toFixed(3)} ms, bare ${bareCpuPerRequest.toFixed(3)} ms (the web process does ${((bareCpuPerRequest / webCpuPerRequest) * 100).toFixed(0)} % of bare's requests per CPU-second; PostgreSQL, Redis and the load generator share the same cores)`,
    `  peak RSS:                 web ${webRss ?? '?'} MiB, bare ${bareRss ?? '?'} MiB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeResult('webhook', result);
} finally {
  await svc.close();
}
