// The simulator as a provider: no env of its own, always configured, no webhooks (its page posts Africa's Talking callbacks).
import { z } from 'zod';
import { defineProvider } from '../contract.ts';
import { createSimulatorChannel } from './simulator.ts';

export const simulator = defineProvider({
  name: 'simulator',
  env: z.object({}),
  configure: () => Object.freeze({}),
  createSender: () => createSimulatorChannel(),
});
