/**
 * The official MEK check catalogue: Q016 (federal MEK_MPF v1.9) and Q023 (regional MEK_MPR v2.35,
 * used for the checks Q016 does not list, e.g. overlapping stays and repeat billing).
 */
import { Q016_RULES } from './q016.generated.js';

export interface MekRule {
  id: string;
  source?: 'Q016' | 'Q023';
  name?: string;
  el: string;
  types: string;
  nsi?: string;
  nsiEl?: string;
  cond?: string;
  val?: string;
  comment?: string;
  from?: string;
  to?: string;
}

export const MEK_CATALOG: ReadonlyMap<string, MekRule> = new Map(Q016_RULES.map((r) => [r.id, r]));

/** Official name of a check (its DESC_TEST), or its id. */
export function mekName(id: string): string {
  const r = MEK_CATALOG.get(id);
  return (r?.name && !/^Не предусмотрено/.test(r.name) ? r.name : r?.comment) ?? id;
}
