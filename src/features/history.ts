/**
 * Organisation and doctor history: the MO's and the doctor's (IDDOKT) expertise conclusions on cases that ended
 * before this case began, with an act (when dated) before it began too — review counts and confirmed-defect rates
 * shrunk to the region's rate over the same conclusions — and the MEK findings of the case itself. A conclusion of the
 * case itself never counts (its case did not end before it began), nor one whose act came after the case began (it
 * could not have been known then, and would change the case's features when it arrives).
 */
import type { CaseInput } from './case-input.js';
import type { NumValues } from './feature-spec.js';

/** Conclusions that became known on one day, for one MO and doctor (the service's grouped query). */
export interface ReviewDay {
  codeMo: string;
  iddokt: string | null;
  /** DATE_Z_2 of the reviewed case, or DATE_ACT when later: days. */
  day: number;
  reviews: number;
  defects: number;
}

/** Pseudo-reviews at the region's rate added to an MO's or doctor's own (empirical-Bayes shrinkage). */
export const SHRINK_REVIEWS = 20;

/** Cumulative counts per key by day: how many reviews and defects of cases that ended before a day. */
class Cumulative {
  private readonly byKey = new Map<string, { days: number[]; reviews: number[]; defects: number[] }>();

  constructor(entries: Iterable<{ key: string; day: number; reviews: number; defects: number }>) {
    const raw = new Map<string, Map<number, [number, number]>>();
    for (const e of entries) {
      let m = raw.get(e.key);
      if (!m) raw.set(e.key, (m = new Map()));
      const v = m.get(e.day) ?? [0, 0];
      m.set(e.day, [v[0] + e.reviews, v[1] + e.defects]);
    }
    for (const [key, m] of raw) {
      const ds = [...m.keys()].sort((a, b) => a - b);
      const reviews: number[] = [];
      const defects: number[] = [];
      let r = 0;
      let d = 0;
      for (const day of ds) {
        const v = m.get(day) ?? [0, 0];
        reviews.push((r += v[0]));
        defects.push((d += v[1]));
      }
      this.byKey.set(key, { days: ds, reviews, defects });
    }
  }

  /** Reviews and defects of cases that ended strictly before `day`. */
  before(key: string, day: number): { reviews: number; defects: number } {
    const e = this.byKey.get(key);
    if (!e) return { reviews: 0, defects: 0 };
    let lo = 0;
    let hi = e.days.length; // first index with days[i] >= day
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (e.days[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? { reviews: 0, defects: 0 } : { reviews: e.reviews[lo - 1], defects: e.defects[lo - 1] };
  }
}

/** The region's review history, indexed for lookups by MO, doctor and day. */
export class ReviewHistory {
  private readonly mo: Cumulative;
  private readonly doc: Cumulative;
  private readonly region: Cumulative;

  constructor(days: readonly ReviewDay[]) {
    this.mo = new Cumulative(days.map((d) => ({ ...d, key: d.codeMo })));
    this.doc = new Cumulative(days.filter((d) => d.iddokt).map((d) => ({ ...d, key: d.iddokt ?? '' })));
    this.region = new Cumulative(days.map((d) => ({ ...d, key: '' })));
  }

  features(c: CaseInput): NumValues {
    const region = this.region.before('', c.dateZ1);
    const rate = region.reviews ? region.defects / region.reviews : NaN;
    const shrunk = (x: { reviews: number; defects: number }) =>
      Number.isNaN(rate) ? NaN : (x.defects + SHRINK_REVIEWS * rate) / (x.reviews + SHRINK_REVIEWS);
    const mo = this.mo.before(c.codeMo, c.dateZ1);
    const doc = c.iddokt ? this.doc.before(c.iddokt, c.dateZ1) : undefined;
    return {
      mo_reviews_n: mo.reviews,
      mo_defect_rate_shrunk: shrunk(mo),
      doc_reviews_n: doc ? doc.reviews : NaN,
      doc_defect_rate_shrunk: doc ? shrunk(doc) : NaN,
      region_defect_rate: rate,
      mek_findings_n: c.mekFindings,
    };
  }
}
