// The data layer's public face: open the database and get the repositories over it.
import type { Database } from './client.ts';
import { alertsRepository } from './alerts.repo.ts';
import { privacyRepository } from './privacy.repo.ts';
import { learningRepository } from './learning.repo.ts';
import { committeesRepository } from './committees.repo.ts';
import { inboundRepository } from './inbound.repo.ts';
import { intakeRepository } from './intake.repo.ts';
import { outboundRepository } from './outbound.repo.ts';
import { reportsRepository } from './reports.repo.ts';
import { incidentsRepository } from './incidents.repo.ts';
import { dashboardRepository } from './dashboard.repo.ts';
import { trendsRepository } from './trends.repo.ts';
import { usersRepository } from './users.repo.ts';
import { apiTokensRepository } from './api-tokens.repo.ts';
import { ussdRepository } from './ussd.repo.ts';
import { callsRepository } from './calls.repo.ts';
import { recordingsRepository } from './recordings.repo.ts';
import { voicePromptsRepository } from './voice-prompts.repo.ts';
import { contactsRepository, optOutsRepository } from './contacts.repo.ts';
import { broadcastsRepository } from './broadcasts.repo.ts';
import { webhooksRepository } from './webhooks.repo.ts';
import { languagesRepository } from './languages.repo.ts';
import { checkinsRepository } from './checkins.repo.ts';

export { openDatabase, type Database } from './client.ts';
export type { Page } from './reports.repo.ts';
export type { NewWebhookEvent } from './webhooks.repo.ts';
export type { CommitteeSigns } from './checkins.repo.ts';

export function createRepositories(db: Database) {
  return {
    inbound: inboundRepository(db.prisma),
    intake: intakeRepository(db.prisma),
    reports: reportsRepository(db.prisma),
    incidents: incidentsRepository(db.prisma),
    committees: committeesRepository(db.prisma),
    outbound: outboundRepository(db.prisma),
    alerts: alertsRepository(db.prisma),
    privacy: privacyRepository(db.prisma),
    learning: learningRepository(db.prisma),
    users: usersRepository(db.prisma),
    apiTokens: apiTokensRepository(db.prisma),
    dashboard: dashboardRepository(db.prisma),
    trends: trendsRepository(db.prisma),
    ussd: ussdRepository(db.prisma),
    calls: callsRepository(db.prisma),
    recordings: recordingsRepository(db.prisma),
    voicePrompts: voicePromptsRepository(db.prisma),
    contacts: contactsRepository(db.prisma),
    optOuts: optOutsRepository(db.prisma),
    broadcasts: broadcastsRepository(db.prisma),
    webhooks: webhooksRepository(db.prisma),
    languages: languagesRepository(db.prisma),
    checkins: checkinsRepository(db.prisma),
  };
}
export type Repositories = ReturnType<typeof createRepositories>;
