/**
 * The agreement figures for a 1 M-case region: writes, in a throwaway schema, one score per case (case_score,
 * `cases` rows over 12 months, 4 insurers, 100 MOs) and ≈ 5 % of the cases reviewed (conclusion: a 1 % random arm
 * at π = 0.01, the model arm's top scores and a trigger arm at π = 1, 2 % of them reviewed twice), all generated
 * server-side (INSERT … SELECT over generate_series, seeded), then times `agreementReport` grouped several ways.
 * The case table itself is not needed: the report reads conclusion and case_score only.
 *   npx tsx bench/agreement.bench.ts [cases=1000000] [rounds=2]
 * (DATABASE_URL, default the local test database; BENCH_TRACE=1 prints each query's time, BENCH_KEEP=1 keeps the schema.) Timings are noisy on a shared machine: best of `rounds`.
 */
import pg from 'pg';
import { openDatabase } from '../src/db/database.js';
import { loadConfig } from '../src/config.js';
import { agreementReport } from '../src/review/agreement.service.js';
import { formatAgreementTable } from '../src/review/agreement-format.js';
import { MODEL_DDL, insertModelVersion } from '../test/helpers/selection-tables.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const cases = Number(process.argv[2]) || 1_000_000;
const rounds = Number(process.argv[3]) || 2;
const schema = `bench_agreement_${process.pid}`;
const ms = (t: number) => `${(performance.now() - t).toFixed(0)} ms`;

const db = await openDatabase({ databaseUrl: url, schema });
try {
  let t = performance.now();
  await db.sql.transaction(async (tx) => {
    await tx.exec(MODEL_DDL); // conclusion comes from migration 0310; the model tables from 0330 once merged
    await tx.query('SELECT setseed(0.42)');
    // a case's score and its (hidden) truth: p = u², defect with probability 0.8·p + 0.02
    await tx.exec(`CREATE TEMP TABLE bench_case ON COMMIT DROP AS
      SELECT id, 1 + id % 12 AS month, 'S' || (1 + id % 4) AS smo, (100000 + id % 100)::text AS code_mo,
             (u * u)::real AS p, random() < 0.8 * u * u + 0.02 AS defect, random() AS pick
      FROM (SELECT id, random() AS u FROM generate_series(1, ${cases}) id) s`);
    // the training window as the scorer records it: one 20-bin histogram per scored period (here one, of p = u²)
    const bins = Array.from({ length: 20 }, (_, i) => Math.round(cases * (Math.sqrt((i + 1) / 20) - Math.sqrt(i / 20))));
    await insertModelVersion(tx, { version: 'bench-v1', status: 'active', threshold: 0.5, scoreHist: { '2024-12': bins } });
    await tx.exec(`INSERT INTO case_score (case_id, model_version, year, month, smo, code_mo, usl_ok, p_defect, expected_amount_kop)
      SELECT id, 'bench-v1', 2025, month, smo, code_mo, 1, p, (p * 3000000)::bigint FROM bench_case`);
    // arms: random 1 % (π 0.01); model: p ≥ 0.9 (≈ 5 % of cases, reviewed at 50 %: π 1 after the pick); trigger 1.5 %
    await tx.exec(`INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, reason,
        propensity, source, nat_key, version, year, month, smo, code_mo, usl_ok)
      SELECT id, CASE WHEN arm = 'model' THEN 70 ELSE 50 END, CASE WHEN arm = 'model' THEN 'EKMP' ELSE 'MEE' END, defect,
             CASE WHEN defect THEN ARRAY[(ARRAY[245, 246, 237, 257, 262, 264])[1 + id % 6]] ELSE '{}'::int[] END,
             CASE WHEN defect THEN 100000 + id % 50000 ELSE 0 END, CASE WHEN defect AND id % 5 = 0 THEN 80000 ELSE 0 END,
             ARRAY['E' || (id % 40)], arm, arm, CASE arm WHEN 'random' THEN 0.01 ELSE 1 END, 'csv', 'bench:' || id, 1, 2025,
             month, smo, code_mo, 1
      FROM (SELECT *, CASE WHEN pick < 0.01 THEN 'random' WHEN p >= 0.9 AND pick < 0.51 THEN 'model'
                           WHEN pick >= 0.985 THEN 'trigger' END AS arm FROM bench_case) c
      WHERE arm IS NOT NULL`);
    // 2 % of the reviewed cases reviewed again by another expert, who disagrees one time in ten
    await tx.exec(`INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, experts, arm, reason,
        propensity, source, nat_key, version, year, month, smo, code_mo, usl_ok)
      SELECT case_id, s_tip, control, defect <> (random() < 0.1), f014, 0, 0, ARRAY['F' || (case_id % 7)], arm, reason,
             propensity, source, 'bench2:' || case_id, 1, year, month, smo, code_mo, usl_ok
      FROM conclusion WHERE case_id % 50 = 7`);
  });
  await db.sql.exec('ANALYZE conclusion; ANALYZE case_score');
  const [n] = await db.sql.query<{ c: number; s: number }>(
    'SELECT (SELECT count(*) FROM conclusion)::int AS c, (SELECT count(*) FROM case_score)::int AS s',
  );
  console.log(`data: ${cases} cases, ${n.s} case_score rows, ${n.c} conclusions, written in ${ms(t)}`);

  const deps = { db, config: loadConfig({}) };
  if (process.env.BENCH_TRACE) {
    const q = db.sql.query.bind(db.sql);
    db.sql.query = (async (text: string, params?: unknown[]) => {
      const t0 = performance.now();
      const r = await q(text, params);
      console.log(`  ${(performance.now() - t0).toFixed(0).padStart(6)} ms  ${text.replace(/\s+/g, ' ').slice(0, 90)}`);
      return r;
    }) as typeof db.sql.query;
  }
  const runs: [string, Parameters<typeof agreementReport>[1]][] = [
    ['by arm, whole year', { by: 'arm' }],
    ['by arm, one quarter', { from: '2025-04', to: '2025-06', by: 'arm' }],
    ['by arm,smo,mo', { by: 'arm,smo,mo' }],
    ['by expert', { by: 'expert' }],
    ['by defect_group', { by: 'defect_group' }],
    ['by model,control', { by: 'model,control' }],
  ];
  for (const [name, q] of runs) {
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      t = performance.now();
      await agreementReport(deps, q);
      best = Math.min(best, performance.now() - t);
    }
    console.log(`${name.padEnd(22)} best of ${rounds}: ${best.toFixed(0)} ms`);
  }
  console.log('\n' + formatAgreementTable(await agreementReport(deps, { by: 'arm' })));
} finally {
  await db.close();
  if (process.env.BENCH_KEEP) console.log(`kept schema ${schema}`);
  else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
}
