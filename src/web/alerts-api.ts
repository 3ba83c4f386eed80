// Alert detail with its timeline, coordinator transitions, the audit export and its verification
// (the committees are in committees-api.ts).
import { Router } from 'express';
import { z } from 'zod';
import type { AlertsService } from '../alerts/alerts.service.ts';
import { verifyChain } from '../db/audit-chain.ts';
import { ALERT_ACTIONS, allowedActions, isAlertState } from '../alerts/state-machine.ts';
import type { Repositories } from '../db/index.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { auditActor, canActOn, canRevealNumbers, inScope } from '../users/roles.ts';
import { location } from './api.ts';
import { apiPrincipal, refuseNamedActor, requireNational } from './auth.ts';
import { AppError } from './errors.ts';
import { dateTimeParam, jsonBody, limitParam, parseBody, sequenceParam } from './query.ts';
import { items, OBJECT, type RouteDoc } from './api-doc.ts';
import { RevealError, type PrivacyService } from '../safety/privacy.service.ts';

const transitionBody = z.object({
  action: z.enum(ALERT_ACTIONS.filter((a) => a !== 'deliver') as [string, ...string[]], {
    error: `action: one of ${ALERT_ACTIONS.filter((a) => a !== 'deliver').join(', ')}`,
  }),
  reason: z.string().trim().min(1, 'reason: say why').max(500),
  note: z.string().trim().max(500).optional(),
});

const REVEAL_REASON = 'reason: say why the number must be revealed (5 characters or more)';
const revealBody = z.object({
  reason: z.string({ error: REVEAL_REASON }).trim().min(5, REVEAL_REASON),
});

const SINCE = dateTimeParam('since', 'entries at or after this time (ISO 8601)', () => new Date(0));
const AFTER = sequenceParam('after', 'entries after this sequence number: the `next` of the page before');
const AUDIT_LIMIT = limitParam(1000, 500);

/** What this router answers, for the OpenAPI document. */
export const alertRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/alerts/:id',
    tag: 'alerts',
    summary: 'One alert: its incident, reports (references only), the actions allowed now, and its timeline',
    ok: { status: 200, description: 'the alert', schema: OBJECT },
    errors: [404],
  },
  {
    method: 'post',
    path: '/alerts/:id/transitions',
    tag: 'alerts',
    summary: 'Acknowledge, confirm, refute, resolve… an alert as the token’s user, with a reason',
    body: transitionBody,
    ok: { status: 200, description: '{changed, from, state}, or {changed: false, state} when repeated', schema: OBJECT },
    errors: [400, 403, 404, 409],
  },
  {
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'The audit log in order, hash-chained (national tokens only)',
    query: [SINCE, AFTER, AUDIT_LIMIT],
    ok: { status: 200, description: '{items, next}: pass next as `after` for more; null at the end', schema: items() },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/audit/verify',
    tag: 'audit',
    summary: 'Verifies the audit log’s hash chain (national tokens only)',
    ok: { status: 200, description: 'the verification', schema: OBJECT },
    errors: [403],
  },
  {
    method: 'post',
    path: '/reporters/:pseudonym/reveal',
    tag: 'reports',
    summary: 'Reveals a reporter’s number, for an admin, with a reason; audited',
    body: revealBody,
    ok: { status: 200, description: '{pseudonym, phone}', schema: OBJECT },
    errors: [400, 403, 404, 410],
  },
];

const timelineItem = (e: {
  seq: bigint;
  at: Date;
  action: string;
  fromState: string | null;
  toState: string | null;
  actor: string;
  channel: string;
  reason: string | null;
  details: unknown;
}) => ({
  seq: String(e.seq),
  at: e.at,
  action: e.action,
  from: e.fromState,
  to: e.toState,
  actor: e.actor,
  channel: e.channel,
  reason: e.reason,
  details: e.details,
});

export function alertsApiRouter(deps: {
  repos: Repositories;
  alerts: AlertsService;
  vault: PhoneVault;
  privacy: PrivacyService;
}): Router {
  const { repos, alerts } = deps;
  const router = Router();
  router.use(jsonBody('16kb'));

  router.get('/alerts/:id', async (req, res) => {
    const alert = await repos.alerts.getAlert(req.params.id).catch(() => null);
    // Outside the token's regions: the same answer as no alert at all.
    if (!alert || !inScope(apiPrincipal(res), alert.locationPcode))
      throw new AppError(404, 'not_found', `no alert ${req.params.id}`);
    const [timeline, reports] = await Promise.all([
      repos.alerts.timeline('alert', alert.id),
      alert.incidentId ? repos.alerts.reportersOfIncident(alert.incidentId) : Promise.resolve([]),
    ]);
    res.json({
      id: alert.id,
      reference: alert.reference,
      state: alert.state,
      category: alert.category,
      severity: alert.severity,
      location: location(alert.locationPcode),
      committee: { id: alert.committee.id, name: alert.committee.name, type: alert.committee.type, pcode: alert.committee.pcode },
      escalationLevel: alert.escalationLevel,
      nextEscalationAt: alert.nextEscalationAt,
      resolutionNote: alert.resolutionNote,
      createdAt: alert.createdAt,
      incident: alert.incident && {
        id: alert.incident.id,
        reportCount: alert.incident.reportCount,
        reporterCount: alert.incident.reporterCount,
        severity: alert.incident.severity,
        openedAt: alert.incident.openedAt,
      },
      reports: reports.map((r) => ({ id: r.id, reference: r.reference, language: r.language })),
      allowedActions: isAlertState(alert.state) ? allowedActions(alert.state) : [],
      timeline: timeline.map(timelineItem),
    });
  });

  router.post('/alerts/:id/transitions', async (req, res) => {
    refuseNamedActor(req.body);
    const user = apiPrincipal(res);
    const alert = await repos.alerts.getAlert(req.params.id).catch(() => null);
    if (!alert || !inScope(user, alert.locationPcode)) throw new AppError(404, 'not_found', `no alert ${req.params.id}`);
    if (!canActOn(user, alert.locationPcode)) throw new AppError(403, 'forbidden', `${user.email} may not act on this alert`);
    const { action, reason, note } = parseBody(transitionBody, req.body);
    const outcome = await alerts.apply(
      req.params.id,
      action as (typeof ALERT_ACTIONS)[number],
      { actor: auditActor(user), channel: 'api', reason },
      note ? { resolutionNote: note } : {},
    );
    if (outcome.kind === 'not_found') throw new AppError(404, 'not_found', `no alert ${req.params.id}`);
    if (outcome.kind === 'refused') throw new AppError(409, 'transition_refused', outcome.reason, { state: outcome.state });
    res.json(
      outcome.kind === 'move'
        ? { changed: true, from: outcome.from, state: outcome.to }
        : { changed: false, state: outcome.state },
    );
  });

  router.get('/audit', async (req, res) => {
    requireNational(res);
    const since = SINCE.read(req);
    const after = AFTER.read(req);
    const limit = AUDIT_LIMIT.read(req);
    const rows = await repos.alerts.auditSince(since, after, limit);
    res.json({
      items: rows.map((e) => ({
        ...timelineItem(e),
        entity: e.entity,
        entityId: e.entityId,
        prevHash: e.prevHash,
        hash: e.hash,
      })),
      next: rows.length === limit ? String(rows[rows.length - 1]!.seq) : null,
    });
  });

  router.get('/audit/verify', async (_req, res) => {
    requireNational(res);
    await repos.alerts.sealAudit(); // what has committed is checked too, not only what the sealer reached
    const rows = [];
    for await (const r of repos.alerts.auditChain()) rows.push(r);
    res.json(verifyChain(rows));
  });

  // Revealing who reported is a separate act for an admin, audited as the token's user (or the machine token).
  router.post('/reporters/:pseudonym/reveal', async (req, res) => {
    refuseNamedActor(req.body);
    const user = apiPrincipal(res);
    if (!canRevealNumbers(user)) throw new AppError(403, 'forbidden', `${user.email} may not reveal numbers: admins only`);
    // Not a pseudonym (P-XXXXXX): no such reporter, without asking the database (a NUL byte would fail there).
    if (!/^P-[A-Za-z0-9]{1,20}$/.test(req.params.pseudonym))
      throw new AppError(404, 'not_found', 'no reporter with this pseudonym');
    const { reason } = parseBody(revealBody, req.body);
    try {
      res.json({
        pseudonym: req.params.pseudonym,
        phone: await deps.privacy.reveal(req.params.pseudonym, auditActor(user), reason.slice(0, 500)),
      });
    } catch (err) {
      if (err instanceof RevealError) throw new AppError(err.code === 'not_found' ? 404 : 410, err.code, err.message);
      throw err;
    }
  });

  return router;
}
