/**
 * Versioned plan corrections (planning spec §3): a commission's correction is applied to a
 * version and gives a new one; totals are preserved unless the correction says it changes them;
 * the changes (before → after per cell) are kept as the audit trail.
 */
import { AppError } from '../errors.js';

export interface PlanCell {
  mo: string;
  uslOk: number;
  /** The care profile (V002) of a plan task split by profile; absent for the whole MO and condition. */
  profile?: number | null;
  /** The KSG (N_KSG) of a plan task split by KSG; absent when not split. */
  ksg?: string | null;
  volume: number;
  amountKop: number;
}

export interface CellChange {
  mo: string;
  uslOk: number;
  profile?: number;
  ksg?: string;
  before: { volume: number; amountKop: number } | null;
  after: { volume: number; amountKop: number };
}

const key = (c: Pick<PlanCell, 'mo' | 'uslOk' | 'profile' | 'ksg'>) => `${c.mo}|${c.uslOk}|${c.profile ?? ''}|${c.ksg ?? ''}`;

/** What names a cell (MO, condition, and the profile / KSG only when set), in that order. */
export const cellKey = (c: PlanCell): Pick<PlanCell, 'mo' | 'uslOk' | 'profile' | 'ksg'> => ({
  mo: c.mo,
  uslOk: c.uslOk,
  ...(c.profile ? { profile: c.profile } : {}),
  ...(c.ksg ? { ksg: c.ksg } : {}),
});

/** A cell's name for messages: "750001 / USL_OK 1 / profile 97 / KSG st27.004". */
export const cellName = (c: PlanCell) =>
  `${c.mo} / USL_OK ${c.uslOk}${c.profile ? ` / profile ${c.profile}` : ''}${c.ksg ? ` / KSG ${c.ksg}` : ''}`;
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
      throw new AppError('BAD_INPUT', `correction for ${cellName(ch)}: volume and amount must be non-negative whole numbers`);
    }
    const old = byKey.get(key(ch));
    diff.push({
      ...(cellKey(ch) as { mo: string; uslOk: number; profile?: number; ksg?: string }),
      before: old ? { volume: old.volume, amountKop: old.amountKop } : null,
      after: { volume: ch.volume, amountKop: ch.amountKop },
    });
    byKey.set(key(ch), { ...cellKey(ch), volume: ch.volume, amountKop: ch.amountKop });
  }
  const next = [...byKey.values()].sort(
    (a, b) =>
      a.mo.localeCompare(b.mo) || a.uslOk - b.uslOk || (a.profile ?? 0) - (b.profile ?? 0) || (a.ksg ?? '').localeCompare(b.ksg ?? ''),
  );
  const [t0, t1] = [totals(cells), totals(next)];
  if (!allowTotalChange && (t0.volume !== t1.volume || t0.amountKop !== t1.amountKop)) {
    throw new AppError(
      'CONFLICT',
      `the correction changes the totals (volume ${t0.volume} → ${t1.volume}, kopecks ${t0.amountKop} → ${t1.amountKop}); move volumes between cells, or mark it as changing the totals`,
    );
  }
  return { cells: next, diff };
}
