// Orange's SMS API as a provider: ORANGE_CLIENT_ID, ORANGE_CLIENT_SECRET and ORANGE_SENDER_ADDRESS go
// together; its notifications arrive on one URL behind ORANGE_WEBHOOK_KEY (else AT_WEBHOOK_KEY).
import { z } from 'zod';
import { ChannelConfigError } from '../registry.ts';
import { defineProvider } from '../contract.ts';
import { optionalString } from '../schema.ts';
import { createOrangeChannel } from './send.ts';
import { orangeWebhooks } from './webhooks.ts';

export type OrangeConfig = Readonly<{
  clientId: string;
  clientSecret: string;
  senderAddress: string;
  senderName: string | undefined;
  baseUrl: string | undefined;
  webhookKey: string;
}>;

export const orange = defineProvider({
  name: 'orange',
  env: z.object({
    ORANGE_CLIENT_ID: optionalString,
    ORANGE_CLIENT_SECRET: optionalString,
    ORANGE_SENDER_ADDRESS: optionalString,
    ORANGE_SENDER_NAME: optionalString,
    ORANGE_BASE_URL: optionalString.pipe(z.string().url('must be a URL').optional()),
    ORANGE_WEBHOOK_KEY: optionalString.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  }),
  configure(e, shared): OrangeConfig | undefined {
    const parts = [e.ORANGE_CLIENT_ID, e.ORANGE_CLIENT_SECRET, e.ORANGE_SENDER_ADDRESS];
    if (parts.some(Boolean) && !parts.every(Boolean)) {
      throw new ChannelConfigError('ORANGE_CLIENT_ID, ORANGE_CLIENT_SECRET and ORANGE_SENDER_ADDRESS go together');
    }
    if (!e.ORANGE_CLIENT_ID) return undefined;
    return Object.freeze({
      clientId: e.ORANGE_CLIENT_ID,
      clientSecret: e.ORANGE_CLIENT_SECRET!,
      senderAddress: e.ORANGE_SENDER_ADDRESS!,
      senderName: e.ORANGE_SENDER_NAME,
      baseUrl: e.ORANGE_BASE_URL,
      webhookKey: e.ORANGE_WEBHOOK_KEY ?? shared.webhookKey,
    });
  },
  createSender: (o: OrangeConfig) =>
    createOrangeChannel({
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      senderAddress: o.senderAddress,
      ...(o.senderName ? { senderName: o.senderName } : {}),
      ...(o.baseUrl ? { baseUrl: o.baseUrl } : {}),
    }),
  webhooks: (context) => (context.config ? orangeWebhooks({ ...context, webhookKey: context.config.webhookKey }) : undefined),
});
