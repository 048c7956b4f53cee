/** Shared types of the screening instruments: errors, response options, on-screen text, registry entries. */

/**
 * An answer the instrument does not allow, or an answer to a question its own rules skip. Never
 * scored: the message names the item in plain words.
 */
export class InvalidResponseError extends Error {
  readonly code = 'invalid_response';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidResponseError';
  }
}

/** Languages with a validated translation of the instruments (English only for now). */
export type InstrumentLanguage = 'en';

/** One response option: the label on the form and the value to store (the published number, not the position). */
export interface ResponseOption<V extends number | string = number | string> {
  readonly label: string;
  /** A short heading printed above the label on the form (SOCRATES "No!", "?", "Yes!"). */
  readonly mark?: string;
  readonly value: V;
}

/** One question as shown on screen. */
export interface Question {
  /** The key of its answer in the instrument's input (`"1"`…, or a name such as `"changed"`). */
  readonly id: string;
  readonly text: string;
  readonly options: readonly ResponseOption[];
  /** A lead-in shown before this question (PC-PTSD-5's "In the past month have you:"). */
  readonly lead?: string;
  /** Harbour's own wording, not the publisher's: translate it with the interface. */
  readonly own?: true;
}

/** The English text of an instrument, copied exactly from `instrument-items.md`. */
export interface InstrumentText {
  readonly title: string;
  /** The publisher's instructions or stem, shown before the questions. */
  readonly intro: readonly string[];
  /** Our own instruction line replacing a paper-only cue ("circle one number"); labelled as ours. */
  readonly ownIntro?: string;
  readonly questions: readonly Question[];
  /** Published questions that are never scored and are not part of the answers (PHQ-9's 10th). */
  readonly unscored?: readonly Question[];
  /** Where the text comes from and how sure it is (instrument-items.md section and status). */
  readonly source: string;
}

/** One shipped instrument: how to score it, what to show, and the terms it is used under. */
export interface InstrumentDefinition<R = unknown> {
  /** Scores the answers exactly as published; throws {@link InvalidResponseError} on any value it does not allow. */
  readonly score: (answers: unknown) => R;
  /** English text; other languages only once a validated translation exists. */
  readonly text: InstrumentText;
  /** Shown with the instrument. */
  readonly credit: string;
  /** The terms it is used under, in one or two sentences (instruments.md). */
  readonly licence: string;
  /** Part of the default enabled list; configuration chooses the real one. */
  readonly enabledByDefault: boolean;
  readonly languages: readonly InstrumentLanguage[];
}
