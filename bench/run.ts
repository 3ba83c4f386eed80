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

const results: Record<string, unknown> = {};
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(dir, `${name}.bench.ts`)], { stdio: 'inherit', env: process.env });
  const out = join(dir, 'results', `${name}.json`);
  if (r.status !== 0 || !existsSync(out)) {
    failed++;
    process.stdout.write(`bench ${name} failed (exit ${r.status ?? r.signal})\n`);
    continue;
  }
  results[name] = JSON.parse(readFileSync(out, 'utf8'));
}

const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version };
writeFileSync(join(dir, 'results.json'), `${JSON.stringify({ ranAt: new Date().toISOString(), machine, results }, null, 2)}\n`);
process.stdout.write(`\nwrote bench/results.json (${Object.keys(results).length} benchmark(s)${failed ? `, ${failed} failed` : ''})\n`);
process.exit(failed ? 1 : 0);
