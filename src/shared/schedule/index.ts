/** The "open now" schedule engine: HSDS 3.0 schedule rows in, open state and plain English out. */
export { compileSchedule, EVALUATED_FIELDS, findScheduleWarnings } from './compile.ts';
export { DEFAULT_LOOKAHEAD_DAYS, evaluateOpen, isOpenAt, stableUntil } from './evaluate.ts';
export { describeRow } from './describe.ts';
export { describeOpenState } from './describe-state.ts';
export type {
  CompileOptions,
  CompiledSchedule,
  EvaluateOptions,
  HolidayHours,
  OpenReason,
  OpenState,
  ScheduleRow,
} from './types.ts';
