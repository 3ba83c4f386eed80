// The data layer's public face: open the database and get the repositories over it.
import type { Database } from './client.ts';
import { alertsRepository } from './alerts.repo.ts';
import { committeesRepository } from './committees.repo.ts';
import { inboundRepository } from './inbound.repo.ts';
import { outboundRepository } from './outbound.repo.ts';
import { reportsRepository } from './reports.repo.ts';

export { openDatabase, pgliteDirFor, type Database } from './client.ts';
export type { Page } from './reports.repo.ts';

export function createRepositories(db: Database) {
  return {
    inbound: inboundRepository(db.prisma),
    reports: reportsRepository(db.prisma),
    committees: committeesRepository(db.prisma),
    outbound: outboundRepository(db.prisma),
    alerts: alertsRepository(db.prisma),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
