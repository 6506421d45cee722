import type { Control, QuotaRow } from './config.js';

/** One planned list: an insurer's cases of a condition for a control. */
export interface QuotaGroup {
  smo: string;
  control: Control;
  uslOk: number;
  /** Cases of the group in the period. */
  cases: number;
}

export interface GroupQuota extends QuotaGroup {
  /** ⌈pct · cases⌉ from the quota table. */
  planned: number;
  /** After the expert-capacity cap. */
  quota: number;
}

/** ⌈pct/100 · cases⌉ in integers (pct to 1/100 of a per cent), never through a rounding float. */
export function plannedQuota(pct: number, cases: number): number {
  const bp = Math.round(pct * 100); // basis points
  return Math.floor((bp * cases + 9999) / 10000);
}

/** Every group's planned quota from the regional table (conditions without a row get 0). */
export function computeQuotas(groups: readonly QuotaGroup[], table: readonly QuotaRow[]): GroupQuota[] {
  const pct = new Map(table.map((r) => [`${r.control}/${r.uslOk}`, r.pct]));
  return groups.map((g) => {
    const planned = plannedQuota(pct.get(`${g.control}/${g.uslOk}`) ?? 0, g.cases);
    return { ...g, planned, quota: planned };
  });
}

/**
 * Caps the planned quotas of each control by what its experts can take this month: capacity minus the mandatory
 * (trigger, manual) items. When the planned total is larger, the capacity is shared in proportion to the planned
 * quotas (largest remainder; ties by insurer, condition). A control without capacity (no experts) is not capped.
 */
export function capByCapacity(
  quotas: GroupQuota[],
  capacity: ReadonlyMap<Control, number>,
  mandatory: ReadonlyMap<Control, number>,
): GroupQuota[] {
  for (const [control, cap] of capacity) {
    const list = quotas.filter((q) => q.control === control);
    const demand = list.reduce((s, q) => s + q.planned, 0);
    const avail = Math.max(0, cap - (mandatory.get(control) ?? 0));
    if (demand <= avail) continue;
    const shares = list.map((q) => ({ q, exact: (q.planned * avail) / demand }));
    for (const s of shares) s.q.quota = Math.floor(s.exact);
    let left = avail - shares.reduce((s, x) => s + x.q.quota, 0);
    shares.sort(
      (a, b) => b.exact - Math.floor(b.exact) - (a.exact - Math.floor(a.exact)) || a.q.smo.localeCompare(b.q.smo) || a.q.uslOk - b.q.uslOk,
    );
    for (const s of shares) {
      if (left <= 0) break;
      s.q.quota++;
      left--;
    }
  }
  return quotas;
}
