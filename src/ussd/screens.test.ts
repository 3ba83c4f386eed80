// Every screen of every language fits one USSD page: walks the whole state machine from every kind of
// first screen, then sweeps the screens that show what the reporter chose at their longest.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureSms } from '../sms/encoding.ts';
import { allUnits } from '../geo/admin.ts';
import { CATEGORY_PAGES, MENU_LANGUAGES } from './catalog.ts';
import { advance, initialState } from './machine.ts';
import { listFor, villageLabels } from './lists.ts';
import { render, unavailable, ussdT, type Reply } from './screens.ts';
import { resourcesOf, translator } from '../i18n/i18n.ts';
import type { Draft, Frame, Gravity, HintId, UssdState } from './types.ts';
import { villageCodes } from './villages.ts';
import type { Language } from '../domain/taxonomy.ts';

const HINTS: (HintId | null)[] = [null, 'invalid', 'short', 'notFound', 'retry'];
const CATEGORIES = CATEGORY_PAGES.flat();
const communes = allUnits().filter((u) => u.level === 'commune');
const longestCommune = [...communes].sort((a, b) => b.name.length - a.name.length)[0]!.pcode;
const longestVillages = [...villageCodes()]
  .map((code) => ({ code, label: villageLabels([code])[0]! }))
  .sort((a, b) => b.label.length - a.label.length);
const LONG_NOTE =
  'Douze boeufs voles cette nuit par trois hommes armes a moto, partis vers la brousse de Konna, le berger blesse au bras';

function problems(reply: Reply): string[] {
  const out: string[] = [];
  if (!/^(CON|END) \S/.test(reply.text)) out.push('does not start with "CON " or "END " and text');
  if (reply.text.length > 160) out.push(`${reply.text.length} characters`);
  const m = measureSms(reply.text);
  if (m.encoding !== 'GSM-7' || m.segments !== 1) out.push(`${m.encoding}, ${m.segments} part(s)`);
  if (/[^\x20-\x7e\n]/.test(reply.text)) out.push('characters outside plain ASCII');
  if (/[[\]{}\\^~|`]/.test(reply.text)) out.push('GSM-7 extension characters');
  return out;
}

function checkAll(replies: Iterable<[string, Reply]>) {
  const bad: string[] = [];
  let count = 0;
  for (const [where, reply] of replies) {
    count++;
    const p = problems(reply);
    if (p.length > 0) bad.push(`${where}: ${p.join(', ')}\n${reply.text}`);
  }
  expect(bad.slice(0, 40)).toEqual([]);
  return count;
}

const INPUTS = ['x', '98', '0', '00', '9', ...'12345678'];
const FREE: Record<string, string[]> = {
  village: ['a', 'zzqxw', 'Sofara', 'Kwakuru', 'Niono', 'Konna', 'Djenne', 'Koro'],
  note: ['1', LONG_NOTE, 'deux blesses'],
};

/** Breadth-first over (state, input); states that render the same screen and act the same are visited once. */
function walk(starts: UssdState[]): Map<string, Reply> {
  const seen = new Map<string, Reply>();
  const queue = [...starts];
  const key = (s: UssdState) => {
    const f = s.frame;
    const draftMatters = f.screen === 'summary' || f.screen === 'resume' || f.screen === 'done';
    return JSON.stringify([
      s.lang,
      f.screen,
      f.page,
      f.parent,
      f.matches,
      s.hint,
      s.last,
      s.history.length > 0,
      draftMatters ? f.draft : null,
      !!s.resumable,
    ]);
  };
  while (queue.length > 0) {
    const state = queue.shift()!;
    const k = key(state);
    if (seen.has(k)) continue;
    seen.set(k, render(state));
    for (const input of FREE[state.frame.screen] ?? INPUTS) {
      const next = advance(state, input).state;
      if (!seen.has(key(next))) queue.push(next);
    }
  }
  return seen;
}

const at = (lang: Language | null, frame: Frame, extra: Partial<UssdState> = {}): UssdState => ({
  lang,
  last: null,
  frame,
  history: [],
  hint: null,
  ...extra,
});

describe('every USSD screen fits one page of plain GSM-7 (≤ 160 characters with CON/END)', () => {
  it.each(MENU_LANGUAGES)('walking the whole menu in %s', (lang) => {
    const dropped = {
      lang,
      frame: { screen: 'gravity' as const, page: 0, draft: { category: 'ATTAQUE' as const, pcode: longestCommune } },
      history: [],
    };
    const starts = [
      initialState({ lang: null, last: null }, null),
      initialState({ lang, last: null }, null),
      initialState({ lang, last: longestCommune }, null),
      initialState({ lang, last: null }, dropped),
    ].map((s) => ({ ...s, lang: s.lang ?? lang }));
    const screens = walk(starts);
    const count = checkAll(screens);
    expect(new Set([...screens.values()].map((r) => r.screen))).toEqual(
      new Set([
        'lang',
        'category',
        'where',
        'region',
        'cercle',
        'commune',
        'village',
        'villagePick',
        'gravity',
        'now',
        'note',
        'summary',
        'done',
        'resume',
      ]),
    );
    expect(count).toBeGreaterThan(500);
  });

  it.each(MENU_LANGUAGES)('the screens that show choices, at their longest, in %s', (lang) => {
    const replies: [string, Reply][] = [];
    const places: Draft[] = [
      { pcode: longestCommune },
      ...longestVillages.slice(0, 3).map((v) => ({ pcode: 'ML050303', village: v.code })),
    ];
    for (const hint of HINTS) {
      for (const category of CATEGORIES) {
        replies.push([
          `resume ${category} ${hint}`,
          render(at(lang, { screen: 'resume', page: 0, draft: { category } }, { hint })),
        ]);
        if (hint !== null && hint !== 'retry') continue; // the summary shows no other hint
        for (const gravity of [1, 2, 3] as Gravity[]) {
          for (const now of [true, false]) {
            for (const place of places) {
              for (const note of [undefined, LONG_NOTE]) {
                const draft: Draft = { category, gravity, now, ...place, ...(note ? { note } : {}) };
                replies.push([
                  `summary ${JSON.stringify(draft)} ${hint}`,
                  render(at(lang, { screen: 'summary', page: 0, draft }, { hint })),
                ]);
              }
            }
          }
        }
      }
      for (const commune of communes)
        replies.push([
          `where last=${commune.pcode} ${hint}`,
          render(at(lang, { screen: 'where', page: 0, draft: {} }, { hint, last: commune.pcode })),
        ]);
      const matches = longestVillages.slice(0, 16).map((v) => v.code);
      const pages = listFor({ screen: 'villagePick', page: 0, draft: {}, matches }).pages.length;
      for (let page = 0; page < pages; page++)
        replies.push([
          `villagePick p${page} ${hint}`,
          render(at(lang, { screen: 'villagePick', page, draft: {}, matches }, { hint })),
        ]);
    }
    replies.push(
      ['done', render(at(lang, { screen: 'done', page: 0, draft: {} }, { reference: 'RXKQ7M' }))],
      ['unavailable', unavailable(lang)],
    );
    expect(checkAll(replies)).toBeGreaterThan(3000);
  });
});

describe('translations', () => {
  const flat = (o: Record<string, unknown>, p = ''): string[] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' ? flat(v as Record<string, unknown>, `${p}${k}.`) : [`${p}${k}`],
    );
  const load = (lang: string) =>
    JSON.parse(readFileSync(new URL(`../../locales/${lang}/ussd.json`, import.meta.url), 'utf8')) as Record<string, unknown>;
  /** Shared on purpose: the multilingual language screen, and the French text of the report for the committees. */
  const SHARED = /^(lang\.|langName\.|report\.)/;
  const french = flat(load('fr')).filter((k) => !SHARED.test(k));

  it.each(MENU_LANGUAGES.filter((l) => l !== 'fr'))('%s has its own text for every screen and says it is unreviewed', (lang) => {
    const keys = flat(load(lang));
    expect(french.filter((k) => !keys.includes(k))).toEqual([]);
    expect(keys.filter((k) => !french.includes(k) && !SHARED.test(k))).toEqual([]);
    expect(load(lang)._review).toMatch(/^UNREVIEWED/);
  });
});

describe('texts with parameters are filled in as i18next fills them', () => {
  const flatten = (tree: unknown, prefix = ''): [string, string][] =>
    typeof tree === 'string'
      ? [[prefix, tree]]
      : Object.entries(tree as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  const withParams = Object.entries(resourcesOf('ussd')).flatMap(([lang, tree]) =>
    flatten(tree)
      .filter(([, text]) => text.includes('{{'))
      .map(([key]) => [lang, key] as const),
  );

  it.each(withParams)('%s %s', (lang, key) => {
    const names = [...(translator(lang, 'ussd')(key) as string).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(0);
    const all = Object.fromEntries(names.map((n, i) => [n, i === 0 ? 7 : `v$&${n}{{x}}`]));
    const some = Object.fromEntries(names.slice(1).map((n) => [n, `${n}!`]));
    for (const params of [all, some]) expect(ussdT(lang)(key, params)).toBe(translator(lang, 'ussd')(key, params));
  });
  it('covers the texts of every language', () => {
    expect(new Set(withParams.map(([lang]) => lang))).toEqual(new Set(MENU_LANGUAGES));
  });
});
