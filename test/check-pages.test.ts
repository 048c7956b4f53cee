// The self-check's server-rendered pages (issue 5, "Without JavaScript"): the front page with its
// crisis box, the printable self-scoring versions, and the configuration that chooses them.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { SCORING_RULES } from '../src/check/scoring-rules.ts';
import { readCatalogue } from '../src/web/i18n.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import {
  ASSIST_SUBSTANCE_TEXT,
  assistQuestionText,
  DEFAULT_ENABLED_INSTRUMENTS,
  INSTRUMENT_IDS,
  INSTRUMENTS,
  type InstrumentId,
} from '../src/instruments/index.ts';
import { escapeHtml } from '../src/web/html.ts';
import { createTestApp } from './helpers/app.ts';
import { itemsSumming, scored } from './helpers/instruments.ts';

const t = await createTestApp({ env: { LOG_LEVEL: 'silent' } });
const all = await createTestApp({ env: { LOG_LEVEL: 'silent', HARBOUR_INSTRUMENTS: INSTRUMENT_IDS.join(',') } });
after(async () => {
  await t.close();
  await all.close();
});

const CRISIS_TEL = ['tel:0800567567', 'tel:0800121314'];
const EMERGENCY_TEL = ['tel:112', 'tel:10177'];

/** Every published line of an instrument's questions, as it appears escaped in the page. */
function wording(id: InstrumentId): string[] {
  const { text } = INSTRUMENTS[id];
  const questions = id === 'ASSIST' ? text.questions.filter((q) => !/^[2-7]$/.test(q.id)) : text.questions;
  const out = [...questions, ...(text.unscored ?? [])].flatMap((q) => [
    ...q.text.split('\n'),
    ...q.options.map((o) => o.label),
    ...(q.lead ? [q.lead] : []),
  ]);
  if (id === 'ASSIST')
    for (const q of [2, 3, 4, 5, 6, 7] as const)
      for (const s of ASSIST_SUBSTANCE_TEXT) if (!(q === 5 && s.key === 'tobacco')) out.push(assistQuestionText(q, s.key));
  return out.map(escapeHtml);
}

describe('/check', () => {
  test('crisis numbers as tel: links come before any instrument content, with the overdose guide and services open now', async () => {
    const res = await t.app.inject({ url: '/check' });
    assert.equal(res.statusCode, 200);
    const body = res.body;
    const main = body.slice(body.indexOf('<main'));
    const firstInstrument = main.indexOf('/check/print/');
    assert.ok(firstInstrument > 0, 'the printable versions are listed');
    for (const tel of [...CRISIS_TEL, ...EMERGENCY_TEL]) {
      const at = main.indexOf(`href="${tel}"`);
      assert.ok(at > 0 && at < firstInstrument, `${tel} before the instruments`);
      assert.ok(at < main.indexOf('<h1'), `${tel} above the heading`);
    }
    assert.ok(main.indexOf('tel:0800567567') < main.indexOf('tel:112'), 'talk now first, then emergency services');
    assert.match(main, /If you are thinking about ending your life, or you are in danger now/);
    assert.match(main, /<a href="\/overdose">/);
    assert.match(main, /<a href="\/">Services open now<\/a>/);
    assert.match(main, /Nothing is sent/);
    assert.match(main, /never a diagnosis/);
    assert.match(main, /needs JavaScript/);
    // The shell's script, the self-check island and its settings (data, not code): nothing else.
    const scripts = [...body.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.deepEqual(scripts, [
      '<script type="module" src="/assets/app.js">',
      '<script type="application/json" id="check-config">',
      '<script type="module" src="/assets/check.js">',
    ]);
    // The island starts hidden, so the page without JavaScript shows no empty box.
    assert.match(main, /<div class="check-app" data-check-app hidden><\/div>/);
    for (const id of DEFAULT_ENABLED_INSTRUMENTS) assert.ok(main.includes(`href="/check/print/${id}"`), id);
    assert.ok(!main.includes('/check/print/ASSIST'), 'ASSIST is off by default');
  });

  test('cached like the other member pages', async () => {
    const check = await t.app.inject({ url: '/check' });
    const overdose = await t.app.inject({ url: '/overdose' });
    assert.equal(check.headers['cache-control'], overdose.headers['cache-control']);
    assert.equal(check.headers.vary, overdose.headers.vary);
  });

  test('in another language the interface is translated and the instruments stay English, marked', async () => {
    const zu = readCatalogue('zu').strings;
    const res = await t.app.inject({ url: '/check?lang=zu' });
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes(`<h1>${escapeHtml(zu['check.heading']!.text)}</h1>`));
    assert.match(res.body, /<a href="\/check\/print\/PHQ-9" lang="en">/, 'English instruments, marked, on every page');
    // The island's strings come in the page's language.
    const config = JSON.parse(/<script type="application\/json" id="check-config">(.*?)<\/script>/s.exec(res.body)![1]!) as {
      lang: string;
      strings: Record<string, string>;
    };
    assert.equal(config.lang, 'zu');
    assert.equal(config.strings['check.app.crisis.heading'], zu['check.app.crisis.heading']!.text);
  });
});

describe('/check/print/:id', () => {
  const cases: [string, Awaited<ReturnType<typeof createTestApp>>, readonly InstrumentId[]][] = [
    ['default', t, DEFAULT_ENABLED_INSTRUMENTS],
    ['every instrument enabled', all, INSTRUMENT_IDS],
  ];
  for (const [name, app, ids] of cases)
    test(`${name}: each enabled instrument's page has its credit, licence, every item's wording and the points`, async () => {
      for (const id of ids) {
        const res = await app.app.inject({ url: `/check/print/${id}` });
        assert.equal(res.statusCode, 200, id);
        const body = res.body;
        assert.ok(body.includes(escapeHtml(INSTRUMENTS[id].credit)), `${id} credit`);
        assert.ok(body.includes(escapeHtml(INSTRUMENTS[id].licence)), `${id} licence`);
        assert.ok(body.includes(escapeHtml(INSTRUMENTS[id].text.title)), `${id} title`);
        for (const line of wording(id)) assert.ok(body.includes(line), `${id}: "${line}"`);
        const unscored = SCORING_RULES[id].unscored ?? [];
        for (const q of INSTRUMENTS[id].text.questions.filter((x) => !unscored.includes(x.id)))
          for (const o of q.options)
            if (typeof o.value === 'number')
              assert.ok(
                body.includes(`${o.label} — <strong>${o.value} point`),
                `${id} question ${q.id}: ${o.label} = ${o.value}`,
              );
        for (const group of SCORING_RULES[id].groups)
          for (const band of group.bands) assert.ok(body.includes(escapeHtml(band.meaning)), `${id} band ${band.code}`);
        assert.match(body, /This is not a diagnosis/);
        assert.doesNotMatch(body, /<form/, `${id}: nothing to send`);
      }
    });

  test('a disabled or unknown id is 404', async () => {
    for (const url of ['/check/print/ASSIST', '/check/print/SOCRATES-8D', '/check/print/C-SSRS', '/check/print/constructor']) {
      const res = await t.app.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.match(String(res.headers['content-type']), /text\/html/);
    }
  });

  test('PHQ-9 puts the crisis numbers right after question 9', async () => {
    const body = (await t.app.inject({ url: '/check/print/PHQ-9' })).body;
    const item9 = body.indexOf(escapeHtml(INSTRUMENTS['PHQ-9'].text.questions[8]!.text));
    const note = body.indexOf('data-item9-crisis');
    assert.ok(item9 > 0 && note > item9, 'the note follows question 9');
    const scoring = body.indexOf('How to add up your score');
    for (const tel of CRISIS_TEL) {
      const at = body.indexOf(`href="${tel}"`, note);
      assert.ok(at > note && at < scoring, `${tel} beside question 9`);
    }
    assert.match(body.slice(note, scoring), /anything other than &quot;Not at all&quot;, call now/);
  });

  test('PC-PTSD-5 starts with the content warning and a way to skip it', async () => {
    const body = (await t.app.inject({ url: '/check/print/PC-PTSD-5' })).body;
    const main = body.slice(body.indexOf('<main'));
    const warning = main.indexOf('data-content-warning');
    assert.ok(warning > 0 && warning < main.indexOf('<h1'), 'warning before the title');
    assert.ok(warning < main.indexOf('Sometimes things happen to people'), 'warning before the first question');
    assert.match(main.slice(warning), /^[^]*?<a href="\/check">Skip these questions<\/a>/);
  });

  test('ASSIST shows the local drug names in the questions', async () => {
    const body = (await all.app.inject({ url: '/check/print/ASSIST' })).body;
    for (const name of [
      'nyaope, whoonga or other opioids',
      'tik, cat or other amphetamine-type stimulants',
      'mandrax or other sedatives',
    ])
      assert.ok(body.includes(name), name);
  });
});

describe('the printed bands are the module’s', () => {
  /** Answers to `id` adding up to `total` (instruments whose answers are a list of numbers). */
  const answersFor: Partial<Record<InstrumentId, (total: number) => unknown>> = {
    'Readiness-Ruler': (n) => [n],
    Stage: (n) => ({ changed: 'no', ruler: n }),
    'PHQ-2': (n) => itemsSumming(n, 2, 3),
    'PHQ-9': (n) => itemsSumming(n, 9, 3),
    'GAD-2': (n) => itemsSumming(n, 2, 3),
    'GAD-7': (n) => itemsSumming(n, 7, 3),
    'AUDIT-C': (n) => itemsSumming(n, 3, 4),
    AUDIT: (n) => {
      const last = n > 32 ? n - 32 + ((n - 32) % 2) : 0;
      return [...itemsSumming(n - last, 8, 4), ...itemsSumming(last / 2, 2, 2).map((v) => v * 2)];
    },
    'PC-PTSD-5': (n) => ['yes', ...itemsSumming(n, 5, 1)],
  };
  /** What the module calls the band of a result. */
  const codeOf = (r: object): string => {
    const v = r as { band?: string; stage?: string; positive?: boolean };
    return v.band ?? v.stage ?? (v.positive ? 'positive' : 'negative');
  };

  for (const [id, answers] of Object.entries(answersFor) as [InstrumentId, (n: number) => unknown][])
    test(`${id}: every band's first and last score`, () => {
      for (const band of SCORING_RULES[id].groups.flatMap((g) => g.bands))
        for (const n of [band.from, band.to ?? band.from]) assert.equal(codeOf(scored(id, answers(n))), band.code, `${id} ${n}`);
    });

  test('ASSIST: alcohol and every other substance', () => {
    const [alcohol, other] = SCORING_RULES.ASSIST.groups;
    // Q2 weekly (4) + Q6/Q7 choices reach every boundary used: 3, 4, 10, 11, 26, 27.
    const entry = (n: number): unknown[] => {
      const combos: number[][] = [];
      for (const q2 of [0, 2, 3, 4, 6])
        for (const q3 of q2 ? [0, 3, 4, 5, 6] : [null])
          for (const q4 of q2 ? [0, 4, 5, 6, 7] : [null])
            for (const q5 of q2 ? [0, 5, 6, 7, 8] : [null])
              for (const q6 of [0, 3, 6])
                for (const q7 of [0, 3, 6]) {
                  const items = [q2, q3, q4, q5, q6, q7];
                  if (items.reduce<number>((a, b) => a + (b ?? 0), 0) === n) combos.push(items as number[]);
                }
      assert.ok(combos[0], `no answers add up to ${n}`);
      return ['yes', ...combos[0]];
    };
    for (const [group, key] of [
      [alcohol!, 'alcohol'],
      [other!, 'opioids'],
    ] as const)
      for (const band of group.bands)
        for (const n of [band.from, band.to ?? band.from]) {
          const risk = scored('ASSIST', { substances: { [key]: entry(n) }, q8: 0 }).risk[key];
          assert.equal(risk, band.code, `${key} ${n}`);
        }
  });
});

describe('configuration', () => {
  const load = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...env }, { seed: 'none' });
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      load(env);
    } catch (error) {
      assert.ok(error instanceof ConfigError);
      return error.problems;
    }
    return assert.fail('the configuration was accepted');
  };

  test('defaults: the SADAG suicide line and the substance abuse helpline; the default instruments', () => {
    const config = load({});
    assert.deepEqual(
      config.crisisNumbers.map((n) => n.number),
      ['0800 567 567', '0800 12 13 14'],
    );
    assert.ok(
      config.crisisNumbers.every((n) => n.label),
      'each has a label',
    );
    assert.deepEqual(config.instruments, DEFAULT_ENABLED_INSTRUMENTS);
  });

  test('HARBOUR_CRISIS_NUMBERS uses the emergency numbers’ format', () => {
    assert.deepEqual(load({ HARBOUR_CRISIS_NUMBERS: '0800 567 567=Talk now,116' }).crisisNumbers, [
      { number: '0800 567 567', label: 'Talk now' },
      { number: '116', label: null },
    ]);
    const problems = problemsOf({ HARBOUR_CRISIS_NUMBERS: '0800 567 567,call-me=Chat' });
    assert.deepEqual(problems, ['HARBOUR_CRISIS_NUMBERS: "call-me=Chat" is not a phone number (digits, spaces, a leading +)']);
  });

  test('HARBOUR_INSTRUMENTS: known ids in the order given, once each; every unknown id is listed', () => {
    assert.deepEqual(load({ HARBOUR_INSTRUMENTS: ' ASSIST , PHQ-9,ASSIST' }).instruments, ['ASSIST', 'PHQ-9']);
    const problems = problemsOf({ HARBOUR_INSTRUMENTS: 'PHQ-9,C-SSRS,phq-2', HARBOUR_CRISIS_NUMBERS: 'x' });
    assert.equal(problems.length, 3, problems.join('\n'));
    assert.match(problems[1]!, /^HARBOUR_INSTRUMENTS: "C-SSRS" is not an instrument \(known: Stage, .*PHQ-9/);
    assert.match(problems[2]!, /^HARBOUR_INSTRUMENTS: "phq-2" is not an instrument/);
  });

  test('HARBOUR_INSTRUMENTS keeps the crisis question: PHQ-2 or PHQ-9 must be in the list', () => {
    assert.deepEqual(load({ HARBOUR_INSTRUMENTS: 'Stage,PHQ-2' }).instruments, ['Stage', 'PHQ-2']);
    assert.deepEqual(load({ HARBOUR_INSTRUMENTS: 'PHQ-9' }).instruments, ['PHQ-9']);
    for (const list of ['Stage,GAD-7,AUDIT', ' , ']) {
      const problems = problemsOf({ HARBOUR_INSTRUMENTS: list });
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /^HARBOUR_INSTRUMENTS must include PHQ-2 or PHQ-9: .*question 9/);
    }
  });
});
