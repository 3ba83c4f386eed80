// Radio hosts confirm on air by SMS (DIFFUSE D7K3Q, DIFFUSE D7K3Q 3, or a local word): the broadcast
// records which station aired it, how many times and when. Every confirmation is answered.
import type { Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import { RECEIPT_PRIORITY } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import { parseAiring } from './keywords.ts';

export interface InboundSms {
  id: string;
  channel: string;
  fromHash: string;
  from: string;
  fromIsNumber: boolean;
  text: string;
}

/** A reference-less DIFFUSE names the broadcast this host was sent within this window, if only one. */
const RECENT_MS = 14 * 24 * 3_600_000;

export function createAiringsService({ repos, outbound, log }: { repos: Repositories; outbound: OutboundService; log: Logger }) {
  async function reply(msg: InboundSms, language: string, key: string, vars: Record<string, unknown> = {}): Promise<void> {
    await outbound.queue({
      dedupeKey: `aired:${msg.id}`,
      purpose: 'reply',
      to: msg.from,
      text: translator(language, 'broadcasts')(`aired.${key}`, vars),
      language,
      priority: RECEIPT_PRIORITY,
    });
  }

  return {
    /** True when the SMS was an on-air confirmation (handled here), false when it is something else. */
    async handleAiring(msg: InboundSms): Promise<boolean> {
      if (!msg.fromIsNumber) return false;
      const parsed = parseAiring(msg.text);
      if (!parsed) return false;
      const contact = await repos.contacts.byHash(msg.fromHash);
      if (contact?.role !== 'radio_host') {
        // "diffuse" alone from someone else may be anything: only a text naming a broadcast is an attempt.
        if (!parsed.reference) return false;
        await reply(msg, contact?.language ?? parsed.language, 'notRadio');
        log.warn({ inboundId: msg.id }, 'on-air confirmation from a number that is not a radio host');
        return true;
      }
      const language = contact.language;
      if (parsed.badReference) {
        await reply(msg, language, 'unknownRef', { ref: parsed.badReference });
        return true;
      }
      let reference = parsed.reference;
      if (!reference) {
        const recent = await repos.broadcasts.sentTo(msg.fromHash, new Date(Date.now() - RECENT_MS));
        if (recent.length !== 1) {
          await reply(msg, language, 'noRef');
          return true;
        }
        reference = recent[0]!.reference;
      }
      const broadcast = await repos.broadcasts.byReference(reference);
      if (!broadcast) {
        await reply(msg, language, 'unknownRef', { ref: reference });
        return true;
      }
      if (broadcast.state !== 'sending' && broadcast.state !== 'sent') {
        await reply(msg, language, 'notSent', { ref: reference });
        return true;
      }
      const { created } = await repos.broadcasts.addAiring({
        broadcastId: broadcast.id,
        contactId: contact.id,
        station: contact.station,
        times: parsed.times,
        inboundId: msg.id,
      });
      log.info({ broadcastId: broadcast.id, contactId: contact.id, times: parsed.times, created }, 'broadcast aired');
      await reply(msg, language, 'recorded', { ref: reference, times: parsed.times });
      return true;
    },
  };
}
export type AiringsService = ReturnType<typeof createAiringsService>;
