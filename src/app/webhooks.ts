// Wires each provider's webhook routes to this process's services: one router per provider that has routes
// in this configuration, mounted by the HTTP app under /webhooks/<name>.
import type { Config } from '../config.ts';
import type { Channels } from '../channels/registry.ts';
import type { ProviderWebhooks } from '../web/app.ts';
import { webhookHttp, webhookServices, type WebhookServiceDeps } from '../web/webhooks/kit.ts';

export function providerWebhooks(config: Config, channels: Channels, deps: WebhookServiceDeps): ProviderWebhooks[] {
  const shared = { webhookKey: config.webhookKey, shortCodes: config.shortCodes };
  const mounted: ProviderWebhooks[] = [];
  for (const provider of config.providers) {
    const router = provider.webhooks?.({
      config: config.channelConfigs[provider.name],
      sender: channels.senders[provider.name],
      shared,
      services: webhookServices(provider.name, deps),
      http: webhookHttp,
    });
    if (router) mounted.push({ name: provider.name, router });
  }
  return mounted;
}
