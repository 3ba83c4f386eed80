// Every prompt the voice can ask people to record is in the catalog, and recorded prompts replace only
// sentences whose every part is recorded in the caller's language.
import { describe, expect, it } from 'vitest';
import type { Frame, UssdState } from '../ussd/types.ts';
import { alertCallStart } from './alert-call.ts';
import { isPromptKey, promptCatalog, withRecordedPrompts } from './prompts.ts';
import { alertSpeech, speech } from './speech.ts';
import type { VoiceAnswer } from './types.ts';

const at = (screen: Frame['screen'], extra: Partial<UssdState> = {}): UssdState => ({
  lang: 'bm',
  last: null,
  frame: { screen, page: 0, draft: { category: 'ATTAQUE' }, ...(screen === 'cercle' ? { parent: 'ML05' } : {}) },
  history: [{ screen: 'lang', page: 0, draft: {} }],
  hint: 'invalid',
  ...extra,
});
const answers: VoiceAnswer[] = [
  ...(['lang', 'category', 'where', 'region', 'cercle', 'commune', 'gravity', 'now', 'note', 'done'] as const).map((s) =>
    speech(at(s)),
  ),
  speech(at('where', { last: 'ML050303' })),
  alertSpeech(alertCallStart({ alertId: 'a', focalPointId: 'f', category: 'ATTAQUE', pcode: 'ML050303', reference: 'A1B2C3' })),
];
const prompts = (a: VoiceAnswer) => ('say' in a ? a.say.flatMap((l) => l.prompts) : []);

describe('voice prompts', () => {
  it('names only prompts of the catalog, and the catalog has no key twice', () => {
    const used = answers.flatMap(prompts);
    expect(used.length).toBeGreaterThan(20);
    expect(used.filter((k) => !isPromptKey(k))).toEqual([]);
    const keys = promptCatalog().map((p) => p.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(promptCatalog().every((p) => p.text.length > 0 && !p.text.includes('{{'))).toBe(true);
  });

  it('plays a sentence only when every part of it is recorded in the caller language', () => {
    const question = speech(at('gravity', { hint: null, history: [] }));
    const played = withRecordedPrompts(
      question,
      new Set(['bm/gravity.title', 'bm/press.1', 'bm/gravity.1', 'fr/press.2', 'bm/gravity.2']),
    );
    expect('say' in played && played.say.map((l) => l.play ?? null)).toEqual([
      ['/voice/prompts/bm/gravity.title'],
      ['/voice/prompts/bm/press.1', '/voice/prompts/bm/gravity.1'],
      null, // press.2 recorded in French only
      null,
      null, // "then": not recorded
    ]);
  });
});
