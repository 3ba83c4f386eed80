// End to end at a sustained 100 reports per second for 60 s: from the callback (inbound received_at)
// to each committee's alert SMS handed to the channel (outbound sent_at), web and worker in separate
// processes as in production. Target p95 ≤ 1.5 s. Then a burst against a provider-like send rate
// (20 SMS/s) shows severity-3 alerts overtaking what was queued before them. Peak RSS of both.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, query, services, stats, verdict, waitFor, writeResult } from './lib/bench.ts';
import { benchNodeArgs, deploymentEnv, spawnGateway, type GatewayProcess } from './lib/processes.ts';
import { callback, NO_GROUPING } from './lib/traffic.ts';

const RATE = 100;
const SECONDS = Number(process.env.BENCH_E2E_SECONDS ?? 60);
const BURST = 200;
const BURST_SMS_RATE = 20;

const svc = await services();
const processes: GatewayProcess[] = [];
try {
  const databaseUrl = await svc.newDatabase();
  const env = deploymentEnv({
    DATABASE_URL: databaseUrl,
    REDIS_URL: svc.redisUrl,
    LOG_LEVEL: 'info',
    DATA_DIR: join(tmpdir(), 'sabali-bench'),
    ...NO_GROUPING,
  });
  const web = await spawnGateway({ ...env, ROLE: 'web', SEED_DEMO: 'true' });
  processes.push(web);
  // BENCH_NODE_ARGS profiles the worker under the sustained load.
  let worker = await spawnGateway(
    { ...env, ROLE: 'worker', SEED_DEMO: 'false', SMS_RATE_PER_SECOND: '1000' },
    { nodeArgs: benchNodeArgs() },
  );
  processes.push(worker);
  const url = `${web.url!.replace('localhost', '127.0.0.1')}/webhooks/africastalking/sms?key=${encodeURIComponent(env.AT_WEBHOOK_KEY!)}`;

  const backlog = async () => {
    const [r] = await query<{ unrouted: string; queued: string }>(
      databaseUrl,
      `SELECT (SELECT count(*) FROM inbound_messages i LEFT JOIN reports r ON r.inbound_id = i.id WHERE r.routed_at IS NULL) AS unrouted,
              (SELECT count(*) FROM outbound_messages WHERE state = 'queued') AS queued`,
    );
    return Number(r!.unrouted) + Number(r!.queued);
  };

  // 1. Sustained load.
  const startedAt = new Date();
  const sustained = await load({
    url,
    connections: 20,
    overallRate: RATE,
    durationSeconds: SECONDS,
    body: (n) => callback(n, undefined, 'e2e').body,
  });
  const drainedIn = await waitFor(async () => ((await backlog()) === 0 ? Date.now() : null), 180_000);
  // The worker's own CPU for the sustained load (each report: intake, routing, its SMS): what bounds its throughput.
  const workerCpuMs = worker.cpuMs();
  const rows = await query<{ ms: number; severity: number }>(
    databaseUrl,
    `SELECT EXTRACT(EPOCH FROM (o.sent_at - i.received_at)) * 1000 AS ms, a.severity
       FROM outbound_messages o JOIN alerts a ON a.id = o.alert_id JOIN reports r ON r.id = a.report_id JOIN inbound_messages i ON i.id = r.inbound_id
      WHERE o.purpose = 'alert' AND o.state = 'sent' AND i.received_at >= $1`,
    [startedAt],
  );
  const all = stats(rows.map((r) => Number(r.ms)));
  const bySeverity = Object.fromEntries(
    [3, 2, 1].map((s) => [s, stats(rows.filter((r) => r.severity === s).map((r) => Number(r.ms)))]),
  );
  const [counts] = await query<{ reports: string; alerts: string }>(
    databaseUrl,
    `SELECT (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM alerts) AS alerts`,
  );
  const rss = { web: web.peakRssMiB(), worker: worker.peakRssMiB() };

  // 2. A burst against a provider-like send rate: the send queue backs up; who goes first?
  await worker.stop();
  worker = await spawnGateway({ ...env, ROLE: 'worker', SEED_DEMO: 'false', SMS_RATE_PER_SECOND: String(BURST_SMS_RATE) });
  processes.push(worker);
  const burstAt = new Date();
  await load({ url, connections: 20, amount: BURST, body: (n) => callback(n, undefined, 'burst').body });
  await waitFor(async () => ((await backlog()) === 0 ? true : null), 120_000, 1000);
  const sends = await query<{ priority: number; created: number; sent: number }>(
    databaseUrl,
    `SELECT priority, EXTRACT(EPOCH FROM created_at) * 1000 AS created, EXTRACT(EPOCH FROM sent_at) * 1000 AS sent
       FROM outbound_messages WHERE created_at >= $1 AND state = 'sent'`,
    [burstAt],
  );
  const s = sends.map((r) => ({ priority: Number(r.priority), created: Number(r.created), sent: Number(r.sent) }));
  const urgent = s.filter((m) => m.priority === 1);
  const lower = s.filter((m) => m.priority > 1);
  const overtook = urgent.filter((u) => lower.some((l) => l.created < u.created && l.sent > u.sent)).length;
  const waitBy = (p: (x: number) => boolean) => stats(s.filter((m) => p(m.priority)).map((m) => m.sent - m.created));
  const queueWait = {
    severity3: waitBy((p) => p === 1),
    severity2: waitBy((p) => p === 2),
    severity1: waitBy((p) => p === 3),
    receipts: waitBy((p) => p >= 4),
  };
  rss.worker = Math.max(rss.worker ?? 0, worker.peakRssMiB() ?? 0);
  rss.web = web.peakRssMiB();

  const result = {
    where: svc.where,
    sustained: {
      rate: RATE,
      seconds: SECONDS,
      callbacks: sustained,
      reports: Number(counts!.reports),
      alerts: Number(counts!.alerts),
      drainedSecondsAfterLoad: drainedIn ? Math.round((drainedIn - startedAt.getTime()) / 1000 - SECONDS) : null,
      callbackToAlertSentMs: all,
      workerCpuMsPerReport: Math.round((100 * workerCpuMs) / Math.max(1, Number(counts!.reports))) / 100,
      bySeverityMs: bySeverity,
    },
    burst: {
      callbacks: BURST,
      smsPerSecond: BURST_SMS_RATE,
      sends: s.length,
      severity3Sends: urgent.length,
      severity3Overtook: overtook,
      queueWaitMs: queueWait,
    },
    peakRssMiB: rss,
    targets: {
      p95Under1000ms: all.p95 <= 1000,
      severity3Overtakes: urgent.length > 0 && queueWait.severity3.p50 < queueWait.severity1.p50,
    },
  };
  const f = (x: { p50: number; p95: number; p99: number }) =>
    `p50 ${Math.round(x.p50)} ms, p95 ${Math.round(x.p95)} ms, p99 ${Math.round(x.p99)} ms`;
  process.stdout.write(
    [
      `End to end, ${RATE} reports/s for ${SECONDS} s, web and worker processes (${svc.where})`,
      `  callbacks:                ${sustained.ok} accepted at ${sustained.requestsPerSecond} req/s (p99 ${sustained.latencyMs.p99} ms), ${sustained.non2xx + sustained.errors} refused or failed`,
      `  reports, alerts:          ${counts!.reports} reports, ${counts!.alerts} alerts, ${all.count} alert SMS; backlog drained ${result.sustained.drainedSecondsAfterLoad ?? '>180'} s after the load`,
      `  worker CPU per report:    ${result.sustained.workerCpuMsPerReport} ms (intake, routing and its SMS; at ${RATE} reports/s the worker needs ${Math.round(result.sustained.workerCpuMsPerReport * RATE) / 10} % of a core)`,
      `  callback → alert SMS:     ${f(all)} (target p95 ≤ 1000 ms: ${verdict(all.p95 <= 1000)})`,
      ...[3, 2, 1].map((sev) => `    severity ${sev}:             ${f(bySeverity[sev]!)} (${bySeverity[sev]!.count} SMS)`),
      `  burst of ${BURST} at ${BURST_SMS_RATE} SMS/s:   ${urgent.length} severity-3 alert SMS, ${overtook} of them sent before lower ones queued earlier`,
      `    time in the send queue: severity 3 p50 ${Math.round(queueWait.severity3.p50)} ms, severity 2 p50 ${Math.round(queueWait.severity2.p50)} ms, severity 1 p50 ${Math.round(queueWait.severity1.p50)} ms, receipts p50 ${Math.round(queueWait.receipts.p50)} ms`,
      `  peak RSS:                 web ${rss.web ?? '?'} MiB, worker ${rss.worker ?? '?'} MiB`,
    ].join('\n') + '\n',
  );
  writeResult('e2e', result);
} finally {
  for (const p of processes) await p.stop().catch(() => undefined);
  await svc.close();
}
