// `npm run bench`: runs every bench/*.bench.ts in turn (each prints its figures and writes
// bench/results/<name>.json), then merges them into bench/results.json with the machine they ran on.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .map((f) => f.replace(/\.bench\.ts$/, ''))
  .filter((name) => only.length === 0 || only.includes(name))
  .sort();

/** CPU time (user + system + …) and idle time of the whole machine so far, from /proc/stat (null elsewhere). */
function cpuTimes(): { busy: number; idle: number } | null {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3]! + (fields[4] ?? 0);
    return { busy: fields.reduce((a, b) => a + b, 0) - idle, idle };
  } catch {
    return null;
  }
}

/**
 * Each bench starts on a quiet machine: what the previous one left (PostgreSQL's checkpoint and autovacuum of
 * its rows, Redis freeing its keys) would otherwise land in the next one's latencies. Flushes PostgreSQL's
 * dirty pages, then waits (at most 90 s) until the CPUs are 90 % idle over 2 s.
 */
async function settle(): Promise<void> {
  const started = Date.now();
  if (process.env.DATABASE_URL) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client
      .connect()
      .then(() => client.query('CHECKPOINT'))
      .catch(() => undefined)
      .finally(() => client.end().catch(() => undefined));
  }
  for (;;) {
    const a = cpuTimes();
    await new Promise((r) => setTimeout(r, 2000));
    const b = cpuTimes();
    if (!a || !b) return;
    const idle = (b.idle - a.idle) / Math.max(1, b.idle - a.idle + b.busy - a.busy);
    if (idle >= 0.9 || Date.now() - started > 90_000) {
      process.stdout.write(
        `(machine settled in ${((Date.now() - started) / 1000).toFixed(0)} s: ${(100 * idle).toFixed(0)} % idle)\n`,
      );
      return;
    }
  }
}

// The gateway is measured as production runs it: compiled (a build only when a source changed).
const built = spawnSync(process.execPath, [join(dir, '..', 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);
process.env.GATEWAY_ENTRY = 'dist';

// A run of some benches keeps the others' last figures.
const previous = existsSync(join(dir, 'results.json'))
  ? (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results?: Record<string, unknown> })
  : {};
const results: Record<string, unknown> = only.length ? { ...previous.results } : {};
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  await settle();
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`)], {
    stdio: 'inherit',
    env: process.env,
  });
  const out = join(dir, 'results', `${name}.json`);
  if (r.status !== 0 || !existsSync(out)) {
    failed++;
    process.stdout.write(`bench ${name} failed (exit ${r.status ?? r.signal})\n`);
    continue;
  }
  results[name] = JSON.parse(readFileSync(out, 'utf8'));
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ ranAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
process.stdout.write(
  `\nwrote bench/results.json (${benches.length - failed} benchmark(s) run${failed ? `, ${failed} failed` : ''}, ${Object.keys(results).length} in all)\n`,
);
process.exit(failed ? 1 : 0);
