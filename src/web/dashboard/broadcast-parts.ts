// Markup the prevention-message pages share: state badge, audience and language names, zones, the
// delivery counts, and a refusal of the broadcasts service turned into a status and a message.
import type { BroadcastError, BroadcastErrorCode } from '../../broadcasts/actors.ts';
import type { BroadcastCounts } from '../../db/broadcasts.repo.ts';
import { html, type SafeHtml } from './html.ts';
import { placeName, type Ctx } from './view.ts';

export function broadcastBadge(ctx: Ctx, state: string): SafeHtml {
  return html`<span class="badge bstate-${state}">${ctx.t(`bstate.${state}`, { defaultValue: state })}</span>`;
}

export const audienceLabel = (ctx: Ctx, audience: string): string => ctx.t(`audience.${audience}`, { defaultValue: audience });
export const languageName = (ctx: Ctx, language: string): string => ctx.t(`language.${language}`, { defaultValue: language });

/** Each P-code with its place name. */
export function zonesList(ctx: Ctx, zones: readonly string[]): SafeHtml {
  return html`${zones.map((z, i) => html`${i > 0 ? ', ' : ''}${placeName(z, ctx.t)} <small>${z}</small>`)}`;
}

/** Out = accepted by the operator (sent, with or without a delivery report). */
export function deliveryCells(d: BroadcastCounts): SafeHtml {
  return html`<td class="num">${d.sent + d.delivered}</td><td class="num">${d.delivered}</td><td class="num">${d.failed}</td>`;
}

const STATUS: Record<BroadcastErrorCode, number> = {
  invalid_broadcast: 400,
  unknown_actor: 403,
  forbidden: 403,
  not_found: 404,
  not_verified: 409,
  drafter_cannot_approve: 409,
  needs_person: 403,
  wrong_state: 409,
  over_budget: 409,
};

/** Codes whose service message names what to fix (a field, a zone, the current state). */
const DETAILED: readonly BroadcastErrorCode[] = ['invalid_broadcast', 'unknown_actor', 'forbidden', 'wrong_state'];

export interface Problem {
  status: number;
  message: SafeHtml;
}

/** `lang`: the reasons' language (the broadcasts service's own words are English). */
export function problemBox(headline: string, reasons: readonly string[] = [], lang = 'en'): SafeHtml {
  return html`<div class="error" role="alert"><p>${headline}</p>${reasons.length > 0 ? html`<ul lang="${lang}">${reasons.map((r) => html`<li>${r}</li>`)}</ul>` : ''}</div>`;
}

/** A refusal in the reader's language; the service's own words (English) below it when they help. */
export function broadcastProblem(ctx: Ctx, err: BroadcastError): Problem {
  const d = err.details;
  const headline =
    err.code === 'over_budget'
      ? ctx.t('broadcastErrors.over_budget', { total: d.totalSegments, folded: d.totalSegmentsFolded, budget: d.budget })
      : ctx.t(`broadcastErrors.${err.code}`);
  const reasons = !DETAILED.includes(err.code) ? [] : Array.isArray(d.reasons) ? d.reasons.map(String) : [err.message];
  return { status: STATUS[err.code], message: problemBox(headline, reasons) };
}
