// Contacts of prevention messages (radio hosts, subscribers): numbers masked, never shown in full;
// coordinators add one at a time or paste a CSV, and every rejected row comes back with its reasons.
import { Router, type RequestHandler } from 'express';
import { ContactError, type ContactsService, type ImportReport } from '../../broadcasts/contacts.service.ts';
import { ContactsCsvError } from '../../broadcasts/contacts-csv.ts';
import { CONTACT_ROLES } from '../../broadcasts/targeting.ts';
import { LANGUAGES } from '../../domain/taxonomy.ts';
import { lookUpPlace } from '../../geo/place-lookup.ts';
import { canAct, OutsideRegionsError } from '../../users/roles.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { languageName, problemBox, zonesList } from './broadcast-parts.ts';
import { csrfField, layout } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, fmtDate, type Ctx } from './view.ts';

const FIELDS = ['phone', 'name', 'role', 'station', 'languages', 'zones', 'language'] as const;
type ContactForm = Partial<Record<(typeof FIELDS)[number], string>>;
type Filter = { role?: string; zone?: string };

/** What a POST shows. No number typed or pasted is ever given back: the page shows none in full. */
interface Outcome {
  notice?: string;
  problem?: SafeHtml;
  form?: ContactForm;
  report?: ImportReport;
}

const outside = (ctx: Ctx, err: OutsideRegionsError) =>
  problemBox(ctx.t('errors.outsideRegions', { pcode: err.pcode, regions: err.regions.join(', ') }));
const roleLabel = (ctx: Ctx, role: string) => ctx.t(`contactRole.${role}`, { defaultValue: role });

function filters(ctx: Ctx, f: Filter): SafeHtml {
  const { t } = ctx;
  return html`<form method="get" action="/contacts" class="filters" aria-label="${t('contacts.filter')}">
<div><label for="f-role">${t('contacts.role')}</label><select id="f-role" name="role"><option value="">${t('filters.any')}</option>${CONTACT_ROLES.map((r) => html`<option value="${r}"${attr('selected', r === f.role)}>${roleLabel(ctx, r)}</option>`)}</select></div>
<div><label for="f-zone">${t('contacts.zone')}</label><input id="f-zone" name="zone" value="${f.zone ?? ''}" maxlength="60" placeholder="Djenné"></div>
<div class="actions"><button type="submit">${t('filters.apply')}</button><a href="/contacts">${t('filters.reset')}</a></div></form>`;
}

function addForm(ctx: Ctx, f: ContactForm): SafeHtml {
  const { t } = ctx;
  const field = (name: keyof ContactForm, extra: SafeHtml = html``, hint?: string) =>
    html`<div><label for="c-${name}">${t(`contacts.${name}`)}</label><input id="c-${name}" name="${name}" value="${f[name] ?? ''}" maxlength="200"${extra}${hint ? html` aria-describedby="c-${name}-hint"` : ''}>${hint ? html`<small id="c-${name}-hint" class="muted">${hint}</small>` : ''}</div>`;
  return html`<form method="post" action="/contacts" class="card" id="add-contact" aria-labelledby="h-add"><h2 id="h-add">${t('contacts.add')}</h2>${csrfField(ctx)}
<div class="grid-fields">
${field('phone', html` type="tel" required autocomplete="off"`, t('contacts.phoneHint'))}
${field('name', html` autocomplete="off"`)}
<div><label for="c-role">${t('contacts.role')}</label><select id="c-role" name="role">${CONTACT_ROLES.map((r) => html`<option value="${r}"${attr('selected', r === (f.role ?? 'subscriber'))}>${roleLabel(ctx, r)}</option>`)}</select></div>
${field('station', undefined, t('contacts.stationHint'))}
${field('languages', undefined, t('contacts.languagesHint'))}
${field('zones', html` required`, t('contacts.zonesHint'))}
<div><label for="c-language">${t('contacts.language')}</label><select id="c-language" name="language">${LANGUAGES.map((l) => html`<option value="${l}"${attr('selected', l === (f.language ?? 'fr'))}>${languageName(ctx, l)}</option>`)}</select></div>
</div>
<button type="submit">${t('contacts.addSubmit')}</button></form>`;
}

function importForm(ctx: Ctx, report?: ImportReport): SafeHtml {
  const { t } = ctx;
  return html`<form method="post" action="/contacts/import" class="card" id="import-contacts" aria-labelledby="h-import"><h2 id="h-import">${t('contacts.import')}</h2>${csrfField(ctx)}
${
  report
    ? html`<div role="status" id="import-report"><p class="ok">${t('contacts.imported', { created: report.created, updated: report.updated, rejected: report.rejected.length })}</p>
${
  report.rejected.length > 0
    ? html`<div class="table-wrap"><table id="rejected"><caption>${t('contacts.rejectedCaption')}</caption><thead><tr><th scope="col">${t('contacts.line')}</th><th scope="col">${t('contacts.reasons')}</th></tr></thead>
<tbody>${report.rejected.map((r) => html`<tr><th scope="row">${r.line}</th><td>${r.reasons.join(' ; ')}</td></tr>`)}</tbody></table></div>`
    : ''
}</div>`
    : ''
}
<p id="csv-hint" class="muted">${t('contacts.csvHint')}</p>
<div hidden class="csv-file"><label for="csv-file">${t('contacts.csvFile')}</label><input id="csv-file" type="file" accept=".csv,text/csv,text/plain" data-into="csv"></div>
<label for="csv">${t('contacts.csv')}</label><textarea id="csv" name="csv" rows="6" required aria-describedby="csv-hint" spellcheck="false"></textarea>
<button type="submit">${t('contacts.importSubmit')}</button></form>`;
}

function row(ctx: Ctx, c: Awaited<ReturnType<ContactsService['list']>>[number]): SafeHtml {
  const { t } = ctx;
  return html`<tr data-id="${c.id}"><td class="nowrap">${c.phone}</td><td>${c.name ?? ''}</td><td>${roleLabel(ctx, c.role)}${c.station ? html`<br><small>${c.station}</small>` : ''}</td>
<td>${zonesList(ctx, c.zones)}</td><td>${languageName(ctx, c.language)}${c.role === 'radio_host' && c.languages.length > 0 ? html`<br><small>${t('contacts.onAir', { languages: c.languages.map((l) => languageName(ctx, l)).join(', ') })}</small>` : ''}</td>
<td>${c.optedOut ? html`<span class="badge bstate-cancelled">${t('contacts.optedOutSince', { at: fmtDate(c.optedOutAt, ctx.lang) })}</span>` : t('contacts.reachable')}</td></tr>`;
}

export function contactsRouter(deps: {
  contacts: ContactsService;
  page: RequestHandler[];
  action: RequestHandler[];
  upload: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  async function render(ctx: Ctx, filter: Filter, o: Outcome = {}) {
    const { t } = ctx;
    const act = canAct(ctx.user!);
    const items = await deps.contacts.list(ctx.user!, { ...filter, limit: 300 });
    const body = html`<p>${t('contacts.intro')}</p>
${o.notice ? html`<p class="ok" role="status">${o.notice}</p>` : ''}${o.problem ?? ''}
${act ? '' : html`<p class="notice">${t('contacts.readOnly')}</p>`}
${filters(ctx, filter)}
${
  items.length === 0
    ? html`<p class="empty">${t('contacts.none')}</p>`
    : html`<div class="table-wrap"><table id="contacts"><caption class="visually-hidden">${t('contacts.caption')}</caption>
<thead><tr><th scope="col">${t('contacts.phoneMasked')}</th><th scope="col">${t('contacts.name')}</th><th scope="col">${t('contacts.role')}</th><th scope="col">${t('contacts.zones')}</th><th scope="col">${t('contacts.language')}</th><th scope="col">${t('contacts.status')}</th></tr></thead>
<tbody>${items.map((c) => row(ctx, c))}</tbody></table></div>`
}
${act ? html`<div class="grid2">${addForm(ctx, o.form ?? {})}${importForm(ctx, o.report)}</div>` : ''}`;
    return layout(ctx, { title: t('contacts.title'), active: 'contacts', body, simulator: deps.simulator });
  }

  router.get('/contacts', ...deps.page, async (req, res) => {
    const role =
      typeof req.query.role === 'string' && (CONTACT_ROLES as readonly string[]).includes(req.query.role)
        ? req.query.role
        : undefined;
    // A place as typed ("Djenné", "ml0503"): the P-code it names, or no filter when it names none or several.
    const typed = typeof req.query.zone === 'string' ? req.query.zone.trim().slice(0, 60) : '';
    const place = typed ? lookUpPlace(typed) : undefined;
    const zone = place?.kind === 'found' && place.level !== 'country' ? place.pcode : undefined;
    sendHtml(req, res, await render(ctxOf(res), { ...(role ? { role } : {}), ...(zone ? { zone } : {}) }));
  });

  router.post('/contacts', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const b = (req.body ?? {}) as Record<string, unknown>;
    const form: ContactForm = Object.fromEntries(
      FIELDS.map((f) => [f, typeof b[f] === 'string' ? (b[f] as string).slice(0, 200) : '']),
    );
    try {
      const saved = await deps.contacts.create(form, ctx.user!, ctx.lang);
      sendHtml(
        req,
        res,
        await render(
          ctx,
          {},
          { notice: ctx.t(saved.created ? 'contacts.created' : 'contacts.updated', { phone: saved.contact.phone }) },
        ),
      );
    } catch (err) {
      if (err instanceof OutsideRegionsError)
        return sendHtml(req, res, await render(ctx, {}, { problem: outside(ctx, err), form: { ...form, phone: '' } }), 403);
      if (!(err instanceof ContactError)) throw err;
      sendHtml(
        req,
        res,
        await render(
          ctx,
          {},
          { problem: problemBox(ctx.t('contacts.invalid'), err.reasons, ctx.lang), form: { ...form, phone: '' } },
        ),
        400,
      );
    }
  });

  router.post('/contacts/import', ...deps.upload, async (req, res) => {
    const ctx = ctxOf(res);
    const csv = String((req.body as Record<string, unknown> | undefined)?.csv ?? '');
    if (!csv.trim()) return sendHtml(req, res, await render(ctx, {}, { problem: problemBox(ctx.t('contacts.csvEmpty')) }), 400);
    try {
      sendHtml(req, res, await render(ctx, {}, { report: await deps.contacts.import(csv, ctx.user!, ctx.lang) }));
    } catch (err) {
      if (err instanceof OutsideRegionsError)
        return sendHtml(req, res, await render(ctx, {}, { problem: outside(ctx, err) }), 403);
      if (!(err instanceof ContactsCsvError)) throw err;
      sendHtml(req, res, await render(ctx, {}, { problem: problemBox(ctx.t('contacts.csvInvalid'), [err.message]) }), 400);
    }
  });

  return router;
}
