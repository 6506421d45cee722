/**
 * The finding of a record whose value got past the FLK but cannot be stored in its column: an element no format
 * rule of its file's version covers, or a code whose table is not loaded (V002 for PROFIL, say: the check is skipped,
 * never guessed), holding more than the column's type does. The record is rejected under the element's own Q015
 * rule (its format rule, else its code-table rule, else any rule of the element), as the FLK would have done.
 */
import type { Finding } from '../contracts.js';
import type { FileKind } from '../elements.js';
import type { Zap } from '../model.js';
import type { BinaryValueError } from '../../db/copy-binary.js';
import { Q015_RULES } from '../flk/q015.loader.js';
import { typeLetter } from '../flk/q015.js';

/** The element (below ZL_LIST) each typed column of `case`, `sub_case` and `sank` is read from (store/case-rows.ts). */
export const COLUMN_ELEMENT: Readonly<Record<string, string>> = {
  pr_nov: 'ZAP/PR_NOV',
  year: 'SCHET/YEAR',
  month: 'SCHET/MONTH',
  usl_ok: 'ZAP/Z_SL/USL_OK',
  vidpom: 'ZAP/Z_SL/VIDPOM',
  for_pom: 'ZAP/Z_SL/FOR_POM',
  date_z_1: 'ZAP/Z_SL/DATE_Z_1',
  date_z_2: 'ZAP/Z_SL/DATE_Z_2',
  kd_z: 'ZAP/Z_SL/KD_Z',
  rslt: 'ZAP/Z_SL/RSLT',
  ishod: 'ZAP/Z_SL/ISHOD',
  idsp: 'ZAP/Z_SL/IDSP',
  sumv: 'ZAP/Z_SL/SUMV',
  oplata: 'ZAP/Z_SL/OPLATA',
  sump: 'ZAP/Z_SL/SUMP',
  sank_it: 'ZAP/Z_SL/SANK_IT',
  profil: 'ZAP/Z_SL/SL/PROFIL',
  ds_onk: 'ZAP/Z_SL/SL/DS_ONK',
  date_1: 'ZAP/Z_SL/SL/DATE_1',
  date_2: 'ZAP/Z_SL/SL/DATE_2',
  kd: 'ZAP/Z_SL/SL/KD',
  koef_z: 'ZAP/Z_SL/SL/KSG_KPG/KOEF_Z',
  sum_m: 'ZAP/Z_SL/SL/SUM_M',
  s_sum: 'ZAP/Z_SL/SANK/S_SUM',
  s_tip: 'ZAP/Z_SL/SANK/S_TIP',
  s_osn: 'ZAP/Z_SL/SANK/S_OSN',
  date_act: 'ZAP/Z_SL/SANK/DATE_ACT',
};

/** Rule families in the order a value's rule is chosen: format, code table, domain, then the rest. */
const PREFERENCE = ['004F', '001F', '002F'];

/** The Q015 rule that covers the value of `element` (below ZL_LIST) in a file of `kind`; '' when Q015 has none. */
export function ruleOfElement(element: string, kind: FileKind): string {
  const letter = typeLetter(kind);
  const path = `ZL_LIST/${element}`;
  const rules = Q015_RULES.filter((r) => r.el === path && r.types.includes(letter));
  const rank = (id: string) => {
    const i = PREFERENCE.indexOf(id.slice(0, 4));
    return i < 0 ? PREFERENCE.length : i;
  };
  rules.sort((a, b) => rank(a.id) - rank(b.id) || a.id.localeCompare(b.id));
  return rules[0]?.id ?? '';
}

/** The FLK error that rejects `zap` for the value of `e` (its column and value named by store/case-copy.ts). */
export function columnFinding(e: BinaryValueError, zap: Zap, kind: FileKind): Finding {
  const element = e.column ? COLUMN_ELEMENT[e.column] : undefined;
  const name = element?.slice(element.lastIndexOf('/') + 1) ?? e.column ?? '?';
  const parent = element?.split('/').at(-2);
  return {
    control: 'FLK',
    rule: element ? ruleOfElement(element, kind) : '',
    severity: 'error',
    ...(element ? { element, basEl: parent } : {}),
    ...(e.value !== undefined ? { value: e.value } : {}),
    n_zap: zap.N_ZAP,
    id_pac: zap.PACIENT?.ID_PAC,
    idcase: zap.Z_SL?.IDCASE,
    message: `${name}${e.value !== undefined ? `="${e.value}"` : ''}: значение не помещается в поле хранения (${e.message}); запись не принята`,
  };
}
