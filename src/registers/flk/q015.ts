/**
 * The official FLK rule catalogue (Q015, FLK_MPF v2.2) and what each rule id means. Rule families:
 * 001F value in a code table, 002F value domain, 003F presence (conditional when USL_TEST is set),
 * 004F format (length and mask), 005F regional, 006F dates and cross-field logic.
 */
import { Q015_RULES } from './q015.loader.js';

export interface Q015Rule {
  id: string;
  /** Element path, e.g. `ZL_LIST/ZAP/Z_SL/SL/DS1`. */
  el: string;
  /** File kinds of Q015 TYPE_D: A, C, D, H, L, R, T, X (X = D* dispensarisation files). */
  types: string;
  nsi?: string;
  nsiEl?: string;
  cond?: string;
  val?: string;
  min?: number;
  max?: number;
  mask?: string;
  comment?: string;
  from?: string;
  to?: string;
}

export const Q015: ReadonlyMap<string, Q015Rule> = new Map(Q015_RULES.map((r) => [r.id, r]));

/** Q015 TYPE_D letter of our file kinds. */
export function typeLetter(kind: string): string {
  return kind === 'D' ? 'X' : kind;
}

/** A one-line description of a rule for protocols and documentation. */
export function describeRule(r: Q015Rule): string {
  const el = r.el.replace(/^(ZL_LIST|PERS_LIST)\//, '');
  if (r.id.startsWith('001F')) return `${el}: значение должно быть в справочнике ${r.nsi}${r.nsiEl ? '.' + r.nsiEl : ''}`;
  if (r.id.startsWith('003F'))
    return `${el}: ${r.comment?.includes('отсутств') ? 'должен отсутствовать' : 'обязателен'}${r.cond ? ' при условии ' + r.cond : ''}`;
  if (r.id.startsWith('004F'))
    return `${el}: формат${r.mask ? ' ' + r.mask : ''}${r.min !== undefined ? `, длина ${r.min}..${r.max}` : ''}`;
  if (r.id.startsWith('002F')) return `${el}: допустимые значения ${r.val ?? ''}${r.cond ? ' при условии ' + r.cond : ''}`;
  return `${el}: ${r.comment ?? r.val ?? r.cond ?? ''}`.trim();
}
