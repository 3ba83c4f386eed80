// Focal points by voice: the escalation ladder calls the primary focal point of an unanswered severity-3
// alert before it moves on; key 2 asks to be called again in 10 minutes. Stores the call row (number
// sealed, as every number) and queues it at alerts' priority; the "voice-call" job places it.
import type { Repositories } from '../db/index.ts';
import type { Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';

/** Key 2: "call me again in 10 minutes". */
export const CALL_AGAIN_MS = 10 * 60_000;

export interface FocalPointToCall {
  id: string;
  phoneHash: string;
  phoneEnc: string;
}

export function createAlertCallsService(deps: {
  repos: Repositories;
  producer: Producer;
  log: Logger;
  from: string | undefined;
}) {
  const { repos, producer, log } = deps;
  return {
    /** Whether the ladder already called someone about this alert. */
    called: (alertId: string) => repos.calls.calledForAlert(alertId),

    /** Stores and queues a call to this focal point about this alert, placed after `delayMs`. */
    async call(alertId: string, fp: FocalPointToCall, delayMs = 0): Promise<string> {
      const row = await repos.calls.open({
        sessionId: null,
        kind: 'alert',
        state: 'queued',
        phoneHash: fp.phoneHash,
        phoneEnc: fp.phoneEnc,
        ourNumber: deps.from ?? null,
        flags: [],
        alertId,
        focalPointId: fp.id,
      });
      // Stored first: a call Redis could not take stays visible as queued in GET /api/calls.
      await producer
        .alertCall(row.id, delayMs)
        .catch((err: Error) => log.error({ err: err.message }, 'voice: alert call not queued'));
      return row.id;
    },
  };
}
export type AlertCallsService = ReturnType<typeof createAlertCallsService>;
