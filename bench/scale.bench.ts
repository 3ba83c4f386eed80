// Web and worker processes scale apart on one PostgreSQL and one Redis: a web process takes a backlog
// of reports, then one worker process, or two, works it off. Figures: reports routed per second and
// SMS sent per second (first report stored to last SMS sent), and each process's peak RSS.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, query, services, waitFor, writeResult } from './lib/bench.ts';
import { deploymentEnv, spawnGateway, type GatewayProcess } from './lib/processes.ts';
import { callback, NO_GROUPING } from './lib/traffic.ts';

const BACKLOG = Number(process.env.BENCH_SCALE_REPORTS ?? 1200);

const svc = await services();
const runs: Record<string, unknown> = {};
const lines: string[] = [`Scale: a backlog of ${BACKLOG} reports worked off by 1 and by 2 worker processes (${svc.where})`];
try {
  for (const workers of [1, 2]) {
    const processes: GatewayProcess[] = [];
    try {
      const databaseUrl = await svc.newDatabase();
      const env = deploymentEnv({
        DATABASE_URL: databaseUrl,
        REDIS_URL: svc.redisUrl,
        LOG_LEVEL: 'info',
        DATA_DIR: join(tmpdir(), 'sabali-bench'),
        SMS_RATE_PER_SECOND: '5000',
        ...NO_GROUPING,
      });
      const web = await spawnGateway({ ...env, ROLE: 'web', SEED_DEMO: 'true' });
      processes.push(web);
      const url = `${web.url!.replace('localhost', '127.0.0.1')}/webhooks/africastalking/sms?key=${encodeURIComponent(env.AT_WEBHOOK_KEY!)}`;
      const accepted = await load({
        url,
        connections: 20,
        amount: BACKLOG,
        body: (n) => callback(n, undefined, `s${workers}`).body,
      });
      const started = await Promise.all(
        Array.from({ length: workers }, () => spawnGateway({ ...env, ROLE: 'worker', SEED_DEMO: 'false' })),
      );
      processes.push(...started);
      const done = await waitFor(
        async () => {
          const [r] = await query<{ routed: string; queued: string }>(
            databaseUrl,
            `SELECT (SELECT count(*) FROM reports WHERE routed_at IS NOT NULL) AS routed, (SELECT count(*) FROM outbound_messages WHERE state = 'queued') AS queued`,
          );
          return Number(r!.routed) >= accepted.ok && Number(r!.queued) === 0;
        },
        600_000,
        500,
      );
      const [t] = await query<{ first: number; last: number; reports: string; sms: string }>(
        databaseUrl,
        `SELECT EXTRACT(EPOCH FROM (SELECT min(created_at) FROM reports)) AS first, EXTRACT(EPOCH FROM (SELECT max(sent_at) FROM outbound_messages)) AS last,
                (SELECT count(*) FROM reports) AS reports, (SELECT count(*) FROM outbound_messages WHERE state = 'sent') AS sms`,
      );
      const seconds = Number(t!.last) - Number(t!.first);
      const figures = {
        finished: Boolean(done),
        reports: Number(t!.reports),
        sms: Number(t!.sms),
        seconds: Number(seconds.toFixed(1)),
        reportsPerSecond: Math.round(Number(t!.reports) / seconds),
        smsPerSecond: Math.round(Number(t!.sms) / seconds),
        peakRssMiB: { web: web.peakRssMiB(), workers: started.map((w) => w.peakRssMiB()) },
      };
      runs[`${workers}worker`] = figures;
      lines.push(
        `  ${workers} worker process${workers > 1 ? 'es' : ''}:      ${figures.reportsPerSecond} reports/s, ${figures.smsPerSecond} SMS/s (${figures.reports} reports, ${figures.sms} SMS in ${figures.seconds} s)` +
          `; peak RSS web ${figures.peakRssMiB.web ?? '?'} MiB, worker${workers > 1 ? 's' : ''} ${figures.peakRssMiB.workers.map((m) => m ?? '?').join(' + ')} MiB`,
      );
    } finally {
      for (const p of processes) await p.stop().catch(() => undefined);
    }
  }
  const one = runs['1worker'] as { reportsPerSecond: number };
  const two = runs['2worker'] as { reportsPerSecond: number };
  const speedup = Number((two.reportsPerSecond / one.reportsPerSecond).toFixed(2));
  lines.push(`  two workers against one:  × ${speedup}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  writeResult('scale', { where: svc.where, backlog: BACKLOG, runs, speedup });
} finally {
  await svc.close();
}
