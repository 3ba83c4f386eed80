// Focal points answer alerts by SMS (OK / VRAI / FAUX / FIN + reference, or a local synonym). Every
// answer gets a short confirmation; a forged or foreign answer changes nothing and is logged.
import type { Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import type { AlertsService } from './alerts.service.ts';
import { looksLikeAnswer, parseReply, type ReplyCommand } from './replies.ts';
import type { AlertAction } from './state-machine.ts';

const ACTION: Record<Exclude<ReplyCommand, 'help'>, AlertAction> = {
  acknowledge: 'acknowledge',
  confirm: 'confirm',
  refute: 'refute',
  resolve: 'resolve',
};

export interface InboundForReply {
  id: string;
  channel: string;
  fromHash: string;
  from: string;
  fromIsNumber: boolean;
  text: string;
}

export function createRepliesService(deps: {
  repos: Repositories;
  alerts: AlertsService;
  outbound: OutboundService;
  log: Logger;
}) {
  const { repos, alerts, outbound, log } = deps;

  return {
    /** Returns true when the message was an answer (handled here), false when it is a report. */
    async handle(msg: InboundForReply): Promise<boolean> {
      if (!msg.fromIsNumber) return false;
      const parsed = parseReply(msg.text);
      if (!parsed) return false;
      const focal = await repos.alerts.isFocalPoint(msg.fromHash);
      const sentTo = focal || looksLikeAnswer(msg.text) ? await repos.alerts.alertsSentTo(msg.fromHash) : [];
      if (!focal && sentTo.length === 0) {
        if (!looksLikeAnswer(msg.text)) return false; // e.g. "fin de la bagarre a Koro": a report
        await repos.alerts.audit({
          entity: 'number',
          entityId: msg.fromHash.slice(0, 16),
          action: 'reply_refused',
          fromState: null,
          toState: null,
          actor: 'unknown_number',
          channel: msg.channel,
          reason: 'answer from a number that is not a focal point',
          details: { inboundId: msg.id, command: parsed.command, reference: parsed.reference },
        });
        log.warn({ inboundId: msg.id }, 'answer from an unknown number refused');
        await reply(msg, 'fr', 'unknownNumber', {});
        return true;
      }
      const language = focal?.language ?? parsed.language;
      if (parsed.command === 'help') {
        await reply(msg, language, 'help', {});
        return true;
      }
      const open = sentTo.filter((a) => !['resolved', 'expired'].includes(a.state));
      const target = parsed.reference
        ? sentTo.find((a) => a.reference === parsed.reference)
        : open.length === 1
          ? open[0]
          : undefined;
      if (!target) {
        if (parsed.reference) {
          const exists = await repos.alerts.findAlertByReference(parsed.reference);
          if (exists) {
            await repos.alerts.audit({
              entity: 'alert',
              entityId: exists.id,
              action: 'reply_refused',
              fromState: exists.state,
              toState: exists.state,
              actor: focal ? `focal_point:${focal.id}` : 'unknown_number',
              channel: msg.channel,
              reason: 'answer from a focal point of another committee',
              details: { inboundId: msg.id, command: parsed.command },
            });
            await reply(msg, language, 'notYours', { ref: parsed.reference });
          } else {
            await reply(msg, language, 'unknownRef', { ref: parsed.reference });
          }
        } else if (open.length === 0) {
          await reply(msg, language, 'noOpenAlert', {});
        } else {
          await reply(msg, language, 'ambiguous', {
            count: open.length,
            refs: open
              .slice(0, 4)
              .map((a) => a.reference)
              .join(', '),
            example: open[0]!.reference,
          });
        }
        return true;
      }
      const outcome = await alerts.apply(
        target.id,
        ACTION[parsed.command],
        { actor: focal ? `focal_point:${focal.id}` : 'recipient', channel: `sms:${msg.channel}`, reason: parsed.note || null },
        parsed.command === 'resolve' && parsed.note ? { resolutionNote: parsed.note } : {},
      );
      const t = translator(language);
      if (outcome.kind === 'move') await reply(msg, language, parsed.command, { ref: target.reference });
      else if (outcome.kind === 'noop')
        await reply(msg, language, 'noop', { ref: target.reference, state: t(`state.${outcome.state}`) });
      else if (outcome.kind === 'refused')
        await reply(msg, language, 'refused', { ref: target.reference, state: t(`state.${outcome.state}`) });
      return true;
    },
  };

  async function reply(msg: InboundForReply, language: string, key: string, vars: Record<string, unknown>): Promise<void> {
    await outbound.queue({
      dedupeKey: `reply:${msg.id}`,
      purpose: 'reply',
      to: msg.from,
      text: translator(language)(`reply.${key}`, vars),
      language,
      priority: 1,
    });
  }
}
export type RepliesService = ReturnType<typeof createRepliesService>;
