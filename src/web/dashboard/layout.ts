// The page shell: header with navigation, user and language switch, main content, footer.
import { canAct, isAdmin } from '../../users/roles.ts';
import { html, type SafeHtml } from './html.ts';
import type { Ctx } from './view.ts';

export type NavKey =
  | 'alerts'
  | 'triage'
  | 'map'
  | 'trends'
  | 'committees'
  | 'broadcasts'
  | 'contacts'
  | 'export'
  | 'simulator'
  | 'users'
  | 'languages'
  | 'tokens'
  | 'none';

export interface PageOptions {
  title: string;
  active: NavKey;
  body: SafeHtml;
  /** Whether the simulator is on (a link in the navigation). */
  simulator?: boolean;
}

/** The same URL in the other language. */
function switchHref(ctx: Ctx, lang: string): string {
  const url = new URL(ctx.path, 'http://x');
  url.searchParams.set('lang', lang);
  return `${url.pathname}${url.search}`;
}

export function csrfField(ctx: Ctx): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.session?.csrf ?? ''}">`;
}

export function layout(ctx: Ctx, o: PageOptions): SafeHtml {
  const { t, user } = ctx;
  const items: [NavKey, string][] = [
    ['alerts', '/'],
    ['triage', '/triage'],
    ['map', '/map'],
    ['trends', '/trends'],
    ['committees', '/committees'],
    ['broadcasts', '/broadcasts'],
    ['contacts', '/contacts'],
    ['export', '/export'],
  ];
  if (user && canAct(user)) items.push(['languages', '/languages']);
  if (o.simulator) items.push(['simulator', '/simulator']);
  if (user && isAdmin(user)) items.push(['users', '/users']);
  const other = ctx.lang === 'fr' ? 'en' : 'fr';
  const nav = user
    ? html`<nav aria-label="${t('nav.label')}"><ul>${items.map(([key, href]) => html`<li><a href="${href}"${o.active === key ? html` aria-current="page"` : ''}>${t(`nav.${key}`)}</a></li>`)}</ul></nav>`
    : '';
  const who = user
    ? html`<div class="who"><span>${ctx.email} · ${t(`role.${user.role}`)}</span> <a href="/tokens"${o.active === 'tokens' ? html` aria-current="page"` : ''}>${t('nav.tokens')}</a>
        <form method="post" action="/logout">${csrfField(ctx)}<button type="submit" class="link">${t('nav.logout')}</button></form></div>`
    : '';
  return html`<!doctype html>
<html lang="${ctx.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} · Sabali</title>
<link rel="stylesheet" href="/static/app.css">
<link rel="icon" href="data:,">
<script src="/static/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t('nav.skip')}</a>
<header class="top">
<a class="brand" href="/">Sabali</a>
${nav}
<div class="tools">${who}<a class="lang" href="${switchHref(ctx, other)}" lang="${other}" hreflang="${other}">${t('nav.otherLanguage')}</a></div>
</header>
<main id="main">
<h1>${o.title}</h1>
${o.body}
</main>
</body>
</html>`;
}

/** A short page for refusals and errors. */
export function messagePage(ctx: Ctx, title: string, message: string, simulator = false): SafeHtml {
  return layout(ctx, {
    title,
    active: 'none',
    simulator,
    body: html`<p class="notice">${message}</p><p><a href="/">${ctx.t('common.backToAlerts')}</a></p>`,
  });
}
