/** GAD-7 and GAD-2 on-screen text, verbatim from instrument-items.md §2 [C]. */
import { FREQUENCY_OPTIONS } from './phq-text.ts';
import type { InstrumentText } from './types.ts';

const STEM = 'Over the last 2 weeks, how often have you been bothered by the following problems?';

const questions = [
  'Feeling nervous, anxious or on edge',
  'Not being able to stop or control worrying',
  'Worrying too much about different things',
  'Trouble relaxing',
  'Being so restless that it is hard to sit still',
  'Becoming easily annoyed or irritable',
  'Feeling afraid as if something awful might happen',
].map((text, i) => ({ id: String(i + 1), text, options: FREQUENCY_OPTIONS }));

// The "how difficult" question is left out: whether the publisher's GAD-7 has it is not verified.
export const GAD7_TEXT: InstrumentText = { title: 'GAD-7', intro: [STEM], questions, source: 'instrument-items.md §2 [C]' };

export const GAD2_TEXT: InstrumentText = {
  title: 'GAD-2',
  intro: [STEM],
  questions: questions.slice(0, 2),
  source: 'instrument-items.md §2 (GAD-7 items 1–2) [C]',
};
