/**
 * One case's features under the current spec: every family over the case, its person's earlier cases and the
 * region's reference figures, put in the spec's order. Pure.
 */
import type { CaseInput, PastCase } from './case-input.js';
import { casesBefore } from './case-input.js';
import { CAT_INDEX, NUM_INDEX, NUMERIC, CATEGORICAL } from './feature-spec.js';
import type { CatValues, CategoricalFeature, FeatureRow, NumericFeature, NumValues } from './feature-spec.js';
import { diagnosisFeatures } from './diagnosis.js';
import { careFeatures, type CareReference } from './care.js';
import { HISTORY_DAYS, repeatFeatures } from './repeats.js';
import { oncologyFeatures } from './oncology.js';
import type { ReviewHistory } from './history.js';

export interface FeatureContext {
  ref: CareReference;
  reviews: ReviewHistory;
}

/**
 * `history`: the person's accepted cases the service loaded (any dates; those dated before `c` and ended within
 * HISTORY_DAYS of its start are used).
 */
export function caseFeatures(c: CaseInput, history: readonly PastCase[], ctx: FeatureContext): FeatureRow {
  // one window for every family, whatever the service loaded beyond it
  const before = casesBefore(c, history).filter((p) => c.dateZ1 - p.dateZ2 <= HISTORY_DAYS);
  const num = new Float32Array(NUMERIC.length).fill(NaN);
  const cat: (string | null)[] = new Array<string | null>(CATEGORICAL.length).fill(null);
  const put = (f: { num?: NumValues; cat?: CatValues }) => {
    if (f.num) for (const k in f.num) num[NUM_INDEX[k as NumericFeature]] = f.num[k as NumericFeature] ?? NaN;
    if (f.cat) for (const k in f.cat) cat[CAT_INDEX[k as CategoricalFeature]] = f.cat[k as CategoricalFeature] ?? null;
  };
  put(diagnosisFeatures(c, before[0]));
  put(careFeatures(c, ctx.ref));
  put(repeatFeatures(c, before));
  put(oncologyFeatures(c, before));
  put({ num: ctx.reviews.features(c) });
  return { caseId: c.id, year: c.year, month: c.month, smo: c.smo, codeMo: c.codeMo, uslOk: c.uslOk, num, cat };
}

/** A FeatureRow's values by name (tests, the export). */
export function featureRecord(row: FeatureRow): Record<string, number | string | null> {
  const out: Record<string, number | string | null> = {};
  NUMERIC.forEach((n, i) => (out[n] = row.num[i]));
  CATEGORICAL.forEach((n, i) => (out[n] = row.cat[i]));
  return out;
}
