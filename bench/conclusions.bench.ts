/**
 * Importing expert conclusions: N stored cases (made directly in SQL — this measures the import, not the ingest),
 * a CSV of one conclusion per case (10 % defects with an F014 code, so a fine and a non-payment are computed; every
 * column the importer reads), then `importConclusionsCsv` twice: the first run inserts (COPY), the second finds
 * every line unchanged. Prints rows/s for both.
 *   npx tsx bench/conclusions.bench.ts [n=100000]
 * (DATABASE_URL, default the local test database; everything happens in a throwaway schema.)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeps } from '../src/deps.js';
import { loadConfig } from '../src/config.js';
import { importConclusionsCsv } from '../src/review/conclusions-import.service.js';
import { dropSchema } from '../src/db/migrate.js';

const url = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const n = Number(process.argv[2]) || 100_000;
const schema = `bench_concl_${process.pid}`;
const dir = mkdtempSync(join(tmpdir(), 'omsx-concl-'));
const deps = await createDeps(loadConfig({ DATABASE_URL: url, OMSX_DB_SCHEMA: schema, OMSX_HOME: dir }));
const sql = deps.db.sql;
try {
  // 20 accounts of n/20 cases
  await sql.exec(`
    INSERT INTO package (source_name, sha256) VALUES ('bench', 'bench');
    INSERT INTO register_file (package_id, file_name, kind, version, sha256, code_mo, year, month, nschet)
      SELECT 1, 'HM7500' || lpad(m::text, 2, '0') || 'T76_25071.XML', 'H', '5.1', 'sha' || m, '7500' || lpad(m::text, 2, '0'), 2025, 7, '2507-1'
        FROM generate_series(1, 20) m;
    INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac, smo, lpu, usl_ok,
                        date_z_1, date_z_2, sumv, pacient, zsl)
      SELECT i, 1 + (i % 20), i::text, (25070000000 + i)::text, 0, 'H', '7500' || lpad((1 + i % 20)::text, 2, '0'), 2025, 7, 'p' || i, 'p' || i,
             '7500' || (1 + i % 3), '750001', 3, '2025-07-01', '2025-07-10', 1000 + (i % 997), '{}', '{}'
        FROM generate_series(1, ${n}) i;
    INSERT INTO fine_norm (year, norm_kop) VALUES (2025, 1950000);
    ANALYZE "case"; ANALYZE register_file;`);
  const lines = ['file,idcase,s_tip,result,f014,expert,date_act,num_act,reason,propensity'];
  for (let i = 1; i <= n; i++) {
    const file = `HM7500${String(1 + (i % 20)).padStart(2, '0')}T76_25071`;
    const defect = i % 10 === 0;
    lines.push(
      `${file},${25070000000 + i},${i % 2 ? 50 : 70},${defect ? 'defect' : 'no_defect'},${defect ? (i % 2 ? 252 : 258) : ''},E${i % 40},2025-08-20,A-${i},${i % 5 ? 'random' : 'trigger:72'},${i % 5 ? 0.04 : 1}`,
    );
  }
  const csv = join(dir, 'conclusions.csv');
  writeFileSync(csv, lines.join('\n') + '\n');
  for (const round of ['insert', 're-import (unchanged)']) {
    const t0 = performance.now();
    const r = await importConclusionsCsv(deps, csv);
    const s = (performance.now() - t0) / 1000;
    if (r.errors.length) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
    console.log(
      `${round.padEnd(22)} ${n} rows in ${s.toFixed(2)} s: ${Math.round(n / s)} rows/s (imported ${r.imported}, unchanged ${r.unchanged})`,
    );
  }
} finally {
  await dropSchema(sql, schema);
  await deps.close();
  rmSync(dir, { recursive: true, force: true });
}
