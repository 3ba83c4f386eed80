// Realistic crisis traffic: Africa's Talking SMS callbacks from distinct numbers, about the five demo
// communes, at three severities. Each text ends with a unique letter tag so that no two look like a
// coordinated flood (digits are ignored by that check) and none is rate-limited: every one is a report.
import { createHash, randomBytes } from 'node:crypto';

const PLACES = ['Djenne', 'Bankass', 'Koro', 'Niono', 'Macina'];
/** Templates by the severity the classifier gives them. */
export const TEMPLATES: Record<1 | 2 | 3, string[]> = {
  3: ['attaque a {p}, maisons brulees', 'des hommes armes ont tue deux personnes a {p}', 'attaque a {p}, village incendie'],
  2: [
    'vol de betail a {p} cette nuit',
    'hommes armes vus a {p} sur des motos',
    'conflit foncier a {p} entre agriculteurs et eleveurs',
    'recrutement des jeunes par les jihadistes a {p}',
  ],
  1: ['on entend des rumeurs de vengeance a {p}', 'le maire de {p} detourne l aide'],
};

const CONSONANTS = 'bcdfghjklmnpqrstvwxz';
/** A pronounceable-free word unique to n: never a keyword, never a place. */
export function tag(n: number): string {
  let s = '';
  let x = n + CONSONANTS.length ** 3; // at least four letters
  while (x > 0) {
    s = CONSONANTS[x % CONSONANTS.length] + s;
    x = Math.floor(x / CONSONANTS.length);
  }
  return s;
}

export interface Callback {
  id: string;
  from: string;
  text: string;
  /** The severity the template is written for. */
  severity: 1 | 2 | 3;
  body: string;
}

const run = randomBytes(4).toString('hex');

/**
 * The n-th callback of a run. `severityOf(n)` picks the severity (default: 1 in 5 is a 3, 2 in 5 a 1, in blocks of five communes).
 * Numbers are distinct per n within a run (8 digits after +223, starting with 7).
 */
export function callback(n: number, severityOf: (n: number) => 1 | 2 | 3 = defaultSeverity, runId = run): Callback {
  const severity = severityOf(n);
  const list = TEMPLATES[severity];
  // Consecutive callbacks are about different communes, so few land in one incident even when grouped.
  const text = `${list[Math.floor(n / PLACES.length) % list.length]!.replace('{p}', PLACES[n % PLACES.length]!)} ref ${tag(n)}`;
  const from = `+2237${String((createHash('sha256').update(runId).digest().readUInt32BE(0) + n) % 10_000_000).padStart(7, '0')}`;
  const id = `ATXid_${runId}_${n}`;
  const date = new Date().toISOString().replace('T', ' ').slice(0, 19);
  const body = new URLSearchParams({ from, to: '38021', id, date, text, linkId: '', networkCode: '61002' }).toString();
  return { id, from, text, severity, body };
}

export function defaultSeverity(n: number): 1 | 2 | 3 {
  const r = Math.floor(n / PLACES.length) % 5;
  return r === 0 ? 3 : r < 3 ? 1 : 2;
}

/** Env for a gateway under load tests: every report raises its own alerts (no incident grouping). */
export const NO_GROUPING = { INCIDENT_WINDOW_HOURS: '0.000001', INCIDENT_WINDOW_FONCIER_HOURS: '0.000001' };
