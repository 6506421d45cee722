/**
 * The official MEK check catalogue: Q016 (federal MEK_MPF v1.9) and Q023 (regional MEK_MPR v2.35,
 * used for the checks Q016 does not list, e.g. overlapping stays and repeat billing).
 */
import { Q016_RULES } from './q016.loader.js';
import type { Q015Rule } from '../flk/q015.js';

/** A MEK check: the same row shape as a Q015 rule, with its source list and official name (DESC_TEST). */
export interface MekRule extends Omit<Q015Rule, 'min' | 'max' | 'mask'> {
  source?: 'Q016' | 'Q023';
  name?: string;
}

export const MEK_CATALOG: ReadonlyMap<string, MekRule> = new Map(Q016_RULES.map((r) => [r.id, r]));

/** Official name of a check (its DESC_TEST), or its id. */
export function mekName(id: string): string {
  const r = MEK_CATALOG.get(id);
  return (r?.name && !/^Не предусмотрено/.test(r.name) ? r.name : r?.comment) ?? id;
}
