// Rating inputs from a CSV file as `omsx rating --input` takes them: a header naming unit, indicator and value or
// numerator and denominator (comma or semicolon separated, a decimal comma allowed); the server checks the rest.

export interface RatingInputRow {
  unit: string;
  indicator: string;
  value?: number;
  numerator?: number;
  denominator?: number;
}

/** The rows of `text`; throws an Error with a Russian message naming the line at fault. */
export function parseRatingCsv(text: string): RatingInputRow[] {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) throw new Error('Файл пуст');
  const sep = lines[0].includes(';') ? ';' : ',';
  const head = lines[0].split(sep).map((h) => h.trim().toLowerCase());
  for (const c of ['unit', 'indicator'])
    if (!head.includes(c)) throw new Error(`В заголовке нет столбца «${c}» (нужны unit, indicator и value или numerator, denominator)`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split(sep).map((c) => c.trim());
    const get = (name: string) => cells[head.indexOf(name)] ?? '';
    const num = (name: string) => {
      const v = head.includes(name) ? get(name) : '';
      if (v === '') return undefined;
      const n = Number(v.replace(',', '.'));
      if (!Number.isFinite(n)) throw new Error(`Строка ${i + 2}: «${v}» в столбце ${name} — не число`);
      return n;
    };
    return {
      unit: get('unit'),
      indicator: get('indicator'),
      value: num('value'),
      numerator: num('numerator'),
      denominator: num('denominator'),
    };
  });
}
