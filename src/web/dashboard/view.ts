// Per-request view context (language, user, CSRF token) and the formatting every page shares.
import type { Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { getUnit } from '../../geo/admin.ts';
import { translator } from '../../i18n/i18n.ts';
import type { Session } from '../../users/sessions.ts';
import type { Principal } from '../../users/roles.ts';
import { cookies, setCookie } from './respond.ts';

export const LANGS = ['fr', 'en'] as const;
export type Lang = (typeof LANGS)[number];
export const LANG_COOKIE = 'sabali_lang';

export interface Ctx {
  t: TFunction;
  lang: Lang;
  user: Principal | null;
  session: Session | null;
  /** Path and query of this request, to come back to after login or a language switch. */
  path: string;
  /** Email of the user, for the header. */
  email: string;
}

const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as readonly string[]).includes(v);

/** `?lang=en` switches and is remembered in a cookie; French otherwise. */
export function pickLang(req: Request, res: Response, secure: boolean): Lang {
  if (isLang(req.query.lang)) {
    setCookie(res, LANG_COOKIE, req.query.lang, { secure, httpOnly: false, maxAgeMs: 365 * 86_400_000 });
    return req.query.lang;
  }
  const c = cookies(req)[LANG_COOKIE];
  return isLang(c) ? c : 'fr';
}

export function makeCtx(req: Request, res: Response, lang: Lang): Ctx {
  return { t: translator(lang, 'web'), lang, user: null, session: null, path: req.originalUrl, email: '' };
}

export function ctxOf(res: Response): Ctx {
  return res.locals.ctx as Ctx;
}

const LOCALE: Record<Lang, string> = { fr: 'fr-FR', en: 'en-GB' };

/** Mali keeps UTC all year (Africa/Bamako). One formatter per language, built once: pages show many dates. */
const DATE_FORMATS = Object.fromEntries(
  Object.entries(LOCALE).map(([lang, locale]) => [
    lang,
    new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short', timeZone: 'Africa/Bamako' }),
  ]),
) as Record<Lang, Intl.DateTimeFormat>;

export function fmtDate(d: Date | null | undefined, lang: Lang): string {
  if (!d) return '';
  return DATE_FORMATS[lang].format(d);
}

export function fmtDuration(seconds: number | null, t: TFunction): string {
  if (seconds === null || !Number.isFinite(seconds)) return t('common.none');
  if (seconds < 90) return t('duration.seconds', { n: Math.round(seconds) });
  if (seconds < 5400) return t('duration.minutes', { n: Math.round(seconds / 60) });
  if (seconds < 172_800) return t('duration.hours', { n: Math.round(seconds / 360) / 10 });
  return t('duration.days', { n: Math.round(seconds / 8640) / 10 });
}

export function placeName(pcode: string | null | undefined, t: TFunction): string {
  if (!pcode) return t('common.unknownPlace');
  const unit = getUnit(pcode);
  if (!unit) return pcode;
  const parent = unit.parentPcode ? getUnit(unit.parentPcode) : undefined;
  return parent && unit.level === 'commune' ? `${unit.name} (${parent.name})` : unit.name;
}

/** The ISO date (YYYY-MM-DD) of a form field, or undefined when empty or not a date. */
export function dateParam(v: unknown, endOfDay = false): Date | undefined {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return undefined;
  const d = new Date(`${v}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return undefined;
  return endOfDay ? new Date(d.getTime() + 86_400_000) : d;
}

export function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}
