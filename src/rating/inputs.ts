/**
 * Rating inputs from CSV (`unit,indicator,value` or `unit,indicator,numerator,denominator`, both
 * forms may mix) or JSON (an array of the same rows). Pure: text in, rows out.
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../errors.js';
import type { InputRow } from './engine.js';

const num = (v: unknown, where: string): number | undefined => {
  if (v === undefined || v === null || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(String(v).trim().replace(',', '.'));
  if (!Number.isFinite(n)) throw new AppError('BAD_INPUT', `${where}: "${String(v)}" is not a number`);
  return n;
};

export function parseRatingInput(text: string, name: string): InputRow[] {
  const trimmed = text.trim();
  let raw: Array<Record<string, unknown>>;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const j = JSON.parse(trimmed) as unknown;
    raw = (Array.isArray(j) ? j : ((j as { rows?: unknown[] }).rows ?? [])) as Array<Record<string, unknown>>;
  } else {
    raw = parse(trimmed, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
    }) as Array<Record<string, unknown>>;
    const cols = Object.keys(raw[0] ?? {});
    for (const c of ['unit', 'indicator'])
      if (!cols.includes(c))
        throw new AppError(
          'BAD_INPUT',
          `${name}: column "${c}" is missing (columns: unit,indicator,value or unit,indicator,numerator,denominator)`,
        );
  }
  return raw.map((r, i) => {
    const where = `${name} row ${i + 1}`;
    return {
      unit: String(r.unit ?? '').trim(),
      indicator: String(r.indicator ?? '').trim(),
      value: num(r.value, where),
      numerator: num(r.numerator, where),
      denominator: num(r.denominator, where),
    };
  });
}
