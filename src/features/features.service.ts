/**
 * Computes and stores the features of a period's accepted cases (idempotent: a period's rows of the current spec are
 * replaced whole, in one transaction), reads them back in batches, and exports them as CSV.
 */
import type { Deps } from '../deps.js';
import type { SqlPort } from '../db/sql.port.js';
import { AppError } from '../errors.js';
import { featuresRepo } from './features.repo.js';
import { caseFeatures } from './case-features.js';
import { ReviewHistory } from './history.js';
import { HISTORY_DAYS } from './repeats.js';
import { currentSpec, type FeatureRow, type FeatureSpec } from './feature-spec.js';
import { csvHeader, csvLine } from './features-csv.js';

export { currentSpec };
export type { FeatureRow, FeatureSpec } from './feature-spec.js';

/** Cases per batch: their SL and their persons' history are held in memory together. */
const BATCH = 4000;
/** How long a stay may have begun before its end and still be read as history (days). */
const LONGEST_STAY = 366;

export interface Period {
  year: number;
  month: number;
}

export interface ComputeResult {
  year: number;
  month: number;
  specVersion: string;
  cases: number;
  ms: number;
}

/** Days from 1970-01-01 of the first day of a period. */
const periodStart = (p: Period) => Date.UTC(p.year, p.month - 1, 1) / 86_400_000;

export function checkPeriod(p: Period): void {
  if (!Number.isInteger(p.year) || p.year < 1900 || p.year > 2999 || !Number.isInteger(p.month) || p.month < 1 || p.month > 12)
    throw new AppError('BAD_INPUT', `not a period: ${p.year}-${p.month}`);
}

/** Parses `YYYY-MM`. */
export function parsePeriod(text: string): Period {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  if (!m) throw new AppError('BAD_INPUT', `a period is YYYY-MM, got "${text}"`);
  const p = { year: Number(m[1]), month: Number(m[2]) };
  checkPeriod(p);
  return p;
}

/**
 * Computes the current spec's features of every accepted case of the period and stores them (replacing the period's
 * earlier rows of that spec). Region figures come from the 12 months before the period; the history of each case
 * only from its person's cases dated before it.
 */
export async function computeFeatures(deps: Pick<Deps, 'db'>, period: Period): Promise<ComputeResult> {
  checkPeriod(period);
  const t0 = performance.now();
  const spec = currentSpec();
  const start = periodStart(period);
  const p = period.year * 12 + period.month;
  const cases = await deps.db.sql.transaction(async (sql) => {
    const repo = featuresRepo(sql);
    await repo.lockPeriod(spec.version, period.year, period.month); // two jobs of one period: one after the other
    await repo.saveSpec(spec);
    await repo.deletePeriod(spec.version, period.year, period.month);
    const ids = await repo.periodCaseIds(period.year, period.month);
    if (!ids.length) return 0;
    const mek = await repo.mekCounts(period.year, period.month);
    const ref = await repo.careReference({ fromDay: start - HISTORY_DAYS, toDay: start, fromPeriod: p - 13, toPeriod: p });
    // conclusions of cases that ended up to a year after the period (a case's own dates may pass its period's end);
    // each case counts only those of cases that ended before it began (ReviewHistory)
    const reviews = new ReviewHistory(await repo.reviewDays(periodStart({ year: period.year + 1, month: period.month }) + 31));
    for (let i = 0; i < ids.length; i += BATCH) {
      const batch = await repo.cases(ids.slice(i, i + BATCH), mek);
      let minD1 = Infinity;
      let maxD1 = -Infinity;
      for (const c of batch) {
        minD1 = Math.min(minD1, c.dateZ1);
        maxD1 = Math.max(maxD1, c.dateZ1);
      }
      const keys = [...new Set(batch.map((c) => c.personKey))];
      const history = await repo.history(keys, minD1 - HISTORY_DAYS - LONGEST_STAY, maxD1);
      const ctx = { ref, reviews };
      await repo.write(
        spec.version,
        batch.map((c) => caseFeatures(c, history.get(c.personKey) ?? [], ctx)),
      );
    }
    return ids.length;
  });
  return { ...period, specVersion: spec.version, cases, ms: Math.round(performance.now() - t0) };
}

export interface ReadOptions {
  /** First and last period, `YYYY-MM` or {year, month}. */
  from: string | Period;
  to: string | Period;
  /** Default: the current spec's version. */
  specVersion?: string;
  batchSize?: number;
}

/** The stored features of the periods [from, to] in batches, in case id order. */
export async function* readFeatures(sql: SqlPort, o: ReadOptions): AsyncIterable<FeatureRow[]> {
  const from = typeof o.from === 'string' ? parsePeriod(o.from) : o.from;
  const to = typeof o.to === 'string' ? parsePeriod(o.to) : o.to;
  const repo = featuresRepo(sql);
  const version = o.specVersion ?? currentSpec().version;
  let after = '0';
  for (;;) {
    const rows = await repo.read(version, from.year * 100 + from.month, to.year * 100 + to.month, after, o.batchSize ?? 5000);
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1].caseId;
  }
}

/**
 * Writes the stored features of a period (current spec unless given) as CSV to `out`; computes them first when none
 * are stored. Returns the number of rows.
 */
export async function exportFeaturesCsv(
  deps: Pick<Deps, 'db'>,
  period: Period,
  out: NodeJS.WritableStream,
  specVersion?: string,
): Promise<{ rows: number; computed: boolean }> {
  checkPeriod(period);
  const version = specVersion ?? currentSpec().version;
  const spec = await loadSpec(deps.db.sql, version);
  let computed = false;
  const stored = await featuresRepo(deps.db.sql).read(version, period.year * 100 + period.month, period.year * 100 + period.month, '0', 1);
  if (!stored.length) {
    if (version !== currentSpec().version)
      throw new AppError('NOT_FOUND', `no features of spec ${version} for ${period.year}-${period.month}`);
    await computeFeatures(deps, period);
    computed = true;
  }
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(csvHeader(spec ?? currentSpec()));
  let rows = 0;
  for await (const batch of readFeatures(deps.db.sql, { from: period, to: period, specVersion: version })) {
    await write(batch.map(csvLine).join(''));
    rows += batch.length;
  }
  return { rows, computed };
}

/** The periods a package stored register files for (the features job is queued for each). */
export async function packagePeriods(sql: SqlPort, packageId: string): Promise<Period[]> {
  const rows = await sql.query<{ year: number; month: number }>(
    `SELECT DISTINCT year, month FROM register_file WHERE package_id = $1 AND year IS NOT NULL AND month IS NOT NULL ORDER BY 1, 2`,
    [packageId],
  );
  return rows.map((r) => ({ year: r.year, month: r.month }));
}

/** The feature lists stored under a spec version (what its rows' arrays hold), or undefined when none are stored. */
export async function loadSpec(sql: SqlPort, version: string): Promise<FeatureSpec | undefined> {
  const [row] = await sql.query<{ numeric: string[]; categorical: string[] }>(
    `SELECT numeric, categorical FROM feature_spec WHERE version = $1`,
    [version],
  );
  return row ? { version, numeric: row.numeric, categorical: row.categorical } : undefined;
}
