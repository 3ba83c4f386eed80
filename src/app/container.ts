// Composition root: builds the services of one process from the config and its connections.
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { createRepositories, type Database } from '../db/index.ts';
import { buildChannels } from './channels.ts';
import type { ReplayGuard } from '../channels/android-sms-gateway/signature.ts';
import type { SmsChannel } from '../channels/types.ts';
import { createIntakeService, type ReplyHandler } from '../intake/intake.service.ts';
import { createPlaceQuestionService } from '../intake/place-question.service.ts';
import { createClassifierService } from '../learning/classifier.service.ts';
import { createProducer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import { createOutboundService } from '../outbound/outbound.service.ts';
import { createSweeper } from '../recovery/sweeper.ts';
import { createRoutingService } from '../routing/routing.service.ts';
import { createPhoneVault } from '../security/phone-vault.ts';
import { createAlertsService } from '../alerts/alerts.service.ts';
import { createDeliveryHandler } from '../alerts/delivery.ts';
import { createRepliesService } from '../alerts/replies.service.ts';
import { createPrivacyService } from '../safety/privacy.service.ts';
import { createUsersService, LOCKOUT_MS } from '../users/users.service.ts';
import { createSessionStore } from '../users/sessions.ts';
import { createLoginGuard } from '../users/login-guard.ts';
import { createApiTokensService } from '../users/api-tokens.service.ts';
import { createTriageService } from '../triage/triage.service.ts';
import { createUssdService } from '../ussd/ussd.service.ts';
import { createVoiceService } from '../voice/voice.service.ts';
import { createCallBacksService } from '../voice/call-backs.service.ts';
import { createRecordingsService } from '../voice/recordings.service.ts';
import { CALL_AGAIN_MS, createAlertCallsService } from '../voice/alert-calls.service.ts';
import { createPromptsService } from '../voice/prompts.service.ts';
import { createAfricasTalkingVoiceCaller } from '../channels/africastalking/voice-call.ts';
import type { AfricasTalkingConfig } from '../channels/africastalking/index.ts';
import { createMetrics, type Metrics } from '../metrics/metrics.ts';
import { sendObserver } from '../metrics/hooks.ts';
import { queueSnapshot } from '../metrics/queues.ts';
import { createOptOutService } from '../broadcasts/optout.service.ts';
import { createAiringsService } from '../broadcasts/airings.service.ts';
import { createBroadcastsService } from '../broadcasts/broadcasts.service.ts';
import { createContactsService } from '../broadcasts/contacts.service.ts';
import { createCommitteesService } from '../committees/committees.service.ts';
import { createWebhooksService } from '../webhooks/webhooks.service.ts';
import { createLanguagesService } from '../languages/languages.service.ts';
import { createCheckinsService } from '../checkins/checkins.service.ts';

export interface ContainerDeps {
  config: Config;
  db: Database;
  producerConnection: Redis;
  log: Logger;
  /** Overrides the configured channel (tests). */
  channel?: SmsChannel;
  /** Redis connection for USSD sessions; the producer's when not given. */
  sessionConnection?: Redis;
  /** This process's metrics registry; a new one when not given. */
  metrics?: Metrics;
}

export async function createContainer({
  config,
  db,
  producerConnection,
  log,
  channel,
  sessionConnection,
  metrics = createMetrics(),
}: ContainerDeps) {
  const repos = createRepositories(db);
  const vault = createPhoneVault(config.phoneKeys);
  const producer = createProducer({
    connection: producerConnection,
    prefix: config.queuePrefix,
    sms: config.sms,
    webhook: config.outboundWebhooks,
    recordingBackoffMs: config.voice.recordingBackoffMs,
  });
  const channels = await buildChannels(config, log, channel);
  // Signatures of SIM gateway webhooks already accepted, shared by every web process (SET NX EX).
  const replay: ReplayGuard = {
    seen: async (signature, ttlSeconds) =>
      (await producerConnection.set(`${config.queuePrefix}:sgw-sig:${signature}`, '1', 'EX', ttlSeconds, 'NX')) !== 'OK',
  };
  const outbound = createOutboundService({
    repos,
    vault,
    producer,
    channels: channels.registry,
    log,
    onSend: sendObserver(metrics),
  });
  // Outbound webhooks: incident events written with the state moves, fanned out and delivered after the commit.
  const subscriptions = createWebhooksService({ repos, producer, vault, config: config.outboundWebhooks, log });
  // Focal points by voice (VOICE_ESCALATION): the ladder calls a severity-3 alert's primary focal point first.
  const alertCalls = createAlertCallsService({ repos, producer, log, from: config.voice.number });
  const alerts = createAlertsService({
    repos,
    vault,
    producer,
    outbound,
    escalationDelayMs: config.escalationDelayMs,
    log,
    onEvents: subscriptions.dispatch,
    ...(config.voice.escalation ? { voiceFirst: alertCalls } : {}),
  });
  const replies = createRepliesService({ repos, alerts, outbound, log });
  const applyDelivery = createDeliveryHandler({ outbound, alerts });
  const classifier = createClassifierService({ repos, log });
  const placeQuestions = createPlaceQuestionService({ repos, producer, outbound, log });
  // Prevention messages: contacts, broadcasts, radio hosts' on-air confirmations, STOP / START.
  const optout = createOptOutService({ repos, vault, outbound, log });
  const airings = createAiringsService({ repos, outbound, log });
  const broadcasts = createBroadcastsService({ repos, vault, outbound, log, defaultBudget: config.broadcastSegmentBudget });
  const contacts = createContactsService({ repos, vault, log });
  // The operator's directory of committees and focal points (API, dashboard, CLI).
  const committees = createCommitteesService({ repos, vault, log });
  // Focal points' RAS check-ins, and the reminder to a committee that missed its own.
  const checkins = createCheckinsService({ repos, vault, outbound, log });
  // Before a message is taken as a new report: STOP / START, a radio host's DIFFUSE, a focal point's
  // check-in (RAS), the answer to "where?", or a focal point's answer?
  const handleReply: ReplyHandler = async (msg) =>
    (await optout.handle(msg)) ||
    (await airings.handleAiring(msg)) ||
    (await checkins.handle(msg)) ||
    (await placeQuestions.handle(msg)) ||
    replies.handle(msg);
  const intake = createIntakeService({
    repos,
    vault,
    producer,
    classify: classifier.classify,
    classifierName: classifier.name,
    log,
    handleReply,
    // Routing is declared below; the intake job calls it only once the container is built.
    route: (reportId) => routing.route(reportId),
  });
  const ussd = createUssdService({
    redis: sessionConnection ?? producerConnection,
    repos,
    vault,
    intake,
    log,
    keyPrefix: config.queuePrefix,
  });
  // Voice (issue 21): missed calls called back, the spoken menu (recorded prompts where people recorded
  // them); reports flow like USSD ones.
  const prompts = createPromptsService({ repos, log });
  const voice = createVoiceService({
    redis: sessionConnection ?? producerConnection,
    repos,
    vault,
    intake,
    log,
    keyPrefix: config.queuePrefix,
    callBack: config.voice.callBack,
    queueCallBack: producer.callBack,
    queueRecording: producer.recording,
    recordedPrompts: prompts.recorded,
    acknowledge: (alertId, focalPointId) =>
      alerts.apply(alertId, 'acknowledge', { actor: `focal_point:${focalPointId}`, channel: 'voice' }),
    async callAgain(alertId, focalPointId) {
      const fp = await repos.alerts.focalPoint(focalPointId);
      if (fp) await alertCalls.call(alertId, fp, CALL_AGAIN_MS);
    },
  });
  // A caller's recording: fetched by a worker from the allowed hosts, sealed at rest, played audited.
  const recordings = createRecordingsService({
    repos,
    vault,
    log,
    hosts: config.voice.recordingHosts,
    maxBytes: config.voice.recordingMaxBytes,
  });
  const at = config.channelConfigs.africastalking as AfricasTalkingConfig | undefined;
  const callBacks = createCallBacksService({
    repos,
    vault,
    log,
    caller: at ? createAfricasTalkingVoiceCaller(at) : undefined,
    from: config.voice.number,
  });
  const routing = createRoutingService({
    repos,
    vault,
    outbound,
    alerts,
    incidentWindowMs: config.incidentWindowMs,
    ownNumbers: config.shortCodes,
    log,
    onEvents: subscriptions.dispatch,
  });
  const privacy = createPrivacyService({ repos, vault, retentionDays: config.retentionDays, log });
  const sweeper = createSweeper({ repos, producer, log, afterMs: config.sweep.afterMs, dispatchEvents: subscriptions.dispatch });
  // The coordinators' dashboard: accounts, sessions in Redis, triage corrections.
  const guard = createLoginGuard(sessionConnection ?? producerConnection, { prefix: config.queuePrefix, windowMs: LOCKOUT_MS });
  const users = createUsersService({ repos, log, guard });
  const apiTokens = createApiTokensService({ repos, log });
  const sessions = createSessionStore(sessionConnection ?? producerConnection, {
    prefix: config.queuePrefix,
    ttlMs: config.session.ttlMs,
  });
  const triage = createTriageService({ repos, producer, log, classify: classifier.classify });
  // Native review of local-language texts and lexicon; accepted corrections overlay them at runtime.
  const languages = createLanguagesService({ repos, log });
  const dashboardOptions = { simulatorEnabled: config.simulatorEnabled, secureCookie: config.session.secureCookie };

  // Redis is probed with a write (a small key that expires), not a PING: a Redis at its maxmemory answers
  // PING but refuses every enqueue.
  const probeKey = `${config.queuePrefix}:health-probe`;
  async function health() {
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500))]);
    const [database, redis] = await Promise.all([
      timeout(db.ping()).then(
        () => true,
        () => false,
      ),
      timeout(producerConnection.set(probeKey, '1', 'PX', 10_000)).then(
        () => 'ok' as const,
        (err: Error) => (/^OOM/.test(err.message) ? ('full' as const) : ('down' as const)),
      ),
    ]);
    return { database, redis: redis === 'ok', redisFull: redis === 'full' };
  }
  metrics.sources.queues = queueSnapshot(producer.queues);
  metrics.sources.health = health;
  metrics.sources.backlog = async () => ({
    intake: await repos.inbound.oldestUnprocessed(),
    routing: await repos.reports.oldestUnrouted(),
  });

  return {
    metrics,
    repos,
    vault,
    producer,
    channels,
    replay,
    privacy,
    classifier,
    outbound,
    intake,
    routing,
    alerts,
    applyDelivery,
    sweeper,
    health,
    ussd,
    voice,
    callBacks,
    recordings,
    prompts,
    users,
    apiTokens,
    sessions,
    triage,
    languages,
    dashboardOptions,
    optout,
    broadcasts,
    contacts,
    committees,
    checkins,
    subscriptions,
  };
}
export type Container = Awaited<ReturnType<typeof createContainer>>;
