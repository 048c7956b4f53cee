/**
 * The order of questions in each part of the self-check, with the instruments' own skip rules, and
 * what is kept of a result. Pure: no DOM, so the unit tests walk it in Node. Scoring is
 * src/instruments, exactly as the CLI scores.
 */
import {
  ASSIST_SUBSTANCE_TEXT,
  ASSIST_SUBSTANCES,
  assistQuestionText,
  INSTRUMENTS,
  scoreInstrument,
  type AssistResult,
  type AssistSubstance,
  type InstrumentId,
  type ResponseOption,
} from '../../instruments/index.ts';

/** One answer: a response option's value, or the substances ticked in ASSIST question 1. */
export type Answer = number | string | readonly string[];
export type Answers = ReadonlyMap<string, Answer>;

/** One question on screen. `multi`: tick all that apply (ASSIST question 1). */
export interface Step {
  readonly key: string;
  readonly text: string;
  readonly lead?: string;
  readonly options: readonly ResponseOption[];
  readonly multi?: true;
  /**
   * The option (by value) that has a box to name it, as ASSIST's "Other - specify:". What she writes
   * is kept under `<key>:specify` only to word the questions after it: never scored or kept.
   */
  readonly specify?: string;
  /** Harbour's own wording (translated with the interface), not the publisher's. */
  readonly own?: true;
}

/**
 * What the history keeps of one result: which check, when, and the totals, bands or stage it gave.
 * Never the answers (nor PHQ-9's question 9 flag, which is one answer).
 */
export interface Summary {
  readonly id: InstrumentId;
  /** The day, `YYYY-MM-DD` on the phone's clock. */
  readonly date: string;
  readonly total?: number;
  readonly band?: string;
  readonly stage?: string;
  /** ASSIST: risk per substance used. */
  readonly risks?: Readonly<Partial<Record<AssistSubstance, string>>>;
  /** SOCRATES-8D: the three scales. */
  readonly scales?: Readonly<Record<string, number>>;
}

export interface Outcome {
  readonly id: InstrumentId;
  readonly result: unknown;
  readonly summary: Summary;
  /** ASSIST: question 8 and what it (with the injecting pattern) points to; null for other instruments. */
  readonly injecting: AssistResult['injecting'] | null;
}

/** The parts the member can choose. Mood and worry start with the two-question version. */
export type PlanId = 'Stage' | 'mood' | 'worry' | 'AUDIT-C' | 'AUDIT' | 'ASSIST' | 'PC-PTSD-5' | 'SOCRATES-8D';

export interface Plan {
  readonly id: PlanId;
  /** Which instrument's text, credit and licence to show. */
  readonly shows: InstrumentId;
  /** The next question, or null when every question the rules ask is answered. */
  next(answers: Answers): Step | null;
  /** True when this answer must bring up the crisis options at once (PHQ-9 question 9 above 0). */
  crisis(key: string, value: Answer): boolean;
  finish(answers: Answers, date: string): Outcome;
}

/** Own-wording text the plans need (ASSIST's tick-list hint and injecting pattern). */
export interface PlanText {
  tickAll: string;
  patternWeekly: string;
  patternDays: string;
  yes: string;
  no: string;
}

const num = (answers: Answers, key: string): number => {
  const v = answers.get(key);
  return typeof v === 'number' ? v : 0;
};

function scored(id: InstrumentId, answers: unknown): unknown {
  const outcome = scoreInstrument(id, answers);
  // The plans only offer the instrument's own options and follow its skip rules: a refusal is a bug.
  if (!outcome.ok) throw new Error(`${id}: ${outcome.message}`);
  return outcome.result;
}

/** What the history keeps of a result (see {@link Summary}). */
export function summarize(id: InstrumentId, result: unknown, date: string): Summary {
  const r = result as Record<string, unknown>;
  if (id === 'Stage') return { id, date, stage: String(r.stage) };
  if (id === 'ASSIST') {
    const risks: Partial<Record<AssistSubstance, string>> = {};
    for (const s of ASSIST_SUBSTANCES) {
      const risk = (result as AssistResult).risk[s];
      if (risk) risks[s] = risk;
    }
    return { id, date, risks };
  }
  if (id === 'SOCRATES-8D')
    return {
      id,
      date,
      scales: { recognition: Number(r.recognition), ambivalence: Number(r.ambivalence), taking_steps: Number(r.taking_steps) },
    };
  const summary: { id: InstrumentId; date: string; total?: number; band?: string } = { id, date };
  if (typeof r.total === 'number') summary.total = r.total;
  if (typeof r.band === 'string') summary.band = r.band;
  else if (typeof r.positive === 'boolean') summary.band = r.positive ? 'positive' : 'negative';
  return summary;
}

function outcome(id: InstrumentId, answers: unknown, date: string): Outcome {
  const result = scored(id, answers);
  const injecting = id === 'ASSIST' ? (result as AssistResult).injecting : null;
  return { id, result, summary: summarize(id, result, date), injecting };
}

const question = (id: InstrumentId, n: number): Step => {
  const q = INSTRUMENTS[id].text.questions[n - 1]!;
  return { key: q.id, text: q.text, lead: q.lead, options: q.options, ...(q.own ? { own: true as const } : {}) };
};

/** Questions asked in order, every one: AUDIT-C, AUDIT, SOCRATES-8D. */
function straight(id: 'AUDIT-C' | 'AUDIT' | 'SOCRATES-8D'): Plan {
  const count = INSTRUMENTS[id].text.questions.length;
  const keys = Array.from({ length: count }, (_, i) => String(i + 1));
  return {
    id,
    shows: id,
    next: (answers) => {
      const missing = keys.findIndex((k) => !answers.has(k));
      return missing === -1 ? null : question(id, missing + 1);
    },
    crisis: () => false,
    finish: (answers, date) =>
      outcome(
        id,
        keys.map((k) => num(answers, k)),
        date,
      ),
  };
}

/**
 * Two questions, then the rest of the longer version when the two reach the cut-off (3) and the
 * longer version is enabled. Mood: PHQ-9 question 9 is asked every time, even when PHQ-2 is below the
 * cut-off, and any answer above 0 brings up the crisis options.
 */
function stepped(id: 'mood' | 'worry', enabled: readonly InstrumentId[]): Plan {
  const [short, long, count]: [InstrumentId, InstrumentId, number] =
    id === 'mood' ? ['PHQ-2', 'PHQ-9', 9] : ['GAD-2', 'GAD-7', 7];
  // Only the longer version enabled: every question, always.
  const longer = (answers: Answers): boolean =>
    enabled.includes(long) && (!enabled.includes(short) || num(answers, '1') + num(answers, '2') >= 3);
  const order = (answers: Answers): string[] => {
    if (longer(answers)) return Array.from({ length: count }, (_, i) => String(i + 1));
    return id === 'mood' ? ['1', '2', '9'] : ['1', '2'];
  };
  return {
    id,
    shows: enabled.includes(short) || !enabled.includes(long) ? short : long,
    next: (answers) => {
      for (const key of order(answers)) if (!answers.has(key)) return question(long, Number(key));
      return null;
    },
    crisis: (key, value) => id === 'mood' && key === '9' && typeof value === 'number' && value > 0,
    finish: (answers, date) => {
      const all = Array.from({ length: count }, (_, i) => String(i + 1));
      if (all.every((k) => answers.has(k)))
        return outcome(
          long,
          all.map((k) => num(answers, k)),
          date,
        );
      return outcome(short, [num(answers, '1'), num(answers, '2')], date);
    },
  };
}

/** Stage: the staging question, then the ruler only when nothing has changed yet. */
function stage(): Plan {
  return {
    id: 'Stage',
    shows: 'Stage',
    next: (answers) => {
      if (!answers.has('changed')) return question('Stage', 1);
      if (answers.get('changed') === 'no' && !answers.has('ruler')) return question('Stage', 2);
      return null;
    },
    crisis: () => false,
    finish: (answers, date) =>
      outcome(
        'Stage',
        { changed: answers.get('changed'), ruler: answers.get('changed') === 'no' ? answers.get('ruler') : null },
        date,
      ),
  };
}

/** PC-PTSD-5: the exposure question, then the five items only after "yes". */
function pcPtsd5(): Plan {
  const items = ['1', '2', '3', '4', '5'];
  return {
    id: 'PC-PTSD-5',
    shows: 'PC-PTSD-5',
    next: (answers) => {
      if (!answers.has('exposure')) return question('PC-PTSD-5', 1);
      if (answers.get('exposure') === 'no') return null;
      const missing = items.find((k) => !answers.has(k));
      return missing ? question('PC-PTSD-5', Number(missing) + 1) : null;
    },
    crisis: () => false,
    finish: (answers, date) => {
      const exposed = answers.get('exposure') === 'yes';
      return outcome('PC-PTSD-5', [answers.get('exposure'), ...items.map((k) => (exposed ? num(answers, k) : null))], date);
    },
  };
}

/**
 * ASSIST in WHO's order: question 1 for every substance (a tick list), then each of questions 2–7
 * for the substances ticked, with the skip rules (question 2 "Never" skips 3–5; tobacco has no 5),
 * then question 8, and after "in the past 3 months" the two questions on how often.
 */
function assist(text: PlanText): Plan {
  const q = INSTRUMENTS.ASSIST.text.questions;
  const used = (answers: Answers): AssistSubstance[] => {
    const ticked = answers.get('1');
    return Array.isArray(ticked) ? ASSIST_SUBSTANCES.filter((s) => ticked.includes(s)) : [];
  };
  const otherName = (answers: Answers): string | undefined => {
    const named = answers.get('1:specify');
    return typeof named === 'string' && named.trim() ? named.trim().slice(0, 60) : undefined;
  };
  const asks = (n: number, s: AssistSubstance, answers: Answers): boolean => {
    if (n >= 3 && n <= 5 && num(answers, `2:${s}`) === 0) return false;
    return !(n === 5 && s === 'tobacco');
  };
  const yesNo: ResponseOption[] = [
    { label: text.yes, value: 'yes' },
    { label: text.no, value: 'no' },
  ];
  return {
    id: 'ASSIST',
    shows: 'ASSIST',
    next: (answers) => {
      if (!answers.has('1'))
        return {
          key: '1',
          text: q[0]!.text,
          lead: text.tickAll,
          multi: true,
          specify: 'other',
          options: ASSIST_SUBSTANCE_TEXT.map((s) => ({ label: s.label, value: s.key })),
        };
      const substances = used(answers);
      if (substances.length === 0) return null;
      for (const n of [2, 3, 4, 5, 6, 7] as const)
        for (const s of substances)
          if (asks(n, s, answers) && !answers.has(`${n}:${s}`))
            return { key: `${n}:${s}`, text: assistQuestionText(n, s, otherName(answers)), options: q[n - 1]!.options };
      if (!answers.has('8')) return { key: '8', text: q[7]!.text, options: q[7]!.options };
      if (answers.get('8') !== 2) return null;
      if (!answers.has('weekly')) return { key: 'weekly', text: text.patternWeekly, options: yesNo, own: true };
      if (!answers.has('days')) return { key: 'days', text: text.patternDays, options: yesNo, own: true };
      return null;
    },
    crisis: () => false,
    finish: (answers, date) => {
      const substances = used(answers);
      // Substances she did not tick are left out (allowed): they get no score, not a "low" one.
      const input: Record<string, unknown> = {};
      for (const s of substances)
        input[s] = ['yes', ...[2, 3, 4, 5, 6, 7].map((n) => (asks(n, s, answers) ? num(answers, `${n}:${s}`) : null))];
      if (substances.length === 0) return outcome('ASSIST', { substances: input }, date);
      const q8 = num(answers, '8') as 0 | 1 | 2;
      const pattern =
        q8 === 2
          ? { more_than_weekly: answers.get('weekly') === 'yes', three_or_more_days_in_a_row: answers.get('days') === 'yes' }
          : undefined;
      return outcome('ASSIST', { substances: input, q8, ...(pattern ? { injecting_pattern: pattern } : {}) }, date);
    },
  };
}

/** The parts offered, in menu order, given the enabled instruments (Stage is always first and not in the menu). */
export function offeredPlans(enabled: readonly InstrumentId[]): PlanId[] {
  const plans: PlanId[] = [];
  if (enabled.includes('PHQ-2') || enabled.includes('PHQ-9')) plans.push('mood');
  if (enabled.includes('GAD-2') || enabled.includes('GAD-7')) plans.push('worry');
  for (const id of ['AUDIT-C', 'AUDIT', 'ASSIST', 'PC-PTSD-5', 'SOCRATES-8D'] as const) if (enabled.includes(id)) plans.push(id);
  return plans;
}

export function makePlan(id: PlanId, enabled: readonly InstrumentId[], text: PlanText): Plan {
  switch (id) {
    case 'Stage':
      return stage();
    case 'mood':
    case 'worry':
      return stepped(id, enabled);
    case 'ASSIST':
      return assist(text);
    case 'PC-PTSD-5':
      return pcPtsd5();
    default:
      return straight(id);
  }
}

/** Today on the phone's clock, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
