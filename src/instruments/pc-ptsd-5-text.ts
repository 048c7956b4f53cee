/** PC-PTSD-5 on-screen text, verbatim from instrument-items.md §5 [C]. Show it with a content warning and a skip. */
import type { InstrumentText, ResponseOption } from './types.ts';

const YES_NO: readonly ResponseOption<number>[] = [
  { label: 'Yes', value: 1 },
  { label: 'No', value: 0 },
];

const EXPOSURE = `Sometimes things happen to people that are unusually or especially frightening, horrible, or traumatic. For example:
• a serious accident or fire
• a physical or sexual assault or abuse
• an earthquake or flood
• a war
• seeing someone be killed or seriously injured
• having a loved one die through homicide or suicide.
Have you ever experienced this kind of event?`;

const ITEMS = [
  'Had nightmares about the event(s) or thought about the event(s) when you did not want to?',
  'Tried hard not to think about the event(s) or went out of your way to avoid situations that reminded you of the event(s)?',
  'Been constantly on guard, watchful, or easily startled?',
  'Felt numb or detached from people, activities, or your surroundings?',
  'Felt guilty or unable to stop blaming yourself or others for the event(s) or any problems the event(s) may have caused?',
];

export const PC_PTSD_5_CREDIT =
  'Prins, A., Bovin, M. J., Kimerling, R., Kaloupek, D. G., Marx, B. P., Pless Kaiser, A., & Schnurr, P. P. (2016). Primary Care PTSD Screen for DSM-5 (PC-PTSD-5) [Measurement instrument]. Available from https://www.ptsd.va.gov';

export const PC_PTSD_5_TEXT: InstrumentText = {
  title: 'Primary Care PTSD Screen for DSM-5 (PC-PTSD-5)',
  intro: [],
  questions: [
    {
      id: 'exposure',
      text: EXPOSURE,
      options: [
        { label: 'YES', value: 'yes' },
        { label: 'NO', value: 'no' },
      ],
    },
    ...ITEMS.map((text, i) => ({
      id: String(i + 1),
      text,
      options: YES_NO,
      ...(i === 0 ? { lead: 'In the past month have you:' } : {}),
    })),
  ],
  source: 'instrument-items.md §5 [C]',
};
