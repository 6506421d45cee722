/**
 * Selection speed and what the arms find.
 *   npx tsx bench/selection.bench.ts [cases=1000000] [--sim-dir DIR]
 * (a) A month of `cases` cases is synthesised straight into the tables with COPY (bench/load/month.ts: register_file,
 *     case, sub_case, person, an active model_version and a case_score per case): a full ingest of 1 M cases takes
 *     minutes, and selection reads only these tables. Then selectPeriod for all insurers and both controls is timed.
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
import { selectPeriod } from '../src/selection/selection.service.js';
import { importExperts } from '../src/selection/inputs.service.js';
import { SAMPLE_EXPERTS } from '../src/selection/demo.service.js';
import { ingestPackage } from '../src/registers/ingest/ingest.service.js';
import { dropSchema } from '../src/db/migrate.js';
import { PERIOD, writeMonth } from './load/month.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const args = process.argv.slice(2);
const N = Number(args.find((a) => /^\d+$/.test(a))) || 1_000_000;
const simDir = args.includes('--sim-dir') ? args[args.indexOf('--sim-dir') + 1] : 'data/sample';

async function speed() {
  const schema = process.env.KEEP ? 'bench_sel_keep' : `bench_sel_${process.pid}`;
  const db = await openDatabase({ databaseUrl: url, schema });
  try {
    const write = await writeMonth(db, N);
    console.log(`(a) synthesised ${N} cases, sub-cases, persons and scores with COPY in ${write.toFixed(1)} s`);
    const deps = await createDeps(loadConfig({ OMSX_HOME: '/tmp' }), { db });
    for (const round of [1, 2]) {
      const t1 = Date.now();
      const r = await selectPeriod(deps, { year: PERIOD.year, month: PERIOD.month, seed: 1 });
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
    if (!process.env.KEEP) await dropSchema(db.sql, schema);
    await db.close();
  }
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
    await dropSchema(db.sql, schema);
    await db.close();
  }
}

if (!args.includes('--sim-only')) await speed();
if (!args.includes('--speed-only')) await simulation();
