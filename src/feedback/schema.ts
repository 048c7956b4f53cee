import { Type, type Static } from '@sinclair/typebox';

export const FEEDBACK_KINDS = ['closed', 'moved', 'wrong_hours', 'wrong_phone', 'other'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Longest free-text detail a report may carry. */
export const DETAIL_MAX = 500;

/** The report form as a browser (or the offline outbox) posts it. */
export const FeedbackForm = Type.Object(
  {
    kind: Type.Union(
      FEEDBACK_KINDS.map((k) => Type.Literal(k)),
      { errorMessage: 'Choose what is wrong.' },
    ),
    detail: Type.Optional(Type.String({ maxLength: DETAIL_MAX })),
    client_ref: Type.Optional(Type.String({ pattern: '^[0-9a-f]{16,64}$' })),
  },
  { additionalProperties: false },
);
export type FeedbackForm = Static<typeof FeedbackForm>;

/** One report as staff read it (the detail opened). */
export interface FeedbackReport {
  id: string;
  service_id: string;
  service_name: string | null;
  organization_id: string | null;
  kind: FeedbackKind;
  detail: string | null;
  created_at: string;
}
