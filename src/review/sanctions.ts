/**
 * Sanctions of an expertise per order 231н, in kopecks: the part of the case not paid is the case sum × K_NO of the
 * defect's F014 code (the largest over the codes found), the fine is the region's per-capita financing norm of the
 * period's year × K_SH (likewise the largest). Pure: the coefficients come from F014 (data/nsi), the norm from the
 * `fine_norm` table.
 */

/** K_NO and K_SH of one F014 code; absent when the code carries none. */
export interface F014Coefficients {
  kNo?: number;
  kSh?: number;
}

/** Non-payment: the case sum × the largest K_NO of the codes (rounded to a kopeck); 0 without a code that has one. */
export function nonPaymentKop(caseSumKop: number, codes: readonly number[], coef: (code: number) => F014Coefficients | undefined): number {
  const k = Math.max(0, ...codes.map((c) => coef(c)?.kNo ?? 0));
  return Math.round(caseSumKop * k);
}

/** The largest K_SH of the codes (0 when none has one). */
export function fineShare(codes: readonly number[], coef: (code: number) => F014Coefficients | undefined): number {
  return Math.max(0, ...codes.map((c) => coef(c)?.kSh ?? 0));
}

/**
 * The fine: norm × K_SH. `pending` when a fine is due (K_SH > 0) and the year's norm is not configured: the caller
 * decides whether that is an error (an import) or waits for the norm (a register's SANK).
 */
export function fineKop(normKop: number | undefined, share: number): { fine: number; pending: boolean } {
  if (share <= 0) return { fine: 0, pending: false };
  if (normKop === undefined) return { fine: 0, pending: true };
  return { fine: Math.round(normKop * share), pending: false };
}
