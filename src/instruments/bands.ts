/** Score bands: published tables of inclusive ranges. */

/** An inclusive score range and what it is called. */
export interface Band<B> {
  readonly from: number;
  readonly to: number;
  readonly band: B;
}

/** The band holding `score`; the tables cover every reachable score, so a miss is a programming error. */
export function bandOf<B>(bands: readonly Band<B>[], score: number): B {
  const found = bands.find((b) => score >= b.from && score <= b.to);
  if (!found) throw new RangeError(`no band holds ${score}`);
  return found.band;
}

/** The item values 0 to `max`. */
export function zeroTo(max: number): readonly number[] {
  return Array.from({ length: max + 1 }, (_, i) => i);
}
