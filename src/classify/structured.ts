// Trained reporters' syntax "<CATEGORY | local name | number> <place> <free text>" ("FONCIER DJENNE …", "3 Koro …").
import { CATEGORIES, type Category } from '../domain/taxonomy.ts';
import { foldWord } from '../geo/fold.ts';
import type { Token } from './normalise.ts';

/**
 * Category numbers follow the TAXONOMY table (1 FONCIER … 11 AUTRE), the order the USSD menu and
 * the reporters' cards should use. Local names are ours (bm/ff/son), to be checked on the cards.
 */
export const CATEGORY_NUMBERS: Readonly<Record<string, Category>> = Object.fromEntries(
  CATEGORIES.filter((c) => c !== 'NON_ALERTE').map((c, i) => [String(i + 1), c]),
);

const NAMES: Readonly<Record<Category, string>> = {
  FONCIER: 'foncier|terre|champ|champs|litige foncier|dugukolo|foro|leydi|ngesa|fari',
  INTERCOM: 'intercom|intercommunautaire|tension|conflit intercommunautaire|kele|habre',
  ARMES: 'armes|arme|hommes armes|marifa|marifatigiw|fetel|fetelle|marfa',
  ATTAQUE: 'attaque|attaques|binkanni|violence',
  VOL_BETAIL: 'vol betail|vol de betail|volbetail|vol|betail|misi sonya|sonya|wujjo|wujju|zay',
  VBG: 'vbg|vsbg|violence femme|musokan',
  RECRUT: 'recrut|recrutement|radicalisation',
  DEPLACEMENT: 'deplacement|deplaces|deplace|pdi|boli|bolila|dogude|zuru',
  RUMEUR: 'rumeur|rumeurs|kibaru|haala|baaru',
  GOUVERNANCE: 'gouvernance|corruption|racket',
  AUTRE: 'autre|autres|paix',
  NON_ALERTE: '',
};

/** Keyword phrases by their first word, longest first. */
const PHRASES = new Map<string, Array<readonly [string[], Category]>>();
for (const [category, names] of Object.entries(NAMES) as [Category, string][]) {
  for (const name of names.split('|').filter(Boolean)) {
    const words = name.split(' ').map(foldWord);
    const list = PHRASES.get(words[0] ?? '') ?? [];
    list.push([words, category]);
    list.sort((a, b) => b[0].length - a[0].length);
    PHRASES.set(words[0] ?? '', list);
  }
}

export interface Keyword {
  /** The keyword as typed ("FONCIER", "3", "vol betail"). */
  keyword: string;
  category: Category;
  /** Index of the first token after the keyword: where the place must start. */
  end: number;
}

/** The category keyword that opens the message, if any (the place after it is checked by the caller). */
export function leadingKeyword(toks: readonly Token[]): Keyword | null {
  const first = toks[0];
  if (!first) return null;
  const byNumber = CATEGORY_NUMBERS[first.norm];
  if (byNumber) return { keyword: first.raw, category: byNumber, end: 1 };
  // "vol_betail", "VOL-BETAIL", "vol de betail": separators are already gone; "de" may sit inside.
  for (const [words, category] of PHRASES.get(first.norm) ?? []) {
    if (words.every((w, k) => toks[k]?.norm === w)) {
      return {
        keyword: toks
          .slice(0, words.length)
          .map((t) => t.raw)
          .join(' '),
        category,
        end: words.length,
      };
    }
  }
  return null;
}
