/**
 * Maps accepted register records to the column values of the `case`, `sub_case` and `sank` tables.
 * Pure: ids are not known here — store/case-copy.ts writes the values as COPY text behind id placeholders
 * (`id \t register_file_id \t` for cases, `id \t case_id \t` for sub-cases, `case_id \t` for sanctions).
 */
import type { RegisterHeader, Sank, Sl, Zap, ZSl } from '../model.js';
import type { FileKind } from '../elements.js';
import { copyArray } from '../../db/sql.port.js';
import type { BinaryType } from '../../db/copy-binary.js';

/**
 * The columns of `case` and `sub_case` with their types in binary COPY (store/case-copy.ts writes them; a test
 * holds them to the migrated tables).
 */
export const CASE_FIELDS = {
  id: 'int8',
  register_file_id: 'int8',
  n_zap: 'text',
  idcase: 'text',
  first_idcase: 'text',
  pr_nov: 'int4',
  file_kind: 'text',
  code_mo: 'text',
  year: 'int4',
  month: 'int4',
  plat: 'text',
  person_key: 'text',
  id_pac: 'text',
  enp: 'text',
  smo: 'text',
  novor: 'text',
  lpu: 'text',
  usl_ok: 'int4',
  vidpom: 'int4',
  for_pom: 'int4',
  date_z_1: 'date',
  date_z_2: 'date',
  kd_z: 'int4',
  rslt: 'int4',
  ishod: 'int4',
  idsp: 'int4',
  sumv: 'numeric(17,2)',
  oplata: 'int4',
  sump: 'numeric(17,2)',
  sank_it: 'numeric(17,2)',
  profil: 'int4',
  ds1: 'text',
  n_ksg: 'text',
  iddokt: 'text',
  ds_onk: 'int4',
  status: 'text',
  pacient: 'json',
  zsl: 'json',
} as const satisfies Record<string, BinaryType>;
export const SUB_CASE_FIELDS = {
  id: 'int8',
  case_id: 'int8',
  sl_id: 'text',
  profil: 'int4',
  ds1: 'text',
  ds0: 'text',
  date_1: 'date',
  date_2: 'date',
  kd: 'numeric(5,1)',
  n_ksg: 'text',
  koef_z: 'numeric(8,5)',
  sum_m: 'numeric(17,2)',
  prvs: 'text',
  iddokt: 'text',
  ds_onk: 'int4',
  sl: 'json',
} as const satisfies Record<string, BinaryType>;
export const CASE_COLUMNS = Object.keys(CASE_FIELDS) as readonly (keyof typeof CASE_FIELDS)[];
export const SUB_CASE_COLUMNS = Object.keys(SUB_CASE_FIELDS) as readonly (keyof typeof SUB_CASE_FIELDS)[];
/** The binary COPY types of caseValues().caseValues and .subValues (the columns after the two ids). */
export const CASE_VALUE_TYPES: readonly BinaryType[] = Object.values(CASE_FIELDS).slice(2);
export const SUB_CASE_VALUE_TYPES: readonly BinaryType[] = Object.values(SUB_CASE_FIELDS).slice(2);
/** The type of `sank.s_sum` (a text COPY line: store/case-copy.ts checks the limit). */
export const SANK_SUM_TYPE = 'numeric(17,2)';
export const SANK_COLUMNS = [
  'case_id',
  's_code',
  's_sum',
  's_tip',
  's_tip_name',
  's_osn',
  's_osn_name',
  's_osn_item',
  'date_act',
  'num_act',
  'sl_ids',
  'code_exp',
  'data',
] as const;

/** Decoders of SANK codes (F006 for S_TIP, F014 for S_OSN), supplied by the NSI layer. */
export interface SankDecoder {
  sTip(code: string): string | undefined;
  sOsn(code: string, onDate?: string): { name?: string; item?: string } | undefined;
}

const INT = /^-?\d+$/;
const DEC = /^-?\d+(\.\d+)?$/;
const int = (v: string | undefined) => (v !== undefined && INT.test(v) ? Number(v) : null);
const dec = (v: string | undefined) => (v !== undefined && DEC.test(v) ? v : null);
const str = (v: string | undefined) => (v === undefined || v === '' ? null : v);

/** The SL that represents the case in its columns: the last one (final diagnosis and department). */
function mainSl(z: ZSl): Sl | undefined {
  return z.SL?.[z.SL.length - 1];
}

export interface RowContext {
  header: RegisterHeader;
  kind: FileKind;
  personKey: string;
  sank: SankDecoder;
}

/** The column values of one accepted record's rows (without ids), in column order. */
export interface CaseValues {
  caseValues: unknown[];
  subValues: unknown[][];
  sankValues: unknown[][];
}

/** The column values of one accepted record. Values are the raw texts, already checked by the FLK. */
export function caseValues(zap: Zap, ctx: RowContext): CaseValues {
  const z = zap.Z_SL;
  const p = zap.PACIENT;
  const sl = mainSl(z);
  const s = ctx.header.SCHET;
  const { SL: sls, ...zsl } = z;
  const caseValues = [
    zap.N_ZAP,
    z.IDCASE,
    str(z.FIRST_IDCASE),
    int(zap.PR_NOV) ?? 0,
    ctx.kind,
    s.CODE_MO,
    int(s.YEAR),
    int(s.MONTH),
    str(s.PLAT),
    ctx.personKey,
    p.ID_PAC,
    str(p.ENP),
    str(p.SMO),
    str(p.NOVOR),
    z.LPU,
    int(z.USL_OK),
    int(z.VIDPOM),
    int(z.FOR_POM),
    z.DATE_Z_1,
    z.DATE_Z_2,
    int(z.KD_Z),
    int(z.RSLT),
    int(z.ISHOD),
    int(z.IDSP),
    dec(z.SUMV) ?? '0',
    int(z.OPLATA),
    dec(z.SUMP),
    dec(z.SANK_IT),
    int(sl?.PROFIL),
    str(sl?.DS1),
    str(sl?.KSG_KPG?.N_KSG ?? sl?.KSG_KPG?.N_KPG),
    str(sl?.IDDOKT),
    int(sl?.DS_ONK),
    'accepted',
    p,
    zsl,
  ];
  const subValues = (sls ?? []).map((x) => [
    x.SL_ID,
    int(x.PROFIL),
    str(x.DS1),
    str(x.DS0),
    x.DATE_1,
    x.DATE_2,
    dec(x.KD),
    str(x.KSG_KPG?.N_KSG ?? x.KSG_KPG?.N_KPG),
    dec(x.KSG_KPG?.KOEF_Z),
    dec(x.SUM_M) ?? '0',
    str(x.PRVS),
    str(x.IDDOKT),
    int(x.DS_ONK),
    x,
  ]);
  const sankValues = (z.SANK ?? []).map((k) => sankRow(k, ctx.sank));
  return { caseValues, subValues, sankValues };
}

function sankRow(k: Sank, dec0: SankDecoder): unknown[] {
  const osn = k.S_OSN ? dec0.sOsn(k.S_OSN, k.DATE_ACT) : undefined;
  return [
    k.S_CODE,
    dec(k.S_SUM) ?? '0',
    int(k.S_TIP),
    k.S_TIP ? (dec0.sTip(k.S_TIP) ?? null) : null,
    int(k.S_OSN),
    osn?.name ?? null,
    osn?.item ?? null,
    str(k.DATE_ACT),
    str(k.NUM_ACT),
    copyArray(k.SL_ID),
    copyArray(k.CODE_EXP),
    k,
  ];
}
