// Opt-out and opt-in: STOP / ARRET / a local word by SMS, or Africa's Talking's opt-out callback, stop
// every non-essential message to the number at once (broadcasts, reporter notifications; never the
// alerts a focal point must get), with one confirmation; START re-subscribes.
import type { Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import { RECEIPT_PRIORITY } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import { normalisePhone } from '../phone/phone.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import type { InboundSms } from './airings.service.ts';
import { parseOptCommand } from './keywords.ts';

export class OptOutError extends Error {
  readonly code = 'invalid_callback';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export interface OptOutDeps {
  repos: Repositories;
  vault: PhoneVault;
  outbound: OutboundService;
  log: Logger;
}

export function createOptOutService({ repos, vault, outbound, log }: OptOutDeps) {
  async function languageFor(phoneHash: string, fallback: string): Promise<string> {
    return (await repos.contacts.languageOf(phoneHash)) ?? (await repos.alerts.isFocalPoint(phoneHash))?.language ?? fallback;
  }

  async function confirm(
    to: string,
    language: string,
    key: string,
    dedupeKey: string,
    vars: Record<string, unknown> = {},
  ): Promise<void> {
    await outbound.queue({
      dedupeKey,
      purpose: 'reply',
      to,
      text: translator(language, 'broadcasts')(key, vars),
      language,
      priority: RECEIPT_PRIORITY,
    });
  }

  /** Opts the number out (once); the confirmation is sent once per opt-out, whichever way it came. */
  async function stop(
    phone: string,
    phoneHash: string,
    source: string,
    senderId: string | null,
    channel: string,
    language: string,
  ): Promise<boolean> {
    const { created, optedOutAt } = await repos.optOuts.optOut(phoneHash, source, senderId);
    if (created) {
      await repos.alerts.audit({
        entity: 'number',
        entityId: phoneHash.slice(0, 16),
        action: 'opt_out',
        fromState: null,
        toState: 'opted_out',
        actor: 'recipient',
        channel,
        reason: null,
        details: { source, ...(senderId ? { senderId } : {}) },
      });
      log.info({ source }, 'number opted out');
    }
    const focal = await repos.alerts.isFocalPoint(phoneHash);
    await confirm(
      phone,
      await languageFor(phoneHash, language),
      focal ? 'optout.confirmedFocalPoint' : 'optout.confirmed',
      `optout:${phoneHash}:${optedOutAt.getTime()}`,
    );
    return created;
  }

  return {
    /** True when the SMS was STOP or START (handled here), false when it is something else. */
    async handle(msg: InboundSms): Promise<boolean> {
      if (!msg.fromIsNumber) return false;
      const parsed = parseOptCommand(msg.text);
      if (!parsed) return false;
      if (parsed.command === 'stop') {
        await stop(msg.from, msg.fromHash, 'sms', null, `sms:${msg.channel}`, parsed.language);
        return true;
      }
      const wasOptedOut = await repos.optOuts.optIn(msg.fromHash);
      if (wasOptedOut) {
        await repos.alerts.audit({
          entity: 'number',
          entityId: msg.fromHash.slice(0, 16),
          action: 'opt_in',
          fromState: 'opted_out',
          toState: null,
          actor: 'recipient',
          channel: `sms:${msg.channel}`,
          reason: null,
          details: null,
        });
        log.info({ inboundId: msg.id }, 'number opted in again');
      }
      const contact = await repos.contacts.byHash(msg.fromHash);
      const key = wasOptedOut ? 'optin.confirmed' : contact ? 'optin.already' : 'optin.notSubscribed';
      await confirm(msg.from, await languageFor(msg.fromHash, parsed.language), key, `optin:${msg.id}`);
      return true;
    },

    /** Africa's Talking's bulk opt-out callback (senderId, phoneNumber): idempotent. */
    async handleCallback(form: {
      senderId?: string | undefined;
      phoneNumber?: string | undefined;
    }): Promise<{ created: boolean }> {
      const raw = form.phoneNumber?.trim() ?? '';
      if (!raw) throw new OptOutError('phoneNumber', 'phoneNumber: missing');
      // Untrimmed: AT posts '+' unencoded at times, which form decoding turns into a leading space.
      const phone = normalisePhone(form.phoneNumber!).e164;
      if (!phone) throw new OptOutError('phoneNumber', `phoneNumber: ${raw.slice(0, 30)} is not a phone number`);
      const senderId =
        form.senderId
          ?.replace(/\p{Cc}/gu, '')
          .trim()
          .slice(0, 40) || null;
      return { created: await stop(phone, vault.hash(phone), 'africastalking', senderId, 'africastalking:opt-out', 'fr') };
    },
  };
}
export type OptOutService = ReturnType<typeof createOptOutService>;
