/** SOCRATES 8D on-screen text, verbatim from instrument-items.md §6 (TIP 35 Appendix B). */
import type { InstrumentText, ResponseOption } from './types.ts';

const AGREEMENT: readonly ResponseOption<number>[] = [
  { mark: 'No!', label: 'Strongly Disagree', value: 1 },
  { mark: 'No', label: 'Disagree', value: 2 },
  { mark: '?', label: 'Undecided or Unsure', value: 3 },
  { mark: 'Yes', label: 'Agree', value: 4 },
  { mark: 'Yes!', label: 'Strongly Agree', value: 5 },
];

const ITEMS = [
  'I really want to make changes in my use of drugs.',
  'Sometimes I wonder if I am an addict.',
  'If I don’t change my drug use soon, my problems are going to get worse.',
  'I have already started making some changes in my use of drugs.',
  'I was using drugs too much at one time, but I’ve managed to change that.',
  'Sometimes I wonder if my drug use is hurting other people.',
  'I have a drug problem.',
  'I’m not just thinking about changing my drug use, I’m already doing something about it.',
  'I have already changed my drug use, and I am looking for ways to keep from slipping back to my old pattern.',
  'I have serious problems with drugs.',
  'Sometimes I wonder if I am in control of my drug use.',
  'My drug use is causing a lot of harm.',
  'I am actively doing things now to cut down or stop my use of drugs.',
  'I want help to keep from going back to the drug problems that I had before.',
  'I know that I have a drug problem.',
  'There are times when I wonder if I use drugs too much.',
  'I am a drug addict.',
  'I am working hard to change my drug use.',
  'I have made some changes in my drug use, and I want some help to keep from going back to the way I used before.',
];

/** Public domain, so no credit is required; this citation is suggested (instrument-items.md §6). */
export const SOCRATES_CREDIT =
  "Miller WR, Tonigan JS (1996). Assessing drinkers' motivation for change: the Stages of Change Readiness and Treatment Eagerness Scale (SOCRATES). Psychology of Addictive Behaviors 10:81–89.";

export const SOCRATES_8D_TEXT: InstrumentText = {
  title: 'Stages of Change Readiness and Treatment Eagerness Scale–Drug (SOCRATES 8D)',
  // The publisher's instructions up to the paper-only "circle one number" sentences.
  intro: [
    'Please read the following statements carefully. Each describes a way you might (or might not) feel about your drug use.',
  ],
  ownIntro: 'For each statement, choose one answer from 1 to 5 to show how much you agree or disagree with it right now.',
  questions: ITEMS.map((text, i) => ({ id: String(i + 1), text, options: AGREEMENT })),
  source: 'instrument-items.md §6: items 1–17 [C], items 18–19 [S]',
};
