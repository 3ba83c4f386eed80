// Sends dashboard pages: gzip when the browser takes it (slow links), strict security headers, no caching
// of pages that carry personal data, and the small cookie helpers.
import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import type { SafeHtml } from './html.ts';

const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

export function securityHeaders(res: Response): void {
  res.set({
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  });
}

/** Sends a body, gzipped when accepted and worth it. */
export function sendBody(req: Request, res: Response, body: string | Buffer, type: string, status = 200): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  securityHeaders(res);
  res.status(status).type(type);
  if (!res.get('Cache-Control')) res.set('Cache-Control', 'no-store');
  res.vary('Accept-Encoding');
  if (buf.length > 1024 && req.acceptsEncodings('gzip') === 'gzip') {
    res.set('Content-Encoding', 'gzip');
    res.end(gzipSync(buf, { level: 6 }));
    return;
  }
  res.end(buf);
}

export function sendHtml(req: Request, res: Response, page: SafeHtml, status = 200): void {
  sendBody(req, res, page.value, 'text/html; charset=utf-8', status);
}

export function cookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    try {
      out[name] = decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      // a cookie we did not write: ignore it
    }
  }
  return out;
}

export interface CookieOptions {
  maxAgeMs?: number;
  httpOnly?: boolean;
  secure: boolean;
}

export function setCookie(res: Response, name: string, value: string, o: CookieOptions): void {
  res.cookie(name, value, {
    path: '/',
    sameSite: 'lax',
    httpOnly: o.httpOnly ?? true,
    secure: o.secure,
    ...(o.maxAgeMs !== undefined ? { maxAge: o.maxAgeMs } : {}),
  });
}
