// Africa's Talking as a provider: AT_USERNAME and AT_API_KEY (with AT_SENDER_ID) configure its sender; its
// SMS webhooks are always there (the simulator page and USSD use Africa's Talking's format), behind AT_WEBHOOK_KEY.
import { z } from 'zod';
import { defineProvider } from '../contract.ts';
import { optionalString } from '../schema.ts';
import type { SmsChannel } from '../types.ts';
import { africasTalkingWebhooks } from './webhooks.ts';

export type AfricasTalkingConfig = Readonly<{ username: string; apiKey: string; senderId: string | undefined }>;

export const africastalking = defineProvider({
  name: 'africastalking',
  env: z.object({ AT_USERNAME: optionalString, AT_API_KEY: optionalString, AT_SENDER_ID: optionalString }),
  needs: 'AT_USERNAME and AT_API_KEY',
  preferred: true,
  configure: (e): AfricasTalkingConfig | undefined =>
    e.AT_USERNAME !== undefined && e.AT_API_KEY !== undefined
      ? Object.freeze({ username: e.AT_USERNAME, apiKey: e.AT_API_KEY, senderId: e.AT_SENDER_ID })
      : undefined,
  async createSender(at: AfricasTalkingConfig): Promise<SmsChannel> {
    // Imported lazily: the SDK is heavy and only needed when configured.
    const { createAfricasTalkingChannel } = await import('./send.ts');
    return createAfricasTalkingChannel({
      username: at.username,
      apiKey: at.apiKey,
      ...(at.senderId ? { from: at.senderId } : {}),
    });
  },
  webhooks: africasTalkingWebhooks,
});
