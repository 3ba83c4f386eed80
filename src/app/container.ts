// Composition root: builds the services of one process from the config and its connections.
import type { Redis } from 'ioredis';
import type { Config } from '../config.ts';
import { createRepositories, type Database } from '../db/index.ts';
import { classify } from '../classify/index.ts';
import { createSimulatorChannel } from '../channels/simulator/simulator.ts';
import type { SmsChannel } from '../channels/types.ts';
import { createIntakeService } from '../intake/intake.service.ts';
import { createProducer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import { createOutboundService } from '../outbound/outbound.service.ts';
import { createSweeper } from '../recovery/sweeper.ts';
import { createRoutingService } from '../routing/routing.service.ts';
import { createPhoneVault } from '../security/phone-vault.ts';
import { createAlertsService } from '../alerts/alerts.service.ts';
import { createDeliveryHandler } from '../alerts/delivery.ts';
import { createRepliesService } from '../alerts/replies.service.ts';

export interface ContainerDeps {
  config: Config;
  db: Database;
  producerConnection: Redis;
  log: Logger;
  /** Overrides the configured channel (tests). */
  channel?: SmsChannel;
}

async function channelFor(config: Config): Promise<SmsChannel> {
  if (config.channel === 'africastalking' && config.africasTalking) {
    // Imported lazily: the SDK is heavy and only needed when configured.
    const { createAfricasTalkingChannel } = await import('../channels/africastalking/send.ts');
    const at = config.africasTalking;
    return createAfricasTalkingChannel({ username: at.username, apiKey: at.apiKey, ...(at.senderId ? { from: at.senderId } : {}) });
  }
  return createSimulatorChannel();
}

export async function createContainer({ config, db, producerConnection, log, channel }: ContainerDeps) {
  const repos = createRepositories(db);
  const vault = createPhoneVault(config.phoneKey);
  const producer = createProducer({ connection: producerConnection, prefix: config.queuePrefix, sms: config.sms });
  const smsChannel = channel ?? (await channelFor(config));
  const outbound = createOutboundService({ repos, vault, producer, channel: smsChannel, log });
  const alerts = createAlertsService({ repos, vault, producer, outbound, escalationDelayMs: config.escalationDelayMs, log });
  const replies = createRepliesService({ repos, alerts, outbound, log });
  const applyDelivery = createDeliveryHandler({ outbound, alerts });
  const intake = createIntakeService({ repos, vault, producer, classify, classifierName: 'keywords-v1', log, handleReply: replies.handle });
  const routing = createRoutingService({ repos, vault, outbound, alerts, incidentWindowMs: config.incidentWindowMs, ownNumbers: config.shortCodes, log });
  const sweeper = createSweeper({ repos, producer, log, afterMs: config.sweep.afterMs });

  async function health() {
    const timeout = <T,>(p: Promise<T>) => Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500))]);
    const [database, redis] = await Promise.all([
      timeout(db.ping()).then(() => true, () => false),
      timeout(producerConnection.ping()).then(() => true, () => false),
    ]);
    return { database, redis };
  }

  return { repos, vault, producer, channel: smsChannel, outbound, intake, routing, alerts, applyDelivery, sweeper, health };
}
export type Container = Awaited<ReturnType<typeof createContainer>>;
