// The silent communes (src/domain/silent-communes.ts) as the map and trends pages show them: the rule in
// plain words, then each commune with the figures behind its flag.
import type { Repositories } from '../../db/index.ts';
import { SILENCE_RULE, silenceWindows, silentCommunes, type SilentCommune } from '../../domain/silent-communes.ts';
import { html, type SafeHtml } from './html.ts';
import { placeName, type Ctx } from './view.ts';

/** The communes within the regions whose last 14 days fell well below their usual rate, as of `now`. */
export async function findSilentCommunes(repos: Repositories, regions: readonly string[], now = new Date()) {
  const w = silenceWindows(now);
  return silentCommunes(await repos.trends.communeCounts(w, regions));
}

export function silentCommunesSection(ctx: Ctx, found: readonly SilentCommune[], headingId = 'h-silent-communes'): SafeHtml {
  const { t } = ctx;
  const locale = ctx.lang === 'en' ? 'en-GB' : 'fr-FR';
  const one = (v: number) => v.toLocaleString(locale, { maximumFractionDigits: 1 });
  const p = (v: number) =>
    v < 0.001 ? `< ${(0.001).toLocaleString(locale)}` : v.toLocaleString(locale, { maximumFractionDigits: 3 });
  const rule = { ...SILENCE_RULE, alpha: '1/100' };
  return html`<h2 id="${headingId}">${t('silence.title')}</h2><p class="muted">${t('silence.rule', rule)}</p>
${
  found.length === 0
    ? html`<p class="empty" id="silent-communes-none">${t('silence.none')}</p>`
    : html`<div class="table-wrap"><table id="silent-communes" aria-labelledby="${headingId}"><thead><tr><th scope="col">${t('map.place')}</th><th scope="col" class="num">${t('silence.weekly')}</th><th scope="col" class="num">${t('silence.expected', rule)}</th><th scope="col" class="num">${t('silence.observed')}</th><th scope="col" class="num">${t('silence.p')}</th><th scope="col">${t('silence.why')}</th></tr></thead>
<tbody>${found.map(
        (s) =>
          html`<tr data-pcode="${s.pcode}"><th scope="row">${placeName(s.pcode, t)} <small>${s.pcode}</small></th><td class="num">${one(s.weeklyRate)}</td><td class="num">${one(s.expected)}</td><td class="num">${s.observed}</td><td class="num">${p(s.pValue)}</td><td>${t('silence.explain', { weekly: one(s.weeklyRate), expected: one(s.expected), observed: s.observed, days: SILENCE_RULE.recentDays })}</td></tr>`,
      )}</tbody></table></div>`
}`;
}
