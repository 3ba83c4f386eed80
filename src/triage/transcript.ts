// What a coordinator's transcript of a voice report changes, once classified like an SMS. The keypad
// answers are the caller's own word; what they said can only add to them: a sure reading of it names the
// category, a more serious reading raises the severity (never lowers it), and a place found inside the
// keypad's place (a commune in the chosen cercle) makes it more precise. Pure.
import type { Classification } from '../classify/types.ts';

/** What a person fixes on a report: in triage, or by writing down what a caller said. */
export interface TriageCorrection {
  category: string;
  severity: number;
  pcode: string | null;
}

export interface KeypadAnswers {
  category: string;
  severity: number;
  pcode: string | null;
}

/** The correction to apply, or null when the transcript changes nothing. */
export function transcriptCorrection(
  keypad: KeypadAnswers,
  c: Pick<Classification, 'category' | 'severity' | 'triage' | 'location'>,
): TriageCorrection | null {
  const sure = !c.triage && c.category !== 'NON_ALERTE' && c.category !== 'AUTRE';
  const category = sure ? c.category : keypad.category;
  const severity = sure ? Math.max(keypad.severity, c.severity) : keypad.severity;
  const found = c.location?.pcode ?? null;
  const pcode = found && (!keypad.pcode || (found.startsWith(keypad.pcode) && found !== keypad.pcode)) ? found : keypad.pcode;
  if (category === keypad.category && severity === keypad.severity && pcode === keypad.pcode) return null;
  return { category, severity, pcode };
}
