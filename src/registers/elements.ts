/**
 * Element definitions of the register XML (ZL_LIST for H/C/T/D* files, PERS_LIST for L-files).
 * One table, generated from the register spec, serves the reader (which elements repeat),
 * the writer (document order) and the format-logical control (types, lengths, cardinality).
 */
import { ELEMENT_DEFS } from './elements.generated.js';

/** Main-file kinds as in Q015 TYPE_D: H general, C oncology, T high-tech, D dispensarisation; L personal data. */
export type FileKind = 'H' | 'C' | 'T' | 'D' | 'L';

/** Value type of a leaf element: T(max) string, N(p,s) decimal (optionally enumerated), date YYYY-MM-DD. */
export type ElementType =
  { kind: 'complex' } | { kind: 'T'; max?: number } | { kind: 'N'; p?: number; s?: number; enum?: string[] } | { kind: 'date' };

export interface ElementDef {
  /** Full path from the root, e.g. `ZL_LIST/ZAP/Z_SL/SL/DS1`. */
  path: string;
  /** Minimum occurrences in the 3.x XSDs (0 or 1). */
  min: number;
  /** `n` when the element may repeat. */
  max: 1 | 'n';
  type: ElementType;
  /** Main-file kinds whose 3.x XSD contains the element (empty: only known from 5.x). */
  files: string[];
  /** Present in the 5.0/5.1 element set. */
  v5: boolean;
  /** Known in 3.x XSDs (false: 5.x-only element, cardinality unverified). */
  known3x: boolean;
  /** Code table the Q015 rule checks, e.g. `V009.IDRMP`. */
  nsi?: string;
  descr?: string;
}

export const ELEMENTS: readonly ElementDef[] = ELEMENT_DEFS;

const byPath = new Map(ELEMENTS.map((e) => [e.path, e]));

/** Looks an element up by its full path. */
export function findElement(path: string): ElementDef | undefined {
  return byPath.get(path);
}

/** True when the element at this full path may occur more than once (the reader keeps it as an array). */
export function isRepeatable(path: string): boolean {
  return byPath.get(path)?.max === 'n';
}

/** Child element definitions of a complex element, in document order. */
export function childrenOf(path: string): ElementDef[] {
  const depth = path.split('/').length + 1;
  return ELEMENTS.filter((e) => e.path.startsWith(path + '/') && e.path.split('/').length === depth);
}

/**
 * Kind-specific places of elements that the merged table lists after the general ones (it is a superset
 * of the per-kind XSDs): in C and T files (ЗНО 3.1 / ВМП 3.1 XSDs, spec register-tables/xsd_C_ZNO_3_1.md
 * and xsd_T_VMP_3_1.md) the oncology block sits inside SL before KSG_KPG, the ВМП fields near the start
 * of SL, and USL/PRVS + CODE_MD right after SUMV_USL. Each entry: kinds, parent path, element, predecessor.
 */
const PLACE_AFTER: ReadonlyArray<readonly [string, string, string, string]> = [
  ['HCTD', 'ZL_LIST/ZAP/Z_SL/SL', 'DS_ONK', 'C_ZAB'],
  ['CT', 'ZL_LIST/ZAP/Z_SL/SL', 'NAPR', 'CODE_MES2'],
  ['CT', 'ZL_LIST/ZAP/Z_SL/SL', 'CONS', 'NAPR'],
  ['CT', 'ZL_LIST/ZAP/Z_SL/SL', 'ONK_SL', 'CONS'],
  ['T', 'ZL_LIST/ZAP/Z_SL/SL', 'VID_HMP', 'SL_ID'],
  ['T', 'ZL_LIST/ZAP/Z_SL/SL', 'METOD_HMP', 'VID_HMP'],
  ['T', 'ZL_LIST/ZAP/Z_SL/SL', 'TAL_D', 'DET'],
  ['T', 'ZL_LIST/ZAP/Z_SL/SL', 'TAL_NUM', 'TAL_D'],
  ['T', 'ZL_LIST/ZAP/Z_SL/SL', 'TAL_P', 'TAL_NUM'],
  ['CT', 'ZL_LIST/ZAP/Z_SL/SL/USL', 'PRVS', 'SUMV_USL'],
  ['CT', 'ZL_LIST/ZAP/Z_SL/SL/USL', 'CODE_MD', 'PRVS'],
  ['CT', 'ZL_LIST/ZAP/PACIENT', 'SMO_OGRN', 'SMO'],
  ['CT', 'ZL_LIST/ZAP/PACIENT', 'SMO_OK', 'SMO_OGRN'],
];

const orderCache = new Map<string, string[]>();

/** Child element names of a complex element in the document order of a file kind (the writer's order). */
export function documentOrder(path: string, kind: FileKind): string[] {
  const key = `${kind}|${path}`;
  let names = orderCache.get(key);
  if (names) return names;
  names = childrenOf(path).map((e) => e.path.slice(path.length + 1));
  for (const [kinds, parent, name, after] of PLACE_AFTER) {
    if (parent !== path || !kinds.includes(kind)) continue;
    const from = names.indexOf(name);
    if (from < 0 || names.indexOf(after) < 0) continue;
    names.splice(from, 1);
    names.splice(names.indexOf(after) + 1, 0, name);
  }
  orderCache.set(key, names);
  return names;
}
