/**
 * Selection speed and what the arms find.
 *   npx tsx bench/selection.bench.ts [cases=1000000] [--sim-dir DIR]
 * (a) A month of `cases` cases is synthesised straight into the tables with COPY (register_file, case, sub_case,
 *     an active model_version and a case_score per case): a full ingest of 1 M cases takes minutes under the shared
 *     load, and selection reads only these tables. Then selectPeriod for all insurers and both controls is timed.
 * (b) A short simulation on a synthetic region with its truth.csv (default data/sample, or --sim-dir from
 *     `omsx synth`): ingest, select the last month (rules ranking: no model is trained here), and report the realised
 *     defect share of each arm from truth.csv — evaluation only, selection never reads it.
 * DATABASE_URL (default the local test database); everything happens in throwaway schemas.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/db/database.js';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { copyLine } from '../src/db/sql.port.js';
import { selectPeriod } from '../src/selection/selection.service.js';
import { importExperts } from '../src/selection/inputs.service.js';
import { SAMPLE_EXPERTS } from '../src/selection/demo.service.js';
import { ingestPackage } from '../src/registers/ingest/ingest.service.js';
import { worklistRng } from '../src/selection/rng.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a))) || 1_000_000;
const simDir = args.includes('--sim-dir') ? args[args.indexOf('--sim-dir') + 1] : 'data/sample';

async function speed() {
  const schema = process.env.KEEP ? 'bench_sel_keep' : `bench_sel_${process.pid}`;
  const db = await openDatabase({ databaseUrl: url, schema });
  try {
    const rng = worklistRng(7, 'bench');
    const MOS = 60;
    const SMOS = ['75001', '75002', '75003'];
    const t0 = Date.now();
    await db.sql.exec(`INSERT INTO package (id, source_name, sha256) VALUES (1, 'bench', 'bench')`);
    const files = Array.from({ length: MOS }, (_, m) =>
      copyLine([
        m + 1,
        1,
        `HM75${String(m + 1).padStart(4, '0')}T76_2510`,
        'H',
        '3.2',
        `bench-${m + 1}`,
        `75${String(m + 1).padStart(4, '0')}`,
        2025,
        10,
      ]),
    );
    await db.sql.copyIn('register_file', ['id', 'package_id', 'file_name', 'kind', 'version', 'sha256', 'code_mo', 'year', 'month'], files);
    const KSG = ['st27.013', 'st15.015', 'st29.007', 'st19.027', 'st12.012'];
    const DS = ['I21.0', 'I63.4', 'S72.0', 'C50.1', 'K35.8', 'J18.9', 'I11.9', 'E11.9'];
    const CHUNK = 100_000;
    for (let from = 0; from < N; from += CHUNK) {
      const cases: string[] = [];
      const subs: string[] = [];
      const scores: string[] = [];
      for (let i = from; i < Math.min(N, from + CHUNK); i++) {
        const id = i + 1;
        const mo = Math.floor((i * MOS) / N) + 1; // a file's cases lie together, as the loader writes them
        const u = rng.int(1, 100);
        const usl = u <= 8 ? 1 : u <= 12 ? 2 : u <= 92 ? 3 : 4;
        const day = rng.int(1, 28);
        const len = usl === 1 ? rng.int(3, 14) : usl === 2 ? rng.int(3, 10) : 0;
        const d1 = `2025-10-${String(day).padStart(2, '0')}`;
        const d2 = `2025-${day + len > 31 ? '11' : '10'}-${String(day + len > 31 ? day + len - 31 : day + len).padStart(2, '0')}`;
        const rslt = usl === 1 ? (rng.int(1, 100) <= 2 ? 105 : 101) : usl === 2 ? 201 : usl === 3 ? 301 : 401;
        const ds1 = DS[rng.int(0, DS.length - 1)];
        const ksg = usl <= 2 ? KSG[rng.int(0, KSG.length - 1)] : null;
        const sum =
          usl === 1
            ? rng.int(20_000, 200_000)
            : usl === 2
              ? rng.int(10_000, 60_000)
              : usl === 3
                ? rng.int(300, 2_000)
                : rng.int(3_000, 4_000);
        const smo = SMOS[rng.int(0, SMOS.length - 1)];
        const person = `E${rng.int(1, Math.max(1, Math.floor(N / 2.5)))}`;
        const moCode = `75${String(mo).padStart(4, '0')}`;
        cases.push(
          copyLine([
            id,
            mo,
            String(id),
            String(id),
            0,
            'H',
            moCode,
            2025,
            10,
            person,
            String(id),
            smo,
            moCode,
            usl,
            d1,
            d2,
            len || null,
            rslt,
            `${sum}.00`,
            97,
            ds1,
            ksg,
            'accepted',
            '{}',
            '{}',
          ]),
        );
        subs.push(
          copyLine([
            id,
            id,
            String(id),
            97,
            ds1,
            d1,
            d2,
            `${sum}.00`,
            '76',
            JSON.stringify({ SL_ID: String(id), P_CEL: usl === 3 ? '1.0' : undefined, C_ZAB: '1', DS1: ds1 }),
          ]),
        );
        const p = rng.int(1, 1000) / 1000;
        scores.push(
          copyLine([
            id,
            'bench-v1',
            2025,
            10,
            smo,
            moCode,
            usl,
            p,
            Math.round(sum * 100 * 0.3),
            '[{"feature":"kd_z","text":"длительность","f014_group":"2","weight":0.3}]',
          ]),
        );
      }
      await db.sql.copyIn(
        '"case"',
        [
          'id',
          'register_file_id',
          'n_zap',
          'idcase',
          'pr_nov',
          'file_kind',
          'code_mo',
          'year',
          'month',
          'person_key',
          'id_pac',
          'smo',
          'lpu',
          'usl_ok',
          'date_z_1',
          'date_z_2',
          'kd_z',
          'rslt',
          'sumv',
          'profil',
          'ds1',
          'n_ksg',
          'status',
          'pacient',
          'zsl',
        ],
        cases,
      );
      await db.sql.copyIn('sub_case', ['id', 'case_id', 'sl_id', 'profil', 'ds1', 'date_1', 'date_2', 'sum_m', 'prvs', 'sl'], subs);
      if (from === 0) await createScoreTables(db.sql);
      await db.sql.copyIn(
        'case_score',
        ['case_id', 'model_version', 'year', 'month', 'smo', 'code_mo', 'usl_ok', 'p_defect', 'expected_amount_kop', 'reasons'],
        scores,
      );
    }
    await db.sql.exec('ANALYZE "case"; ANALYZE sub_case; ANALYZE case_score; ANALYZE register_file');
    console.log(`(a) synthesised ${N} cases, sub-cases and scores with COPY in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    const deps = await createDeps(loadConfig({ OMSX_HOME: '/tmp' }), { db });
    for (const round of [1, 2]) {
      const t1 = Date.now();
      const r = await selectPeriod(deps, { year: 2025, month: 10, seed: 1 });
      const secs = (Date.now() - t1) / 1000;
      const tot = r.worklists.reduce((s, w) => ({ t: s.t + w.selected.trigger, m: s.m + w.selected.model, r: s.r + w.selected.random }), {
        t: 0,
        m: 0,
        r: 0,
      });
      console.log(
        `(a) round ${round}: selectPeriod ${N} cases, ${r.worklists.length} worklists (3 insurers × 2 controls × 4 conditions), ranking ${r.ranking} ${r.model_version}: ${secs.toFixed(1)} s; items: trigger ${tot.t}, model ${tot.m}, random ${tot.r}`,
      );
    }
  } finally {
    if (!process.env.KEEP) await db.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  }
}

async function createScoreTables(sql: import('../src/db/sql.port.js').SqlPort) {
  // 0330_model's tables when the branch is merged; its shape otherwise (docs/selection-loop-contracts.md)
  await sql.exec(`
    CREATE TABLE IF NOT EXISTS model_version (version text PRIMARY KEY, status text NOT NULL DEFAULT 'shadow', spec_version text NOT NULL,
      kind text NOT NULL, created_at timestamptz(3) NOT NULL DEFAULT now(), promoted_at timestamptz(3), retired_at timestamptz(3),
      train_from text NOT NULL, train_to text NOT NULL, threshold real, card jsonb NOT NULL, score_hist jsonb, onnx_sha256 text NOT NULL);
    CREATE TABLE IF NOT EXISTS case_score (case_id bigint NOT NULL, model_version text NOT NULL, year int NOT NULL, month int NOT NULL, smo text,
      code_mo text NOT NULL, usl_ok int, p_defect real NOT NULL, expected_amount_kop bigint NOT NULL, reasons jsonb NOT NULL DEFAULT '[]',
      scored_at timestamptz(3) NOT NULL DEFAULT now(), PRIMARY KEY (case_id, model_version));
    INSERT INTO model_version (version, status, spec_version, kind, promoted_at, train_from, train_to, card, onnx_sha256)
      VALUES ('bench-v1', 'active', 'f1', 'bench', now(), '2025-01', '2025-09', '{}', '0');`);
}

async function simulation() {
  const schema = `bench_selsim_${process.pid}`;
  const db = await openDatabase({ databaseUrl: url, schema });
  try {
    const deps = await createDeps(loadConfig({ OMSX_HOME: '/tmp' }), { db });
    const regs = join(simDir, 'registers');
    for (const f of readdirSync(regs).sort()) await ingestPackage(deps, [join(regs, f)], { workers: false });
    await importExperts(deps, readFileSync(SAMPLE_EXPERTS, 'utf8'));
    const [last] = await db.sql.query<{ year: number; month: number }>(
      `SELECT year, month FROM register_file WHERE year IS NOT NULL ORDER BY year DESC, month DESC LIMIT 1`,
    );
    const truth = new Map<string, { defect: boolean; f014: string }>();
    const lines = readFileSync(join(simDir, 'truth.csv'), 'utf8').trim().split('\n');
    const head = lines[0].split(',');
    const col = (n: string) => head.indexOf(n);
    for (const l of lines.slice(1)) {
      const c = l.split(',');
      truth.set(`${c[col('file')]}|${c[col('n_zap')]}`, { defect: c[col('has_defect')] === '1', f014: c[col('f014')] });
    }
    const period = `${last.year}-${String(last.month).padStart(2, '0')}`;
    const all = await db.sql.query<{ file: string; n_zap: string }>(
      `SELECT f.file_name AS file, c.n_zap FROM "case" c JOIN register_file f ON f.id = c.register_file_id WHERE f.year = $1 AND f.month = $2 AND c.status = 'accepted'`,
      [last.year, last.month],
    );
    const base = all.filter((c) => truth.get(`${c.file}|${c.n_zap}`)?.defect).length / all.length;
    console.log(`(b) ${simDir}: ${period}, ${all.length} accepted cases, defect share of all cases ${(100 * base).toFixed(1)} %`);
    const byArm = new Map<string, { n: number; d: number; seeds: number }>();
    const SEEDS = 10;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const r = await selectPeriod(deps, { year: last.year, month: last.month, seed });
      if (seed === 1)
        console.log(
          `(b) ranking: ${r.ranking}${r.ranking === 'rules' ? ' (register rules: MEK errors, long stay for the KSG, high sum; no model trained here)' : ''}`,
        );
      const items = await db.sql.query<{ file: string; n_zap: string; arm: string; control: string }>(
        `SELECT f.file_name AS file, c.n_zap, i.arm, i.control FROM worklist_item i JOIN "case" c ON c.id = i.case_id
           JOIN register_file f ON f.id = c.register_file_id WHERE i.year = $1 AND i.month = $2`,
        [last.year, last.month],
      );
      for (const it of items) {
        const k = `${it.control} ${it.arm}`;
        const s = byArm.get(k) ?? byArm.set(k, { n: 0, d: 0, seeds: 0 }).get(k)!;
        s.n++;
        if (truth.get(`${it.file}|${it.n_zap}`)?.defect) s.d++;
      }
    }
    for (const [k, s] of [...byArm].sort())
      console.log(
        `(b) ${k.padEnd(13)} ${(s.n / SEEDS).toFixed(1).padStart(7)} items per run, realised defect share ${((100 * s.d) / s.n).toFixed(1).padStart(5)} %  (${SEEDS} seeds)`,
      );
  } finally {
    await db.sql.exec(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.close();
  }
}

if (!args.includes('--sim-only')) await speed();
if (!args.includes('--speed-only')) await simulation();
