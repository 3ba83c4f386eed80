// `npm run -s audit -- verify`: walks the whole audit log and checks every hash link; exit 1 on tampering.
import { loadConfig } from '../config.ts';
import { openDatabase, pgliteDirFor } from '../db/index.ts';
import { alertsRepository } from '../db/alerts.repo.ts';
import { verifyChain, type AuditRow } from './audit-chain.ts';

async function main(): Promise<number> {
  const [command] = process.argv.slice(2);
  if (command !== 'verify') {
    process.stderr.write('usage: npm run -s audit -- verify\n');
    return 2;
  }
  const config = loadConfig();
  const db = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: pgliteDirFor(config.dataDir) });
  try {
    const rows: AuditRow[] = [];
    for await (const r of alertsRepository(db.prisma).auditChain()) rows.push(r);
    const result = verifyChain(rows);
    if (result.ok) {
      process.stdout.write(`audit log intact: ${result.entries} entries, every hash link holds\n`);
      return 0;
    }
    process.stdout.write(`audit log TAMPERED at entry seq ${result.seq}: ${result.problem}\n`);
    return 1;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`audit: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(2);
  },
);
