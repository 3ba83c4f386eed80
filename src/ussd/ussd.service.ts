// One USSD hop: load the dial's state from Redis, apply what the reporter added, carry out the effects
// (remember the language, send the report into the intake pipeline), save, answer. Idempotent on (sessionId, text).
import type { Redis } from 'ioredis';
import type { Repositories } from '../db/index.ts';
import { newPseudonym, newReportReference } from '../domain/reference.ts';
import type { IntakeService } from '../intake/intake.service.ts';
import type { Logger } from '../log.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import type { UssdEnd, UssdHop } from './at-callbacks.ts';
import { MENU_LANGUAGES } from './catalog.ts';
import { advance, initialState, isResumable } from './machine.ts';
import { menuReport } from './report.ts';
import { render, unavailable, type Reply } from './screens.ts';
import { createSessionStore, type SaveWrites, type StoredSession } from './session-store.ts';
import type { Profile, StepResult, UssdState } from './types.ts';

export const USSD_CHANNEL = 'africastalking-ussd';

export interface UssdServiceDeps {
  redis: Redis;
  repos: Repositories;
  vault: PhoneVault;
  intake: IntakeService;
  log: Logger;
  /** Namespaces the Redis keys (the queue prefix), so deployments can share a Redis. */
  keyPrefix: string;
  /** A dial lasts at most 180 s at the operators; its state is kept a little longer. */
  sessionTtlSeconds?: number;
  /** How long a dropped dial is offered for resuming. */
  droppedTtlSeconds?: number;
  /** How long a first hop waits for the reporter's profile in PostgreSQL before asking the language. */
  profileBudgetMs?: number;
}

const CHOSEN_PROFILE_TTL = 180 * 86_400; // the reporter chose it: keep it long
const LOOKED_UP_PROFILE_TTL = 86_400; // from PostgreSQL, which SMS reports may change

function within<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createUssdService(deps: UssdServiceDeps) {
  const { repos, vault, intake, log } = deps;
  const store = createSessionStore(deps.redis, {
    prefix: deps.keyPrefix,
    sessionTtlSeconds: deps.sessionTtlSeconds ?? 600,
    droppedTtlSeconds: deps.droppedTtlSeconds ?? 300,
  });
  const budget = deps.profileBudgetMs ?? 200;

  async function lookUpProfile(phoneHash: string): Promise<{ profile: Profile; cache?: SaveWrites['profile'] }> {
    try {
      const row = await within(repos.ussd.reporterProfile(phoneHash), budget);
      const lang = MENU_LANGUAGES.find((l) => l === row?.language) ?? null;
      const profile = { lang, last: row?.lastPcode ?? null };
      return { profile, cache: { value: profile, ttlSeconds: LOOKED_UP_PROFILE_TTL } };
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'ussd: reporter profile not read; asking the language');
      return { profile: { lang: null, last: null } };
    }
  }

  /** Stores the report once per dial (the session id is the provider id); returns the reference the reporter is shown. */
  async function submit(hop: UssdHop, flags: string[], state: UssdState): Promise<string> {
    const report = menuReport(state);
    if (!report) throw new Error('report incomplete');
    const reference = newReportReference();
    const sms = {
      providerId: hop.sessionId,
      from: hop.phone,
      fromIsNumber: hop.phoneIsNumber,
      to: hop.serviceCode || null,
      text: report.text,
      receivedAt: new Date(),
      linkId: null,
      networkCode: hop.networkCode,
    };
    const result = await intake.accept(USSD_CHANNEL, sms, flags, {
      category: report.category,
      severity: report.severity,
      pcode: report.pcode,
      ...(report.village ? { village: report.village } : {}),
      language: report.language,
      reference,
    });
    if (!result.duplicate) return reference;
    const stored = (await repos.inbound.get(result.id))?.preset as { reference?: unknown } | null | undefined;
    return typeof stored?.reference === 'string' ? stored.reference : reference;
  }

  return {
    async hop(hop: UssdHop, flags: string[] = []): Promise<Reply> {
      let session: StoredSession | null;
      try {
        session = await store.latest(hop.sessionId, hop.text);
      } catch (err) {
        log.error({ err: (err as Error).message }, 'ussd: session store unavailable');
        return unavailable(null);
      }
      if (session && session.text === hop.text) return session.reply; // the same hop again
      const writes: SaveWrites = {};
      if (!session) {
        const phoneHash = vault.hash(hop.phone);
        let beginning;
        try {
          beginning = await store.beginning(phoneHash, hop.sessionId);
        } catch (err) {
          log.error({ err: (err as Error).message }, 'ussd: session store unavailable');
          return unavailable(null);
        }
        const { profile, cache } = beginning.profile
          ? { profile: beginning.profile, cache: undefined }
          : await lookUpProfile(phoneHash);
        if (cache) writes.profile = cache;
        const dropped = beginning.dropped && isResumable(beginning.dropped.frame) ? beginning.dropped : null;
        const start = initialState(profile, dropped);
        session = { phoneHash, start, text: '', state: start, reply: render(start) };
      }

      let result: StepResult;
      if (hop.text === '') result = { state: session.start, effects: [] };
      else if (session.text === '' || hop.text.startsWith(`${session.text}*`))
        result = advance(session.state, session.text === '' ? hop.text : hop.text.slice(session.text.length + 1));
      else result = advance(session.start, hop.text); // not a continuation of the last hop: replay the dial

      let state = result.state;
      for (const effect of result.effects) {
        if (effect.kind === 'language')
          writes.profile = { value: { lang: effect.lang, last: state.last }, ttlSeconds: CHOSEN_PROFILE_TTL };
        else if (effect.kind === 'discardDropped') writes.unfinished = null;
        else {
          try {
            state = { ...state, reference: await submit(hop, flags, state) };
            writes.profile = {
              value: { lang: state.lang, last: state.frame.draft.pcode ?? state.last },
              ttlSeconds: CHOSEN_PROFILE_TTL,
            };
          } catch (err) {
            log.error({ err: (err as Error).message }, 'ussd: report not stored; the reporter is asked to confirm again');
            state = { ...session.state, hint: 'retry' };
          }
        }
      }

      const reply = render(state);
      let ownsDropped = session.ownsDropped ?? false;
      // The phone points at this dial while it holds an unsent report, for a few minutes after each hop.
      if (reply.end) [writes.unfinished, ownsDropped] = [null, false];
      else if (isResumable(state.frame)) [writes.unfinished, ownsDropped] = [hop.sessionId, true];
      else if (ownsDropped && writes.unfinished === undefined) [writes.unfinished, ownsDropped] = [null, false];

      // Not awaited: the answer does not depend on it. If it fails the dial goes on (this process keeps the
      // state, and another one replays the text from what was saved); only resuming may be lost.
      store
        .save(
          hop.sessionId,
          { phoneHash: session.phoneHash, start: session.start, text: hop.text, state, reply, ownsDropped },
          writes,
        )
        .catch((err: Error) => log.warn({ err: err.message }, 'ussd: session not saved'));
      return reply;
    },

    /** Records AT's end-of-session notification once; a language chosen in a dial that sent nothing is remembered. */
    async end(event: UssdEnd, flags: string[] = []): Promise<{ duplicate: boolean }> {
      const session = await store.session(event.sessionId).catch(() => null);
      const phoneHash = event.phone ? vault.hash(event.phone) : null;
      const recorded = await repos.ussd.recordEvent({
        sessionId: event.sessionId,
        status: event.status,
        serviceCode: event.serviceCode,
        networkCode: event.networkCode,
        phoneHash,
        phoneEnc: event.phone ? vault.encrypt(event.phone) : null,
        cost: event.cost,
        durationMs: event.durationMs,
        hopsCount: event.hopsCount,
        hopsMetadata: event.hopsMetadata,
        lastAppResponse: event.lastAppResponse,
        errorMessage: event.errorMessage,
        reportReference: session?.state.reference ?? null,
        flags,
        providerDate: event.date,
      });
      const s = session?.state;
      if (!recorded.duplicate && s?.langChosen && s.lang && !s.reference && phoneHash && event.phone && event.phoneIsNumber) {
        await repos.reports
          .reporterFor(phoneHash, vault.encrypt(event.phone), newPseudonym, s.lang, undefined, true)
          .catch((err: Error) => log.warn({ err: err.message }, 'ussd: language not remembered'));
      }
      return recorded;
    },
  };
}
export type UssdService = ReturnType<typeof createUssdService>;
