/** The two-sided 95 % quantile of the standard normal distribution (1.959963984540054), used by every interval here. */
export const Z95 = 1.959963984540054;

/** A two-sided interval `[lo, hi]`. */
export type Interval = [number, number];
