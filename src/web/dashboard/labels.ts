// Small shared pieces of markup: state and severity badges, select options of the taxonomy and places.
import { ALERT_STATES } from '../../alerts/state-machine.ts';
import { CATEGORIES } from '../../domain/taxonomy.ts';
import { allUnits } from '../../geo/admin.ts';
import { attr, html, type SafeHtml } from './html.ts';
import type { Ctx } from './view.ts';

export function stateBadge(ctx: Ctx, state: string): SafeHtml {
  return html`<span class="badge state-${state}">${ctx.t(`state.${state}`, { defaultValue: state })}</span>`;
}

export function severityBadge(ctx: Ctx, severity: number): SafeHtml {
  return html`<span class="sev sev-${severity}">${severity} · ${ctx.t(`severity.${severity}`)}</span>`;
}

/**
 * The reasons the gateway itself writes in the audit log are English (the log is the record, kept as
 * written); a timeline shows them in the page's language. A reason someone typed is shown as typed.
 */
const WRITTEN_REASONS: [RegExp, string, string[]][] = [
  [/^sent to (.+)$/, 'sentTo', ['committee']],
  [/^corroborated by independent reporters: severity (\d), (\d+) reports$/, 'corroborated', ['severity', 'count']],
  [/^a more severe report: severity (\d), (\d+) reports$/, 'moreSevere', ['severity', 'count']],
  [/^delivery report: the alert SMS reached the phone$/, 'delivered', []],
  [/^no answer after every escalation level \((.+) each\)$/, 'expired', ['delay']],
  [/^no acknowledgement within (.+): sent to the backup of (.+)$/, 'escalatedBackup', ['delay', 'committee']],
  [/^no acknowledgement within (.+): sent to (.+)$/, 'escalated', ['delay', 'committee']],
  [/^triage correction$/, 'triage', []],
  [/^answer from a number that is not a focal point$/, 'notFocalPoint', []],
];

export function reasonLabel(ctx: Ctx, reason: string): string {
  for (const [pattern, key, names] of WRITTEN_REASONS) {
    const m = pattern.exec(reason);
    if (m) return ctx.t(`reason.${key}`, Object.fromEntries(names.map((n, i) => [n, m[i + 1]!])));
  }
  return reason;
}

export function categoryLabel(ctx: Ctx, category: string): string {
  return ctx.t(`category.${category}`, { defaultValue: category });
}

/** An audit entry's channel: 'sms:africastalking' → SMS; a provider's own name ('orange') stays as it is. */
export function channelLabel(ctx: Ctx, channel: string): string {
  return ctx.t(`channel.${channel.split(':')[0]}`, { defaultValue: channel });
}

export function categoryOptions(ctx: Ctx, selected: string | undefined, withAny: boolean): SafeHtml {
  return html`${withAny ? html`<option value="">${ctx.t('filters.any')}</option>` : ''}${CATEGORIES.map(
    (c) => html`<option value="${c}"${attr('selected', c === selected)}>${categoryLabel(ctx, c)}</option>`,
  )}`;
}

export function stateOptions(ctx: Ctx, selected: string | undefined): SafeHtml {
  return html`<option value="">${ctx.t('filters.any')}</option>${ALERT_STATES.map((s) => html`<option value="${s}"${attr('selected', s === selected)}>${ctx.t(`state.${s}`)}</option>`)}`;
}

export function severityOptions(ctx: Ctx, selected: number | undefined, withAny: boolean, from = 1): SafeHtml {
  const levels = [0, 1, 2, 3].filter((s) => s >= from);
  return html`${withAny ? html`<option value="">${ctx.t('filters.any')}</option>` : ''}${levels.map(
    (s) => html`<option value="${s}"${attr('selected', s === selected)}>${s} · ${ctx.t(`severity.${s}`)}</option>`,
  )}`;
}

/** Regions with their cercles (and, when asked, communes), limited to the user's regions. */
export function placeOptions(
  ctx: Ctx,
  selected: string | undefined | null,
  opts: { communes?: boolean; anyLabel: string },
): SafeHtml {
  const regions = ctx.user?.regions ?? [];
  const units = allUnits().filter(
    (u) => (opts.communes || u.level !== 'commune') && (regions.length === 0 || regions.some((r) => u.pcode.startsWith(r))),
  );
  const groups = units.filter((u) => u.level === 'region').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const indent = (level: string) => (level === 'cercle' ? '\u00a0\u00a0' : level === 'commune' ? '\u00a0\u00a0\u00a0\u00a0' : '');
  return html`<option value="">${opts.anyLabel}</option>${groups.map(
    (g) =>
      html`<optgroup label="${g.name}">${units
        .filter((u) => u.pcode.startsWith(g.pcode))
        .sort((a, b) => a.pcode.localeCompare(b.pcode))
        .map(
          (u) => html`<option value="${u.pcode}"${attr('selected', u.pcode === selected)}>${indent(u.level)}${u.name}</option>`,
        )}</optgroup>`,
  )}`;
}
