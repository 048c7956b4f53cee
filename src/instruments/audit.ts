/** AUDIT-C and AUDIT (WHO): alcohol screening, scored as published (instruments.md §2.6). */
import { bandOf, zeroTo, type Band } from './bands.ts';
import { readItems, sum } from './validate.ts';

/** instruments.md §2.6: Q1–Q8 score 0–4; Q9 and Q10 only 0 (no), 2 (not in the last year), 4 (last year). */
const Q1_TO_Q8 = zeroTo(4);
const Q9_Q10 = [0, 2, 4] as const;

/** instruments.md §2.6 (Bush 1998; Bradley 2003, 2007): AUDIT-C positive at ≥4 for men, ≥3 for women. */
const AUDIT_C_MEN_FROM = 4;
const AUDIT_C_WOMEN_FROM = 3;

export type AuditZone = 'zone_I' | 'zone_II' | 'zone_III' | 'zone_IV';

/** instruments.md §2.6 zones (Babor et al. 2001). */
const AUDIT_ZONES: readonly Band<AuditZone>[] = [
  { from: 0, to: 7, band: 'zone_I' },
  { from: 8, to: 15, band: 'zone_II' },
  { from: 16, to: 19, band: 'zone_III' },
  { from: 20, to: 40, band: 'zone_IV' },
];

export interface AuditCResult {
  total: number;
  positive_men: boolean;
  positive_women: boolean;
  /** Members are anonymous, so the lower (women's) cut-off applies to everyone. */
  positive: boolean;
}

export interface AuditResult {
  total: number;
  band: AuditZone;
  audit_c_total: number;
  audit_c_positive_men: boolean;
  audit_c_positive_women: boolean;
  /**
   * The manual's "2 or more on Questions 4, 5 and 6, or 4 on Questions 9 or 10" is reported as data
   * and never changes the zone: it does not say whether 2 applies to each item or to their sum.
   */
  q4_q6_subtotal: number;
  q9_or_q10_is_4: boolean;
}

/** AUDIT-C: AUDIT questions 1–3, each 0–4. */
export function scoreAuditC(answers: unknown): AuditCResult {
  const total = sum(readItems(answers, 'AUDIT-C', [Q1_TO_Q8, Q1_TO_Q8, Q1_TO_Q8], 'question'));
  return {
    total,
    positive_men: total >= AUDIT_C_MEN_FROM,
    positive_women: total >= AUDIT_C_WOMEN_FROM,
    positive: total >= AUDIT_C_WOMEN_FROM,
  };
}

/** AUDIT: ten answers with their published values (Q9 and Q10 only 0, 2 or 4). */
export function scoreAudit(answers: unknown): AuditResult {
  const items = readItems(answers, 'AUDIT', [...Array<readonly number[]>(8).fill(Q1_TO_Q8), Q9_Q10, Q9_Q10], 'question');
  const total = sum(items);
  const auditC = sum(items.slice(0, 3));
  return {
    total,
    band: bandOf(AUDIT_ZONES, total),
    audit_c_total: auditC,
    audit_c_positive_men: auditC >= AUDIT_C_MEN_FROM,
    audit_c_positive_women: auditC >= AUDIT_C_WOMEN_FROM,
    q4_q6_subtotal: sum(items.slice(3, 6)),
    q9_or_q10_is_4: items[8] === 4 || items[9] === 4,
  };
}
