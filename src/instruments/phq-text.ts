/** PHQ-9 and PHQ-2 on-screen text, verbatim from instrument-items.md §1 (Pfizer form) [C]. */
import type { InstrumentText, ResponseOption } from './types.ts';

/** instrument-items.md §1 and §2: the four options of every PHQ-9, PHQ-2, GAD-7 and GAD-2 item. */
export const FREQUENCY_OPTIONS: readonly ResponseOption<number>[] = [
  { label: 'Not at all', value: 0 },
  { label: 'Several days', value: 1 },
  { label: 'More than half the days', value: 2 },
  { label: 'Nearly every day', value: 3 },
];

/** The Pfizer credit line, printed with PHQ-9, PHQ-2, GAD-7 and GAD-2. */
export const PFIZER_CREDIT =
  'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';

const STEM = 'Over the last 2 weeks, how often have you been bothered by any of the following problems?';

const ITEMS = [
  'Little interest or pleasure in doing things',
  'Feeling down, depressed, or hopeless',
  'Trouble falling or staying asleep, or sleeping too much',
  'Feeling tired or having little energy',
  'Poor appetite or overeating',
  'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
  'Trouble concentrating on things, such as reading the newspaper or watching television',
  'Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual',
  'Thoughts that you would be better off dead or of hurting yourself in some way',
];

const questions = ITEMS.map((text, i) => ({ id: String(i + 1), text, options: FREQUENCY_OPTIONS }));

export const PHQ9_TEXT: InstrumentText = {
  title: 'PATIENT HEALTH QUESTIONNAIRE-9 (PHQ-9)',
  intro: [STEM],
  questions,
  unscored: [
    {
      id: 'difficulty',
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      // The form prints no numbers for these; never added to the total.
      options: ['Not difficult at all', 'Somewhat difficult', 'Very difficult', 'Extremely difficult'].map((label) => ({
        label,
        value: label.toLowerCase().replaceAll(' ', '_'),
      })),
    },
  ],
  source: 'instrument-items.md §1 [C]',
};

/** PHQ-2: PHQ-9 items 1–2 with the same stem and options, so the answers carry into the PHQ-9. */
export const PHQ2_TEXT: InstrumentText = {
  title: 'PHQ-2',
  intro: [STEM],
  questions: questions.slice(0, 2),
  source: 'instrument-items.md §1 (PHQ-9 items 1–2) [C]',
};
