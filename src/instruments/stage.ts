/**
 * Stage of change: the staging question plus the Readiness Ruler (instruments.md §1 "Staging
 * question", §2.3). A design proposal and a convention, not validated cut-offs.
 */
import { bandOf, zeroTo, type Band } from './bands.ts';
import { pick, readList, readObject, requireSkipped } from './validate.ts';

/** instruments.md §2.3: one item on a 0–10 line. */
const RULER_VALUES = zeroTo(10);

export const CHANGED_ANSWERS = ['no', 'under_6_months', '6_months_or_more'] as const;
export type ChangedAnswer = (typeof CHANGED_ANSWERS)[number];

export type RulerBand = 'not_ready' | 'unsure' | 'ready';
export type StageHint = 'precontemplation' | 'contemplation' | 'preparation_or_action';
export type Stage = 'precontemplation' | 'contemplation' | 'preparation' | 'action' | 'maintenance';

/** instruments.md §2.3: the common 0–3 / 4–6 / 7–10 convention (for-a-change.com), not validated. */
const RULER_BANDS: readonly Band<{ band: RulerBand; hint: StageHint; stage: Stage }>[] = [
  { from: 0, to: 3, band: { band: 'not_ready', hint: 'precontemplation', stage: 'precontemplation' } },
  { from: 4, to: 6, band: { band: 'unsure', hint: 'contemplation', stage: 'contemplation' } },
  { from: 7, to: 10, band: { band: 'ready', hint: 'preparation_or_action', stage: 'preparation' } },
];

/** instruments.md §1: a change within the last 6 months is action, 6 months or more maintenance. */
const STAGE_IF_CHANGED: Record<Exclude<ChangedAnswer, 'no'>, Stage> = {
  under_6_months: 'action',
  '6_months_or_more': 'maintenance',
};

export interface StageResult {
  stage: Stage;
}

export interface RulerResult {
  value: number;
  band: RulerBand;
  stage_hint: StageHint;
}

/** Stage: `{"changed": …, "ruler": 0–10}`; the ruler is asked only when nothing has changed yet. */
export function scoreStage(answers: unknown): StageResult {
  const input = readObject(answers, ['changed', 'ruler'], 'Stage answers');
  const changed = pick(input.changed, CHANGED_ANSWERS, 'Stage question "changed"');
  if (changed !== 'no') {
    requireSkipped(input.ruler, 'The Stage ruler', `when "changed" is "${changed}"`);
    return { stage: STAGE_IF_CHANGED[changed] };
  }
  const ruler = pick(input.ruler, RULER_VALUES, 'The Stage ruler');
  return { stage: bandOf(RULER_BANDS, ruler).stage };
}

/** Readiness Ruler: `[n]`, 0–10. */
export function scoreReadinessRuler(answers: unknown): RulerResult {
  const value = pick(readList(answers, 1, 'Readiness-Ruler')[0], RULER_VALUES, 'The readiness ruler');
  const { band, hint } = bandOf(RULER_BANDS, value);
  return { value, band, stage_hint: hint };
}
