// The shipped datasets are well-formed and the trained model clears a floor on the development set (targets: npm run bench).
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../domain/taxonomy.ts';
import { getUnit } from '../geo/admin.ts';
import { evaluate } from './evaluate.ts';
import { createClassifier, datasetExamples, parseExamples, trainModel } from './index.ts';
import { LANGUAGE_TAGS } from './language.ts';

const splits = ['train', 'dev', 'test'] as const;

describe('dataset/*.jsonl', () => {
  it.each(splits)('%s: every line is {text, category, severity, language, pcode} with TAXONOMY values', (split) => {
    for (const e of datasetExamples(split)) {
      expect(Object.keys(e).sort()).toEqual(['category', 'language', 'pcode', 'severity', 'text']);
      expect(CATEGORIES).toContain(e.category);
      expect(LANGUAGE_TAGS).toContain(e.language);
      expect(e.severity === 0).toBe(e.category === 'NON_ALERTE');
      if (e.pcode !== null) expect(['commune', 'cercle']).toContain(getUnit(e.pcode ?? '')?.level);
    }
  });

  it('keeps the held-out test set apart: no text is in two splits', () => {
    const seen = new Map<string, string>();
    for (const split of splits) {
      for (const e of datasetExamples(split)) {
        const key = e.text.toLowerCase().trim();
        expect(seen.get(key), `"${e.text}" in ${seen.get(key)} and ${split}`).toBeUndefined();
        seen.set(key, split);
      }
    }
  });

  it('covers every category and language, with several hundred messages', () => {
    const all = splits.flatMap((s) => datasetExamples(s));
    expect(all.length).toBeGreaterThanOrEqual(600);
    expect(new Set(all.map((e) => e.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(all.map((e) => e.language))).toEqual(new Set(LANGUAGE_TAGS));
  });

  it('reports the line of a malformed example', () => {
    expect(() => parseExamples('{"text":"ok","category":"NON_ALERTE"}\n{"text":"x","category":"BAD"}', 'corrections')).toThrow(
      'corrections:2',
    );
  });
});

describe('the model trained on the training set', () => {
  // A floor, not the targets (those are measured by bench/classifier.bench.ts on the held-out set).
  it('clears 80 % category accuracy and 80 % cercle accuracy on the development set, with few false alarms', () => {
    const classify = createClassifier(trainModel(datasetExamples('train')));
    const score = evaluate(datasetExamples('dev'), (text) => classify(text));
    expect(score.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(score.cercle?.accuracy).toBeGreaterThanOrEqual(0.8);
    expect(score.falseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});
