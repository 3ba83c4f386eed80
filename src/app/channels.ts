// Builds the SMS channels the configuration asks for and the per-purpose routes over them (with failover).
import type { Config } from '../config.ts';
import { createSimGatewayChannel, type SimGatewayChannel } from '../channels/android-sms-gateway/send.ts';
import { createOrangeChannel } from '../channels/orange/send.ts';
import { createChannelRegistry, parseChannelRoutes, type Channels } from '../channels/registry.ts';
import { createSimulatorChannel } from '../channels/simulator/simulator.ts';
import type { SmsChannel } from '../channels/types.ts';
import type { Logger } from '../log.ts';

export type { Channels };

export const PURPOSES = ['alert', 'update', 'receipt', 'help', 'reply', 'broadcast'] as const;

export async function buildChannels(config: Config, log: Logger, override?: SmsChannel): Promise<Channels> {
  if (override) return { registry: { forPurpose: () => override }, simGateway: undefined };
  const available: Record<string, SmsChannel> = { simulator: createSimulatorChannel() };
  if (config.africasTalking) {
    // Imported lazily: the SDK is heavy and only needed when configured.
    const { createAfricasTalkingChannel } = await import('../channels/africastalking/send.ts');
    const at = config.africasTalking;
    available.africastalking = createAfricasTalkingChannel({ username: at.username, apiKey: at.apiKey, ...(at.senderId ? { from: at.senderId } : {}) });
  }
  let simGateway: SimGatewayChannel | undefined;
  if (config.simGateway) {
    simGateway = createSimGatewayChannel({ devices: config.simGateway.devices as never });
    available.simgateway = simGateway;
  }
  if (config.orange) {
    const o = config.orange;
    available.orange = createOrangeChannel({
      clientId: o.clientId, clientSecret: o.clientSecret, senderAddress: o.senderAddress,
      ...(o.senderName ? { senderName: o.senderName } : {}), ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    });
  }
  const routes = parseChannelRoutes(config.smsRoutes, { channels: Object.keys(available), purposes: [...PURPOSES] });
  const registry = createChannelRegistry(routes, available, {
    failoverAfterMs: config.failoverAfterMs,
    onSwitch: (e) => log.warn({ outboundId: e.key, fromChannel: e.from, toChannel: e.to, failingForMs: e.failingForMs, cause: e.cause.code }, 'sms channel failover'),
  });
  return { registry, simGateway };
}
