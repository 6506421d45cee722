/**
 * The CSV form of stored features for data scientists: the case id (the only identifier: no names, policy numbers or
 * person keys), the period and query columns, then every numeric and categorical feature of the spec by name.
 * Missing values are empty cells. Pure.
 */
import type { FeatureRow, FeatureSpec } from './feature-spec.js';

export function csvHeader(spec: FeatureSpec): string {
  return ['case_id', 'year', 'month', 'smo', 'code_mo', 'usl_ok', ...spec.numeric, ...spec.categorical].map(csvCell).join(',') + '\n';
}

export function csvLine(r: FeatureRow): string {
  const cells: string[] = [
    r.caseId,
    String(r.year),
    String(r.month),
    csvCell(r.smo),
    csvCell(r.codeMo),
    r.uslOk === null ? '' : String(r.uslOk),
  ];
  for (const x of r.num) cells.push(Number.isNaN(x) ? '' : String(Number(x.toPrecision(7))));
  for (const x of r.cat) cells.push(csvCell(x));
  return cells.join(',') + '\n';
}

const QUOTE = /[",\n\r]/;

function csvCell(v: string | null): string {
  if (v === null) return '';
  return QUOTE.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
