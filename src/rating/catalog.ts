/**
 * Rating catalogues: indicators grouped into directions, with weights and signs, kept as data
 * (data/catalogs/*.json). A catalogue is validated before use; weights that do not add up are
 * reported (a warning when the catalogue says it knowingly deviates, an error otherwise), never
 * silently renormalised.
 */

export type Sign = '+' | '-';

export interface IndicatorDef {
  code: string;
  group: string;
  /** Weight within its group (v). */
  weight: number;
  sign: Sign;
  unit?: string;
  title: string;
  /** value = numerator / denominator × factor + offset (e.g. factor 100 for %, 1000 per 1000). */
  factor?: number;
  offset?: number;
  /** The value when the denominator is 0 (k53: growth from zero counts as 100 %); otherwise missing. */
  zeroDenominatorValue?: number;
}

export interface GroupDef {
  id: string;
  title: string;
  /** Weight of the direction (w). */
  weight: number;
}

export interface Catalog {
  id: string;
  version: string;
  title: string;
  source?: string;
  /** Parts that are reconstructed, not taken from a published table. */
  reconstructed?: string;
  /** Known deviations of weights from 1 (e.g. Table П1 direction 2 sums to 0.95): reported as warnings. */
  knownWeightDeviations?: string[];
  groups: GroupDef[];
  indicators: IndicatorDef[];
}

export interface CatalogCheck {
  errors: string[];
  warnings: string[];
}

const EPS = 1e-9;

/** Checks weights, signs, references and uniqueness of a catalogue. */
export function validateCatalog(c: Catalog): CatalogCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const known = new Set(c.knownWeightDeviations ?? []);
  const report = (key: string, msg: string) => (known.has(key) ? warnings : errors).push(msg);
  if (!c.groups?.length) errors.push(`${c.id}: no directions`);
  if (!c.indicators?.length) errors.push(`${c.id}: no indicators`);
  const gw = (c.groups ?? []).reduce((s, g) => s + g.weight, 0);
  if (Math.abs(gw - 1) > EPS) report('groups', `${c.id}: direction weights sum to ${gw}, not 1`);
  const codes = new Set<string>();
  for (const i of c.indicators ?? []) {
    if (codes.has(i.code)) errors.push(`${c.id}: indicator ${i.code} appears twice`);
    codes.add(i.code);
    if (i.sign !== '+' && i.sign !== '-') errors.push(`${c.id}: indicator ${i.code} has sign "${i.sign}" (expected + or -)`);
    if (!(i.weight >= 0)) errors.push(`${c.id}: indicator ${i.code} has weight ${i.weight}`);
    if (!c.groups.some((g) => g.id === i.group)) errors.push(`${c.id}: indicator ${i.code} refers to unknown direction ${i.group}`);
    if (i.factor !== undefined && !(i.factor > 0)) errors.push(`${c.id}: indicator ${i.code} has factor ${i.factor}`);
  }
  for (const g of c.groups ?? []) {
    const v = c.indicators.filter((i) => i.group === g.id).reduce((s, i) => s + i.weight, 0);
    if (Math.abs(v - 1) > EPS) report(`group:${g.id}`, `${c.id}: indicator weights of direction ${g.id} sum to ${+v.toFixed(12)}, not 1`);
  }
  return { errors, warnings };
}
