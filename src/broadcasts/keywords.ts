// Parses the SMS words of prevention messages: STOP / START (opt-out, opt-in) and DIFFUSE <ref> [times]
// (a radio host confirming it aired). The words of every language are resources
// (locales/<lang>/broadcasts.json, `keywords`), not code. Pure.
import { fold } from '../alerts/replies.ts';
import { resourcesOf } from '../i18n/i18n.ts';

export type OptCommand = 'stop' | 'start';

interface Synonym {
  words: string[];
  language: string;
}

function load(key: 'stop' | 'start' | 'aired'): Synonym[] {
  const out: Synonym[] = [];
  for (const [language, table] of Object.entries(resourcesOf('broadcasts'))) {
    const list = ((table as { keywords?: Record<string, unknown> }).keywords ?? {})[key];
    if (!Array.isArray(list)) continue;
    for (const w of list) if (typeof w === 'string' && fold(w)) out.push({ words: fold(w).split(' '), language });
  }
  // Longest first, so "a fɔlen" is tried before "a".
  return out.sort((a, b) => b.words.length - a.words.length);
}
const SYNONYMS = { stop: load('stop'), start: load('start'), aired: load('aired') };

/** Broadcast references: D + 4 letters of the reference alphabet (no 0/O, 1/I, 2/Z, 5/S, 8/B). */
export const BROADCAST_REF = /^D[ACDEFGHJKLMNPQRTUVWXY34679]{4}$/;
/** Words people add after STOP that change nothing ("STOP SABALI"). */
const TRAILING = new Set(['sabali', 'svp', 'merci']);
const MAX_TIMES = 99;

const tokens = (text: string) => fold(text).split(' ').filter(Boolean);
const matches = (s: Synonym, t: string[]) => s.words.every((w, i) => t[i] === w);

/**
 * STOP or START, only when it is the whole message (give or take "sabali"): "stop aux violences a
 * Koro" is a report, not an opt-out.
 */
export function parseOptCommand(text: string): { command: OptCommand; language: string } | null {
  const t = tokens(text);
  while (t.length > 1 && TRAILING.has(t[t.length - 1]!)) t.pop();
  for (const command of ['stop', 'start'] as const) {
    const syn = SYNONYMS[command].find((s) => s.words.length === t.length && matches(s, t));
    if (syn) return { command, language: syn.language };
  }
  return null;
}

export interface ParsedAiring {
  reference: string | null;
  times: number;
  language: string;
  /** Words after the reference and the count (ignored, but they make a reference-less text a report). */
  extra: number;
  /** What looked like a mistyped reference ("DIFFUSE D7K3"), when there is no valid one. */
  badReference: string | null;
}

function takeReference(t: string[]): { reference: string | null; rest: string[] } {
  const [a, b] = t;
  if (a && BROADCAST_REF.test(a.toUpperCase())) return { reference: a.toUpperCase(), rest: t.slice(1) };
  if (a === 'd' && b && BROADCAST_REF.test(`D${b.toUpperCase()}`)) return { reference: `D${b.toUpperCase()}`, rest: t.slice(2) };
  return { reference: null, rest: t };
}

function takeTimes(t: string[]): { times: number; rest: string[] } {
  const m = /^(\d{1,3})(x|fois)?$/.exec(t[0] ?? '');
  if (!m) return { times: 1, rest: t };
  const times = Math.min(MAX_TIMES, Math.max(1, Number(m[1])));
  const rest = t.slice(1);
  return { times, rest: ['x', 'fois', 'siyen', 'sinye'].includes(rest[0] ?? '') ? rest.slice(1) : rest };
}

/**
 * `DIFFUSE D7K3Q`, `diffusé d7k3q 3`, `D7K3Q diffuse`, `a fɔra D7K3Q 2 siɲɛ`. Without a reference the
 * text must be only the word and a count, so "a fɔra ko ..." (it is said that ...) stays a report.
 */
export function parseAiring(text: string): ParsedAiring | null {
  let t = tokens(text);
  const lead = takeReference(t);
  t = lead.rest;
  const syn = SYNONYMS.aired.find((s) => matches(s, t));
  if (!syn) return null;
  const after = takeReference(t.slice(syn.words.length));
  const reference = lead.reference ?? after.reference;
  const { times, rest } = takeTimes(after.rest);
  if (!reference && rest.length > 0) {
    const typo = rest.length <= 2 && /^d[a-z0-9]{2,6}$/.test(rest[0]!) && /\d/.test(rest[0]!) ? rest[0]!.toUpperCase() : null;
    return typo ? { reference: null, times: 1, language: syn.language, extra: rest.length, badReference: typo } : null;
  }
  return { reference, times, language: syn.language, extra: rest.length, badReference: null };
}
