// The USSD menu's state as plain JSON (kept in Redis between hops), and what a step asks the service to do.
import type { Category, Language } from '../domain/taxonomy.ts';

export type ScreenId =
  | 'resume'
  | 'lang'
  | 'category'
  | 'where'
  | 'region'
  | 'cercle'
  | 'commune'
  | 'village'
  | 'villagePick'
  | 'gravity'
  | 'now'
  | 'note'
  | 'summary'
  | 'done';

/** Screens that take free text rather than a number. */
export const FREE_TEXT: ReadonlySet<ScreenId> = new Set(['village', 'note']);

export type Gravity = 1 | 2 | 3;

/** What the reporter has chosen so far. */
export interface Draft {
  category?: Category;
  /** Commune (or cercle) P-code. */
  pcode?: string;
  /** Settlement code when the place came from the village search. */
  village?: string;
  gravity?: Gravity;
  now?: boolean;
  note?: string;
}

/** One screen as shown, with the choices made before it: the back key restores it. */
export interface Frame {
  screen: ScreenId;
  page: number;
  /** Region P-code for the cercle list, cercle P-code for the commune list. */
  parent?: string;
  /** Village search results (settlement codes) for the pick list. */
  matches?: string[];
  draft: Draft;
}

export type HintId = 'invalid' | 'short' | 'notFound' | 'retry';

export interface UssdState {
  lang: Language | null;
  /** The reporter's last commune or cercle, offered first on the place screen. */
  last: string | null;
  frame: Frame;
  /** Frames to go back to, most recent last. */
  history: Frame[];
  hint: HintId | null;
  /** Chosen during this dial (to be remembered even if no report is sent). */
  langChosen?: boolean;
  /** A dropped dial of the same phone, offered on the resume screen. */
  resumable?: Resumable | null;
  /** Set by the service once the report is accepted. */
  reference?: string;
}

/** What is kept of a dropped dial for a few minutes. */
export interface Resumable {
  lang: Language | null;
  frame: Frame;
  history: Frame[];
}

/** What the service knows about a phone before the first screen. */
export interface Profile {
  lang: Language | null;
  last: string | null;
}

export type Effect = { kind: 'language'; lang: Language } | { kind: 'submit' } | { kind: 'discardDropped' };

export interface StepResult {
  state: UssdState;
  effects: Effect[];
}
