// Read API for coordinators and tools: reports, alerts, messages, newest first, cursor-paginated,
// phone numbers masked.
import { Router, type Request } from 'express';
import type { Repositories } from '../db/index.ts';
import type { Page } from '../db/index.ts';
import { getUnit } from '../geo/admin.ts';
import { maskPhone } from '../phone/phone.ts';
import type { PhoneVault } from '../security/phone-vault.ts';
import { AppError } from './errors.ts';
import { apiPrincipal, requireNational } from './auth.ts';
import { invalidQuery, limitParam, queryParam, storableDate, UUID } from './query.ts';
import { ALERT_ITEM, items, OBJECT, page as pageSchema, REPORT_ITEM, type RouteDoc } from './api-doc.ts';
import type { Channels } from '../channels/registry.ts';
import { DEFAULT_LIMITS } from '../safety/abuse.ts';

/** How the report came in, from the provider channel of its message: voice, ussd or sms. */
export function reportChannel(inboundChannel: string): 'voice' | 'ussd' | 'sms' {
  return inboundChannel.endsWith('-voice') ? 'voice' : inboundChannel.endsWith('-ussd') ? 'ussd' : 'sms';
}

export function location(pcode: string | null) {
  const unit = pcode ? getUnit(pcode) : undefined;
  return unit ? { pcode: unit.pcode, name: unit.name, level: unit.level } : null;
}

export const LIMIT = limitParam(200, 50);
export const CURSOR = queryParam('cursor', 'the nextCursor of the page before, for older items', { type: 'string' }, (req) =>
  req.query.cursor === undefined ? undefined : String(req.query.cursor),
);
const HOURS = queryParam(
  'hours',
  'how far back to look, in hours',
  { type: 'number', exclusiveMinimum: 0, maximum: 720, default: 24 },
  (req) => {
    const hours = Number(req.query.hours ?? 24);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 30) throw invalidQuery('hours', 'a number from 0 to 720');
    return hours;
  },
);

/** What this router answers, for the OpenAPI document. */
export const readRoutes: RouteDoc[] = [
  {
    method: 'get',
    path: '/devices',
    tag: 'operations',
    summary: 'SIM gateway phones: network, whether each answers, when last heard from (national tokens only)',
    ok: { status: 200, description: 'the devices', schema: items() },
    errors: [403],
  },
  {
    method: 'get',
    path: '/reports',
    tag: 'reports',
    summary: 'Reports, newest first, with the reporter as a pseudonym',
    query: [LIMIT, CURSOR],
    ok: { status: 200, description: 'a page of reports', schema: pageSchema(REPORT_ITEM) },
    errors: [400],
  },
  {
    method: 'get',
    path: '/calls',
    tag: 'operations',
    summary: 'Voice calls and call backs, newest first, with their state; numbers masked (national tokens only)',
    query: [LIMIT, CURSOR],
    ok: { status: 200, description: 'a page of calls', schema: pageSchema(OBJECT) },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/floods',
    tag: 'operations',
    summary: 'Numbers flooding the gateway in the last hours (national tokens only)',
    query: [HOURS],
    ok: { status: 200, description: 'the floods', schema: items() },
    errors: [400, 403],
  },
  {
    method: 'get',
    path: '/alerts',
    tag: 'alerts',
    summary: 'Alerts, newest first',
    query: [LIMIT, CURSOR],
    ok: { status: 200, description: 'a page of alerts', schema: pageSchema(ALERT_ITEM) },
    errors: [400],
  },
  {
    method: 'get',
    path: '/messages',
    tag: 'operations',
    summary: 'Outbound SMS, newest first, numbers masked (national tokens only)',
    query: [LIMIT, CURSOR],
    ok: { status: 200, description: 'a page of messages', schema: pageSchema(OBJECT) },
    errors: [400, 403],
  },
];

/** The page a list request asks for (`limit`, `cursor`); a cursor not from this API is a 400. */
export function pageOf(req: Request): Page {
  const limit = LIMIT.read(req);
  const cursor = CURSOR.read(req);
  if (cursor === undefined) return { limit };
  const [iso, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !UUID.test(id) || !storableDate(createdAt))
    throw new AppError(400, 'invalid_query', 'cursor: not a cursor from this API', { field: 'cursor' });
  return { limit, before: { createdAt, id } };
}

/** A page of items and the cursor of the next (older) one. */
export function paged<T extends { id: string }>(rows: T[], page: Page, at: (row: T) => Date, toItem: (row: T) => unknown) {
  const last = rows[rows.length - 1];
  const nextCursor =
    rows.length === page.limit && last ? Buffer.from(`${at(last).toISOString()}|${last.id}`).toString('base64url') : null;
  return { items: rows.map(toItem), nextCursor };
}

/** Mounted behind the bearer check in app.ts; a token limited to regions lists only what lies in them. */
export function apiRouter(deps: { repos: Repositories; vault: PhoneVault; channels: Channels }): Router {
  const { repos, vault } = deps;
  const router = Router();

  // SIM gateway phones: which network each serves, whether it answers, and when it was last heard from.
  router.get('/devices', (_req, res) => {
    requireNational(res);
    res.json({ items: deps.channels.simGateway?.devices() ?? [] });
  });
  const masked = (sealed: string) => {
    const phone = vault.decrypt(sealed);
    return phone.startsWith('+') ? maskPhone(phone) : '•••';
  };

  router.get('/reports', async (req, res) => {
    const page = pageOf(req);
    const rows = await repos.reports.list(page, apiPrincipal(res).regions);
    res.json(
      paged(
        rows,
        page,
        (r) => r.createdAt,
        (r) => ({
          id: r.id,
          reference: r.reference,
          category: r.category,
          severity: r.severity,
          language: r.language,
          channel: reportChannel(r.inbound.channel),
          confidence: r.confidence,
          location: location(r.locationPcode),
          reporter: r.reporter?.pseudonym ?? null,
          flags: r.flags,
          receivedAt: r.createdAt,
          routedAt: r.routedAt,
        }),
      ),
    );
  });

  // Voice calls and call backs with their state; numbers masked.
  router.get('/calls', async (req, res) => {
    requireNational(res);
    const page = pageOf(req);
    const rows = await repos.calls.list(page);
    res.json(
      paged(
        rows,
        page,
        (c) => c.createdAt,
        (c) => ({
          id: c.id,
          kind: c.kind,
          state: c.state,
          phone: c.phoneEnc ? masked(c.phoneEnc) : null,
          attempts: c.attempts,
          lastError: c.lastError,
          durationSeconds: c.durationSeconds,
          cost: c.amount === null ? null : { currency: c.currencyCode, amount: c.amount },
          hangupCause: c.hangupCause,
          report: c.reportReference,
          recorded: c.recordingUrlEnc !== null,
          // Fetched and sealed (the audio itself only on the dashboard, audited); null until then or once purged.
          recording: c.recording,
          createdAt: c.createdAt,
          placedAt: c.placedAt,
          endedAt: c.endedAt,
        }),
      ),
    );
  });

  router.get('/floods', async (req, res) => {
    requireNational(res);
    const hours = HOURS.read(req);
    const items = await repos.inbound.floods(new Date(Date.now() - hours * 3_600_000), DEFAULT_LIMITS.floodMinNumbers);
    res.json({
      items: items.map((f) => ({ ...f, report: f.report && { ...f.report, location: location(f.report.locationPcode) } })),
    });
  });

  router.get('/alerts', async (req, res) => {
    const page = pageOf(req);
    const rows = await repos.committees.listAlerts(page, apiPrincipal(res).regions);
    res.json(
      paged(
        rows,
        page,
        (a) => a.createdAt,
        (a) => ({
          id: a.id,
          reference: a.reference,
          state: a.state,
          category: a.category,
          severity: a.severity,
          location: location(a.locationPcode),
          committee: { name: a.committee.name, type: a.committee.type, pcode: a.committee.pcode },
          report: a.report.reference,
          createdAt: a.createdAt,
        }),
      ),
    );
  });

  router.get('/messages', async (req, res) => {
    requireNational(res);
    const page = pageOf(req);
    const rows = await repos.outbound.list(page);
    res.json(
      paged(
        rows,
        page,
        (m) => m.createdAt,
        (m) => ({
          id: m.id,
          direction: 'outbound',
          purpose: m.purpose,
          channel: m.channel,
          to: masked(m.toEnc),
          text: m.text,
          language: m.language,
          state: m.state,
          encoding: m.encoding,
          segments: m.segments,
          attempts: m.attempts,
          alertId: m.alertId,
          createdAt: m.createdAt,
          sentAt: m.sentAt,
        }),
      ),
    );
  });

  return router;
}
