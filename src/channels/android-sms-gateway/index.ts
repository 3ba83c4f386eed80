// android-sms-gateway as a provider ('simgateway'): Android phones with local SIMs (SIMGATEWAY_DEVICES) and
// the keys their webhooks are signed with (SIMGATEWAY_WEBHOOK_KEYS).
import { z } from 'zod';
import { ChannelConfigError } from '../registry.ts';
import { defineProvider } from '../contract.ts';
import { optionalString } from '../schema.ts';
import type { GatewayDevice } from './devices.ts';
import { createSimGatewayChannel, type SimGatewayChannel } from './send.ts';
import { simGatewayWebhooks } from './webhooks.ts';

export type SimGatewayConfig = Readonly<{ devices: readonly GatewayDevice[]; webhookKeys: readonly string[] }>;

const deviceSchema = z
  .array(
    z.object({
      id: z.string().min(1),
      baseUrl: z.string().url(),
      username: z.string().min(1),
      password: z.string().min(1),
      operators: z.array(z.enum(['orange', 'moov', 'telecel'])).min(1),
      simNumbers: z.record(z.string(), z.number().int().min(1).max(3)).optional(),
      cloudDeviceId: z.string().optional(),
      legacyBody: z.boolean().optional(),
    }),
  )
  .min(1);

function parseDevices(raw: string): GatewayDevice[] {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new ChannelConfigError('SIMGATEWAY_DEVICES: must be a JSON array of {id, baseUrl, username, password, operators}');
  }
  const parsed = deviceSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ChannelConfigError(`SIMGATEWAY_DEVICES: ${i.path.join('.')}: ${i.message}`);
  }
  return parsed.data as GatewayDevice[];
}

export const simgateway = defineProvider({
  name: 'simgateway',
  env: z.object({ SIMGATEWAY_DEVICES: optionalString, SIMGATEWAY_WEBHOOK_KEYS: optionalString }),
  configure(e): SimGatewayConfig | undefined {
    if (!e.SIMGATEWAY_DEVICES) return undefined;
    const devices = parseDevices(e.SIMGATEWAY_DEVICES);
    if (!e.SIMGATEWAY_WEBHOOK_KEYS) {
      throw new ChannelConfigError(
        "SIMGATEWAY_WEBHOOK_KEYS must be set with SIMGATEWAY_DEVICES (the signing keys of the phones' webhooks)",
      );
    }
    const webhookKeys = e.SIMGATEWAY_WEBHOOK_KEYS.split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    return Object.freeze({ devices: Object.freeze(devices), webhookKeys: Object.freeze(webhookKeys) });
  },
  createSender: (c: SimGatewayConfig): SimGatewayChannel => createSimGatewayChannel({ devices: c.devices }),
  webhooks: (context) =>
    context.config?.webhookKeys.length ? simGatewayWebhooks({ ...context, keys: context.config.webhookKeys }) : undefined,
});
