/** Bulk test data for training and scoring: a register file, its cases, their case_feature rows and conclusions. */
import type { SqlPort } from '../../src/db/sql.port.js';
import type { FeatureRow } from '../../src/ml/feature-row.js';

let seq = 0;

/** Inserts a package, a register file of the period and one accepted case per feature row (same ids), with features. */
export async function insertPeriod(
  sql: SqlPort,
  specVersion: string,
  rows: readonly FeatureRow[],
  opts: { sumKop?: (i: number) => number } = {},
): Promise<string> {
  const { year, month } = rows[0];
  seq++;
  const [pkg] = await sql.query<{ id: string }>(
    `INSERT INTO package (source_name, sha256, status) VALUES ('t.zip', $1, 'done') RETURNING id::text AS id`,
    [`pkg-${year}-${month}-${seq}-${Math.random()}`],
  );
  const fileName = `HM010001T01_${String(year % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${seq}`;
  const [file] = await sql.query<{ id: string }>(
    `INSERT INTO register_file (package_id, file_name, kind, version, sha256, code_mo, year, month)
     VALUES ($1, $2, 'H', '5.1', $3, '010001', $4, $5) RETURNING id::text AS id`,
    [pkg.id, fileName, `f-${seq}-${Math.random()}`, year, month],
  );
  const ids = rows.map((r) => r.caseId);
  const sums = rows.map((_, i) => ((opts.sumKop?.(i) ?? 2_000_000) / 100).toFixed(2));
  await sql.query(
    `INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, smo, lpu,
       usl_ok, date_z_1, date_z_2, sumv, status, pacient, zsl)
     SELECT u.id, $2::bigint, u.id::text, 'C' || u.id::text, 0, 'H', u.mo, $3, $4, 'P' || u.id::text, 'P' || u.id::text, '01', u.mo,
       1, make_date($3, $4, 1), make_date($3, $4, 5), u.sumv, 'accepted', '{}', '{}'
       FROM unnest($1::bigint[], $5::text[], $6::numeric[]) AS u(id, mo, sumv)`,
    [ids, file.id, year, month, rows.map((r) => r.codeMo), sums],
  );
  await sql.query(
    `INSERT INTO case_feature (case_id, spec_version, year, month, smo, code_mo, usl_ok, num, cat)
     SELECT u.id, $2, $3, $4, '01', u.mo, 1, (SELECT array_agg(x::real) FROM json_array_elements_text(u.num::json) x),
            (SELECT array_agg(x) FROM json_array_elements_text(u.cat::json) x)
       FROM unnest($1::bigint[], $5::text[], $6::text[], $7::text[]) AS u(id, mo, num, cat)`,
    [
      ids,
      specVersion,
      year,
      month,
      rows.map((r) => r.codeMo),
      rows.map((r) => JSON.stringify(Array.from(r.num, (v) => (Number.isNaN(v) ? 'NaN' : String(v))))),
      rows.map((r) => JSON.stringify(r.cat)),
    ],
  );
  return fileName;
}

export interface Label {
  caseId: string;
  year: number;
  month: number;
  defect: boolean;
  arm: 'random' | 'trigger' | 'unknown';
  propensity: number | null;
  f014: number[];
}

/** Random-arm labels (propensity 0.5) of every second row of a month: the expert's verdict is `y`. */
export function randomArmLabels(rows: readonly { caseId: string }[], y: ArrayLike<number>, month: number): Label[] {
  const out: Label[] = [];
  rows.forEach((r, i) => {
    if (i % 2 === 0)
      out.push({ caseId: r.caseId, year: 2025, month, defect: y[i] === 1, arm: 'random', propensity: 0.5, f014: y[i] ? [264] : [] });
  });
  return out;
}

/** A training configuration that finishes in seconds: one logistic candidate, few epochs and bootstrap rounds. */
export const FAST_LOGISTIC = {
  bootstrap: 20,
  candidates: [
    { kind: 'logistic' as const, embDim: 1, hidden: [], fit: { epochs: 5, batchSize: 256, learningRate: 0.03, l2: 1e-5, patience: 2 } },
  ],
};

export async function insertConclusions(sql: SqlPort, labels: readonly Label[]): Promise<void> {
  if (!labels.length) return;
  await sql.query(
    `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, arm, propensity, source, nat_key, year, month, code_mo, usl_ok)
     SELECT u.id, 50, 'MEE', u.defect, (SELECT coalesce(array_agg(x::int), '{}') FROM json_array_elements_text(u.f014::json) x), 0, 0, u.arm, u.prop, 'api',
            'k' || u.id::text, u.y, u.m, '010001', 1
       FROM unnest($1::bigint[], $2::bool[], $3::text[], $4::text[], $5::float8[], $6::int[], $7::int[]) AS u(id, defect, f014, arm, prop, y, m)`,
    [
      labels.map((l) => l.caseId),
      labels.map((l) => l.defect),
      labels.map((l) => JSON.stringify(l.f014)),
      labels.map((l) => l.arm),
      labels.map((l) => l.propensity),
      labels.map((l) => l.year),
      labels.map((l) => l.month),
    ],
  );
}
