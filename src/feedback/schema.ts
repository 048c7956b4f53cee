export const FEEDBACK_KINDS = ['closed', 'moved', 'wrong_hours', 'wrong_phone', 'other'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Longest free-text detail a report may carry. */
export const DETAIL_MAX = 500;

/** The phone's own id for a report (hex), so a resend is stored once. */
export const CLIENT_REF = /^[0-9a-f]{16,64}$/;

/**
 * One report as the route has checked it. The route checks fields by hand (not by schema) so a
 * member gets a plain sentence, not a validator's message.
 */
export interface FeedbackInput {
  kind: FeedbackKind;
  detail?: string;
  client_ref?: string;
}

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
