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

/** The raw resource of one namespace in every language (word lists such as reply synonyms). */
export function resourcesOf(ns: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [lng, namespaces] of Object.entries(resources)) if (namespaces[ns] !== undefined) out[lng] = namespaces[ns];
  return out;
}
