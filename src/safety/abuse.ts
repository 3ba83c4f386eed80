// Abuse resistance, pure: per-number rate limits and coordinated floods (many new numbers sending the
// same text) flag a report; a flagged report is stored and shown, but raises no alert on its own.
import { createHash } from 'node:crypto';

export interface AbuseLimits {
  perNumberPerMinute: number;
  perNumberPerHour: number;
  /** Distinct new numbers sending the same text within floodWindowMs that make a coordinated flood. */
  floodMinNumbers: number;
  floodWindowMs: number;
}

export const DEFAULT_LIMITS: AbuseLimits = {
  perNumberPerMinute: 5,
  perNumberPerHour: 30,
  floodMinNumbers: 5,
  floodWindowMs: 10 * 60_000,
};

export interface AbuseCounts {
  /** Messages from this number in the last minute / hour, this one included. */
  lastMinute: number;
  lastHour: number;
  /** Distinct numbers, new to us, that sent the same text within the flood window (this one included). */
  sameTextNewNumbers: number;
}

export type AbuseFlag = 'rate_limited' | 'coordinated_flood';

export function abuseFlags(c: AbuseCounts, limits: AbuseLimits = DEFAULT_LIMITS): AbuseFlag[] {
  const flags: AbuseFlag[] = [];
  if (c.lastMinute > limits.perNumberPerMinute || c.lastHour > limits.perNumberPerHour) flags.push('rate_limited');
  if (c.sameTextNewNumbers >= limits.floodMinNumbers) flags.push('coordinated_flood');
  return flags;
}

/**
 * The same message typed or pasted by many phones: case, accents, punctuation, digits and spacing do
 * not matter. Too-short texts ("ok", "bonjour") get no fingerprint: many honest people send them.
 */
export function textFingerprint(text: string): string | null {
  const norm = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z\u0250-\u02af\u025b\u0254\u0272\u014b]+/g, ' ')
    .trim();
  if (norm.length < 20 || norm.split(' ').length < 4) return null;
  return createHash('sha256').update(norm).digest('hex').slice(0, 24);
}

/** Trust of a reporter after one of their reports was refuted, and the bar to corroborate. */
export const TRUST = { default: 0.5, focalPoint: 0.9, refutedPenalty: 0.2, corroborates: 0.3 } as const;
