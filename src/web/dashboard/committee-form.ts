// The committee form of the dashboard: name, type, level, places typed by name (suggestions while
// typing), focal points with their order, role and language, and the reason the audit keeps. It never
// shows a number: an existing focal point's phone left empty keeps its number.
import { CHECKIN_DAYS, type Problem } from '../../committees/committee-rules.ts';
import type { CommitteesService } from '../../committees/committees.service.ts';
import { problemText } from '../../committees/problem-text.ts';
import { DIRECTORY_LEVELS } from '../../domain/coverage.ts';
import { COMMITTEE_TYPES, LANGUAGES } from '../../domain/taxonomy.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { languageName } from './broadcast-parts.ts';
import { csrfField } from './layout.ts';
import { placeOptions, placeValue } from './places.ts';
import type { Ctx } from './view.ts';

type View = Awaited<ReturnType<CommitteesService['get']>>;

export interface FocalRow {
  id: string;
  name: string;
  role: 'primary' | 'backup';
  language: string;
  /** The stored number, masked, of an existing focal point. */
  masked?: string;
}

export interface CommitteeForm {
  name: string;
  type: string;
  level: string;
  places: string[];
  focal: FocalRow[];
  /** Days between check-ins, as typed. */
  checkinDays: string;
  reason: string;
}

export const emptyForm = (): CommitteeForm => ({
  name: '',
  type: 'CCS',
  level: '',
  places: [],
  focal: [],
  checkinDays: String(CHECKIN_DAYS.fallback),
  reason: '',
});

export function formOfView(c: View): CommitteeForm {
  return {
    name: c.name,
    type: c.type,
    level: c.level,
    places: c.places.map((p) => placeValue(p)),
    focal: c.focalPoints.map((f) => ({ id: f.id, name: f.name, role: f.role, language: f.language, masked: f.masked })),
    checkinDays: String(c.checkinDays),
    reason: '',
  };
}

const list = (v: string | string[] | undefined): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
/** A field's text, NUL replaced as formFields does (PostgreSQL cannot hold it). */
const cell = (v: string | undefined, max = 200) => (v ?? '').replace(/\u0000/g, '\ufffd').slice(0, max);

/**
 * The form as posted → what it shows again, and the body the committees service checks. Empty places and
 * rows without a name or a phone are dropped; focal points in the order their "order" fields give.
 */
export function readForm(b: Record<string, string | string[] | undefined>, masked: Map<string, string> = new Map()) {
  const one = (k: string) => cell(list(b[k])[0]);
  const [ids, names, phones, roles, languages, orders] = [
    'fp_id',
    'fp_name',
    'fp_phone',
    'fp_role',
    'fp_language',
    'fp_order',
  ].map((k) => list(b[k]).slice(0, 20)) as string[][];
  const rows = names!
    .map((name, i) => ({
      id: cell(ids![i], 40),
      name: cell(name).trim(),
      phone: cell(phones![i], 40).trim(),
      role: roles![i] === 'backup' ? ('backup' as const) : ('primary' as const),
      language: cell(languages![i], 10) || 'fr',
      order: Number(orders![i]) || i + 1,
      at: i,
    }))
    .filter((r) => r.name || r.phone)
    .sort((a, b) => a.order - b.order || a.at - b.at);
  const form: CommitteeForm = {
    name: one('name'),
    type: one('type'),
    level: one('level'),
    places: list(b.place)
      .slice(0, 50)
      .map((p) => cell(p).trim())
      .filter(Boolean),
    focal: rows.map((r) => ({ id: r.id, name: r.name, role: r.role, language: r.language, masked: masked.get(r.id) })),
    checkinDays: cell(one('checkinDays'), 10).trim(),
    reason: cell(one('reason'), 500).trim(),
  };
  const body = {
    name: form.name,
    type: form.type,
    ...(form.level ? { level: form.level } : {}),
    coverage: form.places,
    ...(form.checkinDays ? { checkinDays: Number(form.checkinDays) } : {}),
    focalPoints: rows.map((r) => ({
      ...(r.id && masked.has(r.id) ? { id: r.id } : {}),
      name: r.name,
      phone: r.phone,
      role: r.role,
      language: r.language,
    })),
  };
  return { form, body };
}

function placeInputs(ctx: Ctx, f: CommitteeForm, problems: readonly Problem[]): SafeHtml {
  const { t } = ctx;
  const places = [...f.places, ...Array<string>(Math.max(1, 3 - f.places.length)).fill('')];
  return html`<fieldset><legend>${t('committeeForm.places')}</legend><p class="muted" id="place-hint">${t('committeeForm.placesHint')}</p>
${places.map((value, i) => {
  const problem = problems.find((p) => p.field === `coverage[${i}]`);
  return html`<div class="place-field"><label for="place-${i}">${t('committeeForm.place', { n: i + 1 })}</label>
<input id="place-${i}" name="place" type="text" value="${value}" list="places-${i}" autocomplete="off" maxlength="200" data-suggest="/places/suggest" aria-describedby="place-hint"${problem ? html` aria-invalid="true"` : ''}>
${placeOptions(ctx, `places-${i}`, problem?.candidates)}</div>`;
})}</fieldset>`;
}

function focalRows(ctx: Ctx, f: CommitteeForm): SafeHtml {
  const { t } = ctx;
  const blank = (role: FocalRow['role']): FocalRow => ({ id: '', name: '', role, language: 'fr' });
  // a primary and a backup to fill in on a new committee; one more row below the existing ones
  const rows: FocalRow[] = f.focal.length === 0 ? [blank('primary'), blank('backup')] : [...f.focal, blank('backup')];
  return html`<fieldset><legend>${t('committees.focalPoints')}</legend><p class="muted" id="fp-hint">${t('committeeForm.focalHint')}</p>
${rows.slice(0, 20).map((r, i) => {
  const n = i + 1;
  return html`<div class="grid-fields focal-row"><input type="hidden" name="fp_id" value="${r.id}">
<div><label for="fp-name-${n}">${t('committeeForm.focalName', { n })}</label><input id="fp-name-${n}" name="fp_name" type="text" value="${r.name}" maxlength="120" autocomplete="off"></div>
<div><label for="fp-phone-${n}">${t('committeeForm.phone')}</label><input id="fp-phone-${n}" name="fp_phone" type="tel" value="" maxlength="40" autocomplete="off" placeholder="${r.masked ?? '70 12 34 56'}"${r.masked ? html` aria-describedby="fp-keep"` : ''}></div>
<div><label for="fp-role-${n}">${t('committeeForm.role')}</label><select id="fp-role-${n}" name="fp_role">${(['primary', 'backup'] as const).map((role) => html`<option value="${role}"${attr('selected', r.role === role)}>${t(`committees.${role}`)}</option>`)}</select></div>
<div><label for="fp-language-${n}">${t('committeeForm.language')}</label><select id="fp-language-${n}" name="fp_language">${LANGUAGES.map((l) => html`<option value="${l}"${attr('selected', r.language === l)}>${languageName(ctx, l)}</option>`)}</select></div>
<div><label for="fp-order-${n}">${t('committeeForm.order')}</label><input id="fp-order-${n}" name="fp_order" type="number" min="1" max="20" value="${n}" aria-describedby="fp-hint"></div></div>`;
})}${f.focal.some((r) => r.masked) ? html`<p class="muted" id="fp-keep">${t('committeeForm.keepNumber')}</p>` : ''}</fieldset>`;
}

/** The whole form; `problems` (from the service) listed above it in the dashboard's language. */
export function committeeForm(ctx: Ctx, o: { action: string; form: CommitteeForm; problems?: readonly Problem[] }): SafeHtml {
  const { t } = ctx;
  const f = o.form;
  const problems = o.problems ?? [];
  const editing = o.action !== '/committees';
  return html`${
    problems.length > 0
      ? html`<div class="error" role="alert" id="form-problems"><p>${t('committeeForm.invalid')}</p><ul>${problems.map((p) => html`<li>${problemText(p, { lang: ctx.lang, form: true })}</li>`)}</ul></div>`
      : ''
  }
<form method="post" action="${o.action}" class="card" id="committee-form" aria-labelledby="h-form"><h2 id="h-form">${t(editing ? 'committeeForm.editTitle' : 'committeeForm.newTitle')}</h2>${csrfField(ctx)}
<div class="grid-fields">
<div><label for="c-name">${t('committeeForm.name')}</label><input id="c-name" name="name" type="text" value="${f.name}" maxlength="120" required></div>
<div><label for="c-type">${t('committees.type')}</label><select id="c-type" name="type">${COMMITTEE_TYPES.map((ty) => html`<option value="${ty}"${attr('selected', f.type === ty)}>${t(`committeeType.${ty}`)}</option>`)}</select></div>
<div><label for="c-level">${t('committees.level')}</label><select id="c-level" name="level" aria-describedby="c-level-hint"><option value="">${t('committeeForm.levelAuto')}</option>${DIRECTORY_LEVELS.map((l) => html`<option value="${l}"${attr('selected', f.level === l)}>${t(`committeeErrors.levelName.${l}`)}</option>`)}</select><small id="c-level-hint" class="muted">${t('committeeForm.levelHint')}</small></div>
<div><label for="c-checkin">${t('committeeForm.checkinDays')}</label><input id="c-checkin" name="checkinDays" type="number" min="${CHECKIN_DAYS.min}" max="${CHECKIN_DAYS.max}" value="${f.checkinDays}" aria-describedby="c-checkin-hint"><small id="c-checkin-hint" class="muted">${t('committeeForm.checkinHint')}</small></div>
</div>
${placeInputs(ctx, f, problems)}
${focalRows(ctx, f)}
<label for="c-reason">${t('committeeForm.reason')}</label><input id="c-reason" name="reason" type="text" value="${f.reason}" maxlength="500" required aria-describedby="c-reason-hint"><small id="c-reason-hint" class="muted">${t('committeeForm.reasonHint')}</small>
<button type="submit">${t(editing ? 'committeeForm.save' : 'committeeForm.create')}</button></form>`;
}

/** Retiring, with its reason, below the form of a committee one may change. */
export function retireForm(ctx: Ctx, id: string, name: string): SafeHtml {
  const { t } = ctx;
  return html`<form method="post" action="/committees/${id}/retire" class="card narrow" id="retire-form" aria-labelledby="h-retire"><h2 id="h-retire">${t('committeeForm.retireTitle')}</h2>${csrfField(ctx)}
<p>${t('committeeForm.retireIntro', { name })}</p>
<label for="r-reason">${t('committeeForm.reason')}</label><input id="r-reason" name="reason" type="text" maxlength="500" required>
<button type="submit" class="secondary">${t('committeeForm.retire')}</button></form>`;
}
