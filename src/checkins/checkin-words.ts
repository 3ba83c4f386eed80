// Recognises a focal point's check-in: `RAS` (rien a signaler) or a local word for "nothing to report",
// as the whole message. The words are resources (`checkin` in locales/<lang>/replies.json, beside the
// answers OK / VRAI / FAUX / FIN), the local ones unreviewed (locales/REVIEW.md). Pure.
import { fold } from '../alerts/replies.ts';
import { resourcesOf } from '../i18n/i18n.ts';

interface Word {
  words: string[];
  language: string;
}

function load(): Word[] {
  const out: Word[] = [];
  for (const [language, table] of Object.entries(resourcesOf('replies'))) {
    const list = (table as { checkin?: unknown }).checkin;
    if (!Array.isArray(list)) continue;
    for (const w of list) if (typeof w === 'string' && fold(w)) out.push({ words: fold(w).split(' '), language });
  }
  return out;
}
const WORDS = load();

/** Words people add that change nothing ("RAS merci"). */
const TRAILING = new Set(['sabali', 'merci', 'svp', 'ok']);

/** The language of the check-in word, or null when the message is anything else (a report, an answer). */
export function parseCheckin(text: string): { language: string } | null {
  const t = fold(text).split(' ').filter(Boolean);
  while (t.length > 1 && TRAILING.has(t[t.length - 1]!)) t.pop();
  const found = WORDS.find((w) => w.words.length === t.length && w.words.every((x, i) => t[i] === x));
  return found ? { language: found.language } : null;
}
