/**
 * Stage and Readiness Ruler text: Harbour's own wording (instruments.md §1 staging question, a design
 * proposal; §2.3: the ruler has no owned wording, so we write our own). Translated with the interface.
 */
import type { InstrumentText, Question, ResponseOption } from './types.ts';

/** instruments.md §2.3 anchors: 0 = not prepared to change, 10 = already changing. */
const RULER: Question = {
  id: 'ruler',
  text: 'On a scale from 0 to 10, how ready are you to make this change?',
  options: Array.from({ length: 11 }, (_, n): ResponseOption<number> => {
    const anchor = n === 0 ? ' — not prepared to change' : n === 10 ? ' — already changing' : '';
    return { label: `${n}${anchor}`, value: n };
  }),
  own: true,
};

export const OWN_WORDING_CREDIT =
  'Harbour’s own wording. Stages after the transtheoretical model (Prochaska and DiClemente); the ruler bands 0–3 / 4–6 / 7–10 are a common convention, not validated cut-offs.';

export const STAGE_TEXT: InstrumentText = {
  title: 'Where you are with this change',
  intro: [],
  questions: [
    {
      id: 'changed',
      text: 'Have you already made this change?',
      options: [
        { label: 'No', value: 'no' },
        { label: 'Yes, less than 6 months ago', value: 'under_6_months' },
        { label: 'Yes, 6 months ago or more', value: '6_months_or_more' },
      ],
      own: true,
    },
    // Asked only when the answer above is "No".
    RULER,
  ],
  source: 'Harbour’s own wording (instruments.md §1, §2.3)',
};

export const READINESS_RULER_TEXT: InstrumentText = {
  title: 'Readiness ruler',
  intro: [],
  questions: [{ ...RULER, id: '1' }],
  source: 'Harbour’s own wording (instruments.md §2.3)',
};
