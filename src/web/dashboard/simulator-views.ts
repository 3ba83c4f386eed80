// Markup of the phone simulator: the phone (SMS and USSD), its conversation, and the gateway's outbox.
import { DEMO_COMMITTEES } from '../../embedded/demo-committees.ts';
import { attr, html, type SafeHtml } from './html.ts';
import { csrfField } from './layout.ts';
import { fmtDate, type Ctx } from './view.ts';

export interface OutboxRow {
  id: string;
  to: string;
  purpose: string;
  text: string;
  state: string;
  createdAt: Date;
}
export interface ConversationRow {
  id: string;
  direction: 'in' | 'out';
  text: string;
  at: Date;
}
export interface UssdScreen {
  session: string;
  code: string;
  path: string;
  text: string;
  ended: boolean;
  unavailable: boolean;
}

export const DEFAULT_USSD_CODE = '*384*38021#';

/** `rows[].to` comes masked for a user who may not see numbers; `linked`: each number opens its conversation. */
export function outboxRows(ctx: Ctx, rows: OutboxRow[], linked: boolean): SafeHtml {
  const { t } = ctx;
  if (rows.length === 0) return html`<tr><td colspan="5" class="empty">${t('simulator.outboxNone')}</td></tr>`;
  return html`${rows.map(
    (
      m,
    ) => html`<tr data-id="${m.id}"><td class="nowrap"><time datetime="${m.createdAt.toISOString()}">${fmtDate(m.createdAt, ctx.lang)}</time></td>
<td class="nowrap">${linked ? html`<a href="/simulator?phone=${encodeURIComponent(m.to)}">${m.to}</a>` : m.to}</td><td>${t(`purpose.${m.purpose}`, { defaultValue: m.purpose })}</td><td>${t(`smsState.${m.state}`, { defaultValue: m.state })}</td><td>${m.text}</td></tr>`,
  )}`;
}

export function conversationItems(ctx: Ctx, rows: ConversationRow[], phone: string | null): SafeHtml {
  const { t } = ctx;
  if (rows.length === 0) return html`<li class="muted">${t(phone ? 'simulator.noMessages' : 'simulator.noConversation')}</li>`;
  return html`${rows.map((m) => html`<li class="${m.direction}" data-id="${m.id}"><small>${fmtDate(m.at, ctx.lang)} · ${t(`simulator.${m.direction}`)}</small>${m.text}</li>`)}`;
}

function demoOptions(): SafeHtml {
  const seen = new Set<string>();
  return html`${DEMO_COMMITTEES.flatMap((c) => c.focalPoints.map((f) => ({ ...f, committee: c.name })))
    .filter((f) => !seen.has(f.phone) && seen.add(f.phone))
    .map((f) => html`<option value="${f.phone}">${f.name} · ${f.committee}</option>`)}`;
}

function outboxSection(ctx: Ctx, outbox: SafeHtml): SafeHtml {
  const { t } = ctx;
  return html`<section aria-labelledby="h-outbox"><h2 id="h-outbox">${t('simulator.outbox')}</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">${t('simulator.at')}</th><th scope="col">${t('simulator.to')}</th><th scope="col">${t('simulator.purpose')}</th><th scope="col">${t('simulator.state')}</th><th scope="col">${t('simulator.text')}</th></tr></thead>
<tbody id="outbox" data-live="/simulator/outbox" data-every="3000" data-status="outbox-status">${outbox}</tbody></table></div><p id="outbox-status" class="visually-hidden" aria-live="polite"></p>
</section>`;
}

/** `canSend`: the phone (SMS, USSD, a number's conversation) is there; otherwise only the outbox. */
export function simulatorBody(
  ctx: Ctx,
  o: {
    phone: string;
    canSend: boolean;
    notice?: string | undefined;
    error?: string | undefined;
    ussd?: UssdScreen | undefined;
    outbox: SafeHtml;
    conversation: SafeHtml;
    randomPhone: string;
  },
): SafeHtml {
  const { t } = ctx;
  if (!o.canSend)
    return html`<p>${t('simulator.intro')}</p><p class="notice">${t('simulator.adminOnly')}</p>${outboxSection(ctx, o.outbox)}`;
  const q = encodeURIComponent(o.phone);
  const u = o.ussd;
  const ussdForm =
    u && !u.ended && !u.unavailable
      ? html`<div class="screen" id="ussd-screen" role="status">${u.text}</div>
<form method="post" action="/simulator/ussd">${csrfField(ctx)}<input type="hidden" name="phone" value="${o.phone}"><input type="hidden" name="session" value="${u.session}"><input type="hidden" name="code" value="${u.code}"><input type="hidden" name="path" value="${u.path}">
<label for="ussd-input">${t('simulator.answer')}</label><input id="ussd-input" name="input" inputmode="numeric" autocomplete="off" autofocus>
<button type="submit">${t('simulator.reply')}</button> <a href="/simulator?phone=${q}">${t('simulator.hangUp')}</a></form>`
      : html`${u ? html`<div class="screen" id="ussd-screen" role="status">${u.unavailable ? t('simulator.ussdUnavailable') : html`${u.text}\n\n${t('simulator.ussdEnded')}`}</div>` : ''}
<form method="post" action="/simulator/ussd">${csrfField(ctx)}<input type="hidden" name="phone" value="${o.phone}">
<label for="ussd-code">${t('simulator.ussdCode')}</label><input id="ussd-code" name="code" value="${u?.code ?? DEFAULT_USSD_CODE}"${attr('disabled', !o.phone)}>
<button type="submit"${attr('disabled', !o.phone || Boolean(u?.unavailable))}>${t('simulator.dial')}</button></form>`;
  return html`<p>${t('simulator.intro')}</p>
${o.notice ? html`<p class="ok" role="status">${o.notice}</p>` : ''}${o.error ? html`<p class="error" role="alert">${o.error}</p>` : ''}
<div class="grid2">
<section class="card phone" aria-labelledby="h-phone"><h2 id="h-phone">${t('simulator.phoneCard')}</h2>
<form method="get" action="/simulator"><label for="phone">${t('simulator.phone')}</label>
<input id="phone" name="phone" type="tel" list="demo-phones" value="${o.phone}" placeholder="+22376000000" aria-describedby="phone-hint" required>
<small id="phone-hint" class="muted">${t('simulator.phoneHint')}</small>
<datalist id="demo-phones">${demoOptions()}</datalist>
<p><button type="submit" class="secondary">OK</button> <a href="/simulator?phone=${encodeURIComponent(o.randomPhone)}">${t('simulator.newReporter')}</a></p></form>
<h3>${t('simulator.sms')}</h3>
<form method="post" action="/simulator/sms">${csrfField(ctx)}<input type="hidden" name="phone" value="${o.phone}">
<label for="sms-text">${t('simulator.message')}</label><textarea id="sms-text" name="text" rows="3" maxlength="480"${attr('disabled', !o.phone)}></textarea>
<button type="submit"${attr('disabled', !o.phone)}>${t('simulator.send')}</button></form>
<h3>${t('simulator.ussd')}</h3>
${ussdForm}
</section>
<section class="card" aria-labelledby="h-conv"><h2 id="h-conv">${t('simulator.conversation')}${o.phone ? ` · ${o.phone}` : ''}</h2>
<ul class="bubbles" id="conversation"${o.phone ? html` data-live="/simulator/conversation?phone=${q}" data-every="3000" data-status="conv-status"` : ''}>${o.conversation}</ul><p id="conv-status" class="visually-hidden" aria-live="polite"></p>
</section>
</div>
${outboxSection(ctx, o.outbox)}`;
}
