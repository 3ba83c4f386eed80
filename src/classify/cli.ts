// Batch classification for evaluation and ops: JSON lines {"id","text"[,"knownPcode"]} on stdin → one JSON result line each, in order.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { classify } from './index.ts';

const Input = z.object({ id: z.union([z.string(), z.number()]), text: z.string(), knownPcode: z.string().nullish() });

type Id = string | number | null;

/** The id of a parsed line if it has a usable one, so an error can still be matched to its input. */
function idOf(value: unknown): Id {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    if (typeof id === 'string' || typeof id === 'number') return id;
  }
  return null;
}

/** One input line → one output line. Never throws. */
function classifyLine(line: string): string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return JSON.stringify({ id: null, error: `invalid JSON: ${(err as Error).message}` });
  }
  const parsed = Input.safeParse(value);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `"${i.path.join('.') || '(line)'}": ${i.message}`).join('; ');
    return JSON.stringify({ id: idOf(value), error: `expected {"id": string, "text": string}: ${problems}` });
  }
  const { id, text, knownPcode } = parsed.data;
  try {
    const c = classify(text, { knownPcode });
    return JSON.stringify({
      id,
      category: c.category,
      severity: c.severity,
      language: c.languageTag, // fr | bm | ff | son | mix
      confidence: c.confidence,
      commune: c.commune,
      cercle: c.cercle,
      // What the gateway does: true = a person looks first (no committee alert, unless a severity-3 cue alerts at once).
      triage: c.triage,
    });
  } catch (err) {
    return JSON.stringify({ id, error: `classifier failed: ${(err as Error).message}` });
  }
}

async function main(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue; // blank lines are not inputs
    if (!process.stdout.write(`${classifyLine(line)}\n`)) {
      await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
  }
}

await main();
