// Alert lifecycle: every change goes through the state machine and the audit log; answers notify the
// reporter; silence escalates on a delayed job per level.
import { randomUUID } from 'node:crypto';
import type { Config } from '../config.ts';
import type { Repositories } from '../db/index.ts';
import { translator } from '../i18n/i18n.ts';
import { RECEIPT_PRIORITY, type Producer } from '../jobs/queues.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import { alertText } from './alert-text.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { isCategory } from '../domain/taxonomy.ts';
import { TRUST } from '../safety/abuse.ts';
import { escalationStep, upperPcodes, VOICE_CALL_WAIT_SHARE, voiceCallFirst } from './escalation.ts';
import { eventOfMove, incidentEvent } from './incident-record.ts';
import { isAlertState, transition, UNANSWERED, type AlertAction, type AlertState } from './state-machine.ts';

/** 15 min, 4 h, 48 h; seconds when ESCALATION_TIME_SCALE shrinks the delays for demos and tests. */
export function formatDelay(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  if (ms < 3_600_000 || ms % 3_600_000 !== 0) return `${Math.round(ms / 60_000)} min`;
  return `${ms / 3_600_000} h`;
}

/** A real wait, to the minute: "6 h", "2 h 5 min", "3 d 4 h"; seconds below a minute. */
export function formatWait(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const minutes = Math.round(ms / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const [h, m] = [Math.floor(minutes / 60), minutes % 60];
  if (h < 48) return m ? `${h} h ${m} min` : `${h} h`;
  return h % 24 ? `${Math.floor(h / 24)} d ${h % 24} h` : `${h / 24} d`;
}

/** A check this far past its due time fired late (downtime, a lost job found by the sweeper): its audit says so. */
const lateAfter = (nominalMs: number) => Math.min(60_000, Math.max(1000, nominalMs / 2));

export interface Actor {
  /** e.g. 'focal_point:<id>', 'user:<id>', 'machine:admin-token', 'system'. */
  actor: string;
  channel: string;
  reason?: string | null;
}

export type TransitionOutcome =
  | { kind: 'move'; from: AlertState; to: AlertState }
  | { kind: 'noop'; state: AlertState }
  | { kind: 'refused'; state: AlertState; reason: string }
  | { kind: 'not_found' };

export interface AlertsDeps {
  repos: Repositories;
  vault: PhoneVault;
  producer: Producer;
  outbound: OutboundService;
  escalationDelayMs: Config['escalationDelayMs'];
  log: Logger;
  /** After the commit: hand the outbound webhook events written with a move on (the sweeper does if this fails). */
  onEvents?: (eventIds: string[]) => Promise<void>;
  /**
   * VOICE_ESCALATION: before the first escalation of a severity-3 alert, its primary focal point is called
   * (src/voice/alert-calls.service.ts); the ladder moves on after a third of the severity's delay.
   */
  voiceFirst?: {
    called(alertId: string): Promise<boolean>;
    call(alertId: string, fp: { id: string; phoneHash: string; phoneEnc: string }): Promise<string>;
  };
}

export function createAlertsService(deps: AlertsDeps) {
  const { repos, vault, producer, outbound, log } = deps;
  const delayFor = (severity: number) => deps.escalationDelayMs[Math.min(3, Math.max(1, severity)) as 1 | 2 | 3];

  async function schedule(alertId: string, level: number, severity: number, retimed = false): Promise<void> {
    try {
      await producer.escalation(alertId, level, delayFor(severity), retimed ? severity : undefined);
    } catch (err) {
      log.warn({ alertId, level, err: (err as Error).message }, 'escalation not scheduled; the sweeper will catch it when due');
    }
  }

  async function notifyReporters(incidentId: string | null, kind: 'reporterAck' | 'reporterResolved'): Promise<void> {
    if (!incidentId) return;
    const seen = new Set<string>();
    for (const r of await repos.alerts.reportersOfIncident(incidentId)) {
      const reporter = r.reporter;
      if (!reporter?.phoneEnc || reporter.optedOutAt || seen.has(reporter.id)) continue;
      seen.add(reporter.id);
      const language = reporter.language ?? r.language;
      await outbound.queue({
        dedupeKey: `${kind}:${incidentId}:${reporter.id}`,
        purpose: 'receipt',
        to: vault.decrypt(reporter.phoneEnc),
        text: translator(language)(kind, { ref: r.reference }),
        language,
        priority: RECEIPT_PRIORITY,
        reportId: r.id,
      });
    }
  }

  async function apply(
    alertId: string,
    action: AlertAction,
    who: Actor,
    data: { resolutionNote?: string } = {},
  ): Promise<TransitionOutcome> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const alert = await repos.alerts.getAlert(alertId);
      if (!alert) return { kind: 'not_found' };
      const state = isAlertState(alert.state) ? alert.state : 'sent';
      const t = transition(state, action);
      if (t.kind !== 'move') return t;
      const answered = !UNANSWERED.includes(t.to) && t.to !== 'expired';
      // Confirmed, refuted, resolved: an incident event for the outbound webhooks, in the move's transaction.
      const type = eventOfMove(t.to);
      const inc = alert.incident;
      const committee = { name: alert.committee.name, type: alert.committee.type };
      const events =
        type && inc
          ? [incidentEvent(randomUUID(), type, inc, { reference: alert.reference, state: t.to, committee }, new Date())]
          : [];
      const moved = await repos.alerts.moveAlert(
        alertId,
        t.from,
        t.to,
        {
          ...(answered ? { nextEscalationAt: null } : {}),
          ...(data.resolutionNote !== undefined ? { resolutionNote: data.resolutionNote } : {}),
        },
        {
          action,
          actor: who.actor,
          channel: who.channel,
          reason: who.reason ?? null,
          details: data.resolutionNote ? { note: data.resolutionNote } : null,
        },
        {},
        events,
      );
      if (!moved) continue; // it changed under us: read again and decide again
      if (events.length > 0) await deps.onEvents?.(events.map((e) => e.id));
      log.info({ alertId, from: t.from, to: t.to, actor: who.actor.split(':')[0], channel: who.channel }, 'alert transition');
      // One SMS each per reporter and incident (dedupe keys), whichever committee answers first.
      if (t.to === 'acknowledged' || t.to === 'confirmed' || t.to === 'refuted')
        await notifyReporters(alert.incidentId, 'reporterAck');
      if (t.to === 'resolved') await notifyReporters(alert.incidentId, 'reporterResolved');
      if (t.to === 'refuted' && alert.incidentId)
        await repos.alerts.lowerTrustOfIncidentReporters(alert.incidentId, TRUST.refutedPenalty);
      return t;
    }
    return { kind: 'refused', state: 'sent', reason: 'the alert kept changing; try again' };
  }

  /**
   * Severity 3, first escalation, voice on, nobody called yet: call the primary focal point and look again
   * after a third of the delay (its own job id; the alert's next escalation time moves with it, so the
   * sweeper re-fires it only if that job is lost). Null when the ladder goes on as usual.
   */
  async function callFirst(
    alert: NonNullable<Awaited<ReturnType<Repositories['alerts']['getAlert']>>>,
    level: number,
  ): Promise<'called' | 'skipped' | null> {
    const fp = alert.committee.focalPoints.find((f) => f.rank === 1);
    if (!deps.voiceFirst || !fp) return null;
    const { severity, escalationLevel } = alert;
    if (!voiceCallFirst({ level, severity, escalationLevel, calledAlready: await deps.voiceFirst.called(alert.id) })) return null;
    const wait = Math.round(delayFor(alert.severity) * VOICE_CALL_WAIT_SHARE);
    const ok = await repos.alerts.moveAlert(
      alert.id,
      alert.state,
      alert.state,
      { nextEscalationAt: new Date(Date.now() + wait) },
      {
        action: 'voice_call',
        actor: 'system',
        channel: 'escalation',
        reason: `no acknowledgement within ${formatDelay(delayFor(alert.severity))}: calling ${fp.name}`,
        details: { focalPointId: fp.id },
      },
      // Two checks of the same level at once (a retimed one): only the first moves the time on, and calls.
      { escalationLevel: 0, nextEscalationAt: alert.nextEscalationAt },
    );
    if (!ok) return 'skipped'; // the other check called, or the alert moved: that one decides
    await deps.voiceFirst.call(alert.id, fp);
    try {
      await producer.escalation(alert.id, 1, wait, undefined, 'voice');
    } catch (err) {
      log.warn({ alertId: alert.id, err: (err as Error).message }, 'escalation after the call not scheduled; the sweeper will');
    }
    log.info({ alertId: alert.id }, 'alert: focal point called');
    return 'called';
  }

  return {
    apply,

    /** How long an unanswered alert of this severity waits before it escalates. */
    delayFor,

    /** The alert's severity rose: its next escalation check runs after the new severity's delay. */
    rescheduleEscalation: (alertId: string, nextLevel: number, severity: number) => schedule(alertId, nextLevel, severity, true),

    /** Schedules the first escalation check (idempotent: one job id per alert and level). */
    scheduleFirstEscalation: (alertId: string, severity: number) => schedule(alertId, 1, severity),

    /** The delayed job: if still unanswered, reach the next people in the chain, once per level. */
    async escalate(alertId: string, level: number): Promise<'escalated' | 'expired' | 'skipped' | 'called'> {
      const alert = await repos.alerts.getAlert(alertId);
      if (!alert || !isAlertState(alert.state) || !UNANSWERED.includes(alert.state) || alert.escalationLevel >= level)
        return 'skipped';
      const called = await callFirst(alert, level);
      if (called) return called;
      const chain = await repos.alerts.committeesOnChain([alert.committee.pcode, ...upperPcodes(alert.committee.pcode)]);
      const reach = await repos.alerts.reachOf(alert);
      const step = escalationStep(
        level,
        alert.committee,
        chain,
        reach.focalPoints,
        reach.committees,
        alert.committee.retiredAt !== null,
      );
      const nominal = delayFor(alert.severity);
      const waited = formatDelay(nominal);
      // Fired late (downtime, a lost job the sweeper found): say how long the people reached last really waited.
      const late = alert.nextEscalationAt ? Date.now() - alert.nextEscalationAt.getTime() : 0;
      const since = late > lateAfter(nominal) ? ((await repos.alerts.lastEscalatedAt(alertId)) ?? alert.createdAt) : null;
      const real = since && `${formatWait(Date.now() - since.getTime())} (due after ${waited}; fired ${formatWait(late)} late)`;
      if (step.kind === 'expire') {
        const ok = await repos.alerts.moveAlert(
          alertId,
          alert.state,
          'expired',
          { escalationLevel: step.level, nextEscalationAt: null },
          {
            action: 'expire',
            actor: 'system',
            channel: 'escalation',
            reason: `no answer after every escalation level (${waited} each)${real ? `; the last waited ${real}` : ''}`,
            details: null,
          },
          { escalationLevel: alert.escalationLevel },
        );
        return ok ? 'expired' : 'skipped';
      }
      const next = new Date(Date.now() + nominal);
      const ok = await repos.alerts.moveAlert(
        alertId,
        alert.state,
        'escalated',
        { escalationLevel: step.level, nextEscalationAt: next },
        {
          action: 'escalate',
          actor: 'system',
          channel: 'escalation',
          reason: `${real ? `no acknowledgement for ${real}` : `no acknowledgement within ${waited}`}: sent to ${step.kind === 'backup' ? 'the backup of ' : ''}${step.committee.name}`,
          details: { level: step.level, committeeId: step.committee.id, recipients: step.recipients.map((r) => r.id) },
        },
        { escalationLevel: alert.escalationLevel },
      );
      if (!ok) return 'skipped';
      const count = alert.incident?.reportCount ?? 1;
      const text = alertText({
        category: isCategory(alert.category) ? alert.category : 'AUTRE',
        severity: alert.severity,
        pcode: alert.locationPcode,
        village: alert.report?.village,
        count,
        reference: alert.reference,
        kind: 'escalated',
      });
      for (const fp of step.recipients) {
        await outbound.queue({
          dedupeKey: `alert:${alert.id}:${fp.id}`,
          purpose: 'alert',
          to: vault.decrypt(fp.phoneEnc),
          text,
          language: 'fr',
          priority: 1,
          alertId: alert.id,
          focalPointId: fp.id,
        });
      }
      await schedule(alertId, step.level + 1, alert.severity);
      log.info({ alertId, level: step.level, kind: step.kind, recipients: step.recipients.length }, 'alert escalated');
      return 'escalated';
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
