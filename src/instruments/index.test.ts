// The registry: which instruments ship, their text, credits and licences, and the output contract.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ASSIST_SUBSTANCE_TEXT,
  assistQuestionText,
  DEFAULT_ENABLED_INSTRUMENTS,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  NOT_SHIPPED,
  scoreInstrument,
  type InstrumentId,
} from './index.ts';
import { scored } from '../../test/helpers/instruments.ts';

/** The table: each instrument's output fields and an answer set that scores. */
const CONTRACT: Record<InstrumentId, { fields: string[]; sample: unknown }> = {
  Stage: { fields: ['stage'], sample: { changed: 'no', ruler: 5 } },
  'Readiness-Ruler': { fields: ['value', 'band', 'stage_hint'], sample: [5] },
  'PHQ-2': { fields: ['total', 'positive'], sample: [0, 0] },
  'PHQ-9': { fields: ['total', 'band', 'item9_positive', 'phq2_total', 'phq2_positive'], sample: Array(9).fill(0) },
  'GAD-2': { fields: ['total', 'positive'], sample: [0, 0] },
  'GAD-7': { fields: ['total', 'band', 'gad2_total', 'gad2_positive'], sample: Array(7).fill(0) },
  'AUDIT-C': { fields: ['total', 'positive_men', 'positive_women', 'positive'], sample: [0, 0, 0] },
  AUDIT: {
    fields: [
      'total',
      'band',
      'audit_c_total',
      'audit_c_positive_men',
      'audit_c_positive_women',
      'q4_q6_subtotal',
      'q9_or_q10_is_4',
    ],
    sample: Array(10).fill(0),
  },
  ASSIST: { fields: ['scores', 'risk', 'injecting'], sample: { substances: {} } },
  'PC-PTSD-5': { fields: ['total', 'positive', 'positive_cut4'], sample: ['no', null, null, null, null, null] },
  'SOCRATES-8D': { fields: ['recognition', 'ambivalence', 'taking_steps', 'deciles'], sample: Array(19).fill(1) },
};

describe('instrument registry', () => {
  it('ships exactly the issue’s eleven instruments and none of C-SSRS, URICA, DAST-10', () => {
    assert.deepEqual(INSTRUMENT_IDS, Object.keys(CONTRACT));
    assert.deepEqual(
      NOT_SHIPPED.map((n) => n.id),
      ['C-SSRS', 'URICA', 'DAST-10'],
    );
    for (const { id } of NOT_SHIPPED) {
      assert.equal(Object.hasOwn(INSTRUMENTS, id), false);
      assert.deepEqual(scoreInstrument(id, []), {
        ok: false,
        error: 'unknown_instrument',
        message: `No instrument is called "${id}".`,
      });
    }
  });

  it('does not mistake inherited names or other spellings for instruments', () => {
    for (const id of ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'phq-9', 'PHQ9', ' PHQ-9', '']) {
      const outcome = scoreInstrument(id, [0, 0]);
      assert.equal(outcome.ok ? 'scored' : outcome.error, 'unknown_instrument', id);
    }
  });

  it('always returns every output field, null where it does not apply', () => {
    for (const id of INSTRUMENT_IDS) {
      assert.deepEqual(Object.keys(scored(id, CONTRACT[id].sample)), CONTRACT[id].fields, id);
    }
    const assist = scored('ASSIST', { substances: {} });
    assert.ok(Object.values(assist.scores).every((v) => v === null));
    assert.deepEqual(assist.injecting, { q8: null, advice: null });
  });

  it('gives each a credit, a licence and English only', () => {
    for (const id of INSTRUMENT_IDS) {
      const entry = INSTRUMENTS[id];
      assert.ok(entry.credit.length > 20 && entry.licence.length > 20, id);
      assert.deepEqual(entry.languages, ['en'], id);
    }
    const pfizer =
      'Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.';
    for (const id of ['PHQ-2', 'PHQ-9', 'GAD-2', 'GAD-7'] as const) assert.equal(INSTRUMENTS[id].credit, pfizer);
    assert.match(INSTRUMENTS.ASSIST.licence, /WHO’s permission/);
  });

  it('enables by default every instrument except ASSIST (awaiting WHO permission) and SOCRATES-8D', () => {
    assert.deepEqual(
      DEFAULT_ENABLED_INSTRUMENTS,
      INSTRUMENT_IDS.filter((id) => id !== 'ASSIST' && id !== 'SOCRATES-8D'),
    );
  });
});

describe('instrument text', () => {
  it('has one question per answer, each option value one the scorer accepts', () => {
    const lists = ['PHQ-2', 'PHQ-9', 'GAD-2', 'GAD-7', 'AUDIT-C', 'AUDIT', 'SOCRATES-8D', 'Readiness-Ruler'] as const;
    for (const id of lists) {
      const base = CONTRACT[id].sample as unknown[];
      const questions = INSTRUMENTS[id].text.questions;
      assert.equal(questions.length, base.length, id);
      questions.forEach((question, i) => {
        for (const option of question.options) {
          const answers = base.map((v, at) => (at === i ? option.value : v));
          assert.ok(scoreInstrument(id, answers).ok, `${id} question ${question.id} option ${option.label}`);
        }
      });
    }
    const [exposure, ...items] = INSTRUMENTS['PC-PTSD-5'].text.questions;
    assert.deepEqual(
      exposure!.options.map((o) => o.value),
      ['yes', 'no'],
    );
    assert.equal(items.length, 5);
    for (const item of items)
      assert.deepEqual(
        item.options.map((o) => [o.label, o.value]),
        [
          ['Yes', 1],
          ['No', 0],
        ],
      );
  });

  it('copies the published wording, including dashes and question marks', () => {
    assert.equal(
      INSTRUMENTS['PHQ-9'].text.questions[8]!.text,
      'Thoughts that you would be better off dead or of hurting yourself in some way',
    );
    assert.equal(
      INSTRUMENTS['PHQ-9'].text.questions[5]!.text,
      'Feeling bad about yourself — or that you are a failure or have let yourself or your family down',
    );
    assert.deepEqual(INSTRUMENTS['PHQ-2'].text.questions, INSTRUMENTS['PHQ-9'].text.questions.slice(0, 2));
    assert.equal(
      INSTRUMENTS['GAD-7'].text.intro[0],
      'Over the last 2 weeks, how often have you been bothered by the following problems?',
    );
    assert.deepEqual(
      INSTRUMENTS.AUDIT.text.questions[8]!.options.map((o) => o.value),
      [0, 2, 4],
    );
    assert.equal(INSTRUMENTS['SOCRATES-8D'].text.questions[16]!.text, 'I am a drug addict.');
    assert.equal(INSTRUMENTS['PC-PTSD-5'].text.questions[1]!.lead, 'In the past month have you:');
  });

  it('labels our own wording as ours', () => {
    assert.ok(INSTRUMENTS.Stage.text.questions.every((q) => q.own === true));
    assert.ok(INSTRUMENTS['Readiness-Ruler'].text.questions.every((q) => q.own === true));
    assert.ok(INSTRUMENTS['PHQ-9'].text.questions.every((q) => q.own === undefined));
    assert.ok(INSTRUMENTS['SOCRATES-8D'].text.ownIntro);
  });
});

describe('ASSIST local drug names', () => {
  const byKey = (key: string) => ASSIST_SUBSTANCE_TEXT.find((s) => s.key === key)!;

  it('maps nyaope and whoonga to opioids, tik and cat to amphetamine-type stimulants, mandrax to sedatives', () => {
    assert.deepEqual(byKey('opioids').localNames, ['nyaope', 'whoonga']);
    assert.deepEqual(byKey('amphetamines').localNames, ['tik', 'cat']);
    assert.deepEqual(byKey('sedatives').localNames, ['mandrax']);
    const named = ASSIST_SUBSTANCE_TEXT.filter((s) => s.localNames.length > 0).map((s) => s.key);
    assert.deepEqual(named, ['amphetamines', 'sedatives', 'opioids']);
    assert.equal(byKey('opioids').label, 'Opioids (nyaope, whoonga, heroin, morphine, methadone, buprenorphine, codeine, etc.)');
    assert.equal(byKey('opioids').whoLabel, 'Opioids (heroin, morphine, methadone, buprenorphine, codeine, etc.)');
  });

  it('puts them into the question text in place of WHO’s placeholder', () => {
    assert.equal(
      assistQuestionText(3, 'opioids'),
      'During the past three months, how often have you had a strong desire or urge to use nyaope, whoonga or other opioids?',
    );
    assert.equal(
      assistQuestionText(2, 'amphetamines'),
      'In the past three months, how often have you used the substances you mentioned (tik, cat or other amphetamine-type stimulants)?',
    );
    assert.equal(
      assistQuestionText(7, 'sedatives'),
      'Have you ever tried to cut down on using mandrax or other sedatives or sleeping pills but failed?',
    );
    assert.equal(
      assistQuestionText(6, 'cannabis'),
      'Has a friend or relative or anyone else ever expressed concern about your use of cannabis?',
    );
    assert.match(assistQuestionText(4, 'other', 'glue and pills'), /your use of glue and pills led to/);
    for (const q of [2, 3, 4, 5, 6, 7] as const) assert.doesNotMatch(assistQuestionText(q, 'opioids'), /FIRST DRUG/);
  });
});
