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

export function categoryLabel(ctx: Ctx, category: string): string {
  return ctx.t(`category.${category}`, { defaultValue: category });
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
export function placeOptions(ctx: Ctx, selected: string | undefined | null, opts: { communes?: boolean; anyLabel: string }): SafeHtml {
  const regions = ctx.user?.regions ?? [];
  const units = allUnits().filter((u) => (opts.communes || u.level !== 'commune') && (regions.length === 0 || regions.some((r) => u.pcode.startsWith(r))));
  const groups = units.filter((u) => u.level === 'region').sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const indent = (level: string) => (level === 'cercle' ? '\u00a0\u00a0' : level === 'commune' ? '\u00a0\u00a0\u00a0\u00a0' : '');
  return html`<option value="">${opts.anyLabel}</option>${groups.map(
    (g) => html`<optgroup label="${g.name}">${units
      .filter((u) => u.pcode.startsWith(g.pcode))
      .sort((a, b) => a.pcode.localeCompare(b.pcode))
      .map((u) => html`<option value="${u.pcode}"${attr('selected', u.pcode === selected)}>${indent(u.level)}${u.name}</option>`)}</optgroup>`,
  )}`;
}
