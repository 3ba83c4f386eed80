// Builds the SMS channels the configuration asks for, from the providers' list, and the per-purpose routes over them (with failover).
import type { Config } from '../config.ts';
import { simgateway } from '../channels/android-sms-gateway/index.ts';
import type { SimGatewayChannel } from '../channels/android-sms-gateway/send.ts';
import { createChannelRegistry, parseChannelRoutes, type Channels } from '../channels/registry.ts';
import type { SmsChannel } from '../channels/types.ts';
import type { Logger } from '../log.ts';

export type { Channels };

export const PURPOSES = ['alert', 'update', 'receipt', 'help', 'reply', 'broadcast'] as const;

export async function buildChannels(config: Config, log: Logger, override?: SmsChannel): Promise<Channels> {
  if (override) return { registry: { forPurpose: () => override }, senders: {}, simGateway: undefined };
  const senders: Record<string, SmsChannel> = {};
  for (const provider of config.providers) {
    const settings = config.channelConfigs[provider.name];
    if (settings !== undefined) senders[provider.name] = await provider.createSender(settings);
  }
  const routes = parseChannelRoutes(config.smsRoutes, { channels: Object.keys(senders), purposes: [...PURPOSES] });
  const registry = createChannelRegistry(routes, senders, {
    failoverAfterMs: config.failoverAfterMs,
    onSwitch: (e) =>
      log.warn(
        { outboundId: e.key, fromChannel: e.from, toChannel: e.to, failingForMs: e.failingForMs, cause: e.cause.code },
        'sms channel failover',
      ),
  });
  // The SIM gateway phones' status, for the API.
  return { registry, senders: Object.freeze(senders), simGateway: senders[simgateway.name] as SimGatewayChannel | undefined };
}
