// Every SMS provider, in one list: config (SMS_CHANNEL, SMS_ROUTES, each provider's env), the channel
// registry with its failover and the webhooks under /webhooks/<name> all derive from it. The first one is
// the default channel when no preferred provider is configured.
import { africastalking } from './africastalking/index.ts';
import { simgateway } from './android-sms-gateway/index.ts';
import type { ChannelProvider } from './contract.ts';
import { orange } from './orange/index.ts';
import { simulator } from './simulator/index.ts';

export const PROVIDERS: readonly ChannelProvider[] = [simulator, africastalking, simgateway, orange];
