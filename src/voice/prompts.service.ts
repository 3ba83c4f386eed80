// Prompts recorded by people: uploaded per language and key from the dashboard (checked before they are
// kept), served publicly to the provider, and used by the voice instead of French text to speech. What is
// recorded is cached for a few seconds per process: the voice answers within its 50 ms budget.
import type { Repositories } from '../db/index.ts';
import type { Logger } from '../log.ts';
import { MENU_LANGUAGES } from '../ussd/catalog.ts';
import { checkPromptAudio } from './audio-check.ts';
import { isPromptKey, promptCatalog } from './prompts.ts';

export class PromptError extends Error {
  constructor(
    readonly code: 'invalid' | 'not_found',
    message: string,
  ) {
    super(message);
  }
}

const CACHE_MS = 10_000;
const DATA_URL = /^data:([a-z0-9./+-]+)(?:;[a-z0-9=.+-]+)*;base64,([A-Za-z0-9+/=\s]+)$/i;

export function createPromptsService(deps: { repos: Repositories; log: Logger }) {
  const { repos, log } = deps;
  let cached: { at: number; set: ReadonlySet<string> } | null = null;

  const validPlace = (lang: string, key: string) => (MENU_LANGUAGES as readonly string[]).includes(lang) && isPromptKey(key);

  return {
    /** "lang/key" of every prompt recorded, at most CACHE_MS old. */
    async recorded(): Promise<ReadonlySet<string>> {
      if (cached && Date.now() - cached.at < CACHE_MS) return cached.set;
      const rows = await repos.voicePrompts.list();
      cached = { at: Date.now(), set: new Set(rows.map((r) => `${r.lang}/${r.key}`)) };
      return cached.set;
    },

    /** Keeps one prompt's audio after checking it; `synthetic` for generated placeholders. */
    async upload(p: { lang: string; key: string; bytes: Buffer; type: string; by: string; synthetic?: boolean }): Promise<void> {
      if (!(MENU_LANGUAGES as readonly string[]).includes(p.lang))
        throw new PromptError('invalid', `language: ${p.lang} is not one of ${MENU_LANGUAGES.join(', ')}`);
      if (!isPromptKey(p.key)) throw new PromptError('invalid', `prompt: ${p.key} is not in the catalog`);
      const check = checkPromptAudio(p.bytes, p.type);
      if (!check.ok) throw new PromptError('invalid', `audio: ${check.problem}`);
      await repos.voicePrompts.put({
        lang: p.lang,
        key: p.key,
        bytes: p.bytes,
        contentType: check.contentType,
        durationMs: check.durationMs,
        synthetic: p.synthetic ?? false,
        uploadedBy: p.by,
      });
      cached = null;
      log.info({ lang: p.lang, key: p.key, size: p.bytes.length, synthetic: p.synthetic ?? false }, 'voice prompt recorded');
    },

    /** A form's field: a data: URL of the chosen file (public/app.js reads it). */
    decodeDataUrl(raw: string): { bytes: Buffer; type: string } {
      const m = DATA_URL.exec(raw.trim());
      if (!m) throw new PromptError('invalid', 'audio: choose an MP3 or WAV file');
      return { type: m[1]!, bytes: Buffer.from(m[2]!.replace(/\s/g, ''), 'base64') };
    },

    /** The audio served to the provider; null when that prompt was never uploaded. */
    async audio(lang: string, key: string) {
      if (!validPlace(lang, key)) return null;
      return repos.voicePrompts.audio(lang, key);
    },

    /** Per language, every prompt of the catalog: recorded by a person, synthetic, or still to record. */
    async status() {
      const rows = new Map((await repos.voicePrompts.list()).map((r) => [`${r.lang}/${r.key}`, r]));
      return MENU_LANGUAGES.map((lang) => ({
        lang,
        prompts: promptCatalog().map((p) => {
          const row = rows.get(`${lang}/${p.key}`);
          return { ...p, state: !row ? ('missing' as const) : row.synthetic ? ('synthetic' as const) : ('recorded' as const) };
        }),
      }));
    },
  };
}
export type PromptsService = ReturnType<typeof createPromptsService>;
