/**
 * The screening instruments Harbour ships, scored exactly as published. Pure and isomorphic: the
 * browser bundle and the CLI import it. Not shipped: C-SSRS, URICA, DAST-10 (see {@link NOT_SHIPPED}).
 */
import { scoreAssist, type AssistResult } from './assist.ts';
import { ASSIST_CREDIT, ASSIST_TEXT } from './assist-text.ts';
import { scoreAudit, scoreAuditC, type AuditCResult, type AuditResult } from './audit.ts';
import { AUDIT_C_TEXT, AUDIT_CREDIT, AUDIT_TEXT } from './audit-text.ts';
import { GAD2_TEXT, GAD7_TEXT } from './gad-text.ts';
import { scorePcPtsd5, type PcPtsd5Result } from './pc-ptsd-5.ts';
import { PC_PTSD_5_CREDIT, PC_PTSD_5_TEXT } from './pc-ptsd-5-text.ts';
import {
  scoreGad2,
  scoreGad7,
  scorePhq2,
  scorePhq9,
  type Gad2Result,
  type Gad7Result,
  type Phq2Result,
  type Phq9Result,
} from './phq-gad.ts';
import { PFIZER_CREDIT, PHQ2_TEXT, PHQ9_TEXT } from './phq-text.ts';
import { scoreSocrates8d, type Socrates8dResult } from './socrates.ts';
import { SOCRATES_8D_TEXT, SOCRATES_CREDIT } from './socrates-text.ts';
import { scoreReadinessRuler, scoreStage, type RulerResult, type StageResult } from './stage.ts';
import { OWN_WORDING_CREDIT, READINESS_RULER_TEXT, STAGE_TEXT } from './stage-text.ts';
import { InvalidResponseError, type InstrumentDefinition } from './types.ts';

export * from './assist.ts';
export * from './audit.ts';
export * from './pc-ptsd-5.ts';
export * from './phq-gad.ts';
export * from './socrates.ts';
export * from './stage.ts';
export { assistQuestionText, ASSIST_SUBSTANCE_TEXT, type AssistSubstanceText } from './assist-text.ts';
export { InvalidResponseError, type InstrumentDefinition, type InstrumentLanguage, type InstrumentText } from './types.ts';
export type { Question, ResponseOption } from './types.ts';

/** The result of each instrument, by id. */
export interface ResultById {
  Stage: StageResult;
  'Readiness-Ruler': RulerResult;
  'PHQ-2': Phq2Result;
  'PHQ-9': Phq9Result;
  'GAD-2': Gad2Result;
  'GAD-7': Gad7Result;
  'AUDIT-C': AuditCResult;
  AUDIT: AuditResult;
  ASSIST: AssistResult;
  'PC-PTSD-5': PcPtsd5Result;
  'SOCRATES-8D': Socrates8dResult;
}
export type InstrumentId = keyof ResultById;

// Licence summaries: instruments.md §2.2–§2.9.
const PFIZER_LICENCE = 'Free: "No permission required to reproduce, translate, display or distribute" (Pfizer).';
const WHO_AUDIT_LICENCE =
  'WHO copyright: free to reproduce and translate for non-commercial use, never for sale; the person completing it is not charged.';
const OWN_LICENCE = 'Harbour’s own wording: no licence needed.';
const en = ['en'] as const;

/**
 * Every shipped instrument. ASSIST is off by default until WHO grants permission to reproduce it;
 * SOCRATES-8D is optional and longer, and its wording ("I am a drug addict") assumes a problem.
 */
export const INSTRUMENTS: { readonly [I in InstrumentId]: InstrumentDefinition<ResultById[I]> } = {
  Stage: {
    score: scoreStage,
    text: STAGE_TEXT,
    credit: OWN_WORDING_CREDIT,
    licence: OWN_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'Readiness-Ruler': {
    score: scoreReadinessRuler,
    text: READINESS_RULER_TEXT,
    credit: OWN_WORDING_CREDIT,
    licence: OWN_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'PHQ-2': {
    score: scorePhq2,
    text: PHQ2_TEXT,
    credit: PFIZER_CREDIT,
    licence: PFIZER_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'PHQ-9': {
    score: scorePhq9,
    text: PHQ9_TEXT,
    credit: PFIZER_CREDIT,
    licence: PFIZER_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'GAD-2': {
    score: scoreGad2,
    text: GAD2_TEXT,
    credit: PFIZER_CREDIT,
    licence: PFIZER_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'GAD-7': {
    score: scoreGad7,
    text: GAD7_TEXT,
    credit: PFIZER_CREDIT,
    licence: PFIZER_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  'AUDIT-C': {
    score: scoreAuditC,
    text: AUDIT_C_TEXT,
    credit: AUDIT_CREDIT,
    licence: WHO_AUDIT_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  AUDIT: {
    score: scoreAudit,
    text: AUDIT_TEXT,
    credit: AUDIT_CREDIT,
    licence: WHO_AUDIT_LICENCE,
    enabledByDefault: true,
    languages: en,
  },
  ASSIST: {
    score: scoreAssist,
    text: ASSIST_TEXT,
    credit: ASSIST_CREDIT,
    licence:
      '© World Health Organization 2010. All rights reserved. Reproducing or translating it needs WHO’s permission (WHO Press); the questions must not be changed.',
    enabledByDefault: false,
    languages: en,
  },
  'PC-PTSD-5': {
    score: scorePcPtsd5,
    text: PC_PTSD_5_TEXT,
    credit: PC_PTSD_5_CREDIT,
    licence:
      'Written by staff of the US VA National Center for PTSD; public domain by secondary sources, to confirm on ptsd.va.gov.',
    enabledByDefault: true,
    languages: en,
  },
  'SOCRATES-8D': {
    score: scoreSocrates8d,
    text: SOCRATES_8D_TEXT,
    credit: SOCRATES_CREDIT,
    licence: '"It is a public domain instrument and may be used without special permission" (SOCRATES v8 cover text).',
    enabledByDefault: false,
    languages: en,
  },
};

/** Every instrument id, in the order. */
export const INSTRUMENT_IDS = Object.keys(INSTRUMENTS) as InstrumentId[];

/** The enabled list when configuration names none. */
export const DEFAULT_ENABLED_INSTRUMENTS: readonly InstrumentId[] = INSTRUMENT_IDS.filter(
  (id) => INSTRUMENTS[id].enabledByDefault,
);

/** Instruments decided against (instruments.md §1); none of them is in {@link INSTRUMENTS}. */
export const NOT_SHIPPED: readonly { readonly id: string; readonly reason: string }[] = [
  { id: 'C-SSRS', reason: 'Electronic use needs a paid licence from Clario; PHQ-9 item 9 and the crisis path are used instead.' },
  { id: 'URICA', reason: 'No permission to reproduce it (UMBC HABITS Lab).' },
  { id: 'DAST-10', reason: 'ASSIST covers the same ground.' },
];

/** Whether `id` names a shipped instrument (exact spelling; never an inherited property name). */
export function isInstrumentId(id: string): id is InstrumentId {
  return Object.hasOwn(INSTRUMENTS, id);
}

/** The outcome of scoring: a result, or a stable error code with a plain message. */
export type ScoreOutcome =
  | { ok: true; id: InstrumentId; result: ResultById[InstrumentId] }
  | { ok: false; error: 'unknown_instrument' | 'invalid_response'; message: string };

/** Scores `answers` for the instrument `id`; never throws for bad input. */
export function scoreInstrument(id: string, answers: unknown): ScoreOutcome {
  if (!isInstrumentId(id)) return { ok: false, error: 'unknown_instrument', message: `No instrument is called "${id}".` };
  try {
    return { ok: true, id, result: INSTRUMENTS[id].score(answers) };
  } catch (error) {
    if (error instanceof InvalidResponseError) return { ok: false, error: 'invalid_response', message: error.message };
    throw error;
  }
}
