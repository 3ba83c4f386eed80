// Prevention messages: drafted per language for a verified incident, approved by a second person,
// priced before sending, then one SMS job per recipient and language behind every alert.
import type { Repositories } from '../db/index.ts';
import { canonicalReference, newReference } from '../domain/reference.ts';
import { getUnit } from '../geo/admin.ts';
import { translator } from '../i18n/i18n.ts';
import type { Logger } from '../log.ts';
import type { OutboundService } from '../outbound/outbound.service.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { asSent, previewCost, type Compose } from './cost.ts';
import { BroadcastError, createActors } from './actors.ts';
import { describeBroadcast } from './broadcast-view.ts';
import { BROADCAST_REF } from './keywords.ts';
import { checkTexts, refusal, VERIFIED_ALERT_STATES } from './rules.ts';
import { BROADCAST_PRIORITY, planRecipients, rolesFor, type Audience } from './targeting.ts';
import { isMachine, touchesScope, type Principal } from '../users/roles.ts';

export { BroadcastError };

/** Where an action came from, for the audit log: the JSON API or the dashboard's pages. */
export type Via = 'api' | 'dashboard';

export interface DraftInput {
  /** The session's or the token's user, or the machine token (MACHINE): never a name from the request. */
  actor: Principal;
  via?: Via | undefined;
  incidentId?: string | undefined;
  /** The reference of the alert that was confirmed or refuted (e.g. A7K3Q). */
  alert?: string | undefined;
  audience: Audience;
  zones?: string[] | undefined;
  texts: Record<string, unknown>;
  budget?: number | undefined;
}

export interface BroadcastsDeps {
  repos: Repositories;
  vault: PhoneVault;
  outbound: OutboundService;
  log: Logger;
  /** Total segments a broadcast may cost without explicit confirmation (BROADCAST_SEGMENT_BUDGET). */
  defaultBudget: number;
}

/** The SMS as sent: the drafted text and the footer (reference and DIFFUSE for radios, STOP for subscribers). */
export const composeFor =
  (reference: string): Compose =>
  (text, language, role) =>
    `${text} ${translator(language, 'broadcasts')(role === 'radio_host' ? 'footer.radio' : 'footer.subscriber', { ref: reference })}`;

export function createBroadcastsService({ repos, vault, outbound, log, defaultBudget }: BroadcastsDeps) {
  const actors = createActors(repos);

  async function load(id: string) {
    const ref = canonicalReference(id);
    const b = BROADCAST_REF.test(ref)
      ? await repos.broadcasts.byReference(ref)
      : await repos.broadcasts.get(id).catch(() => null);
    if (!b) throw new BroadcastError('not_found', `no prevention message ${id}`);
    return b;
  }

  /** Who gets it now: reachable contacts of the audience and zones, minus numbers that opted out. */
  async function plan(b: { audience: string; zones: string[]; texts: unknown }) {
    const audience = b.audience as Audience;
    const contacts = await repos.contacts.reachable(rolesFor(audience));
    const optedOut = await repos.optOuts.optedOutAmong(contacts.map((c) => c.phoneHash));
    const reachable = contacts.filter((c) => !optedOut.has(c.phoneHash));
    const texts = b.texts as Record<string, string>;
    return {
      texts,
      contacts: new Map(reachable.map((c) => [c.id, c])),
      sms: planRecipients(reachable, audience, b.zones, Object.keys(texts)),
    };
  }

  /** The message with its preview and counts; for a viewer limited to regions, only one with a zone inside them. */
  async function detail(id: string, viewer?: Principal) {
    let b = await load(id);
    if (viewer && !touchesScope(viewer, b.zones)) throw new BroadcastError('not_found', `no prevention message ${id}`);
    if (b.state === 'sending' && (await repos.broadcasts.settle(b.id))) b = await load(id);
    const [delivery, airings] = await Promise.all([repos.broadcasts.counts(b.id), repos.broadcasts.airings(b.id)]);
    let preview = null;
    if (b.state === 'draft' || b.state === 'approved') {
      const p = await plan(b);
      preview = previewCost(p.texts, p.sms, composeFor(b.reference), b.budget);
    }
    return describeBroadcast(b, { preview, delivery, airings });
  }

  async function audit(
    b: { id: string },
    via: Via | undefined,
    action: string,
    from: string | null,
    to: string | null,
    actor: string,
    reason: string | null,
    details: Record<string, unknown> | null = null,
  ) {
    await repos.alerts.audit({
      entity: 'broadcast',
      entityId: b.id,
      action,
      fromState: from,
      toState: to,
      actor,
      channel: via ?? 'api',
      reason,
      details,
    });
  }

  return {
    get: detail,

    /** Whether the message exists and the viewer may see it (one query, no preview): what the dashboard checks before an action. */
    async visible(id: string, viewer: Principal): Promise<boolean> {
      const b = await load(id).catch((err: unknown) => {
        if (err instanceof BroadcastError && err.code === 'not_found') return null;
        throw err;
      });
      return b !== null && touchesScope(viewer, b.zones);
    },

    /** Newest first, each with its delivery counts; a viewer limited to regions sees those with a zone inside them. */
    async list(limit: number, viewer: Principal) {
      const rows = await repos.broadcasts.list(limit, viewer.regions);
      const counts = await repos.broadcasts.countsOf(rows.map((b) => b.id));
      return rows.map((b) => ({ ...describeBroadcast(b, null), delivery: counts.get(b.id)! }));
    },

    async draft(input: DraftInput) {
      const user = await actors.resolve(input.actor);
      let incidentId = input.incidentId ?? null;
      let alertId: string | null = null;
      let verified = false;
      if (input.alert) {
        const ref = canonicalReference(input.alert);
        const alert = /^[A-Z0-9]{3,12}$/.test(ref) ? await repos.alerts.findAlertByReference(ref) : null;
        if (!alert) throw new BroadcastError('invalid_broadcast', `alert: no alert ${input.alert}`, { field: 'alert' });
        alertId = alert.id;
        incidentId = alert.incidentId ?? incidentId;
        verified = (VERIFIED_ALERT_STATES as readonly string[]).includes(alert.state);
      }
      const incident = incidentId ? await repos.broadcasts.incident(incidentId).catch(() => null) : null;
      if (incidentId && !incident)
        throw new BroadcastError('invalid_broadcast', `incidentId: no incident ${incidentId}`, { field: 'incidentId' });
      if (!incident && !alertId)
        throw new BroadcastError(
          'invalid_broadcast',
          'incidentId or alert: the incident or the alert (reference) that motivates the message',
          { field: 'incidentId' },
        );
      if (!verified && incident) verified = await repos.broadcasts.incidentIsVerified(incident.id);
      if (!verified)
        throw new BroadcastError(
          'not_verified',
          'the incident is not verified yet: a prevention message follows a rumour refuted or a tension confirmed by a committee (FAUX or VRAI)',
        );

      const zones = [
        ...new Set(
          (input.zones?.length ? input.zones : incident?.locationPcode ? [incident.locationPcode] : []).map((z) =>
            z.trim().toUpperCase(),
          ),
        ),
      ];
      if (zones.length === 0)
        throw new BroadcastError('invalid_broadcast', 'zones: at least one P-code (the incident has no place)', {
          field: 'zones',
        });
      const badZone = zones.find((z) => !getUnit(z));
      if (badZone)
        throw new BroadcastError('invalid_broadcast', `zones: ${badZone.slice(0, 20)} is not a P-code of Mali`, {
          field: 'zones',
        });
      actors.requireScope(user, zones);
      const texts = checkTexts(input.texts);
      if (!texts.ok)
        throw new BroadcastError('invalid_broadcast', texts.reasons.join('; '), { field: 'texts', reasons: texts.reasons });

      const b = await repos.broadcasts.create(
        {
          incidentId: incident?.id ?? null,
          alertId,
          audience: input.audience,
          zones,
          budget: input.budget ?? defaultBudget,
          texts: texts.texts,
          draftedById: isMachine(user) ? null : user.id,
        },
        () => newReference('D', 4),
      );
      await audit(b, input.via, 'draft', null, 'draft', actors.label(user), null, {
        audience: b.audience,
        zones,
        languages: Object.keys(texts.texts),
      });
      log.info({ broadcastId: b.id, audience: b.audience, zones: zones.length }, 'prevention message drafted');
      return detail(b.id);
    },

    async approve(id: string, actor: Principal, via?: Via) {
      const user = await actors.resolve(actor);
      // The shared token is whoever holds it, the drafter included: a second pair of eyes must be a person.
      if (isMachine(user))
        throw new BroadcastError(
          'needs_person',
          'approval needs a person: the shared ADMIN_TOKEN names no one; approve with a personal API token or on the dashboard',
        );
      const b = await load(id);
      const refused = refusal(b.state, 'approve');
      if (refused) throw new BroadcastError('wrong_state', refused, { state: b.state });
      if (b.draftedById === user.id)
        throw new BroadcastError(
          'drafter_cannot_approve',
          `${user.email} drafted this message and cannot approve it: a second coordinator must`,
        );
      actors.requireScope(user, b.zones);
      if (!(await repos.broadcasts.move(b.id, ['draft'], 'approved', { approvedById: user.id, approvedAt: new Date() }))) {
        throw new BroadcastError('wrong_state', 'the message changed meanwhile; read it again');
      }
      await audit(b, via, 'approve', 'draft', 'approved', actors.label(user), null);
      return detail(b.id);
    },

    /** Approved → sending, then one job per recipient and language; `sending` again resumes (dedupe keys). */
    async send(
      id: string,
      opts: { actor: Principal; confirmOverBudget?: boolean | undefined; fold?: boolean | undefined; via?: Via | undefined },
    ) {
      const user = await actors.resolve(opts.actor);
      const b = await load(id);
      const refused = refusal(b.state, 'send');
      if (refused) throw new BroadcastError('wrong_state', refused, { state: b.state });
      actors.requireScope(user, b.zones);
      const fold = b.state === 'sending' ? b.folded : opts.fold === true;
      const { texts, contacts, sms } = await plan(b);
      const compose = composeFor(b.reference);
      if (b.state === 'approved') {
        const cost = previewCost(texts, sms, compose, b.budget);
        const total = fold ? cost.totalSegmentsFolded : cost.totalSegments;
        if (total > b.budget && opts.confirmOverBudget !== true) {
          throw new BroadcastError(
            'over_budget',
            `this message costs ${total} segments, over the budget of ${b.budget}: send again with confirmOverBudget: true${!fold && cost.totalSegmentsFolded < total ? `, or fold it to GSM-7 (fold: true, ${cost.totalSegmentsFolded} segments)` : ''}`,
            { totalSegments: total, totalSegmentsFolded: cost.totalSegmentsFolded, budget: b.budget },
          );
        }
        if (!(await repos.broadcasts.move(b.id, ['approved'], 'sending', { sendStartedAt: new Date(), folded: fold }))) {
          throw new BroadcastError('wrong_state', 'the message changed meanwhile; read it again');
        }
        await audit(b, opts.via, 'send', 'approved', 'sending', actors.label(user), null, {
          messages: sms.length,
          segments: total,
          folded: fold,
          overBudgetConfirmed: total > b.budget,
        });
      }
      for (const p of sms) {
        const contact = contacts.get(p.contactId)!;
        await outbound.queue({
          dedupeKey: `broadcast:${b.id}:${p.contactId}:${p.language}`,
          purpose: 'broadcast',
          to: vault.decrypt(contact.phoneEnc),
          text: asSent(compose(texts[p.language]!, p.language, p.role), fold),
          language: p.language,
          priority: BROADCAST_PRIORITY[p.role],
          broadcastId: b.id,
          fold,
        });
      }
      log.info({ broadcastId: b.id, messages: sms.length, folded: fold }, 'prevention message queued');
      return detail(b.id);
    },

    async cancel(id: string, actor: Principal, reason: string, via?: Via) {
      const user = await actors.resolve(actor);
      const b = await load(id);
      const refused = refusal(b.state, 'cancel');
      if (refused) throw new BroadcastError('wrong_state', refused, { state: b.state });
      actors.requireScope(user, b.zones);
      if (!(await repos.broadcasts.move(b.id, [b.state], 'cancelled', { cancelledAt: new Date() }))) {
        throw new BroadcastError('wrong_state', 'the message changed meanwhile; read it again');
      }
      const stopped = await repos.broadcasts.cancelQueued(b.id);
      await audit(b, via, 'cancel', b.state, 'cancelled', actors.label(user), reason, { stopped });
      return detail(b.id);
    },
  };
}
export type BroadcastsService = ReturnType<typeof createBroadcastsService>;
