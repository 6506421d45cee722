/**
 * Single elements that occur more than once in a record (two SUMV in one Z_SL, two Z_SL in one ZAP).
 * The reader keeps both values as a list and notes the element here; the FLK rejects the record with
 * {@link REPEAT_RULE}. Kept beside the record, not in it, so that nothing else sees a foreign key; the
 * checks run in the thread that parsed the record.
 */
import type { XmlNode } from './model.js';

/**
 * Rule id of a repeated single element. Q015 has none: its rules assume the file passed the schema
 * (XSD) check first, which is where a maxOccurs violation is found; this id names that schema check.
 */
export const REPEAT_RULE = 'XSD.REPEAT';

const REPEATS = new WeakMap<object, readonly string[]>();

/** Notes the full paths (`ZL_LIST/ZAP/Z_SL/SUMV`) of the single elements repeated in a record. */
export function noteRepeats(record: XmlNode, paths: readonly string[]): void {
  REPEATS.set(record, paths);
}

/** The repeated single elements of a record (full paths, once per extra occurrence); empty for most. */
export function repeatsOf(record: object): readonly string[] {
  return REPEATS.get(record) ?? [];
}

/**
 * Rule id of an element present without a value (`<SMO/>`) where no Q015 presence or format rule names it: the
 * schema's check, as for {@link REPEAT_RULE}. A TFOMS loader refuses such a record like one missing the element.
 */
export const EMPTY_RULE = 'XSD.EMPTY';

const EMPTIES = new WeakMap<object, readonly string[]>();

/** Notes the full paths (`ZL_LIST/ZAP/PACIENT/SMO`) of the elements of a record present without a value. */
export function noteEmpties(record: XmlNode, paths: readonly string[]): void {
  EMPTIES.set(record, paths);
}

/** The elements of a record present without a value (full paths, once per occurrence); empty for most. */
export function emptiesOf(record: object): readonly string[] {
  return EMPTIES.get(record) ?? [];
}
