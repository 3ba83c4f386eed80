// i18next over locales/<lang>/<namespace>.json: every SMS text is a key rendered in the recipient's language.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type Resource, type TFunction } from 'i18next';

const LOCALES_DIR = fileURLToPath(new URL('../../locales', import.meta.url));

function loadResources(): Resource {
  const resources: Resource = {};
  for (const lng of readdirSync(LOCALES_DIR, { withFileTypes: true })) {
    if (!lng.isDirectory()) continue;
    const namespaces: Resource[string] = {};
    for (const file of readdirSync(join(LOCALES_DIR, lng.name))) {
      if (!file.endsWith('.json')) continue;
      namespaces[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(join(LOCALES_DIR, lng.name, file), 'utf8'));
    }
    resources[lng.name] = namespaces;
  }
  return resources;
}

const resources = loadResources();
const instance = i18next.createInstance();
void instance.init({
  resources,
  lng: 'fr',
  fallbackLng: 'fr',
  ns: ['sms'],
  defaultNS: 'sms',
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export function translator(language: string, ns = 'sms'): TFunction {
  const lng = Object.hasOwn(resources, language) ? language : 'fr'; // every language is loaded at start: no disk look-up per message
  return instance.getFixedT(lng, ns);
}

/** Texts a native speaker reviews: every string (or word list) of these namespaces in these languages. */
export const REVIEWED_LANGUAGES = ['bm', 'ff', 'son'] as const;
const REVIEWED_NAMESPACES = ['sms', 'ussd', 'voice', 'broadcasts', 'replies'];

export interface TextItem {
  language: string;
  /** `namespace:dotted.key`, as i18next names it: `sms:receipt`, `ussd:cat.ATTAQUE`. */
  key: string;
  /** The text as shipped; a word list joined with ` | `. */
  value: string;
  /** A word list (STOP synonyms, reply words): matched, not sent. */
  list: boolean;
}

function leaves(value: unknown, path: string, out: Array<[string, unknown]>): void {
  if (typeof value === 'string' || Array.isArray(value)) out.push([path, value]);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('_')) leaves(v, path ? `${path}.${k}` : k, out);
}

/** Every text of the local languages as shipped in locales/ (notes such as `_review` left out). */
export const TEXT_ITEMS: readonly TextItem[] = REVIEWED_LANGUAGES.flatMap((language) =>
  REVIEWED_NAMESPACES.flatMap((ns) => {
    const found: Array<[string, unknown]> = [];
    leaves(resources[language]?.[ns], '', found);
    return found.map(([path, v]) => ({
      language,
      key: `${ns}:${path}`,
      value: Array.isArray(v) ? v.join(' | ') : String(v),
      list: Array.isArray(v),
    }));
  }),
);
const SHIPPED = new Map(TEXT_ITEMS.map((i) => [`${i.language}|${i.key}`, i]));
let overlaid = new Set<string>();

/**
 * Puts accepted corrections over the shipped texts (and puts back the shipped text of a correction no
 * longer given): the next SMS or screen rendered in that language uses them. Unknown keys are ignored.
 */
export function applyTextCorrections(corrections: ReadonlyArray<{ language: string; key: string; value: string }>): void {
  const next = new Set<string>();
  const set = (item: TextItem, value: string): void => {
    const [ns = 'sms', path = ''] = item.key.split(/:(.*)/s);
    const v = item.list
      ? value
          .split('|')
          .map((w) => w.trim())
          .filter(Boolean)
      : value;
    instance.addResource(item.language, ns, path, v as string, { keySeparator: '.', silent: true });
  };
  for (const c of corrections) {
    const item = SHIPPED.get(`${c.language}|${c.key}`);
    if (!item) continue;
    set(item, c.value);
    next.add(`${c.language}|${c.key}`);
  }
  for (const id of overlaid) if (!next.has(id)) set(SHIPPED.get(id)!, SHIPPED.get(id)!.value);
  overlaid = next;
}

/** The raw resource of one namespace in every language (word lists such as reply synonyms). */
export function resourcesOf(ns: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [lng, namespaces] of Object.entries(resources)) if (namespaces[ns] !== undefined) out[lng] = namespaces[ns];
  return out;
}
