/**
 * How each instrument is added up and what its bands can mean, in plain words, for the printable
 * self-scoring versions. Every range is the published one in instruments.md (section named on each
 * entry) and matches src/instruments, which keeps its tables private: test/check-pages.test.ts
 * scores each boundary through the module and compares. English for now, like the instruments.
 */
import type { InstrumentId } from '../instruments/index.ts';

/** One band of a total: `to` null means "or more". `code` is what src/instruments reports for it. */
export interface ScoreBand {
  readonly from: number;
  readonly to: number | null;
  readonly code: string;
  readonly label: string;
  readonly meaning: string;
}

/** Bands that apply to one part of the result (ASSIST: alcohol, every other substance). */
export interface BandGroup {
  readonly heading: string | null;
  readonly bands: readonly ScoreBand[];
}

export interface ScoringRule {
  /** How to add up, one paragraph each. */
  readonly how: readonly string[];
  readonly groups: readonly BandGroup[];
  /** Questions whose numbers are codes, never points (ASSIST Q8). */
  readonly unscored?: readonly string[];
}

const one = (bands: readonly ScoreBand[]): BandGroup[] => [{ heading: null, bands }];

const TALK = 'Talking to a nurse, doctor or counsellor could help.';

// instruments.md §2.3: the ruler bands are a common convention, not validated cut-offs.
const RULER_BANDS: readonly ScoreBand[] = [
  {
    from: 0,
    to: 3,
    code: 'not_ready',
    label: 'Not ready yet',
    meaning: 'You are not thinking about changing now. That is fine: safer-use information can still help.',
  },
  {
    from: 4,
    to: 6,
    code: 'unsure',
    label: 'Unsure',
    meaning: 'You are thinking about it and in two minds. Writing down the good and the not-so-good sides can help.',
  },
  {
    from: 7,
    to: 10,
    code: 'ready',
    label: 'Ready',
    meaning: 'You are getting ready or already changing. A plan and the right services can help.',
  },
];

/** instruments.md §2.4 and §2.5: PHQ-2 and GAD-2 are positive at 3 or more. */
function twoItem(what: string, longer: string): ScoringRule {
  return {
    how: ['Add up the points of the two answers. The total is from 0 to 6.'],
    groups: one([
      { from: 0, to: 2, code: 'negative', label: 'Below the cut-off', meaning: `Fewer signs of ${what} than the cut-off.` },
      {
        from: 3,
        to: 6,
        code: 'positive',
        label: 'At or above the cut-off',
        meaning: `Signs of ${what} worth a closer look: the longer ${longer} asks more. ${TALK}`,
      },
    ]),
  };
}

export const SCORING_RULES: { readonly [I in InstrumentId]: ScoringRule } = {
  // instruments.md §1 "Staging question" (a design proposal) and §2.3.
  Stage: {
    how: [
      'If you have already made the change: less than 6 months ago is the action stage, 6 months ago or more the maintenance stage. A slip back is not failure.',
      'If not, your number on the ruler shows the stage.',
    ],
    groups: one([
      { ...RULER_BANDS[0]!, code: 'precontemplation', label: 'Not thinking about changing yet (precontemplation)' },
      { ...RULER_BANDS[1]!, code: 'contemplation', label: 'Thinking about it (contemplation)' },
      { ...RULER_BANDS[2]!, code: 'preparation', label: 'Getting ready (preparation)' },
    ]),
  },
  'Readiness-Ruler': { how: ['Your number on the ruler is your score, from 0 to 10.'], groups: one(RULER_BANDS) },
  'PHQ-2': twoItem('low mood', 'PHQ-9'),
  // instruments.md §2.4 (Kroenke, Spitzer & Williams 2001).
  'PHQ-9': {
    how: [
      'Add up the points of questions 1 to 9. The total is from 0 to 27. The last question ("how difficult") is not counted.',
      'Question 9 counts on its own too: any answer other than "Not at all" means call someone now, whatever the total.',
    ],
    groups: one([
      { from: 0, to: 4, code: 'none_minimal', label: 'None or minimal', meaning: 'Few or no signs of depression.' },
      { from: 5, to: 9, code: 'mild', label: 'Mild', meaning: 'Some signs of depression. Keep an eye on how you feel.' },
      {
        from: 10,
        to: 14,
        code: 'moderate',
        label: 'Moderate',
        meaning: `Scores of 10 or more are often found in people with depression. ${TALK}`,
      },
      { from: 15, to: 19, code: 'moderately_severe', label: 'Moderately severe', meaning: `Many signs of depression. ${TALK}` },
      {
        from: 20,
        to: 27,
        code: 'severe',
        label: 'Severe',
        meaning: `Very many signs of depression. Please talk to someone soon.`,
      },
    ]),
  },
  'GAD-2': twoItem('anxiety', 'GAD-7'),
  // instruments.md §2.5 (Spitzer et al. 2006).
  'GAD-7': {
    how: ['Add up the points of the 7 answers. The total is from 0 to 21.'],
    groups: one([
      { from: 0, to: 4, code: 'minimal', label: 'Minimal', meaning: 'Few or no signs of anxiety.' },
      { from: 5, to: 9, code: 'mild', label: 'Mild', meaning: 'Some signs of anxiety. Keep an eye on how you feel.' },
      { from: 10, to: 14, code: 'moderate', label: 'Moderate', meaning: `Scores of 10 or more are worth a closer look. ${TALK}` },
      { from: 15, to: 21, code: 'severe', label: 'Severe', meaning: `Many signs of anxiety. ${TALK}` },
    ]),
  },
  // instruments.md §2.6: the lower (women's) cut-off of 3 applies, as members are anonymous.
  'AUDIT-C': {
    how: ['Add up the points of the 3 answers. The total is from 0 to 12.'],
    groups: one([
      { from: 0, to: 2, code: 'negative', label: 'Lower risk', meaning: 'Your drinking is below the cut-off.' },
      {
        from: 3,
        to: 12,
        code: 'positive',
        label: 'At or above the cut-off',
        meaning: 'Your drinking may be harming your health. The full AUDIT asks more, and drinking less lowers the risk.',
      },
    ]),
  },
  // instruments.md §2.6 zones and their suggested responses (Babor et al. 2001).
  AUDIT: {
    how: [
      'Add up the points of the 10 answers. The total is from 0 to 40. Questions 9 and 10 give 0, 2 or 4 points.',
      'Questions 1 to 3 on their own are the AUDIT-C: 3 or more there is also worth a closer look.',
    ],
    groups: one([
      {
        from: 0,
        to: 7,
        code: 'zone_I',
        label: 'Zone I',
        meaning: 'Lower risk: information about alcohol is enough for most people.',
      },
      { from: 8, to: 15, code: 'zone_II', label: 'Zone II', meaning: 'Some risk: simple advice on drinking less can help.' },
      {
        from: 16,
        to: 19,
        code: 'zone_III',
        label: 'Zone III',
        meaning: 'Higher risk: advice plus a few talks with a counsellor, and checking in again, can help.',
      },
      {
        from: 20,
        to: 40,
        code: 'zone_IV',
        label: 'Zone IV',
        meaning: 'Highest risk: a specialist service can look at your drinking with you and talk about treatment.',
      },
    ]),
  },
  // instruments.md §2.8 (WHO ASSIST v3.0 feedback report card).
  ASSIST: {
    how: [
      'Add up the points of questions 2 to 7 for each substance on its own. If you answered "No" to a substance in question 1, its score is 0. If you answered "Never" in question 2, skip questions 3 to 5 for it. Tobacco has no question 5.',
      'Question 8 (injecting) is not counted in any score. If you injected in the past 3 months, read about safer injecting and ask about a needle and syringe programme. If you inject more than once a week, or on 3 or more days in a row, the risks are bigger: a health worker at a harm reduction service can go through them with you.',
    ],
    unscored: ['8'],
    groups: [
      {
        heading: 'Alcohol',
        bands: [
          { from: 0, to: 10, code: 'low', label: 'Lower risk', meaning: 'Lower risk of harm from your use now.' },
          {
            from: 11,
            to: 26,
            code: 'moderate',
            label: 'Moderate risk',
            meaning: `Your use is putting your health at risk. ${TALK}`,
          },
          { from: 27, to: null, code: 'high', label: 'High risk', meaning: `High risk of serious harm. ${TALK}` },
        ],
      },
      {
        heading: 'Every other substance',
        bands: [
          { from: 0, to: 3, code: 'low', label: 'Lower risk', meaning: 'Lower risk of harm from your use now.' },
          {
            from: 4,
            to: 26,
            code: 'moderate',
            label: 'Moderate risk',
            meaning: `Your use is putting your health at risk. ${TALK}`,
          },
          { from: 27, to: null, code: 'high', label: 'High risk', meaning: `High risk of serious harm. ${TALK}` },
        ],
      },
    ],
  },
  // instruments.md §2.9: ≥3 (Prins 2016; suits women, Bovin 2021).
  'PC-PTSD-5': {
    how: [
      'If you answered "NO" to the first question, stop there: your score is 0.',
      'Otherwise give 1 point for each "Yes" in the 5 questions after it. The total is from 0 to 5.',
    ],
    groups: one([
      { from: 0, to: 2, code: 'negative', label: 'Below the cut-off', meaning: 'Fewer signs of trauma stress than the cut-off.' },
      {
        from: 3,
        to: 5,
        code: 'positive',
        label: 'At or above the cut-off',
        meaning: `What happened may still be affecting you a lot. ${TALK}`,
      },
    ]),
  },
  // instruments.md §2.2: three scales, no cut-offs; the only norms are for alcohol treatment.
  'SOCRATES-8D': {
    how: [
      'Recognition: add up statements 1, 3, 7, 10, 12, 15 and 17 (7 to 35).',
      'Ambivalence: add up statements 2, 6, 11 and 16 (4 to 20).',
      'Taking steps: add up statements 4, 5, 8, 9, 13, 14, 18 and 19 (8 to 40).',
      'A higher number means more of each. There are no cut-offs, and the only comparison tables are from people in alcohol treatment.',
    ],
    groups: [],
  },
};
