// Parses a focal point's SMS answer (`OK A7K2Q`, `vrai`, `FIN A7K2Q fin du litige`, `awo`): the
// command words of every language are resources (locales/<lang>/replies.json), not code. Pure.
import { resourcesOf } from '../i18n/i18n.ts';

export const REPLY_COMMANDS = ['acknowledge', 'confirm', 'refute', 'resolve', 'help'] as const;
export type ReplyCommand = (typeof REPLY_COMMANDS)[number];

export interface ParsedReply {
  command: ReplyCommand;
  reference: string | null;
  note: string;
  /** The language whose word was used, for the confirmation SMS. */
  language: string;
}

const REF = /^A[ACDEFGHJKLMNPQRTUVWXY34679]{4}$/;

export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ɛ/gi, 'e')
    .replace(/ɔ/gi, 'o')
    .replace(/ɲ/gi, 'ny')
    .replace(/ŋ/gi, 'ng')
    .replace(/ɓ/gi, 'b')
    .replace(/ɗ/gi, 'd')
    .replace(/ƴ/gi, 'y')
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9?]+/g, ' ')
    .trim();
}

interface Synonym {
  words: string[];
  command: ReplyCommand;
  language: string;
}

function loadSynonyms(): Synonym[] {
  const out: Synonym[] = [];
  for (const [language, table] of Object.entries(resourcesOf('replies'))) {
    for (const command of REPLY_COMMANDS) {
      const list = (table as Record<string, unknown>)[command];
      if (!Array.isArray(list)) continue;
      for (const w of list) if (typeof w === 'string' && fold(w)) out.push({ words: fold(w).split(' '), command, language });
    }
  }
  // Longest first, so "a ban na" wins over "a" and "pas vrai" over "vrai".
  return out.sort((a, b) => b.words.length - a.words.length);
}
const SYNONYMS = loadSynonyms();

function takeReference(tokens: string[]): { reference: string | null; rest: string[] } {
  const [a, b] = tokens;
  if (a && REF.test(a.toUpperCase())) return { reference: a.toUpperCase(), rest: tokens.slice(1) };
  if (a === 'a' && b && REF.test(`A${b.toUpperCase()}`)) return { reference: `A${b.toUpperCase()}`, rest: tokens.slice(2) };
  return { reference: null, rest: tokens };
}

/** Returns null when the text is not an answer (e.g. a new report). */
export function parseReply(text: string): ParsedReply | null {
  let tokens = fold(text).split(' ').filter(Boolean);
  if (tokens.length === 0) return null;
  // The reference may come first: "A7K2Q ok".
  const lead = takeReference(tokens);
  tokens = lead.rest;
  const syn = SYNONYMS.find((s) => s.words.every((w, i) => tokens[i] === w));
  if (!syn) return null;
  const after = takeReference(tokens.slice(syn.words.length));
  const reference = lead.reference ?? after.reference;
  // Keep the note as typed, minus the command and reference.
  const note = after.rest.length ? originalTail(text, after.rest.length) : '';
  return { command: syn.command, reference, note, language: syn.language };
}

function originalTail(text: string, words: number): string {
  const parts = text.trim().split(/\s+/);
  return parts.slice(Math.max(0, parts.length - words)).join(' ');
}

/** A message that names a command and a well-formed reference: an answer attempt even from an unknown number. */
export function looksLikeAnswer(text: string): boolean {
  const r = parseReply(text);
  return r !== null && (r.reference !== null || fold(text).split(' ').length === 1);
}
