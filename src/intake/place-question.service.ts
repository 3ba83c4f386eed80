// A report with no place: the reporter is asked, in their language, where it happened; their answer
// completes the report, which is routed again to the committees of that place.
import { resolvePlaceAnswer } from '../classify/index.ts';
import type { Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import { priorityForSeverity, type Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import { AWAITING_PLACE, type ReplyHandler } from './intake.service.ts';

export function createPlaceQuestionService(deps: {
  repos: Repositories;
  producer: Producer;
  outbound: OutboundService;
  log: Logger;
}) {
  const { repos, producer, outbound, log } = deps;
  const handle: ReplyHandler = async (msg) => {
    if (!msg.fromIsNumber || msg.text.trim() === '') return false;
    const report = msg.awaitingPlace;
    if (!report) return false;
    const answer = resolvePlaceAnswer(msg.text, { knownPcode: msg.knownPcode });
    if (!answer) return false; // not a place: a new report
    const t = translator(report.language);
    if (answer.kind === 'candidates') {
      const choices = answer.candidates
        .slice(0, 3)
        .map((c) => `${c.name} (${c.communeName})`)
        .join(', ');
      await outbound.queue({
        dedupeKey: `place-q:${msg.id}`,
        purpose: 'reply',
        to: msg.from,
        text: t('placeChoose', { choices }),
        language: report.language,
        priority: 5,
        reportId: report.id,
      });
      return true;
    }
    if (!answer.location) return false;
    await repos.reports.completePlace(
      report.id,
      answer.location.pcode,
      answer.location.level,
      AWAITING_PLACE,
      answer.village?.name ?? null,
    );
    await repos.alerts.audit({
      entity: 'report',
      entityId: report.id,
      action: 'place_answered',
      fromState: null,
      toState: null,
      actor: 'reporter',
      channel: msg.channel,
      reason: 'the reporter said where it happened',
      details: { pcode: answer.location.pcode },
    });
    log.info({ reportId: report.id, pcode: answer.location.pcode }, 'place answered by the reporter');
    await outbound.queue({
      dedupeKey: `place-a:${msg.id}`,
      purpose: 'reply',
      to: msg.from,
      text: t('placeThanks', { ref: report.reference }),
      language: report.language,
      priority: 5,
      reportId: report.id,
    });
    try {
      await producer.requeue('routing', report.id, { reportId: report.id }, priorityForSeverity(report.severity));
    } catch (err) {
      log.warn(
        { reportId: report.id, err: (err as Error).message },
        'routing after the place answer not enqueued; the sweeper will pick it up',
      );
    }
    return true;
  };
  return { handle };
}
