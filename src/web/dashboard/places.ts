// Place names as a form takes them: suggestions while typing (GET /places/suggest?q=sang, JSON, for a
// logged-in user), each with the value a form sends ("Sangha (ML050117)", which the place look-up reads
// back) and a label in the dashboard's language; nobody types a P-code.
import { Router, type RequestHandler } from 'express';
import { suggestPlaces, type PlaceCandidate } from '../../geo/place-lookup.ts';
import { html, type SafeHtml } from './html.ts';
import { sendBody } from './respond.ts';
import { ctxOf, type Ctx } from './view.ts';

/** What the form sends for a place: its name, and the P-code that settles which one. */
export const placeValue = (c: Pick<PlaceCandidate, 'name' | 'pcode'>): string => `${c.name} (${c.pcode})`;

/** "commune – Bandiagara, Mopti", "village of the commune Djenné – Djenné, Mopti". */
export function placeLabel(ctx: Ctx, c: PlaceCandidate): string {
  const level = ctx.t(`committeeErrors.levelName.${c.level}`, { defaultValue: c.level });
  return c.within ? `${level} – ${c.within}` : level;
}

/** A datalist of places to pick from (the suggestions script fills it as the user types). */
export function placeOptions(ctx: Ctx, id: string, candidates: readonly PlaceCandidate[] = []): SafeHtml {
  return html`<datalist id="${id}">${candidates.map((c) => html`<option value="${placeValue(c)}">${placeLabel(ctx, c)}</option>`)}</datalist>`;
}

export function placesRouter(deps: { page: RequestHandler[] }): Router {
  const router = Router();
  router.get('/places/suggest', ...deps.page, (req, res) => {
    const ctx = ctxOf(res);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 60) : '';
    const items = suggestPlaces(q).map((c) => ({
      value: placeValue(c),
      label: placeLabel(ctx, c),
      pcode: c.pcode,
      level: c.level,
    }));
    sendBody(req, res, JSON.stringify({ items }), 'application/json; charset=utf-8');
  });
  return router;
}
