/**
 * A month of synthetic cases written straight into the tables with COPY (as bench/selection.bench.ts does: a full
 * ingest takes minutes under the shared load, and the readers need only the stored rows): register files (one per
 * MO), cases with their PACIENT, one sub-case each, the L-file persons, an active model version and a score per
 * case. Then selectPeriod builds the month's worklists, so each insurer's lists hold thousands of items.
 */
import type { Deps } from '../../src/deps.js';
import type { Database } from '../../src/db/database.js';
import { copyLine } from '../../src/db/sql.port.js';
import { selectPeriod } from '../../src/selection/selection.service.js';
import { worklistRng } from '../../src/selection/rng.js';

export const SMOS = ['75001', '75002', '75003'];
export const PERIOD = { year: 2025, month: 10, text: '2025-10' };
const MOS = 60;
const KSG = ['st27.013', 'st15.015', 'st29.007', 'st19.027', 'st12.012'];
const DS = ['I21.0', 'I63.4', 'S72.0', 'C50.1', 'K35.8', 'J18.9', 'I11.9', 'E11.9'];
const FAM = ['Иванов', 'Петров', 'Сидоров', 'Кузнецов', 'Смирнов', 'Попов'];
const IM = ['Иван', 'Пётр', 'Сергей', 'Алексей', 'Дмитрий', 'Николай'];

const CASE_COLUMNS = [
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
];

/** Writes `n` cases of PERIOD and selects the period; returns the seconds each step took and the items per insurer. */
export async function synthMonth(db: Database, deps: Deps, n: number): Promise<{ write: number; select: number; items: number }> {
  const write = await writeMonth(db, n);
  const t1 = performance.now();
  await selectPeriod(deps, { year: PERIOD.year, month: PERIOD.month, seed: 1 });
  // as autovacuum leaves a table some time after a load (the visibility map lets a page's count read the index alone)
  await db.sql.exec('VACUUM ANALYZE worklist_item');
  await db.sql.exec('ANALYZE worklist');
  const [{ items }] = await db.sql.query<{ items: number }>('SELECT count(*)::int AS items FROM worklist_item');
  return { write, select: (performance.now() - t1) / 1000, items };
}

/**
 * Writes `n` cases of PERIOD with their files, sub-cases, persons and a score each by an active model version
 * (bench/selection.bench.ts times selection over them too); returns the seconds it took.
 */
export async function writeMonth(db: Database, n: number): Promise<number> {
  const rng = worklistRng(7, 'load');
  const t0 = performance.now();
  await db.sql.exec(`INSERT INTO package (id, source_name, sha256) VALUES (1, 'bench', 'bench')`);
  const files = Array.from({ length: MOS }, (_, m) =>
    copyLine([m + 1, 1, `HM75${String(m + 1).padStart(4, '0')}T76_2510`, 'H', '3.2', `bench-${m + 1}`, moCode(m + 1), 2025, 10]),
  );
  await db.sql.copyIn('register_file', ['id', 'package_id', 'file_name', 'kind', 'version', 'sha256', 'code_mo', 'year', 'month'], files);
  await db.sql.exec(`INSERT INTO model_version (version, status, spec_version, kind, promoted_at, train_from, train_to, card, onnx_sha256)
      VALUES ('bench-v1', 'active', 'f1', 'bench', now(), '2025-01', '2025-09', '{}', '0')`);
  const CHUNK = 50_000;
  for (let from = 0; from < n; from += CHUNK) {
    const cases: string[] = [];
    const subs: string[] = [];
    const persons: string[] = [];
    const scores: string[] = [];
    for (let i = from; i < Math.min(n, from + CHUNK); i++) {
      const id = i + 1;
      const mo = Math.floor((i * MOS) / n) + 1; // a file's cases lie together, as the loader writes them
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
      const person = `E${rng.int(1, Math.max(1, Math.floor(n / 2.5)))}`;
      const code = moCode(mo);
      const pacient = { ID_PAC: String(id), VPOLIS: '3', ENP: `75${String(id).padStart(14, '0')}`, SMO: smo, NOVOR: '0' };
      cases.push(
        copyLine([
          id,
          mo,
          String(id),
          String(id),
          0,
          'H',
          code,
          2025,
          10,
          person,
          String(id),
          smo,
          code,
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
          JSON.stringify(pacient),
          JSON.stringify({ IDCASE: String(id), USL_OK: String(usl) }),
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
      const fam = FAM[id % FAM.length];
      const im = IM[(id >> 3) % IM.length];
      persons.push(
        copyLine([
          mo,
          String(id),
          fam,
          im,
          'Иванович',
          1,
          `19${50 + (id % 50)}-0${1 + (id % 9)}-1${id % 10}`,
          null,
          JSON.stringify({ ID_PAC: String(id), FAM: fam, IM: im, OT: 'Иванович', W: '1' }),
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
          code,
          usl,
          p,
          Math.round(sum * 100 * 0.3),
          '[{"feature":"kd_z","text":"длительность","f014_group":"2","weight":0.3}]',
        ]),
      );
    }
    await db.sql.copyIn('"case"', CASE_COLUMNS, cases);
    await db.sql.copyIn('sub_case', ['id', 'case_id', 'sl_id', 'profil', 'ds1', 'date_1', 'date_2', 'sum_m', 'prvs', 'sl'], subs);
    await db.sql.copyIn('person', ['register_file_id', 'id_pac', 'fam', 'im', 'ot', 'w', 'dr', 'snils', 'data'], persons);
    await db.sql.copyIn(
      'case_score',
      ['case_id', 'model_version', 'year', 'month', 'smo', 'code_mo', 'usl_ok', 'p_defect', 'expected_amount_kop', 'reasons'],
      scores,
    );
  }
  await db.sql.exec('ANALYZE "case"; ANALYZE sub_case; ANALYZE person; ANALYZE case_score; ANALYZE register_file');
  return (performance.now() - t0) / 1000;
}

function moCode(mo: number): string {
  return `75${String(mo).padStart(4, '0')}`;
}
