// `npm run -s audit -- verify`: walks the whole audit log and checks every hash link; exit 1 on tampering.
import { alertsRepository } from '../db/alerts.repo.ts';
import { runCli, withConfiguredDatabase } from '../db/cli.ts';
import { verifyChain, type AuditRow } from '../db/audit-chain.ts';

runCli(
  'audit',
  async () => {
    if (process.argv[2] !== 'verify') {
      process.stderr.write('usage: npm run -s audit -- verify\n');
      return 2;
    }
    return withConfiguredDatabase(async (db) => {
      const repo = alertsRepository(db.prisma);
      await repo.sealAudit(); // what has committed is checked too, not only what the sealer reached
      const rows: AuditRow[] = [];
      for await (const r of repo.auditChain()) rows.push(r);
      const result = verifyChain(rows);
      if (result.ok) {
        process.stdout.write(`audit log intact: ${result.entries} entries, every hash link holds\n`);
        return 0;
      }
      process.stdout.write(`audit log TAMPERED at entry seq ${result.seq}: ${result.problem}\n`);
      return 1;
    });
  },
  2,
);
