/** Hand-made register rows for the feature tests, inserted directly (the columns ingestion would write). */
import type { SqlPort } from '../../src/db/sql.port.js';
import type { Sl } from '../../src/registers/model.js';

let nextId = 1000;
const id = () => String(nextId++);

/** A package and a register file of an MO and period; returns the file id. */
export async function insertFile(sql: SqlPort, f: { year: number; month: number; codeMo?: string }): Promise<string> {
  const [pkg] = await sql.query<{ id: string }>(
    `INSERT INTO package (source_name, sha256, status) VALUES ('t.zip', $1, 'done') RETURNING id::text AS id`,
    [id()],
  );
  const [file] = await sql.query<{ id: string }>(
    `INSERT INTO register_file (package_id, file_name, kind, version, sha256, code_mo, year, month)
     VALUES ($1, $2, 'H', '5.1', $3, $4, $5, $6) RETURNING id::text AS id`,
    [pkg.id, `HM${id()}`, id(), f.codeMo ?? 'M1', f.year, f.month],
  );
  return file.id;
}

export interface CaseSpec {
  file: string;
  year: number;
  month: number;
  person: string;
  idPac?: string;
  codeMo?: string;
  fileKind?: string;
  uslOk: number;
  d1: string;
  d2: string;
  kdZ?: number;
  ds1: string;
  profil?: number;
  nKsg?: string;
  iddokt?: string;
  dsOnk?: number;
  sumv?: string;
  smo?: string;
  status?: string;
  zsl?: Record<string, unknown>;
  /** SL beyond the defaults (SL_ID, DATE_1/2, DS1, PROFIL, IDDOKT filled from the case). */
  sl?: Partial<Sl>[];
}

/** Inserts a case and its SL (default: one SL); returns the case id. */
export async function insertCase(sql: SqlPort, c: CaseSpec): Promise<string> {
  const caseId = id();
  const nZap = caseId;
  await sql.query(
    `INSERT INTO "case" (id, register_file_id, n_zap, idcase, pr_nov, file_kind, code_mo, year, month, person_key, id_pac,
       smo, lpu, usl_ok, vidpom, for_pom, date_z_1, date_z_2, kd_z, rslt, ishod, idsp, sumv, profil, ds1, n_ksg, iddokt,
       ds_onk, status, pacient, zsl)
     VALUES ($1, $2, $3, $3, 0, $4, $5, $6, $7, $8, $9, $10, $5, $11, 31, 3, $12, $13, $14, 101, 101, 33, $15, $16, $17, $18,
       $19, $20, $21, '{}', $22)`,
    [
      caseId,
      c.file,
      nZap,
      c.fileKind ?? 'H',
      c.codeMo ?? 'M1',
      c.year,
      c.month,
      c.person,
      c.idPac ?? c.person,
      c.smo ?? 'S1',
      c.uslOk,
      c.d1,
      c.d2,
      c.kdZ ?? null,
      c.sumv ?? '1000.00',
      c.profil ?? 97,
      c.ds1,
      c.nKsg ?? null,
      c.iddokt ?? null,
      c.dsOnk ?? 0,
      c.status ?? 'accepted',
      JSON.stringify(c.zsl ?? {}),
    ],
  );
  const sls = c.sl ?? [{}];
  for (let i = 0; i < sls.length; i++) {
    const sl = {
      SL_ID: `${caseId}-${i}`,
      DATE_1: c.d1,
      DATE_2: c.d2,
      DS1: c.ds1,
      PROFIL: String(c.profil ?? 97),
      IDDOKT: c.iddokt,
      ...sls[i],
    };
    await sql.query(
      `INSERT INTO sub_case (id, case_id, sl_id, profil, ds1, date_1, date_2, n_ksg, koef_z, sum_m, iddokt, ds_onk, sl)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, $10, $11, $12)`,
      [
        id(),
        caseId,
        sl.SL_ID,
        Number(sl.PROFIL),
        sl.DS1,
        sl.DATE_1,
        sl.DATE_2,
        sl.KSG_KPG?.N_KSG ?? null,
        sl.KSG_KPG?.KOEF_Z ?? null,
        sl.IDDOKT ?? null,
        sl.DS_ONK ? Number(sl.DS_ONK) : null,
        JSON.stringify(sl),
      ],
    );
  }
  return caseId;
}

export async function insertPerson(sql: SqlPort, file: string, idPac: string, w: number, dr: string): Promise<void> {
  await sql.query(`INSERT INTO person (register_file_id, id_pac, w, dr, data) VALUES ($1, $2, $3, $4, '{}')`, [file, idPac, w, dr]);
}

/** A finding on a case's record (file + N_ZAP; the fixtures' N_ZAP is the case id). */
export async function insertFinding(sql: SqlPort, file: string, caseId: string, control: 'FLK' | 'MEK'): Promise<void> {
  await sql.query(
    `INSERT INTO finding (register_file_id, package_id, file_name, control, rule, n_zap, message)
     SELECT $1, package_id, file_name, $2, '5.1.1', $3, 'test' FROM register_file WHERE id = $1`,
    [file, control, caseId],
  );
}

/** A conclusion on a case (the conclusion table of branch conclusions, contract columns). */
export async function insertConclusion(sql: SqlPort, caseId: string, defect: boolean, dateAct?: string): Promise<void> {
  await sql.query(
    `INSERT INTO conclusion (case_id, s_tip, control, defect, f014, amount_kop, fine_kop, arm, source, nat_key, date_act, year, month, smo, code_mo, usl_ok)
     SELECT id, 51, 'MEE', $2, '{}', 0, 0, 'random', 'api', $3, $4::date, year, month, smo, code_mo, usl_ok FROM "case" WHERE id = $1`,
    [caseId, defect, `k${id()}`, dateAct ?? null],
  );
}
