// Places a queued call (the "voice-call" job): a call back of a missed call, or a call to a focal point
// about an alert (not placed once the alert was answered). Decrypts the number only to hand it to the
// provider; records the provider's session id so the call's callbacks find it. Idempotent.
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { SendError } from '../channels/types.ts';
import { UNANSWERED, type AlertState } from '../alerts/state-machine.ts';
import type { VoiceCaller } from '../channels/africastalking/voice-call.ts';

export interface CallBacksDeps {
  repos: Repositories;
  vault: PhoneVault;
  log: Logger;
  /** Undefined when no voice provider is configured (AT_USERNAME, AT_API_KEY and VOICE_NUMBER). */
  caller: VoiceCaller | undefined;
  from: string | undefined;
}

export function createCallBacksService({ repos, vault, log, caller, from }: CallBacksDeps) {
  return {
    async place(callId: string): Promise<void> {
      const call = await repos.calls.get(callId);
      if (!call || call.kind === 'inbound' || call.state !== 'queued') return;
      if (call.kind === 'alert' && call.alertId) {
        const alert = await repos.alerts.getAlert(call.alertId);
        if (!alert || !UNANSWERED.includes(alert.state as AlertState)) {
          await repos.calls.update(call.id, { state: 'cancelled', lastError: 'alert already answered' });
          return;
        }
      }
      if (!caller || !from || !call.phoneEnc) {
        const lastError = call.phoneEnc ? 'no voice provider configured' : 'number purged';
        await repos.calls.update(call.id, { state: 'failed', lastError });
        return;
      }
      await repos.calls.update(call.id, { attempts: { increment: 1 } });
      try {
        const { sessionId } = await caller.call(vault.decrypt(call.phoneEnc), from);
        await repos.calls.update(call.id, { state: 'placed', sessionId, placedAt: new Date() });
      } catch (err) {
        const code = err instanceof SendError ? `${err.kind}: ${err.code}` : 'error';
        log.warn({ callId, err: code }, 'voice: call back not placed');
        if (err instanceof SendError && err.kind === 'retryable') throw err; // BullMQ tries again
        await repos.calls.update(call.id, { state: 'failed', lastError: code });
      }
    },
  };
}
export type CallBacksService = ReturnType<typeof createCallBacksService>;
