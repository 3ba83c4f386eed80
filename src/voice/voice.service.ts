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
import { speech, voiceRetry, voiceUnavailable } from './speech.ts';
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
  sessionTtlSeconds?: number;
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

  async function firstAnswer(cb: VoiceCallback, phoneHash: string, flags: string[]): Promise<VoiceState> {
    const placed = cb.direction === 'outbound' ? await repos.calls.bySession(cb.sessionId) : null;
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
    if (call)
      await repos.calls.update(call.id, {
        reportReference: shown,
        ...(cb.recordingUrl ? { recordingUrlEnc: vault.encrypt(cb.recordingUrl) } : {}),
      });
    return shown;
  }

  return {
    async answer(cb: VoiceCallback, flags: string[] = []): Promise<VoiceAnswer> {
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
      let state: VoiceState | null;
      try {
        const raw = await redis.get(key(cb.sessionId));
        state = raw ? (JSON.parse(raw) as VoiceState) : null;
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
      return speech(state);
    },
  };
}
export type VoiceService = ReturnType<typeof createVoiceService>;
