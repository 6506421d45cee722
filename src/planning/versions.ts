/**
 * Versioned plan corrections (planning spec §3): a commission's correction is applied to a
 * version and gives a new one; totals are preserved unless the correction says it changes them;
 * the changes (before → after per cell) are kept as the audit trail.
 */
import { AppError } from '../errors.js';

export interface PlanCell {
  mo: string;
  uslOk: number;
  volume: number;
  amountKop: number;
}

export interface CellChange {
  mo: string;
  uslOk: number;
  before: { volume: number; amountKop: number } | null;
  after: { volume: number; amountKop: number };
}

const key = (c: { mo: string; uslOk: number }) => `${c.mo}|${c.uslOk}`;
export const totals = (cells: readonly PlanCell[]) => ({
  volume: cells.reduce((s, c) => s + c.volume, 0),
  amountKop: cells.reduce((s, c) => s + c.amountKop, 0),
});

export function applyCorrection(
  cells: readonly PlanCell[],
  changes: readonly PlanCell[],
  allowTotalChange = false,
): { cells: PlanCell[]; diff: CellChange[] } {
  const byKey = new Map(cells.map((c) => [key(c), { ...c }]));
  const diff: CellChange[] = [];
  for (const ch of changes) {
    if (!Number.isSafeInteger(ch.volume) || ch.volume < 0 || !Number.isSafeInteger(ch.amountKop) || ch.amountKop < 0) {
      throw new AppError('BAD_INPUT', `correction for ${ch.mo} / USL_OK ${ch.uslOk}: volume and amount must be non-negative whole numbers`);
    }
    const old = byKey.get(key(ch));
    diff.push({
      mo: ch.mo,
      uslOk: ch.uslOk,
      before: old ? { volume: old.volume, amountKop: old.amountKop } : null,
      after: { volume: ch.volume, amountKop: ch.amountKop },
    });
    byKey.set(key(ch), { ...ch });
  }
  const next = [...byKey.values()].sort((a, b) => a.mo.localeCompare(b.mo) || a.uslOk - b.uslOk);
  const [t0, t1] = [totals(cells), totals(next)];
  if (!allowTotalChange && (t0.volume !== t1.volume || t0.amountKop !== t1.amountKop)) {
    throw new AppError(
      'CONFLICT',
      `the correction changes the totals (volume ${t0.volume} → ${t1.volume}, kopecks ${t0.amountKop} → ${t1.amountKop}); move volumes between cells, or mark it as changing the totals`,
    );
  }
  return { cells: next, diff };
}
