import type { FeatureRow, FeatureSpec } from '../../src/ml/feature-row.js';
import { mulberry32 } from '../../src/ml/random.js';

/** A small spec in the contract's shape (names like the features branch's). */
export const SPEC: FeatureSpec = {
  version: 'test-1',
  numeric: ['los_ratio', 'ksg_weight_ratio', 'days_since_discharge', 'age'],
  categorical: ['ds1', 'ds1_block', 'code_mo', 'iddokt'],
};

/**
 * Rows with a known signal: defects are likelier with a long stay against the norm, with MO "M1" and doctor "D7",
 * and with DS1 "I21"; `days_since_discharge` is missing for a third of the rows.
 */
export function makeRows(n: number, seed = 1, month = 1): { rows: FeatureRow[]; y: Float64Array } {
  const rnd = mulberry32(seed);
  const rows: FeatureRow[] = [];
  const y = new Float64Array(n);
  const ds = ['I21', 'J18', 'K35', 'C50', 'E11', 'I63', 'N39', 'O80'];
  for (let i = 0; i < n; i++) {
    const los = rnd() * 3;
    const mo = `M${Math.floor(rnd() * 5)}`;
    const doc = `D${Math.floor(rnd() * 20)}`;
    const d = ds[Math.floor(rnd() * ds.length)];
    const z = -3 + 1.2 * (los - 1.5) + (mo === 'M1' ? 1.2 : 0) + (doc === 'D7' ? 1.5 : 0) + (d === 'I21' ? 0.8 : 0);
    y[i] = rnd() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
    rows.push({
      caseId: String(month * 1_000_000 + i),
      year: 2025,
      month,
      smo: '01',
      codeMo: mo,
      uslOk: 1,
      num: Float32Array.of(los, 0.5 + rnd(), rnd() < 0.33 ? NaN : Math.floor(rnd() * 365), 20 + Math.floor(rnd() * 70)),
      cat: [d, d[0] + 'x', mo, rnd() < 0.05 ? null : doc],
    });
  }
  return { rows, y };
}
