// The phone simulator (/simulator): an admin types as any phone, sends an SMS or walks the USSD menu
// through the real webhooks over loopback (with the webhook key, which stays on the server), and reads
// every SMS the gateway sent. Others see that outbox with numbers masked, as everywhere on the dashboard.
import { randomBytes, randomUUID } from 'node:crypto';
import { Router, type Request, type RequestHandler } from 'express';
import type { Repositories } from '../../db/index.ts';
import { maskPhone, normalisePhone } from '../../phone/phone.ts';
import type { PhoneVault } from '../../security/phone-vault.ts';
import { canRevealNumbers, isAdmin } from '../../users/roles.ts';
import { layout } from './layout.ts';
import { sendBody, sendHtml } from './respond.ts';
import { conversationItems, DEFAULT_USSD_CODE, outboxRows, simulatorBody, type UssdScreen } from './simulator-views.ts';
import { ctxOf, type Ctx } from './view.ts';

export interface SimulatorDeps {
  repos: Repositories;
  vault: PhoneVault;
  webhookKey: string;
  page: RequestHandler[];
  /** Sending as a simulated phone: admins only (a focal point's number acknowledges real alerts). */
  admin: RequestHandler[];
  /** Reading one number's conversation: admins only. */
  adminPage: RequestHandler[];
}

/** Posts a form to this same server, as the provider would. */
async function loopback(req: Request, path: string, key: string, fields: Record<string, string>) {
  const local = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const host = local.includes(':') ? `[${local}]` : local;
  const res = await fetch(`http://${host}:${req.socket.localPort}${path}?key=${encodeURIComponent(key)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, text: await res.text() };
}

const randomPhone = () => `+2237${String(randomBytes(4).readUInt32BE() % 10_000_000).padStart(7, '0')}`;
const atDate = () => new Date().toISOString().replace('T', ' ').slice(0, 19);

export function simulatorRouter(deps: SimulatorDeps): Router {
  const { repos, vault } = deps;
  const router = Router();
  const phoneOf = (v: unknown) => (typeof v === 'string' && v.trim() ? normalisePhone(v).e164 : null);

  const outbox = async (ctx: Ctx) => {
    const rows = await repos.dashboard.recentOutbound(100);
    const clear = canRevealNumbers(ctx.user!);
    return outboxRows(
      ctx,
      rows.map((m) => {
        const to = vault.decrypt(m.toEnc);
        return { ...m, to: clear ? to : to.startsWith('+') ? maskPhone(to) : '•••' };
      }),
      clear,
    );
  };
  const conversation = async (ctx: Ctx, phone: string | null) =>
    conversationItems(ctx, phone ? await repos.dashboard.conversation(vault.hash(phone), 50) : [], phone);

  async function render(
    req: Request,
    ctx: Ctx,
    phone: string | null,
    extra: { notice?: string; error?: string; ussd?: UssdScreen } = {},
    status = 200,
  ) {
    const body = simulatorBody(ctx, {
      phone: phone ?? '',
      ...extra,
      canSend: isAdmin(ctx.user!),
      outbox: await outbox(ctx),
      conversation: await conversation(ctx, phone),
      randomPhone: randomPhone(),
    });
    return { status, page: layout(ctx, { title: ctx.t('simulator.title'), active: 'simulator', body, simulator: true }) };
  }

  router.get('/simulator', ...deps.page, async (req, res) => {
    const ctx = ctxOf(res);
    const raw = typeof req.query.phone === 'string' && isAdmin(ctx.user!) ? req.query.phone : '';
    const phone = phoneOf(raw);
    const r = await render(req, ctx, phone, {
      ...(raw && !phone ? { error: ctx.t('simulator.invalidPhone') } : {}),
      ...(req.query.sent ? { notice: ctx.t('simulator.sent') } : {}),
    });
    sendHtml(req, res, r.page, r.status);
  });

  router.get('/simulator/outbox', ...deps.page, async (req, res) =>
    sendBody(req, res, (await outbox(ctxOf(res))).value, 'text/html; charset=utf-8'),
  );
  router.get('/simulator/conversation', ...deps.adminPage, async (req, res) =>
    sendBody(req, res, (await conversation(ctxOf(res), phoneOf(req.query.phone))).value, 'text/html; charset=utf-8'),
  );

  router.post('/simulator/sms', ...deps.admin, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const phone = phoneOf(body.phone);
    if (!phone) return sendHtml(req, res, (await render(req, ctx, null, { error: ctx.t('simulator.invalidPhone') })).page, 400);
    const answer = await loopback(req, '/webhooks/africastalking/sms', deps.webhookKey, {
      from: phone,
      to: '38021',
      text: String(body.text ?? '').slice(0, 480),
      id: `SIM-${randomUUID()}`,
      date: atDate(),
      linkId: '',
      networkCode: '61002',
    });
    if (answer.status !== 200)
      return sendHtml(
        req,
        res,
        (await render(req, ctx, phone, { error: ctx.t('simulator.failed', { status: answer.status }) })).page,
        502,
      );
    res.redirect(303, `/simulator?phone=${encodeURIComponent(phone)}&sent=1`);
  });

  router.post('/simulator/ussd', ...deps.admin, async (req, res) => {
    const ctx = ctxOf(res);
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    const phone = phoneOf(body.phone);
    if (!phone) return sendHtml(req, res, (await render(req, ctx, null, { error: ctx.t('simulator.invalidPhone') })).page, 400);
    const code = String(body.code ?? DEFAULT_USSD_CODE).slice(0, 40);
    const session = /^SIM-[\w-]{1,60}$/.test(body.session ?? '') ? body.session! : `SIM-${randomUUID()}`;
    const input = String(body.input ?? '')
      .trim()
      .slice(0, 160);
    const path = body.session ? [body.path ?? '', input].filter((p, i) => i > 0 || p !== '').join('*') : '';
    const answer = await loopback(req, '/webhooks/africastalking/ussd', deps.webhookKey, {
      sessionId: session,
      serviceCode: code,
      phoneNumber: phone,
      networkCode: '61002',
      text: path,
    });
    const unavailable = answer.status === 404;
    const ended = !answer.text.startsWith('CON ');
    const ussd: UssdScreen = { session, code, path, text: answer.text.replace(/^(CON|END) /, ''), ended, unavailable };
    const r = await render(
      req,
      ctx,
      phone,
      answer.status !== 200 && !unavailable ? { error: ctx.t('simulator.failed', { status: answer.status }), ussd } : { ussd },
    );
    sendHtml(req, res, r.page, r.status);
  });

  return router;
}
