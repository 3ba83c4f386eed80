// One voice callback: a missed call is rejected and called back; a call being answered walks the spoken
// menu (state in Redis, like a USSD dial) to a report in the intake pipeline, as USSD does; the final
// callback is stored. Numbers are hashed and encrypted like every number, and never logged.
import type { Redis } from 'ioredis';
import type { Repositories } from '../db/index.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import type { Logger } from '../log.ts';
import { newReportReference } from '../domain/reference.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { abuseFlags, DEFAULT_LIMITS } from '../safety/abuse.ts';
import { MENU_LANGUAGES } from '../ussd/catalog.ts';
import { menuReport } from '../ussd/report.ts';
import { voiceStart, voiceStep, type VoiceState } from './machine.ts';
import { alertSpeech, speech, voiceRetry, voiceUnavailable } from './speech.ts';
import { alertCallStart, alertCallStep, isAlertCall, type AlertCallState } from './alert-call.ts';
import { withRecordedPrompts } from './prompts.ts';
import type { VoiceAnswer, VoiceCallback } from './types.ts';

export const VOICE_CHANNEL = 'africastalking-voice';
/** One call back per number within this window. */
export const CALL_BACK_WINDOW_MS = 10 * 60_000;

export interface VoiceServiceDeps {
  redis: Redis;
  repos: Repositories;
  vault: PhoneVault;
  intake: IntakeService;
  log: Logger;
  keyPrefix: string;
  /** VOICE_CALL_BACK: reject an inbound call and call back (the caller pays nothing). */
  callBack: boolean;
  /** Queues the call back of a stored call-back row (BullMQ, in src/jobs/queues.ts). */
  queueCallBack(callId: string): Promise<void>;
  /** Queues the fetch of a call's recording (BullMQ: timeouts, retries with backoff). */
  queueRecording(callId: string): Promise<void>;
  sessionTtlSeconds?: number;
  /** Key 1 on a focal point's alert call: the same state move as an SMS "OK", audited with channel voice. */
  acknowledge(alertId: string, focalPointId: string): Promise<unknown>;
  /** Key 2: the same focal point called again about the same alert in 10 minutes. */
  callAgain(alertId: string, focalPointId: string): Promise<void>;
  /** The prompts people recorded ("lang/key"), cached; none when not given. */
  recordedPrompts?: () => Promise<ReadonlySet<string>>;
}

export function createVoiceService(deps: VoiceServiceDeps) {
  const { repos, vault, intake, log, redis } = deps;
  const key = (sessionId: string) => `${deps.keyPrefix}:voice:s:${sessionId}`;
  const ttl = deps.sessionTtlSeconds ?? 3600;

  const opening = (cb: VoiceCallback, phoneHash: string, kind: 'inbound' | 'callback', state: string, flags: string[]) => ({
    sessionId: cb.sessionId,
    kind,
    state,
    phoneHash,
    phoneEnc: vault.encrypt(cb.phone),
    ourNumber: cb.ourNumber,
    flags,
  });

  /** A missed call: one call back per number per 10 minutes, none beyond the per-number limits. */
  async function missed(cb: VoiceCallback, phoneHash: string, flags: string[]): Promise<void> {
    await repos.calls.open(opening(cb, phoneHash, 'inbound', 'rejected', flags));
    if (!cb.phoneIsNumber) return;
    const now = Date.now();
    const recent = await repos.calls.recent(phoneHash, new Date(now - 3_600_000));
    if (recent.some((c) => c.kind === 'callback' && c.createdAt.getTime() > now - CALL_BACK_WINDOW_MS)) return;
    const lastMinute = recent.filter((c) => c.createdAt.getTime() > now - 60_000).length;
    const limited = abuseFlags({ lastMinute, lastHour: recent.length, sameTextNewNumbers: 0 }, DEFAULT_LIMITS);
    const row = await repos.calls.open({
      sessionId: null,
      kind: 'callback',
      state: limited.length > 0 ? 'refused' : 'queued',
      phoneHash,
      phoneEnc: vault.encrypt(cb.phone),
      ourNumber: cb.ourNumber,
      flags: limited,
    });
    if (limited.length > 0) return;
    // Stored first: a call back Redis could not take stays visible as queued (and is retried by hand).
    await deps.queueCallBack(row.id).catch((err: Error) => log.error({ err: err.message }, 'voice: call back not queued'));
  }

  async function firstAnswer(cb: VoiceCallback, phoneHash: string, flags: string[]): Promise<VoiceState | AlertCallState> {
    const placed = cb.direction === 'outbound' ? await repos.calls.bySession(cb.sessionId) : null;
    if (placed?.kind === 'alert' && placed.alertId && placed.focalPointId) {
      const alert = await repos.alerts.getAlert(placed.alertId);
      if (alert) {
        await repos.calls.update(placed.id, { state: 'answered' });
        return alertCallStart({
          alertId: alert.id,
          focalPointId: placed.focalPointId,
          category: alert.category,
          pcode: alert.locationPcode,
          reference: alert.reference,
        });
      }
    }
    if (placed) await repos.calls.update(placed.id, { state: 'answered' });
    else await repos.calls.open(opening(cb, phoneHash, 'inbound', 'answered', flags));
    const row = await repos.ussd.reporterProfile(phoneHash).catch(() => null);
    const lang = MENU_LANGUAGES.find((l) => l === row?.language) ?? null;
    return voiceStart({ lang, last: row?.lastPcode ?? null });
  }

  async function submit(cb: VoiceCallback, flags: string[], state: VoiceState): Promise<string> {
    const report = menuReport(state, 'report.voice');
    if (!report) throw new Error('report incomplete');
    const sms = {
      providerId: cb.sessionId,
      from: cb.phone,
      fromIsNumber: cb.phoneIsNumber,
      to: cb.ourNumber,
      text: report.text,
      receivedAt: new Date(),
      linkId: null,
      networkCode: null,
    };
    const reference = newReportReference();
    const result = await intake.accept(VOICE_CHANNEL, sms, flags, {
      category: report.category,
      severity: report.severity,
      pcode: report.pcode,
      language: report.language,
      reference,
    });
    let shown = reference;
    if (result.duplicate) {
      const stored = (await repos.inbound.get(result.id))?.preset as { reference?: unknown } | null | undefined;
      if (typeof stored?.reference === 'string') shown = stored.reference;
    }
    const call = await repos.calls.bySession(cb.sessionId);
    if (call) {
      await repos.calls.update(call.id, {
        reportReference: shown,
        ...(cb.recordingUrl ? { recordingUrlEnc: vault.encrypt(cb.recordingUrl) } : {}),
      });
      // Stored first: a fetch Redis could not take shows in GET /api/calls as recorded with no recording yet.
      if (cb.recordingUrl)
        await deps.queueRecording(call.id).catch((err: Error) => log.error({ err: err.message }, 'voice: recording not queued'));
    }
    return shown;
  }

  /** Recorded prompts where there are some; a prompt store that fails leaves the French text to speech. */
  async function played(answer: VoiceAnswer): Promise<VoiceAnswer> {
    if (!deps.recordedPrompts) return answer;
    const recorded = await deps.recordedPrompts().catch(() => new Set<string>());
    return withRecordedPrompts(answer, recorded);
  }

  return {
    async answer(cb: VoiceCallback, flags: string[] = []): Promise<VoiceAnswer> {
      return played(await respond(cb, flags));
    },
  };

  async function respond(cb: VoiceCallback, flags: string[]): Promise<VoiceAnswer> {
    const phoneHash = vault.hash(cb.phone);
    if (!cb.active) {
      const end = {
        durationSeconds: cb.durationSeconds,
        currencyCode: cb.currencyCode,
        amount: cb.amount,
        hangupCause: cb.hangupCause,
      };
      await repos.calls.finish(
        opening(cb, phoneHash, cb.direction === 'outbound' ? 'callback' : 'inbound', 'completed', flags),
        end,
      );
      await redis.del(key(cb.sessionId)).catch(() => undefined);
      return { kind: 'empty' };
    }
    let state: VoiceState | AlertCallState | null;
    try {
      const raw = await redis.get(key(cb.sessionId));
      state = raw ? (JSON.parse(raw) as VoiceState | AlertCallState) : null;
    } catch (err) {
      log.error({ err: (err as Error).message }, 'voice: session store unavailable');
      return voiceUnavailable();
    }
    if (!state) {
      if (cb.direction === 'inbound' && deps.callBack) {
        await missed(cb, phoneHash, flags);
        return { kind: 'reject' };
      }
      state = await firstAnswer(cb, phoneHash, flags);
    } else if (isAlertCall(state)) {
      const result = alertCallStep(state, cb.digits);
      state = result.state;
      try {
        for (const e of result.effects) {
          if (e.kind === 'acknowledge') await deps.acknowledge(state.alertId, state.focalPointId);
          else await deps.callAgain(state.alertId, state.focalPointId);
        }
      } catch (err) {
        log.error({ err: (err as Error).message }, 'voice: answer to an alert not stored');
        return voiceUnavailable(); // the call ends; the ladder goes on and the SMS "OK" still works
      }
    } else {
      const result = voiceStep(state, { digits: cb.digits, recordingUrl: cb.recordingUrl });
      state = result.state;
      if (result.effects.some((e) => e.kind === 'submit')) {
        try {
          state = { ...state, reference: await submit(cb, flags, state) };
        } catch (err) {
          log.error({ err: (err as Error).message }, 'voice: report not stored');
          return voiceRetry();
        }
      }
    }
    await redis.set(key(cb.sessionId), JSON.stringify(state), 'EX', ttl);
    return isAlertCall(state) ? alertSpeech(state) : speech(state);
  }
}
export type VoiceService = ReturnType<typeof createVoiceService>;
