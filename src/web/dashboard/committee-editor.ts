// Creating, changing and retiring a committee from the dashboard, through the committees service (which
// checks, saves and audits with the user and the reason). A refused form comes back with its problems in
// the dashboard's language; a committee outside the user's regions is not offered, and refused if forced.
import { Router, type RequestHandler, type Request, type Response } from 'express';
import type { Problem } from '../../committees/committee-rules.ts';
import { CommitteeError, mayManage, type CommitteesService } from '../../committees/committees.service.ts';
import { canAct, OutsideRegionsError } from '../../users/roles.ts';
import { formFields } from '../form.ts';
import { committeeForm, emptyForm, formOfView, readForm, retireForm, type CommitteeForm } from './committee-form.ts';
import { html } from './html.ts';
import { layout, messagePage } from './layout.ts';
import { sendHtml } from './respond.ts';
import { ctxOf, type Ctx } from './view.ts';

type View = Awaited<ReturnType<CommitteesService['get']>>;
type Body = Record<string, string | string[] | undefined>;

const STATUS: Record<CommitteeError['code'], number> = {
  invalid_committee: 400,
  committee_clash: 409,
  forbidden: 403,
  not_found: 404,
};

export function committeeEditorRouter(deps: {
  committees: CommitteesService;
  page: RequestHandler[];
  /** An action whose form has many fields (up to 20 focal points). */
  editor: RequestHandler[];
  action: RequestHandler[];
  simulator: boolean;
}): Router {
  const router = Router();

  function refuse(req: Request, res: Response, status: 403 | 404) {
    const ctx = ctxOf(res);
    const key = status === 403 ? 'forbidden' : 'notFound';
    sendHtml(req, res, messagePage(ctx, ctx.t(`errors.${key}Title`), ctx.t(`errors.${key}`), deps.simulator), status);
  }

  function page(ctx: Ctx, o: { form: CommitteeForm; committee?: View; problems?: readonly Problem[] }) {
    const { t } = ctx;
    const c = o.committee;
    const body = html`<p><a href="/committees">${t('committeeForm.back')}</a></p>
${committeeForm(ctx, { action: c ? `/committees/${c.id}` : '/committees', form: o.form, problems: o.problems ?? [] })}
${c ? retireForm(ctx, c.id, c.name) : ''}`;
    const title = c ? t('committeeForm.editPage', { name: c.name }) : t('committeeForm.newTitle');
    return layout(ctx, { title, active: 'committees', body, simulator: deps.simulator });
  }

  /** The committee this user may change, or the refusal already sent. */
  async function manageable(req: Request, res: Response): Promise<View | null> {
    const ctx = ctxOf(res);
    const c = await deps.committees.get(String(req.params.id), ctx.user!).catch((err: unknown) => {
      if (err instanceof CommitteeError) return null;
      throw err;
    });
    if (!c) refuse(req, res, 404);
    else if (!mayManage(ctx.user!, c.coverage)) refuse(req, res, 403);
    else return c;
    return null;
  }

  /** Saves through the service; a refusal shows the form again with what to fix. */
  async function save(req: Request, res: Response, committee?: View) {
    const ctx = ctxOf(res);
    const masked = new Map(committee?.focalPoints.map((f) => [f.id, f.masked]) ?? []);
    const { form, body } = readForm((req.body ?? {}) as Body, masked);
    const again = (status: number, problems: Problem[]) =>
      sendHtml(req, res, page(ctx, { form, problems, ...(committee ? { committee } : {}) }), status);
    if (!form.reason) return again(400, [{ field: 'reason', key: 'missing' }]);
    const who = { principal: ctx.user!, channel: 'dashboard', reason: form.reason, lang: ctx.lang };
    try {
      if (committee) await deps.committees.update(committee.id, body, who);
      else await deps.committees.create(body, who);
    } catch (err) {
      if (err instanceof OutsideRegionsError)
        return again(403, [
          { field: 'coverage', key: 'outsideRegions', values: { pcode: err.pcode, regions: err.regions.join(', ') } },
        ]);
      if (!(err instanceof CommitteeError)) throw err;
      if (err.problems.length === 0) return refuse(req, res, STATUS[err.code] === 404 ? 404 : 403);
      return again(STATUS[err.code], err.problems);
    }
    res.redirect(303, `/committees?done=${committee ? 'updated' : 'created'}`);
  }

  router.get('/committees/new', ...deps.page, (req, res) => {
    const ctx = ctxOf(res);
    if (!canAct(ctx.user!)) return refuse(req, res, 403);
    sendHtml(req, res, page(ctx, { form: emptyForm() }));
  });

  router.post('/committees', ...deps.editor, (req, res) => save(req, res));

  router.get('/committees/:id/edit', ...deps.page, async (req, res) => {
    const c = await manageable(req, res);
    if (c) sendHtml(req, res, page(ctxOf(res), { form: formOfView(c), committee: c }));
  });

  router.post('/committees/:id', ...deps.editor, async (req, res) => {
    const c = await manageable(req, res);
    if (c) await save(req, res, c);
  });

  router.post('/committees/:id/retire', ...deps.action, async (req, res) => {
    const ctx = ctxOf(res);
    const c = await manageable(req, res);
    if (!c) return;
    const reason = (formFields(req).reason ?? '').slice(0, 500).trim();
    if (!reason)
      return sendHtml(
        req,
        res,
        page(ctx, { form: formOfView(c), committee: c, problems: [{ field: 'reason', key: 'missing' }] }),
        400,
      );
    await deps.committees.retire(c.id, { principal: ctx.user!, channel: 'dashboard', reason });
    res.redirect(303, '/committees?done=retired');
  });

  return router;
}
