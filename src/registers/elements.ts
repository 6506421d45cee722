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
